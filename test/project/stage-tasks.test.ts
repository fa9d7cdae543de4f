/**
 * The CDK tasks of a repository with stages (issue 15): one deploy, diff, destroy and
 * bootstrap task per stage; the plain ones refuse, naming the stages, so that no command
 * deploys every stage with one set of credentials. Without stages, the tasks are as before.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/api';
import { readSpecFile } from '../../src/spec/parse';
import { join } from 'node:path';

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
