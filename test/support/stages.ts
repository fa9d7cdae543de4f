/**
 * Plans and synthesized assemblies with stages for the deploy pipeline's tests: a spec with
 * `stages` planned as the generator plans it (each stage's plan with its own names), and
 * the app as a staged repository's src/main.ts builds it (`buildStages`: one CDK Stage per
 * stage, construct id = the stage's name, with its concrete account and region).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { parse } from 'yaml';
import { buildStages, newRepositorySwitches } from '../../src/infra';
import type { Plan } from '../../src/plan';
import { CDK_FEATURE_FLAGS } from '../../src/project/cdk-feature-flags';
import { projectFromPlan } from '../../src/project/from-plan';
import { formatError, normalizeSpec } from '../../src/spec';
import { planOf } from './synth-platform';

export interface StageInput {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly approval?: boolean;
  /** @default `arn:<partition>:iam::<account>:role/<spec name>-<stage>-deploy` (the spec's default) */
  readonly deployRoleArn?: string;
}

/** The three stages the pipeline tests use: one of them in a region launched after 2023 (mx-central-1). */
export const THREE_STAGES: readonly StageInput[] = [
  { name: 'dev', account: '111111111111', region: 'eu-west-1' },
  { name: 'staging', account: '222222222222', region: 'mx-central-1' },
  { name: 'prod', account: '333333333333', region: 'eu-central-1', approval: true },
];

/** The spec's `stages` for `stages`. */
function rawStages(stages: readonly StageInput[]): object[] {
  return stages.map((s) => ({
    name: s.name,
    account: s.account,
    region: s.region,
    ...(s.approval ? { approval: true } : {}),
    ...(s.deployRoleArn !== undefined ? { deployRoleArn: s.deployRoleArn } : {}),
  }));
}

/** A raw spec with `stages`, planned. */
export function withStages(raw: object, stages: readonly StageInput[] = THREE_STAGES): Plan {
  return planOf({ ...raw, stages: rawStages(stages) });
}

/** A fixture of test/fixtures as written (the raw spec). */
export function fixtureRaw(fixture: string): { services: Array<Record<string, unknown>>; [key: string]: unknown } {
  return parse(readFileSync(join(__dirname, '..', 'fixtures', `${fixture}.yaml`), 'utf-8'));
}

/** A fixture of test/fixtures with `stages`, planned. */
export function fixtureWithStages(fixture: string, stages: readonly StageInput[] = THREE_STAGES): Plan {
  return withStages(fixtureRaw(fixture), stages);
}

/**
 * The pipeline's own platform: two public services (at `/` and `/admin`), servers of both
 * architectures, autoscaling, Spot, exec and an alarm topic, so that its assemblies hold
 * images of both platforms and most resource types the library makes.
 */
export const PIPELINE_SPEC = {
  name: 'shop',
  alarms: { email: 'ops@example.com' },
  services: [
    {
      name: 'web',
      role: 'client-only',
      port: 3000,
      public: true,
      calls: ['orders', 'catalog'],
      arch: 'arm64',
      autoscaling: { min: 2, max: 4, cpu: 60 },
    },
    { name: 'admin', role: 'client-only', port: 3001, public: true, publicPath: '/admin', calls: ['orders'] },
    { name: 'orders', role: 'client-server', port: 8080, exec: true, spot: 50 },
    { name: 'catalog', role: 'client-server', port: 8081, arch: 'arm64' },
  ],
};

/** PIPELINE_SPEC planned, with THREE_STAGES (or the given ones). */
export function pipelinePlan(stages: readonly StageInput[] = THREE_STAGES): Plan {
  return withStages(PIPELINE_SPEC, stages);
}

export interface StagedSynthesis {
  readonly assembly: CloudAssembly;
  readonly outdir: string;
}

/**
 * The app with one Stage per stage, synthesized with asset staging on (as `cdk synth`
 * does, so asset manifests name staged folders), without validation or cdk-nag.
 */
export function synthStages(plan: Plan): StagedSynthesis {
  const root = mkdtempSync(join(tmpdir(), 'fc-stages-'));
  const servicesDir = join(root, 'services');
  for (const s of plan.services) {
    mkdirSync(join(servicesDir, s.name), { recursive: true });
    writeFileSync(join(servicesDir, s.name, 'Dockerfile'), `FROM scratch\nLABEL service=${s.name}\n`);
  }
  const outdir = join(root, 'cdk.out');
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: {
      ...CDK_FEATURE_FLAGS,
      ...newRepositorySwitches(),
      '@aws-cdk/core:validateAgainstDefaultRules': false,
      'aws:cdk:version-reporting': false,
    },
  });
  buildStages(app, plan, { nag: false, servicesDir });
  return { assembly: app.synth(), outdir };
}

/**
 * A generated repository's projen output for `plan` (a plan with stages), written to a new
 * temporary folder without the post-synth install: what `npx projen` writes there.
 */
export function writeStagedProject(plan: Plan = pipelinePlan()): string {
  const result = normalizeSpec({ ...PIPELINE_SPEC, stages: rawStages(THREE_STAGES) });
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  const dir = join(mkdtempSync(join(tmpdir(), 'fc-staged-project-')), 'shop');
  const previous = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = '1';
  try {
    projectFromPlan({ spec: result.spec, plan }, { outdir: dir, generatorDependency: 'file:/opt/packs/create-fargate-connect-0.0.0.tgz' }).synth();
  } finally {
    if (previous === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previous;
  }
  return dir;
}
