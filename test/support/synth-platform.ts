/**
 * Synthesizes a planned platform in process with the generated repository's own CDK code
 * (templates/src/infra) and the context a generated cdk.json gives it (the `cdk init`
 * feature flags), for tests that look at templates. Schema validation and cdk-nag are off
 * unless asked for: the generated repository's build runs them.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Environment } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { Plan } from '../../src/plan';
import { CDK_FEATURE_FLAGS } from '../../src/project/cdk-feature-flags';
import { buildPlatform } from '../../templates/src/infra/platform';

export interface SynthOptions {
  /** Strict CloudFormation validation and cdk-nag, as the generated build runs them. @default false */
  readonly validate?: boolean;
  /** Pin the stacks to an account and region. @default region-agnostic */
  readonly env?: Environment;
  /** Where the assembly goes. @default a new temporary folder */
  readonly outdir?: string;
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
      '@aws-cdk/core:validateAgainstDefaultRules': validate,
      'aws:cdk:disable-asset-staging': true,
      'aws:cdk:version-reporting': false,
    },
  });
  buildPlatform(app, plan as never, { nag: validate, servicesDir, env: options.env });
  const assembly = app.synth();
  const templates = new Map(assembly.stacks.map((s) => [s.stackName, s.template as Record<string, any>]));
  return { assembly, templates, outdir };
}
