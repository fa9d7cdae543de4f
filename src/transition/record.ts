/**
 * The record of a synthesized assembly: what the transition model needs of each stack and
 * resource, small, deterministic and committable. Values are canonical text (see
 * ./canonical); properties are hashed; create-only values, names and references are kept
 * so the model can tell replacements, name collisions and who uses what.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compactText,
  hash,
  MAX_VERBATIM,
  mapTokens,
  nameText,
  refKind as refKindOf,
  render,
  tokens,
  type AssetHashes,
  type RenderContext,
} from './canonical';
import { createOnlyValues } from './create-only';
import { nameClaims } from './names';

export const RECORD_VERSION = 1;

export interface AssemblyRecord {
  readonly version: typeof RECORD_VERSION;
  /** In deploy order: every stack after the stacks it depends on. */
  readonly stacks: readonly StackRecord[];
}

export interface StackRecord {
  /** CloudFormation stack name. */
  readonly name: string;
  /** Names of the stacks this one deploys after (manifest dependencies). */
  readonly dependencies: readonly string[];
  /** Hash of Parameters, Conditions, Mappings, Rules and Transform: a change there alone still deploys the stack. */
  readonly sections: string;
  /** By logical id, sorted. */
  readonly resources: Readonly<Record<string, ResourceRecord>>;
  /** By output name, sorted. */
  readonly outputs: Readonly<Record<string, OutputRecord>>;
}

/**
 * References (`refs`) are `Logical` (a resource of the same stack), `Stack/Output`
 * (Fn::GetStackOutput) or `import:Name` (Fn::ImportValue).
 */
export interface ResourceRecord {
  readonly type: string;
  /** Hash of the canonical Properties. */
  readonly props: string;
  /**
   * Create-only property path -> canonical value, for the paths the template sets. A
   * reference is written `${i}` / `${i.Attr}`: the i-th entry of `refs`. A long value is
   * `~hash`, and its references are listed in `createOnlyRefs`.
   */
  readonly createOnly?: Readonly<Record<string, string>>;
  /** Indices (into `refs`) of the references inside hashed create-only values. */
  readonly createOnlyRefs?: readonly number[];
  /** Physical-name claims: [kind, scope, name] (see ./names), references written as in `createOnly`. */
  readonly names?: readonly NameRecord[];
  /** Everything Properties refer to, sorted. */
  readonly refs?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  readonly condition?: string;
  /**
   * Facts about properties that a rule reads and the `props` hash hides (see `propertyFacts`),
   * e.g. `load balancers` on an ECS service that has some.
   */
  readonly facts?: readonly string[];
}

export type NameRecord = readonly [kind: string, scope: string, name: string];

export interface OutputRecord {
  /** Canonical value (or `~hash`). */
  readonly value: string;
  readonly refs?: readonly string[];
  /** The export name, when the output is exported. */
  readonly export?: string;
}

/** A synthesized stack handed over in memory. */
export interface StackTemplate {
  readonly name: string;
  readonly template: unknown;
  /** Names of the stacks it depends on; others (assets) are ignored. */
  readonly dependencies?: readonly string[];
}

export interface RecordOptions {
  /**
   * `keep` (default): a changed asset (image, Lambda code) changes the resources that use
   * it, through a 12-digit prefix of its hash. `ignore`: assets are left out, so the record
   * follows structure only.
   */
  readonly assets?: AssetHashes;
}

/** Resources the CLI and CloudFormation treat as bookkeeping, not infrastructure. */
const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);

/**
 * Records the stacks of one assembly directory: a `cdk.out` (its top-level stacks, what
 * `cdk deploy --all` deploys), or one stage's nested assembly (`cdk.out/assembly-<stage>`,
 * which src/day-two records per stage, so each stage is planned against its own record).
 */
export function recordAssembly(cdkOutDir: string, options: RecordOptions = {}): AssemblyRecord {
  return recordTemplates(assemblyStacks(cdkOutDir), options);
}

type ManifestArtifact = { type: string; dependencies?: string[]; displayName?: string; properties?: Record<string, unknown> };

