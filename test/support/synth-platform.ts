/**
 * Synthesizes a planned platform in process with the infrastructure library the generated
 * repository builds with (src/infra) and the context a new repository's cdk.json gives it (the `cdk init`
 * feature flags, every switch of the library on), for tests that look at templates. Schema validation and cdk-nag are off
 * unless asked for: the generated repository's build runs them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Environment } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildPlatform, buildStages, newRepositorySwitches, type BuildPlatformOptions, type StagePlatform } from '../../src/infra';
import { fromAssembly, type Synthesized as Checked } from '../../src/infra/testing';
import type { Plan } from '../../src/plan';
import { CDK_FEATURE_FLAGS } from '../../src/project/cdk-feature-flags';
import { formatError, loadSpecFile, normalizeSpec } from '../../src/spec';
import { planPlatform } from '../../src/plan';

export interface SynthOptions {
  /** Strict CloudFormation validation and cdk-nag, as the generated build runs them. @default false */
  readonly validate?: boolean;
  /** Pin the stacks to an account and region. @default region-agnostic */
  readonly env?: Environment;
  /** Where the assembly goes. @default a new temporary folder */
  readonly outdir?: string;
  /** Context on top of the generated cdk.json's (e.g. a switch turned off). @default none */
  readonly context?: Record<string, unknown>;
  /** More options for buildPlatform. @default none */
  readonly build?: BuildPlatformOptions;
}

export interface Synthesized {
  readonly assembly: CloudAssembly;
  /** Template JSON by stack name. */
  readonly templates: ReadonlyMap<string, Record<string, any>>;
  readonly outdir: string;
}

/** One folder with a Dockerfile per service, shared: its content is the image's asset hash. */
const servicesDir = join(mkdtempSync(join(tmpdir(), 'fc-services-')), 'services');

export function synthPlatform(plan: Plan, options: SynthOptions = {}): Synthesized {
  const { app, outdir } = testApp(plan, options);
  buildPlatform(app, plan, { nag: options.validate ?? false, servicesDir, env: options.env, ...options.build });
  const assembly = app.synth();
  const templates = new Map(assembly.stacks.map((s) => [s.stackName, s.template as Record<string, any>]));
  return { assembly, templates, outdir };
}

/** A staged platform, synthesized: the app's assembly, and each stage's (nested) assembly and lookups. */
export interface SynthesizedStages {
  readonly assembly: CloudAssembly;
  readonly outdir: string;
  readonly built: readonly StagePlatform[];
  /** Each stage's nested assembly, by stage name. */
  readonly stageAssemblies: ReadonlyMap<string, CloudAssembly>;
  /** Each stage's lookups for the platform checks, by stage name. */
  readonly checked: ReadonlyMap<string, Checked>;
}

/** Synthesizes a plan with stages with `buildStages`, as a staged repository's src/main.ts does. */
export function synthStages(plan: Plan, options: Omit<SynthOptions, 'env'> = {}): SynthesizedStages {
  const { app, outdir } = testApp(plan, options);
  const built = buildStages(app, plan, { nag: options.validate ?? false, servicesDir, ...options.build });
  const assembly = app.synth();
  const stageAssemblies = new Map(built.map((b) => [b.stage.name, assembly.getNestedAssembly(b.cdkStage.artifactId)]));
  const checked = new Map(built.map((b) => [b.stage.name, fromAssembly(b.stage.plan, stageAssemblies.get(b.stage.name)!)]));
  return { assembly, outdir, built, stageAssemblies, checked };
}

function testApp(plan: Plan, options: SynthOptions): { app: App; outdir: string } {
  for (const s of plan.services) {
    mkdirSync(join(servicesDir, s.name), { recursive: true });
    writeFileSync(join(servicesDir, s.name, 'Dockerfile'), 'FROM scratch\n');
  }
  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'fc-synth-'));
  const validate = options.validate ?? false;
  const app = new App({
    outdir,
    builtinCloudFormationValidation: validate,
    context: {
      ...CDK_FEATURE_FLAGS,
      ...newRepositorySwitches(),
      ...options.context,
      '@aws-cdk/core:validateAgainstDefaultRules': validate,
      'aws:cdk:disable-asset-staging': true,
      'aws:cdk:version-reporting': false,
    },
  });
  return { app, outdir };
}

/** The synthesis with the lookups the platform checks (src/infra/testing) follow. */
export function synthChecked(plan: Plan, options: SynthOptions = {}): Checked {
  return fromAssembly(plan, synthPlatform(plan, options).assembly);
}

/** A raw spec, normalized and planned; throws on an invalid one. */
export function planOf(raw: object): Plan {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return planPlatform(result.spec);
}

/** A fixture of test/fixtures, planned. */
export function fixturePlan(name: string): Plan {
  const loaded = loadSpecFile(join(__dirname, '..', 'fixtures', `${name}.yaml`));
  if (!loaded.ok) throw new Error(loaded.errors.map(formatError).join('\n'));
  return planPlatform(loaded.spec);
}
