/**
 * The CDK tasks of a repository with stages (issue 15): one deploy, diff, destroy and
 * bootstrap task per stage; the plain ones refuse, naming the stages, so that no command
 * deploys every stage with one set of credentials. Without stages, the tasks are as before.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FargateConnectProject, Profile } from '../../src';
import { generate } from '../../src/api';
import { readSpecFile } from '../../src/spec/parse';

type Tasks = Record<string, { steps?: { exec?: string; receiveArgs?: boolean }[] }>;

function tasksOf(fixture: string): Tasks {
  const read = readSpecFile(join(__dirname, '..', 'fixtures', `${fixture}.yaml`));
  if (!read.ok) throw new Error('fixture');
  const result = generate(read.value, { generatorDependency: '0.0.0' });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return JSON.parse(result.files.find((f) => f.path === '.projen/tasks.json')!.contents).tasks;
}

describe('with stages', () => {
  const tasks = tasksOf('stages');
  const exec = (name: string) => tasks[name]?.steps?.map((s) => s.exec);

  it('deploys, diffs and destroys one stage by its stacks, and bootstraps its account and region', () => {
    expect(exec('deploy:dev')).toEqual(["cdk deploy 'dev/*'"]);
    expect(exec('diff:staging')).toEqual(["cdk diff 'staging/*'"]);
    expect(exec('destroy:prod')).toEqual(["cdk destroy 'prod/*'"]);
    expect(exec('bootstrap:prod')).toEqual(['cdk bootstrap aws://222222222222/ap-southeast-7']);
    // Extra arguments pass through (--require-approval never in CI, --profile).
    expect(tasks['deploy:prod'].steps![0].receiveArgs).toBe(true);
  });

  it.each(['deploy', 'diff', 'destroy', 'bootstrap', 'watch'])('plain %s fails, naming the stage tasks', (name) => {
    const steps = exec(name)!;
    expect(steps).toHaveLength(1);
    const run = spawnSync('sh', ['-c', steps[0]!], { encoding: 'utf-8' });
    expect(run.status).toBe(1);
    const verb = name === 'watch' ? 'deploy' : name;
    expect(run.stderr).toBe(
      `The platform has stages: run one of npx projen ${verb}:dev, npx projen ${verb}:staging, npx projen ${verb}:prod, with credentials for its account.\n`,
    );
    expect(steps[0]).not.toContain('cdk');
  });
});

describe('without stages', () => {
  it('acts on every stack, and has no stage task', () => {
    const tasks = tasksOf('cycle');
    expect(tasks.deploy.steps!.map((s) => s.exec)).toEqual(['cdk deploy --all']);
    expect(tasks.bootstrap.steps!.map((s) => s.exec)).toEqual(['cdk bootstrap']);
    expect(Object.keys(tasks).filter((k) => /^(deploy|diff|destroy|bootstrap):/.test(k))).toEqual([]);
  });
});

describe('the project type with stages in its options (as .projenrc.ts gives them)', () => {
  const options = {
    name: 'shop',
    services: [{ name: 'api', role: 'client-server', port: 8080 }],
    stages: [{ name: 'dev', account: '111111111111', region: 'eu-west-1', profile: Profile.DEV, services: { api: { desiredCount: 1 } } }],
  };
  const synth = (over: object) => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'fc-stage-options-')), 'shop');
    const previous = process.env.PROJEN_DISABLE_POST;
    process.env.PROJEN_DISABLE_POST = '1';
    try {
      new FargateConnectProject({ ...options, ...over, outdir } as never).synth();
    } finally {
      if (previous === undefined) delete process.env.PROJEN_DISABLE_POST;
      else process.env.PROJEN_DISABLE_POST = previous;
    }
    return outdir;
  };

  it('plans the stages and writes their tasks', () => {
    const outdir = synth({});
    const platform = readFileSync(join(outdir, 'src', 'generated', 'platform.ts'), 'utf-8');
    expect(platform).toContain('"deployRoleArn": "arn:aws:iam::111111111111:role/shop-dev-deploy"');
    const tasks = JSON.parse(readFileSync(join(outdir, '.projen', 'tasks.json'), 'utf-8')).tasks;
    expect(tasks['deploy:dev'].steps).toEqual([{ exec: "cdk deploy 'dev/*'", receiveArgs: true }]);
  });

  it('refuses an invalid stage with the path and the fix, as the CLI does', () => {
    expect(() => synth({ stages: [{ name: 'dev', account: 111111111111, region: 'eu-west-1' }] })).toThrow(
      'stages[0].account: 111111111111 is a number, expected the account id as a quoted string: write account: "111111111111"',
    );
  });
});