/** The stacks of one assembly directory, in manifest order. */
function assemblyStacks(dir: string): StackTemplate[] {
  const manifest = readJson(join(dir, 'manifest.json')) as { artifacts?: Record<string, ManifestArtifact> };
  const entries = Object.entries(manifest.artifacts ?? {});
  const artifacts = entries.filter(([, a]) => a.type === 'aws:cloudformation:stack');
  const nameOf = new Map(artifacts.map(([id, a]) => [id, String(a.properties?.stackName ?? id)]));
  const own = artifacts.map(([id, a]) => ({
    name: nameOf.get(id)!,
    template: readJson(join(dir, String(a.properties?.templateFile ?? `${id}.template.json`))),
    dependencies: (a.dependencies ?? []).filter((d) => nameOf.has(d)).map((d) => nameOf.get(d)!),
  }));
  return own;
}

/** The parts of aws-cdk-lib's `CloudAssembly` (what `app.synth()` returns) the record reads. */
export interface SynthesizedAssembly {
  readonly stacks: ReadonlyArray<SynthesizedStack>;
}

interface SynthesizedStack {
  readonly id: string;
  readonly stackName: string;
  readonly template: unknown;
  readonly dependencies: ReadonlyArray<{ readonly id: string }>;
}

/** Records the result of `app.synth()` in process, without reading cdk.out (a stage's: its nested assembly). */
export function recordCloudAssembly(assembly: SynthesizedAssembly, options: RecordOptions = {}): AssemblyRecord {
  const stacks = assembly.stacks;
  const nameOf = new Map(stacks.map((s) => [s.id, s.stackName]));
  return recordTemplates(
    stacks.map((s) => ({
      name: s.stackName,
      template: s.template,
      dependencies: s.dependencies.filter((d) => nameOf.has(d.id)).map((d) => nameOf.get(d.id)!),
    })),
    options,
  );
}

/** Records stacks given in memory, in the order given. */
export function recordTemplates(stacks: readonly StackTemplate[], options: RecordOptions = {}): AssemblyRecord {
  const names = new Set(stacks.map((s) => s.name));
  const records = stacks.map((s) =>
    recordStack(
      s.name,
      s.template,
      (s.dependencies ?? []).filter((d) => names.has(d)),
      options.assets ?? 'keep',
    ),
  );
  return { version: RECORD_VERSION, stacks: stackDeployOrder(records) };
}

/**
 * The order `cdk deploy --all` deploys in with its default concurrency of one: a stack as
 * soon as every stack it depends on is done, ties in assembly order.
 */
export function stackDeployOrder<T extends { name: string; dependencies: readonly string[] }>(stacks: readonly T[]): T[] {
  const done = new Set<string>();
  const pending = [...stacks];
  const ordered: T[] = [];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => s.dependencies.every((d) => done.has(d) || !stacks.some((o) => o.name === d)));
    if (i < 0) throw new Error(`stacks depend on each other: ${pending.map((s) => s.name).join(', ')}`);
    const [next] = pending.splice(i, 1);
    done.add(next.name);
    ordered.push(next);
  }
  return ordered;
}

interface RawResource {
  Type?: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: unknown;
  UpdateReplacePolicy?: unknown;
  Condition?: unknown;
}

function recordStack(name: string, template: unknown, dependencies: string[], assets: AssetHashes): StackRecord {
  const t = (template ?? {}) as Record<string, unknown>;
  const rawResources = (t.Resources ?? {}) as Record<string, RawResource>;
  const ids = Object.keys(rawResources)
    .filter((id) => !IGNORED_TYPES.has(String(rawResources[id].Type)))
    .sort();
  const ctx: RenderContext = { stackName: name, resources: new Set(ids), assets };

  const resources: Record<string, ResourceRecord> = {};
  for (const id of ids) resources[id] = recordResource(rawResources[id], ctx);

  const outputs: Record<string, OutputRecord> = {};
  const rawOutputs = (t.Outputs ?? {}) as Record<string, { Value?: unknown; Export?: { Name?: unknown } }>;
  for (const key of Object.keys(rawOutputs).sort()) {
    const value = render(rawOutputs[key].Value, ctx);
    const exportName = rawOutputs[key].Export?.Name;
    outputs[key] = {
      value: compactText(value.value),
      ...(value.refs.size ? { refs: [...value.refs].sort() } : {}),
      ...(exportName !== undefined ? { export: nameText(render(exportName, ctx).value) } : {}),
    };
  }

  const sections = Object.fromEntries(['Parameters', 'Conditions', 'Mappings', 'Rules', 'Transform'].map((k) => [k, t[k] ?? null]));
  return { name, dependencies: [...dependencies].sort(), sections: hash(sections), resources, outputs };
}

