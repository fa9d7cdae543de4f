/**
 * The deploy pipeline's reading of a real synthesized assembly with stages (one CDK Stage
 * per stage, as the generated app builds it): the nested assemblies, the Docker image
 * assets built once for every stage, and the CloudFormation execution policy made from
 * the templates' resource types.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOAD_BALANCER_DNS_OUTPUT, stageAssemblyId } from '../../src/plan';
import { assemblyParts, stagePart } from '../../src/tasks/pipeline/assembly';
import { imagesCommand } from '../../src/tasks/pipeline/images-run';
import { buildAndSaveCommands, buildCommand, foreignPlatforms, imageAssets, localImageTag, missingForStage } from '../../src/tasks/pipeline/images';
import { RESOURCE_PERMISSIONS, SCOPED_ACTIONS, typePermissions } from '../../src/tasks/pipeline/permissions';
import { smokePlan } from '../../src/tasks/pipeline/smoke';
import { HANDLER_PERMISSIONS } from '../../src/tasks/pipeline/handler-permissions';
import { deployPolicyCommand } from '../../src/tasks/pipeline/policy-run';
import {
  compressReads,
  executionPolicy,
  MANAGED_POLICY_MAX_CHARS,
  parseResourcePermissions,
  policySize,
  READ_WILDCARDS,
  splitPolicy,
  templateUse,
  wildcardMatches,
  type PolicyDocument,
} from '../../src/tasks/pipeline/policy';
import { fixtureWithStages, pipelinePlan, synthStages } from '../support/stages';

const read = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
let cdkOut: string;

beforeAll(() => {
  cdkOut = synthStages(pipelinePlan()).outdir;
}, 120_000);

describe('the assembly with stages', () => {
  it("has one nested assembly per stage, at cdk.out/assembly-<stage>, holding that stage's stacks (hierarchical ids <stage>/...)", () => {
    const parts = assemblyParts(cdkOut, read);
    expect(parts.map((p) => p.stage)).toEqual([undefined, 'dev', 'staging', 'prod']);
    expect(parts[0]!.stacks).toEqual([]);
    for (const stage of ['dev', 'staging', 'prod']) {
      const part = stagePart(parts, stage);
      expect(part.dir).toBe(join(cdkOut, stageAssemblyId(stage)));
      expect(part.stacks.length).toBeGreaterThan(1);
      for (const s of part.stacks) {
        expect(s.displayName.startsWith(`${stage}/`)).toBe(true);
        expect(existsSync(s.templateFile)).toBe(true);
      }
      expect(part.assetManifests.length).toBe(part.stacks.length);
    }
  });

  it("has the load balancer's DNS name as an output of each stage's network stack (read by the smoke test), not exported", () => {
    for (const stage of ['dev', 'staging', 'prod']) {
      const network = stagePart(assemblyParts(cdkOut, read), stage).stacks.find((s) => s.stackName === `${stage}-ShopNetwork`)!;
      const outputs = (read(network.templateFile) as { Outputs: Record<string, { Value: unknown; Export?: unknown }> }).Outputs;
      expect(outputs[LOAD_BALANCER_DNS_OUTPUT]!.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PublicEntryLoadBalancer/), 'DNSName'] });
      expect(outputs[LOAD_BALANCER_DNS_OUTPUT]!.Export).toBeUndefined();
    }
  });

  it("smoke-tests the cluster each stage's network stack creates", () => {
    for (const stage of pipelinePlan().stages!) {
      const clusters = stagePart(assemblyParts(cdkOut, read), stage.name).stacks.flatMap((s) =>
        Object.values(
          (read(s.templateFile) as { Resources: Record<string, { Type: string; Properties: { ClusterName?: string } }> }).Resources,
        ).filter((r) => r.Type === 'AWS::ECS::Cluster'),
      );
      const outputs = { [`${stage.name}-ShopNetwork`]: { [LOAD_BALANCER_DNS_OUTPUT]: 'lb.example' } };
      expect(clusters.map((c) => c.Properties.ClusterName)).toEqual([smokePlan(stage.plan, outputs, stage.region).ecs.cluster]);
    }
  });

  it('names the stages it has when asked for another', () => {
    expect(() => stagePart(assemblyParts(cdkOut, read), 'qa')).toThrow(
      'the cloud assembly has no stage "qa" (its stages: dev, staging, prod); synthesize the app again (npx projen synth)',
    );
  });
});

describe('images built once', () => {
  it('lists each service image once for all three stages, with its platform and a staged folder', () => {
    const { assets, skipped } = imageAssets(cdkOut, read);
    expect(skipped).toEqual([]);
    expect(assets.map((a) => a.displayName.split('/')[0]).sort()).toEqual(['admin', 'catalog', 'orders', 'web']);
    for (const a of assets) {
      expect(a.stages).toEqual(['dev', 'staging', 'prod']);
      expect(a.localTag).toBe(`cdkasset-${a.assetId.toLowerCase()}`);
      expect(existsSync(join(a.directory, 'Dockerfile'))).toBe(true);
    }
    const platformOf = Object.fromEntries(assets.map((a) => [a.displayName.split('/')[0], a.platform]));
    expect(platformOf).toEqual({ web: 'linux/arm64', catalog: 'linux/arm64', admin: 'linux/amd64', orders: 'linux/amd64' });
    // Three stages, each pushing to its own account, from one build per image.
    const destinations = assemblyParts(cdkOut, read)
      .flatMap((p) => p.assetManifests)
      .flatMap((f) =>
        Object.values(
          (read(f) as { dockerImages?: Record<string, { destinations: Record<string, { repositoryName: string }> }> }).dockerImages ?? {},
        ),
      )
      .flatMap((d) => Object.values(d.destinations).map((x) => x.repositoryName));
    expect(new Set(destinations)).toEqual(
      new Set(['111111111111-eu-west-1', '222222222222-mx-central-1', '333333333333-eu-central-1'].map((e) => `cdk-hnb659fds-container-assets-${e}`)),
    );
  });

  it('builds each as cdk-assets would, under the tag it checks, then saves them all in one archive', () => {
    const { assets } = imageAssets(cdkOut, read);
    const web = assets.find((a) => a.displayName.startsWith('web/'))!;
    expect(buildCommand(web)).toEqual({
      argv: ['docker', 'build', '--tag', web.localTag, '--platform', 'linux/arm64', '.'],
      cwd: web.directory,
      env: { BUILDX_NO_DEFAULT_ATTESTATIONS: '1' },
    });
    const commands = buildAndSaveCommands(assets, '/tmp/x/images.tar');
    expect(commands.map((c) => c.argv.slice(0, 2).join(' '))).toEqual([
      'docker build',
      'docker build',
      'docker build',
      'docker build',
      'docker save',
    ]);
    expect(commands.at(-1)!.argv).toEqual(['docker', 'save', '--output', '/tmp/x/images.tar', ...assets.map((a) => a.localTag)]);
    expect(buildAndSaveCommands([], '/tmp/x/images.tar')).toEqual([]);
  });

  it('passes every build option of the manifest through', () => {
    const asset = {
      assetId: 'ABC',
      localTag: localImageTag('ABC'),
      displayName: 'x',
      directory: '/src',
      dockerFile: 'build/Dockerfile',
      buildArgs: { A: '1' },
      target: 'prod',
      networkMode: 'host',
      platform: 'linux/amd64',
      cacheDisabled: true,
      stages: ['dev'],
    };
    expect(asset.localTag).toBe('cdkasset-abc');
    expect(buildCommand(asset).argv).toEqual([
      'docker',
      'build',
      '--build-arg',
      'A=1',
      '--tag',
      'cdkasset-abc',
      '--target',
      'prod',
      '--file',
      'build/Dockerfile',
      '--network',
      'host',
      '--platform',
      'linux/amd64',
      '--no-cache',
      '.',
    ]);
  });

  it('needs QEMU only for the platforms the runner is not', () => {
    const { assets } = imageAssets(cdkOut, read);
    expect(foreignPlatforms(assets, 'linux/amd64')).toEqual(['linux/arm64']);
    expect(foreignPlatforms(assets, 'linux/arm64')).toEqual(['linux/amd64']);
  });

  it('tells a stage job which of its images did not load', () => {
    const { assets } = imageAssets(cdkOut, read);
    expect(missingForStage(assets, 'prod', new Set(assets.map((a) => a.localTag)))).toEqual([]);
    expect(missingForStage(assets, 'prod', new Set(assets.slice(1).map((a) => a.localTag)))).toEqual([assets[0]]);
    expect(missingForStage(assets, 'qa', new Set())).toEqual([]);
  });
});

describe('the CloudFormation execution policy', () => {
  let policy: PolicyDocument;
  let types: readonly string[];
  beforeAll(() => {
    const use = templateUse(cdkOut, read);
    types = use.types;
    policy = executionPolicy(use);
  });

  const statement = (sid: string) => policy.Statement.find((s) => s.Sid === sid);

  it("covers every resource type in every stage's templates", () => {
    expect(types).toContain('AWS::ECS::Service');
    expect(types).toContain('Custom::AWS');
    const granted = statement('StackResources')!.Action;
    for (const type of types)
      for (const action of typePermissions(type)!.actions)
        expect(
          granted.some((g) => wildcardMatches(g, action)),
          `${type}: ${action}`,
        ).toBe(true);
  });

  it('grants nothing that no resource type in the templates needs (a read wildcard only for two or more needed reads)', () => {
    const needed = [...new Set(types.flatMap((t) => typePermissions(t)!.actions))];
    for (const a of statement('StackResources')!.Action) {
      if (a.includes('*')) {
        expect(READ_WILDCARDS, a).toContain(a);
        expect(needed.filter((n) => wildcardMatches(a, n)).length, a).toBeGreaterThanOrEqual(2);
      } else expect(needed, a).toContain(a);
    }
    // A type's actions leave with the type: the same platform without its load balancer
    // and alarm topic has no ELB or SNS action.
    const fewer = executionPolicy({ types: types.filter((t) => !/ElasticLoadBalancingV2|SNS/.test(t)), ssmParameters: [] });
    const actions = fewer.Statement.flatMap((s) => s.Action);
    expect(actions.filter((a) => a.startsWith('elasticloadbalancing:') || a.startsWith('sns:'))).toEqual([]);
    expect(fewer.Statement.find((s) => s.Sid === 'ServiceLinkedRoles')!.Condition).toEqual({
      StringEquals: { 'iam:AWSServiceName': ['ecs.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com'] },
    });
    expect(fewer.Statement.find((s) => s.Sid === 'TemplateParameters')).toBeUndefined();
  });

  it('passes roles only to the services that run them, and creates only the service-linked roles the types need', () => {
    expect(statement('PassStackRoles')).toEqual({
      Sid: 'PassStackRoles',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com', 'vpc-flow-logs.amazonaws.com'] } },
    });
    expect(statement('ServiceLinkedRoles')!.Condition).toEqual({
      StringEquals: {
        'iam:AWSServiceName': ['ecs.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com', 'elasticloadbalancing.amazonaws.com'],
      },
    });
    expect(policy.Statement.flatMap((s) => s.Action).filter((a) => a.endsWith(':*') || a === '*')).toEqual([]);
  });

  it('reads function code from the bootstrap bucket and the bootstrap version parameter only', () => {
    expect(statement('FunctionCode')).toEqual({
      Sid: 'FunctionCode',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: 'arn:*:s3:::cdk-*-assets-*/*',
    });
    expect(statement('TemplateParameters')!.Resource).toEqual(['arn:*:ssm:*:*:parameter/cdk-bootstrap/hnb659fds/version']);
  });

  it('may read the outputs of exactly the stacks the services stacks reference (Fn::GetStackOutput resolves with the execution role)', () => {
    expect(statement('ReadStackOutputs')).toEqual({
      Sid: 'ReadStackOutputs',
      Effect: 'Allow',
      Action: ['cloudformation:DescribeStacks'],
      Resource: [
        'arn:*:cloudformation:eu-central-1:*:stack/prod-ShopNetwork/*',
        'arn:*:cloudformation:eu-west-1:*:stack/dev-ShopNetwork/*',
        'arn:*:cloudformation:mx-central-1:*:stack/staging-ShopNetwork/*',
      ],
    });
  });

  it('may call what Fn::GetAZs calls (the stages place their subnets with it)', () => {
    expect(statement('AvailabilityZones')!.Action).toEqual(['ec2:DescribeAccountAttributes', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeSubnets']);
    expect(statement('AvailabilityZones')!.Resource).toBe('*');
  });

  it('has neither statement for templates without those functions', () => {
    const plain = executionPolicy({ types: ['AWS::ECS::Cluster'], ssmParameters: [] });
    expect(plain.Statement.map((s) => s.Sid)).not.toContain('ReadStackOutputs');
    expect(plain.Statement.map((s) => s.Sid)).not.toContain('AvailabilityZones');
  });

  it('grants every action the registry handlers of every type in the templates declare, the dependent ones in their scoped statements', () => {
    const documents = splitPolicy(policy);
    const statements = documents.flatMap((d) => d.Statement);
    const scopedIn: Record<string, string> = {
      'iam:PassRole': 'PassStackRoles',
      'iam:CreateServiceLinkedRole': 'ServiceLinkedRoles',
      's3:GetObject': 'FunctionCode',
      's3:GetObjectVersion': 'FunctionCode',
    };
    expect([...SCOPED_ACTIONS].sort()).toEqual(Object.keys(scopedIn).sort());
    let checked = 0;
    for (const type of types.filter((t) => !t.startsWith('Custom::'))) {
      expect(HANDLER_PERMISSIONS, type).toHaveProperty([type]);
      for (const action of HANDLER_PERMISSIONS[type]!) {
        const sid = scopedIn[action];
        const grants = statements.filter((s) => s.Action.some((g) => wildcardMatches(g, action)));
        if (sid === undefined)
          expect(
            grants.map((s) => s.Resource),
            `${type}: ${action}`,
          ).toContain('*');
        else
          expect(
            grants.map((s) => s.Sid),
            `${type}: ${action}`,
          ).toEqual([sid]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(200);
    // What the reviewer found missing (registry handlers' reads) is there now.
    for (const a of [
      'ec2:DescribeNetworkAcls',
      'elasticloadbalancing:DescribeTargetHealth',
      'sns:ListSubscriptionsByTopic',
      'logs:GetDataProtectionPolicy',
    ])
      expect(
        statements.some((s) => s.Resource === '*' && s.Action.some((g) => wildcardMatches(g, a))),
        a,
      ).toBe(true);
  });

  it("fits each document in IAM's managed-policy size limit, splitting the actions over several when they do not fit in one", () => {
    const documents = splitPolicy(policy);
    for (const d of documents) expect(policySize(d)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
    expect(policySize(policy)).toBeGreaterThan(MANAGED_POLICY_MAX_CHARS);
    expect(documents.length).toBeGreaterThan(1);
    // Nothing lost or doubled: the documents hold exactly the policy's statements and actions.
    const all = documents.flatMap((d) => d.Statement);
    expect(all.filter((s) => s.Sid.startsWith('StackResources')).flatMap((s) => s.Action)).toEqual(statement('StackResources')!.Action);
    expect(all.filter((s) => !s.Sid.startsWith('StackResources'))).toEqual(policy.Statement.filter((s) => s.Sid !== 'StackResources'));
    // A small platform's policy is one document.
    expect(splitPolicy(executionPolicy({ types: ['AWS::ECS::Cluster'], ssmParameters: [] }))).toHaveLength(1);
    expect(() => splitPolicy(policy, 100)).toThrow(/exceed 100 characters/);
  });

  it('compresses only the read families it lists, each when two or more of its actions are granted', () => {
    expect(compressReads(['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:CreateVpc', 's3:GetObject', 's3:GetBucketTagging'])).toEqual([
      'ec2:CreateVpc',
      'ec2:Describe*',
      's3:GetBucketTagging',
      's3:GetObject',
    ]);
    expect(READ_WILDCARDS.filter((w) => /^(s3|logs|lambda|kms|secretsmanager|ssm):Get\*$/.test(w))).toEqual([]);
    expect(wildcardMatches('s3:Get*Configuration', 's3:GetLifecycleConfiguration')).toBe(true);
    expect(wildcardMatches('s3:Get*Configuration', 's3:GetObject')).toBe(false);
  });

  it('is written as deploy/cloudformation-execution-policy-<n>.json, one file per managed policy, leaving no stale document', () => {
    const dir = dirname(cdkOut);
    mkdirSync(join(dir, 'deploy'), { recursive: true });
    writeFileSync(join(dir, 'deploy', 'cloudformation-execution-policy.json'), '{}');
    writeFileSync(join(dir, 'deploy', 'cloudformation-execution-policy-9.json'), '{}');
    expect(deployPolicyCommand(dir)).toBe(0);
    const written = readdirSync(join(dir, 'deploy')).sort();
    const documents = splitPolicy(policy);
    expect(written).toEqual(documents.map((_, i) => `cloudformation-execution-policy-${i + 1}.json`));
    documents.forEach((d, i) => expect(read(join(dir, 'deploy', written[i]!))).toEqual(d));
  });

  it('stops on a resource type it does not know, naming it and the file for its actions', () => {
    const use = { types: ['AWS::DynamoDB::Table', 'AWS::ECS::Cluster'], ssmParameters: [] };
    expect(() => executionPolicy(use)).toThrow(
      'no permissions known for AWS::DynamoDB::Table (resources of your own, from src/main.ts?): list the actions CloudFormation needs for each in deploy/resource-permissions.json',
    );
    const extra = parseResourcePermissions('{ "AWS::DynamoDB::Table": ["dynamodb:CreateTable", "dynamodb:DeleteTable"] }');
    expect(executionPolicy(use, extra).Statement[0]!.Action).toContain('dynamodb:CreateTable');
    expect(() => parseResourcePermissions('{ "AWS::DynamoDB::Table": "dynamodb:*" }')).toThrow(
      'deploy/resource-permissions.json: must map resource types to lists of actions',
    );
  });

  it('has an entry for every type the table lists, each naming real service prefixes', () => {
    for (const [type, p] of Object.entries(RESOURCE_PERMISSIONS)) {
      for (const a of p.actions) expect(a, type).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
    }
  });
});

describe('a private platform', () => {
  it('has no load balancer output', () => {
    const { outdir } = synthStages(fixtureWithStages('single-server', [{ name: 'dev', account: '111111111111', region: 'eu-west-1' }]));
    for (const stack of stagePart(assemblyParts(outdir, read), 'dev').stacks) {
      expect(Object.keys((read(stack.templateFile) as { Outputs?: object }).Outputs ?? {})).not.toContain(LOAD_BALANCER_DNS_OUTPUT);
    }
  }, 120_000);
});

describe('the images task (with a stand-in docker that logs its arguments)', () => {
  it("builds each image once and saves them; loads the archive and checks the stage's images", () => {
    const bin = mkdtempSync(join(tmpdir(), 'fc-docker-'));
    const log = join(bin, 'log');
    writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "$PWD|$*" >> ${JSON.stringify(log)}\n`, { mode: 0o755 });
    const dir = join(cdkOut, '..');
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      expect(imagesCommand(['build', '--out', '.images'], dir)).toBe(0);
      writeFileSync(join(dir, '.images', 'images.tar'), '');
      expect(imagesCommand(['load', '--from', '.images', '--stage', 'prod'], dir)).toBe(0);
      expect(imagesCommand(['push'], dir)).toBe(2);
    } finally {
      process.env.PATH = path;
    }
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const { assets } = imageAssets(cdkOut, read);
    expect(lines.filter((l) => l.includes('|build ')).map((l) => l.split('|')[0])).toEqual(assets.map((a) => a.directory));
    expect(lines.find((l) => l.includes('|save '))).toBe(
      `${dir}|save --output ${join(dir, '.images', 'images.tar')} ${assets.map((a) => a.localTag).join(' ')}`,
    );
    expect(lines.filter((l) => l.includes('|load '))).toEqual([`${dir}|load --input ${join(dir, '.images', 'images.tar')}`]);
    expect(lines.filter((l) => l.includes('|image inspect '))).toHaveLength(assets.length);
  });
});
