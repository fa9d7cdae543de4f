/**
 * Synthesizes the platform once per test file and offers read-only views of the
 * templates, with the helpers the tests need to follow references between stacks.
 *
 * Strict CloudFormation validation and cdk-nag cost seconds per synth; the build runs them
 * in post-compile's `cdk synth`, so the tests assert on templates synthesized without them
 * (`{ validate: true }` turns them on, e.g. VALIDATE_IN_TESTS=1 for stacks.test.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { platform } from '../../src/generated/platform';
import { SECURITY_GROUP_TAG, networkStackName, servicesStackName } from '../../src/infra/names';
import { buildPlatform } from '../../src/infra/platform';
import type { PlatformSpec } from '../../src/infra/platform-spec';

/** A CloudFormation template as plain JSON. */
export type CfnTemplate = {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  [key: string]: unknown;
};
export type CfnResource = {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  [key: string]: unknown;
};

/** Where a value inside some template comes from: a resource of some stack. */
export interface ResourceRef {
  readonly stack: string;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

export interface Synthesized {
  readonly platform: PlatformSpec;
  readonly networkStack: string;
  /** Every CloudFormation stack name, network first, then services stacks in plan order. */
  readonly stackNames: readonly string[];
  /** Raw template JSON by stack name. */
  readonly templates: ReadonlyMap<string, CfnTemplate>;
  /** Stack names each stack depends on (CloudFormation deploy order). */
  readonly stackDependencies: ReadonlyMap<string, ReadonlySet<string>>;
  template(stack: string): Template;
  /** Follows Ref / GetAtt / Fn::GetStackOutput / Fn::ImportValue to the resource. */
  resolve(stack: string, value: unknown): ResourceRef | undefined;
  /** The `fargate-connect:security-group` tag of the group a value points at. */
  securityGroupTag(stack: string, value: unknown): string | undefined;
  /** Every resource of a type across all stacks. */
  resourcesOfType(type: string): ResourceRef[];
  /** The `AWS::ECS::Service` of a service, found by its ServiceName. */
  ecsService(name: string): ResourceRef;
}

export interface SynthOptions {
  /**
   * Run strict CloudFormation validation (warnings fail too) and cdk-nag; synth throws
   * with the validation report on any unacknowledged finding.
   * @default false
   */
  readonly validate?: boolean;
}

const cache = new Map<boolean, Synthesized>();

/** Synthesizes with the repository's cdk.json context, once per file and options. */
export function synth(options: SynthOptions = {}): Synthesized {
  const validate = options.validate ?? false;
  const hit = cache.get(validate);
  if (hit) return hit;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fargate-connect-synth-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: validate,
    context: {
      ...cdkJsonContext(),
      '@aws-cdk/core:validateAgainstDefaultRules': validate,
      '@aws-cdk/core:strictCfnValidateErrors': validate,
      // Hash the service folders but do not copy them: the tests read templates only.
      'aws:cdk:disable-asset-staging': true,
      // No CDKMetadata resource: its payload changes with every aws-cdk-lib release.
      'aws:cdk:version-reporting': false,
    },
  });
  buildPlatform(app, platform, { nag: validate });
  const assembly = app.synth();

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
  // Everything the tests read is in memory now.
  fs.rmSync(outdir, { recursive: true, force: true });
  const networkStack = networkStackName(platform.name);
  const stackNames = [
    networkStack,
    ...platform.stacks.map((st) => servicesStackName(platform.name, st.name)),
  ];

  const resolve = (stack: string, value: unknown): ResourceRef | undefined => {
    if (value === null || typeof value !== 'object') return undefined;
    const v = value as Record<string, any>;
    const inStack = (s: string, id: string) => {
      const resource = templates.get(s)?.Resources[id];
      return resource ? { stack: s, logicalId: id, resource } : undefined;
    };
    if (typeof v.Ref === 'string') return inStack(stack, v.Ref);
    if (Array.isArray(v['Fn::GetAtt'])) return inStack(stack, v['Fn::GetAtt'][0]);
    if (v['Fn::GetStackOutput']) {
      const { StackName, OutputName } = v['Fn::GetStackOutput'];
      return resolve(StackName, templates.get(StackName)?.Outputs?.[OutputName]?.Value);
    }
    if (v['Fn::ImportValue'] !== undefined) {
      for (const [name, t] of templates) {
        for (const output of Object.values(t.Outputs ?? {})) {
          if (JSON.stringify(output.Export?.Name) === JSON.stringify(v['Fn::ImportValue'])) {
            return resolve(name, output.Value);
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

  const result: Synthesized = {
    platform,
    networkStack,
    stackNames,
    templates,
    stackDependencies,
    template: (stack) => Template.fromJSON(templates.get(stack)!),
    resolve,
    securityGroupTag: (stack, value) => {
      const ref = resolve(stack, value);
      if (!ref || ref.resource.Type !== 'AWS::EC2::SecurityGroup') return undefined;
      return tagOf(ref.resource, SECURITY_GROUP_TAG);
    },
    resourcesOfType,
    ecsService: (name) => {
      const found = resourcesOfType('AWS::ECS::Service').filter(
        (r) => r.resource.Properties?.ServiceName === name,
      );
      if (found.length !== 1) throw new Error(`expected one ECS service "${name}", found ${found.length}`);
      return found[0];
    },
  };
  cache.set(validate, result);
  return result;
}

/** Value of a tag on a resource, if any. */
export function tagOf(resource: CfnResource, key: string): string | undefined {
  const tags = resource.Properties?.Tags as { Key: string; Value: string }[] | undefined;
  return tags?.find((t) => t.Key === key)?.Value;
}

/** The call edges the spec declares, derived from `calls` alone. */
export function specEdges(spec: PlatformSpec): { from: string; to: string; port: number }[] {
  const port = new Map(spec.services.map((s) => [s.name, s.port]));
  return spec.services.flatMap((s) => s.calls.map((to) => ({ from: s.name, to, port: port.get(to)! })));
}

/** Whether `from -> to` is listed as a cycle break. */
export function isDeferred(spec: PlatformSpec, from: string, to: string): boolean {
  return spec.deferredCalls.some((d) => d.from === from && d.to === to);
}

function cdkJsonContext(): Record<string, unknown> {
  const file = path.resolve('cdk.json');
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf8')).context ?? {}) as Record<string, unknown>;
}

/** Hook timeout for the one synth per file: a few hundred services take a while. */
export const SYNTH_TIMEOUT_MS = 300_000;