function recordResource(raw: RawResource, ctx: RenderContext): ResourceRecord {
  const type = String(raw.Type);
  const properties = raw.Properties ?? {};
  const rendered = render(properties, ctx);
  const refs = [...rendered.refs].sort();
  // Inside createOnly and names a reference is written by its index in `refs`, so a long
  // cross-stack reference appears once per resource (it is most of a record's size).
  const index = new Map(refs.map((r, i) => [r, i]));
  const short = (text: string) =>
    mapTokens(text, (token) => {
      const { ref, rest } = splitToken(token);
      return index.has(ref) ? `\${${index.get(ref)}${rest}}` : `\${${token}}`;
    });

  const createOnly: Record<string, string> = {};
  const hidden = new Set<number>();
  for (const [path, value] of createOnlyValues(type, properties)) {
    const r = render(value, ctx);
    const text = short(nameText(r.value));
    if (text.length > MAX_VERBATIM || text.startsWith('~')) {
      // Hashed: its references are listed, since the text no longer shows them.
      for (const ref of r.refs) hidden.add(index.get(ref)!);
      createOnly[path] = `~${hash(r.value)}`;
    } else {
      createOnly[path] = text;
    }
  }

  const names = nameClaims(type, properties).map((c): NameRecord => [
    c.kind,
    short(nameText(render(c.scope, ctx).value)),
    short(nameText(render(c.name, ctx).value)),
  ]);
  const dependsOn =
    raw.DependsOn === undefined
      ? []
      : [raw.DependsOn]
          .flat()
          .filter((d) => ctx.resources.has(d))
          .sort();
  const facts = propertyFacts(type, properties);

  return {
    type,
    props: hash(rendered.value),
    ...(Object.keys(createOnly).length ? { createOnly } : {}),
    ...(hidden.size ? { createOnlyRefs: [...hidden].sort((a, b) => a - b) } : {}),
    ...(names.length ? { names } : {}),
    ...(refs.length ? { refs } : {}),
    ...(dependsOn.length ? { dependsOn } : {}),
    ...(raw.DeletionPolicy !== undefined ? { deletionPolicy: String(raw.DeletionPolicy) } : {}),
    ...(raw.UpdateReplacePolicy !== undefined ? { updateReplacePolicy: String(raw.UpdateReplacePolicy) } : {}),
    ...(raw.Condition !== undefined ? { condition: String(raw.Condition) } : {}),
    ...(facts.length ? { facts } : {}),
  };
}

/** Fact prefixes of an ECS service's capacity provider strategy and forced deployment. */
export const STRATEGY_FACT = 'capacity provider strategy ';
export const FORCE_FACT = 'force new deployment ';
/** Fact prefix of a cluster's capacity provider associations: the providers, as JSON. */
export const PROVIDERS_FACT = 'capacity providers ';

/**
 * What the model's property rules need to know. ECS service: whether it has load balancers
 * (a non-empty list, or a value known only at deploy) and whether it sets a health check
 * grace period, which ECS accepts only on a service that already has load balancers.
 */
