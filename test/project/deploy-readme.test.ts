/**
 * What a repository with stages gets to set up its deploys: the README's deploy section
 * and the one-time deploy role template (validated against the CloudFormation registry
 * schemas by aws-cdk-lib's offline validator). Without stages, neither.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { describe, expect, it } from 'vitest';
import { renderFiles } from '../../src/render';
import { fixturePlan } from '../support/synth-platform';
import { pipelinePlan } from '../support/stages';

const file = (files: ReturnType<typeof renderFiles>, path: string) => files.find((f) => f.path === path)?.contents;

describe('the README deploy section', () => {
  const readme = file(renderFiles(pipelinePlan()), 'README.md')!;
  const section = readme.slice(readme.indexOf('## Deploying'), readme.indexOf('## Commands'));

  it('is there only with stages, before the commands', () => {
    expect(readme.indexOf('## Deploying')).toBeGreaterThan(0);
    expect(readme.indexOf('## Deploying')).toBeLessThan(readme.indexOf('## Commands'));
    for (const fixture of ['single-server', 'public-two-backends', 'production']) {
      const plain = file(renderFiles(fixturePlan(fixture)), 'README.md')!;
      expect(plain).not.toContain('## Deploying');
      expect(plain).not.toContain('cloudformation-execution');
    }
  });

  it("names each stage's own cluster, namespace and alarm topic where it names them before the stages (no unstaged one exists)", () => {
    expect(readme).toContain('aws ecs execute-command\n  --cluster shop-<stage> --task');
    expect(readme).toContain('namespace `<stage>.shop.internal`');
    expect(readme).toContain('the SNS topic `shop-<stage>-alarms`');
    expect(readme).not.toMatch(/--cluster shop |`shop\.internal`|`shop-alarms`/);
    const plain = file(renderFiles(fixturePlan('production')), 'README.md')!;
    expect(plain).not.toContain('<stage>');
  });

  it('lists the stages in deploy order with their approval and role', () => {
    expect(section).toContain('| `dev` | `111111111111` | `eu-west-1` | - | `arn:aws:iam::111111111111:role/shop-dev-deploy` |');
    expect(section).toContain(
      '| `prod` | `333333333333` | `eu-central-1` | a reviewer approves first | `arn:aws:iam::333333333333:role/shop-prod-deploy` |',
    );
  });

  it("gives the one-time bootstrap per account: the generated execution policy, trust for the role's account, and the role stack", () => {
    expect(section).toContain('npx projen bootstrap:staging --trust 222222222222 --cloudformation-execution-policies "$(policies aws 222222222222)"');
    expect(section).toContain('--policy-document "file://$f"');
    expect(section).toContain(
      'aws cloudformation deploy --region eu-central-1 --stack-name shop-github-deploy-prod --template-file deploy/github-deploy-role.yaml --capabilities CAPABILITY_NAMED_IAM --parameter-overrides GitHubRepository=<owner>/<repo> StageName=prod RoleName=shop-prod-deploy RolePath=/ CreateOidcProvider=true',
    );
    expect(section).toContain('create one environment per stage:\n`dev`, `staging`, `prod`.');
    expect(section).toContain('npx projen deploy:dev --outputs-file cdk-outputs-dev.json');
    // projen hands a `--` on to the CDK CLI, whose parser then takes every option after it
    // for a stack name: the options would be dropped without a word.
    expect(section).not.toMatch(/npx projen [^\n]* -- --/);
  });

  it('creates one managed policy per policy file, and bootstraps with all their ARNs, comma-separated (run with a stand-in aws)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-policies-'));
    mkdirSync(join(dir, 'deploy'));
    mkdirSync(join(dir, 'bin'));
    for (const n of [1, 2]) writeFileSync(join(dir, 'deploy', `cloudformation-execution-policy-${n}.json`), '{}');
    writeFileSync(join(dir, 'bin', 'aws'), '#!/bin/sh\necho "aws $*"\n', { mode: 0o755 });
    const lines = section.split('\n').map((l) => l.trim());
    const create = lines.find((l) => l.startsWith('for f in deploy/cloudformation-execution-policy-*.json'))!;
    const policies = lines.find((l) => l.startsWith('policies() {'))!;
    const bootstrap = lines.find((l) => l.startsWith('npx projen bootstrap:prod'))!.replace(/^npx projen bootstrap:prod /, 'echo ');
    const run = spawnSync('bash', ['-c', [create, policies, bootstrap].join('\n')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'aws iam create-policy --policy-name shop-cloudformation-execution-1 --policy-document file://deploy/cloudformation-execution-policy-1.json',
      'aws iam create-policy --policy-name shop-cloudformation-execution-2 --policy-document file://deploy/cloudformation-execution-policy-2.json',
      '--trust 333333333333 --cloudformation-execution-policies arn:aws:iam::333333333333:policy/shop-cloudformation-execution-1,arn:aws:iam::333333333333:policy/shop-cloudformation-execution-2',
    ]);
  });

  it('says the build writes the policy files, and that the first role stack of an account holds the OIDC provider the others use', () => {
    expect(section).toContain('`npx projen build` writes it from the synthesized stacks, so run\n   the build once before this step');
    expect(section).toContain(
      "serves that account's other stages too: deleting\n   that stack deletes it and breaks their deploys, so delete it last.",
    );
  });

  it('says to enable each opt-in stage region in its account before the bootstrap, once per account and region', () => {
    expect(section).toContain(
      "aws account enable-region --region-name mx-central-1   # account 222222222222 (stage staging); from the organization's management account: add --account-id 222222222222",
    );
    expect(section.match(/aws account enable-region/g)).toHaveLength(1);
    expect(section.indexOf('enable-region')).toBeLessThan(section.indexOf('npx projen bootstrap:'));
    const shared = pipelinePlan([
      { name: 'dev', account: '111111111111', region: 'ap-southeast-7' },
      { name: 'qa', account: '111111111111', region: 'ap-southeast-7' },
      { name: 'prod', account: '333333333333', region: 'ap-southeast-7' },
    ]);
    expect(file(renderFiles(shared), 'README.md')!.match(/aws account enable-region --region-name ap-southeast-7 {3}# account (\d+)/g)).toEqual([
      'aws account enable-region --region-name ap-southeast-7   # account 111111111111',
      'aws account enable-region --region-name ap-southeast-7   # account 333333333333',
    ]);
    const defaults = pipelinePlan([{ name: 'dev', account: '111111111111', region: 'eu-west-1' }]);
    expect(file(renderFiles(defaults), 'README.md')).not.toContain('Enable the opt-in regions');
  });

  it('creates the policy and the OIDC provider once per account when two stages share one; a role with a path keeps it', () => {
    const shared = pipelinePlan([
      { name: 'dev', account: '111111111111', region: 'eu-west-1' },
      { name: 'qa', account: '111111111111', region: 'eu-west-2', deployRoleArn: 'arn:aws:iam::111111111111:role/ci/shop-qa' },
    ]);
    const text = file(renderFiles(shared), 'README.md')!;
    expect(text.match(/aws iam create-policy --policy-name/g)).toHaveLength(1);
    expect(text).toContain('StageName=dev RoleName=shop-dev-deploy RolePath=/ CreateOidcProvider=true');
    expect(text).toContain('StageName=qa RoleName=shop-qa RolePath=/ci/ CreateOidcProvider=false');
  });
});

describe('the deploy role template', () => {
  it('is written only with stages', () => {
    expect(file(renderFiles(fixturePlan('single-server')), 'deploy/github-deploy-role.yaml')).toBeUndefined();
    expect(file(renderFiles(pipelinePlan()), 'deploy/github-deploy-role.yaml')).toBeDefined();
  });

  it("is valid CloudFormation, trusts only the stage's environment of the repository, and reaches only the bootstrap roles and the smoke test's reads", () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-role-'));
    const path = join(dir, 'github-deploy-role.yaml');
    writeFileSync(path, file(renderFiles(pipelinePlan()), 'deploy/github-deploy-role.yaml')!);
    const app = new App({ outdir: join(dir, 'out'), context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const stack = new Stack(app, 'Role', { env: { account: '333333333333', region: 'eu-central-1' } });
    new CfnInclude(stack, 'Template', {
      templateFile: path,
      parameters: { GitHubRepository: 'acme/shop', StageName: 'prod', RoleName: 'shop-prod-deploy', RolePath: '/', CreateOidcProvider: 'true' },
    });
    // Strict offline validation against the registry schemas: synth throws on a bad property.
    const template = app.synth().getStackByName('Role').template as { Resources: Record<string, any> };
    const role = template.Resources.DeployRole.Properties;
    expect(template.Resources.GitHubOidcProvider.Properties).toEqual({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    expect(role.RoleName).toBe('shop-prod-deploy');
    const [trust] = role.AssumeRolePolicyDocument.Statement;
    expect(trust.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(trust.Condition).toEqual({
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': { 'Fn::Sub': 'repo:acme/shop:environment:prod' },
      },
    });
    const statements = role.Policies[0].PolicyDocument.Statement;
    expect(statements.map((s: any) => [s.Sid, s.Action])).toEqual([
      ['CdkBootstrapRoles', 'sts:AssumeRole'],
      ['SmokeTest', 'ecs:DescribeServices'],
    ]);
    expect(JSON.stringify(statements[0].Resource)).toMatch(/deploy-role.*file-publishing-role.*image-publishing-role/);
    // The stage's cluster (<name>-<stage>), the one the smoke test asks about.
    expect(JSON.stringify(statements[1].Resource)).toContain(':service/shop-prod/*');
  });
});
