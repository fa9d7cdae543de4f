import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib/core';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { networkStackName, servicesStackName, type Plan } from '../../plan';
import { SECURITY_GROUP_TAG } from '../names';
import { NAG_CONTEXT } from '../platform';

/** A CloudFormation template as plain JSON. */
export type CfnTemplate = {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  Conditions?: Record<string, unknown>;
  [key: string]: unknown;
};
export type CfnResource = {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  Condition?: string;
  [key: string]: unknown;
};

/** Where a value inside some template comes from: a resource of some stack. */
export interface ResourceRef {
  readonly stack: string;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

/** A synthesized platform with the lookups the checks follow references by. */
export interface Synthesized {
  /** The plan it was built from. */
  readonly platform: Plan;
  /** The region the stacks are synthesized for (a stage's); undefined: region-agnostic. */
  readonly region?: string;
  /**
   * A platform with `stages`: each stage's synthesis (its CDK Stage's assembly, with the
   * stage's plan), by stage name; `checkPlatform` checks each. The lookups above then see
   * only the app's top-level stacks (none).
   */
  readonly stages?: ReadonlyMap<string, Synthesized>;
  readonly networkStack: string;
  /** Every CloudFormation stack name the plan asks for, network first, then services stacks in plan order. */
  readonly stackNames: readonly string[];
  /** Raw template JSON by stack name (every stack of the assembly). */
  readonly templates: ReadonlyMap<string, CfnTemplate>;
  /** Stack names each stack depends on (CloudFormation deploy order). */
  readonly stackDependencies: ReadonlyMap<string, ReadonlySet<string>>;
  /** Follows Ref / GetAtt / Fn::GetStackOutput / Fn::ImportValue to the resource. */
  resolve(stack: string, value: unknown): ResourceRef | undefined;
  /** The `fargate-connect:security-group` tag of the group a value points at. */
  securityGroupTag(stack: string, value: unknown): string | undefined;
  /** Every resource of a type across all stacks. */
  resourcesOfType(type: string): ResourceRef[];
  /** The `AWS::ECS::Service` of a service, found by its ServiceName; undefined unless exactly one. */
  ecsService(name: string): ResourceRef | undefined;
}

export interface SynthesizeOptions {
  /**
   * Run CloudFormation schema validation and cdk-nag as the build's `cdk synth` does
   * (with the cdk.json context); synth throws with the report on any unacknowledged finding.
   * @default false
   */
  readonly validate?: boolean;
  /**
   * Context on top of the repository's cdk.json context.
   * @default - none
   */
  readonly context?: Record<string, unknown>;
  /**
   * The cdk.json whose context the app gets (feature flags, the platform's switches).
   * @default - `cdk.json` in the current directory, if there is one
   */
  readonly cdkJson?: string;
}

/**
 * Synthesizes an app as `build` makes it (a repository passes its `src/main.ts`'s
 * function: the platform and its additions), with the repository's cdk.json context, in
 * a temporary folder that is gone afterwards; the templates stay in memory.
 *
 * Strict CloudFormation validation and cdk-nag cost seconds and run in the build's
 * `cdk synth` anyway, so they are off unless `validate`.
 */
export function synthesize(platform: Plan, build: (app: App) => void, options: SynthesizeOptions = {}): Synthesized {
  const validate = options.validate ?? false;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fargate-connect-synth-'));
  try {
    const app = new App({
      outdir,
      // Synthesized right below; never again when the process exits (under the CDK CLI,
      // CDK_OUTDIR set, an App otherwise synthesizes itself then).
      autoSynth: false,
      builtinCloudFormationValidation: validate,
      context: {
        ...cdkJsonContext(options.cdkJson ?? path.resolve('cdk.json')),
        ...options.context,
        '@aws-cdk/core:validateAgainstDefaultRules': validate,
        [NAG_CONTEXT]: validate,
        // Hash the service folders but do not copy them: only templates are read.
        'aws:cdk:disable-asset-staging': true,
        // No CDKMetadata resource: its payload changes with every aws-cdk-lib release.
        'aws:cdk:version-reporting': false,
      },
    });
    build(app);
    return fromAssembly(platform, app.synth());
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The lookups over an assembly already synthesized (read into memory at once). For a plan
 * with stages, each stage's nested assembly (the CDK Stage named after it) too.
 */
export function fromAssembly(platform: Plan, assembly: CloudAssembly): Synthesized {
  const top = fromStackAssembly(platform, assembly);
  if (platform.stages === undefined || platform.stages.length === 0) return top;
  const stages = new Map<string, Synthesized>();
  for (const stage of platform.stages) {
    const nested = assembly.nestedAssemblies.find((a) => a.displayName === stage.name || a.id === `assembly-${stage.name}`);
    if (nested === undefined) {
      throw new Error(`the app has no CDK Stage "${stage.name}": build a platform with stages with buildStages(app, platform) (src/main.ts)`);
    }
    stages.set(stage.name, fromStackAssembly(stage.plan, nested.nestedAssembly));
  }
  return { ...top, stages };
}

function fromStackAssembly(platform: Plan, assembly: CloudAssembly): Synthesized {
  const templates = new Map<string, CfnTemplate>();
  const stackDependencies = new Map<string, Set<string>>();
  for (const artifact of assembly.stacks) {
    templates.set(artifact.stackName, artifact.template as CfnTemplate);
    stackDependencies.set(
      artifact.stackName,
      new Set(
        artifact.dependencies
          .map((d) => d.id)
          .filter((id) => assembly.stacks.some((s) => s.id === id))
          .map((id) => assembly.getStackArtifact(id).stackName),
      ),
    );
  }
  const region = assembly.stacks.find((st) => st.stackName === networkStackName(platform.name, platform.stage))?.environment.region;
  return fromTemplates(platform, templates, stackDependencies, region !== undefined && region !== 'unknown-region' ? region : undefined);
}

/** The lookups over templates given as data (the checks' own tests break copies of them). */
export function fromTemplates(
  platform: Plan,
  templates: ReadonlyMap<string, CfnTemplate>,
  stackDependencies: ReadonlyMap<string, ReadonlySet<string>>,
  region?: string,
): Synthesized {
  const networkStack = networkStackName(platform.name, platform.stage);
  const stackNames = [networkStack, ...platform.stacks.map((st) => servicesStackName(platform.name, st.name, platform.stage))];

  const resolve = (stack: string, value: unknown, depth = 0): ResourceRef | undefined => {
    if (value === null || typeof value !== 'object' || depth > 10) return undefined;
    const v = value as Record<string, any>;
    const inStack = (s: string, id: string) => {
      const resource = templates.get(s)?.Resources[id];
      return resource ? { stack: s, logicalId: id, resource } : undefined;
    };
    if (typeof v.Ref === 'string') return inStack(stack, v.Ref);
    if (Array.isArray(v['Fn::GetAtt'])) return inStack(stack, v['Fn::GetAtt'][0]);
    if (v['Fn::GetStackOutput']) {
      const { StackName, OutputName } = v['Fn::GetStackOutput'];
      return resolve(StackName, templates.get(StackName)?.Outputs?.[OutputName]?.Value, depth + 1);
    }
    if (v['Fn::ImportValue'] !== undefined) {
      for (const [name, t] of templates) {
        for (const output of Object.values(t.Outputs ?? {})) {
          if (JSON.stringify(output.Export?.Name) === JSON.stringify(v['Fn::ImportValue'])) {
            return resolve(name, output.Value, depth + 1);
          }
        }
      }
    }
    return undefined;
  };

  const resourcesOfType = (type: string): ResourceRef[] =>
    [...templates].flatMap(([stack, t]) =>
      Object.entries(t.Resources)
        .filter(([, r]) => r.Type === type)
        .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    );

  return {
    platform,
    ...(region !== undefined ? { region } : {}),
    networkStack,
    stackNames,
    templates,
    stackDependencies,
    resolve: (stack, value) => resolve(stack, value),
    securityGroupTag: (stack, value) => {
      const ref = resolve(stack, value);
      if (!ref || ref.resource.Type !== 'AWS::EC2::SecurityGroup') return undefined;
      return tagOf(ref.resource, SECURITY_GROUP_TAG);
    },
    resourcesOfType,
    ecsService: (name) => {
      const found = resourcesOfType('AWS::ECS::Service').filter((r) => r.resource.Properties?.ServiceName === name);
      return found.length === 1 ? found[0] : undefined;
    },
  };
}

/** Value of a tag on a resource, if any. */
export function tagOf(resource: CfnResource | undefined, key: string): string | undefined {
  const tags = resource?.Properties?.Tags as { Key: string; Value: string }[] | undefined;
  return Array.isArray(tags) ? tags.find((t) => t.Key === key)?.Value : undefined;
}

function cdkJsonContext(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf8')).context ?? {}) as Record<string, unknown>;
}