function propertyFacts(type: string, properties: Record<string, unknown>): string[] {
  // A cluster's providers: ECS refuses to take one off while a service's strategy names it.
  if (type === 'AWS::ECS::ClusterCapacityProviderAssociations') {
    const providers = properties.CapacityProviders;
    return Array.isArray(providers) ? [`${PROVIDERS_FACT}${JSON.stringify(providers)}`] : [];
  }
  if (type !== 'AWS::ECS::Service') return [];
  const facts: string[] = [];
  const lbs = properties.LoadBalancers;
  if (lbs !== undefined && lbs !== null && (!Array.isArray(lbs) || lbs.length > 0)) facts.push('load balancers');
  if (properties.HealthCheckGracePeriodSeconds !== undefined) facts.push('health check grace period');
  // Capacity: ECS takes a launch type or a strategy, and changes the strategy only with a
  // forced deployment. Facts only when set, so records of services without them are unchanged.
  const strategy = properties.CapacityProviderStrategy;
  if (Array.isArray(strategy) && strategy.length > 0) facts.push(`${STRATEGY_FACT}${JSON.stringify(strategy)}`);
  const force = properties.ForceNewDeployment as { EnableForceNewDeployment?: unknown; ForceNewDeploymentNonce?: unknown } | undefined;
  if (force?.EnableForceNewDeployment === true || force?.EnableForceNewDeployment === 'true') {
    facts.push(`${FORCE_FACT}${JSON.stringify(force.ForceNewDeploymentNonce ?? null)}`);
  }
  return facts;
}

/** `Logical.Attr` -> the reference `Logical` and the rest `.Attr`; other tokens are whole references. */
export function splitToken(token: string): { ref: string; rest: string } {
  if (refKindOf(token) !== 'resource') return { ref: token, rest: '' };
  const dot = token.indexOf('.');
  return dot < 0 ? { ref: token, rest: '' } : { ref: token.slice(0, dot), rest: token.slice(dot) };
}

/**
 * A record text with its `${index}` tokens written out as the references they stand for,
 * so texts of two records compare by what they refer to, whatever the indices.
 */
export function expand(rec: ResourceRecord, text: string): string {
  return mapTokens(text, (token) => {
    const m = /^(\d+)(.*)$/.exec(token);
    return m && rec.refs?.[Number(m[1])] !== undefined ? `\${${rec.refs[Number(m[1])]}${m[2]}}` : `\${${token}}`;
  });
}

/** The references inside a resource's create-only values (their replacement replaces it). */
export function createOnlyRefs(rec: ResourceRecord): string[] {
  const out = new Set((rec.createOnlyRefs ?? []).map((i) => rec.refs![i]));
  for (const text of Object.values(rec.createOnly ?? {})) {
    for (const token of tokens(expand(rec, text))) {
      const { ref } = splitToken(token);
      if (rec.refs?.includes(ref)) out.add(ref);
    }
  }
  return [...out].sort();
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * The record as text for a committed file: one resource or output per line, so a diff
 * shows which resources changed; keys in a fixed order, so the same synthesis gives the
 * same bytes.
 */
export function serializeRecord(record: AssemblyRecord): string {
  const lines = ['{', `  "version": ${record.version},`, '  "stacks": ['];
  record.stacks.forEach((s, i) => {
    lines.push('    {');
    lines.push(`      "name": ${JSON.stringify(s.name)},`);
    lines.push(`      "dependencies": ${JSON.stringify(s.dependencies)},`);
    lines.push(`      "sections": ${JSON.stringify(s.sections)},`);
    lines.push(`      "resources": {${entries(s.resources)}},`);
    lines.push(`      "outputs": {${entries(s.outputs)}}`);
    lines.push(i === record.stacks.length - 1 ? '    }' : '    },');
  });
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

function entries(map: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(map);
  if (keys.length === 0) return '';
  return `\n${keys.map((k) => `        ${JSON.stringify(k)}: ${JSON.stringify(map[k])}`).join(',\n')}\n      `;
}

/** Reads a record written by `serializeRecord`; a record of another version is refused by name. */
export function parseRecord(text: string, source = 'record'): AssemblyRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${(e as Error).message})`);
  }
  const r = data as Partial<AssemblyRecord>;
  if (r?.version !== RECORD_VERSION) {
    throw new Error(`${source}: version ${JSON.stringify(r?.version)} is not ${RECORD_VERSION}; record it again from a fresh synthesis`);
  }
  if (!Array.isArray(r.stacks) || r.stacks.some((s) => typeof s?.name !== 'string' || typeof s.resources !== 'object')) {
    throw new Error(`${source}: "stacks" must be a list of stacks with a name and resources`);
  }
  return r as AssemblyRecord;
}
