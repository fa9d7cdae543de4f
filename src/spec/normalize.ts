/**
 * `normalizeSpec(raw)`: the one place where raw input (a parsed YAML/JSON file, or the
 * options of the projen project type) becomes a typed `Spec` with every default filled.
 *
 * It reports every error in one pass. Each error carries a path (`services[2].port`) and a
 * message that says what is wrong and how to fix it. Errors come out in document order:
 * every error is placed at the position of the key it is about (keys keep their order of
 * appearance), missing keys sort after the keys present in the same mapping, and
 * conclusions about a whole list or service sort after the errors inside it.
 *
 * Every string is checked against its rule before anything else reads it, so a value that
 * reaches the `Spec` is known to match its pattern.
 *
 * The keys, their readers and their defaults come from the table of spec fields
 * (./fields.ts); what is written here is how lists are read and the rules between fields.
 */
import { parseEcrImage } from './ecr';
import {
  aliasesOf,
  BUILD_TABLE,
  COPILOT_MIGRATION_TABLE,
  DEFAULTS,
  keysOf,
  SERVICE_TABLE,
  SPEC_TABLE,
  STAGE_SERVICE_TABLE,
  STAGE_TABLE,
  type DefaultContext,
  type Field as SpecField,
  type FieldTable,
} from './fields';
import * as m from './messages';
import { LIMITS, suggest, validateCopilotName, validateEnvName, validateEnvValue, validateServiceName, validateTaskSize } from './rules';
import { checkStageRules, defaultDeployRoleArn, effectiveDesiredCount, type StageDraft } from './stages';
import { parseSecretRef, validateSecretRef } from './secrets';
import type { NormalizeResult, Profile, Role, ServiceAutoscaling, Spec, SpecError } from './types';
import { reservedVariables } from './variables';

/** The keys of a spec, in table order. `$schema` is allowed and ignored. */
export const SPEC_KEYS = keysOf(SPEC_TABLE);

/** The keys of a service, in table order. */
export const SERVICE_KEYS = keysOf(SERVICE_TABLE);

/** The keys of a service's `dockerBuild`. */
export const BUILD_KEYS = keysOf(BUILD_TABLE);

/** The keys of `copilotMigration`. */
export const COPILOT_MIGRATION_KEYS = keysOf(COPILOT_MIGRATION_TABLE);

/** The keys of a stage, and of a stage's service. */
export const STAGE_KEYS = keysOf(STAGE_TABLE);
export const STAGE_SERVICE_KEYS = keysOf(STAGE_SERVICE_TABLE);

export { DEFAULTS };

// ---------------------------------------------------------------------------------------
// Locations and the error collector
// ---------------------------------------------------------------------------------------

/** A place in the input: its printed path and its sort key (document order). */
interface Loc {
  readonly path: string;
  readonly order: readonly number[];
}

const ROOT: Loc = { path: '', order: [] };
/** Sort position of a key that is absent: after every key present. */
const MISSING = 1_000_000_000;
/** Sort position of a conclusion about a node: after everything inside it. */
const AFTER = Number.MAX_SAFE_INTEGER;
/** At most this many errors are returned; a flood says nothing more. */
const MAX_ERRORS = 1000;

function keySegment(parent: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${m.show(key)}]`;
}

function keyLoc(parent: Loc, key: string, ordinal: number): Loc {
  return { path: keySegment(parent.path, key), order: [...parent.order, ordinal] };
}

function itemLoc(parent: Loc, index: number): Loc {
  return { path: `${parent.path}[${index}]`, order: [...parent.order, index] };
}

function afterLoc(loc: Loc): Loc {
  return { path: loc.path, order: [...loc.order, AFTER] };
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

interface Collector {
  add(loc: Loc, message: string): void;
  result(): SpecError[];
}

function collector(): Collector {
  const entries: { loc: Loc; message: string; seq: number }[] = [];
  return {
    add(loc, message) {
      entries.push({ loc, message, seq: entries.length });
    },
    result() {
      const sorted = [...entries].sort((a, b) => compareOrder(a.loc.order, b.loc.order) || a.seq - b.seq);
      const errors: SpecError[] = sorted.slice(0, MAX_ERRORS).map((e) => ({ path: e.loc.path, message: e.message }));
      if (sorted.length > MAX_ERRORS) errors.push({ path: '', message: m.moreErrors(sorted.length - MAX_ERRORS) });
      return errors;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Reading mappings and typed fields
// ---------------------------------------------------------------------------------------

function isMapping(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

interface Field {
  readonly value: unknown;
  readonly loc: Loc;
}

interface Fields {
  /** The key's value and location, `undefined` when absent (or set to `undefined`). */
  get(key: string): Field | undefined;
  /** The key's location: where it is, or after the present keys when absent. */
  loc(key: string): Loc;
}

/** Reads a mapping's own keys in order; unknown keys are errors (with a suggestion). */
function readFields(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  aliases: Readonly<Record<string, string>>,
  parent: Loc,
  errors: Collector,
  /** A message of its own for some unknown keys (a key a stage cannot override). */
  unknownMessage?: (key: string) => string | undefined,
): Fields {
  const present = new Map<string, Field>();
  Object.keys(obj).forEach((key, ordinal) => {
    const value = obj[key];
    if (value === undefined) return;
    const loc = keyLoc(parent, key, ordinal);
    if (!allowed.includes(key)) {
      errors.add(loc, unknownMessage?.(key) ?? m.unknownKey(key, allowed, suggest(key, allowed, aliases)));
      return;
    }
    present.set(key, { value, loc });
  });
  return {
    get: (key) => present.get(key),
    loc: (key) => present.get(key)?.loc ?? keyLoc(parent, key, MISSING + allowed.indexOf(key)),
  };
}

/** A field that is present but invalid; distinct from `undefined` (absent: use the default). */
const INVALID: unique symbol = Symbol('invalid');
type Invalid = typeof INVALID;

/** A present field of one JSON type, checked by `rule`; the type and rule errors are reported here. */
function typedField<T extends string | number>(
  fields: Fields,
  key: string,
  errors: Collector,
  type: 'string' | 'number',
  expected: string,
  rule: (v: T) => string | undefined,
): T | undefined | Invalid {
  const f = fields.get(key);
  if (f === undefined) return undefined;
  if (typeof f.value !== type) {
    errors.add(f.loc, m.typeMismatch(f.value, expected));
    return INVALID;
  }
  const problem = rule(f.value as T);
  if (problem !== undefined) {
    errors.add(f.loc, problem);
    return INVALID;
  }
  return f.value as T;
}

function stringField(fields: Fields, key: string, errors: Collector, rule: (s: string) => string | undefined): string | undefined | Invalid {
  return typedField<string>(fields, key, errors, 'string', m.EXPECT.string, rule);
}

function integerField(fields: Fields, key: string, errors: Collector, rule: (n: number) => string | undefined): number | undefined | Invalid {
  return typedField<number>(fields, key, errors, 'number', m.EXPECT.integer, rule);
}

function booleanField(fields: Fields, key: string, errors: Collector): boolean | undefined | Invalid {
  const f = fields.get(key);
  if (f === undefined) return undefined;
  if (typeof f.value !== 'boolean') {
    errors.add(f.loc, m.typeMismatch(f.value, m.EXPECT.boolean));
    return INVALID;
  }
  return f.value;
}

function requireField<T>(value: T | undefined | Invalid, fields: Fields, key: string, hint: string, errors: Collector): T | Invalid {
  if (value === undefined) {
    errors.add(fields.loc(key), m.required(hint));
    return INVALID;
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Reading a mapping by its table
// ---------------------------------------------------------------------------------------

/** Each key's value as read: valid, `undefined` (absent) or `INVALID` (its error is reported). */
type Values = Readonly<Record<string, unknown>>;

/** Reads one key that is not a single scalar, reporting its own errors; `before` holds the keys read before it. */
type Reader = (fields: Fields, errors: Collector, before: Values) => unknown;

/**
 * Reads every field of `table` in table order, each with the reader of its kind (or the
 * one given for its key), and reports each missing required key.
 */
function readTable(table: FieldTable, fields: Fields, errors: Collector, readers: Readonly<Record<string, Reader>> = {}): Values {
  const values: Record<string, unknown> = {};
  for (const field of table.fields) {
    const reader = readers[field.key] ?? LIST_READERS[field.key];
    let value = reader ? reader(fields, errors, values) : readField(field, fields, errors);
    if (field.required !== undefined) value = requireField(value, fields, field.key, field.required, errors);
    values[field.key] = value;
  }
  return values;
}

function readField(field: SpecField, fields: Fields, errors: Collector): unknown {
  switch (field.kind) {
    case 'string':
      return stringField(fields, field.key, errors, field.rule ?? (() => undefined));
    case 'enum':
      return stringField(fields, field.key, errors, field.rule);
    case 'integer':
      return integerField(fields, field.key, errors, field.rule);
    case 'boolean':
      return booleanField(fields, field.key, errors);
    case 'mapping':
      return readMapping(field.table, fields.get(field.key), errors);
    default:
      // A list has a reader of its own (LIST_READERS); the services are read by normalizeSpec.
      throw new Error(`no reader for the spec field ${field.key}`);
  }
}

/** A mapping of its own fields (`dockerBuild`, `copilotMigration`), its defaults filled. */
function readMapping(table: FieldTable, f: Field | undefined, errors: Collector): unknown {
  if (f === undefined) return undefined;
  if (!isMapping(f.value)) {
    errors.add(f.loc, m.typeMismatch(f.value, table.expected));
    return INVALID;
  }
  const values = readTable(table, readFields(f.value, keysOf(table), aliasesOf(table), f.loc, errors), errors);
  return Object.values(values).includes(INVALID) ? INVALID : withDefaults(table, values);
}

/** The values with every absent default filled, in table order; ignored keys (`$schema`) dropped. */
function withDefaults(table: FieldTable, values: Values, context?: DefaultContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of table.fields) {
    if (field.ignored) continue;
    let value = values[field.key];
    if (value === undefined) value = field.default ?? (context && field.defaultFrom?.(context));
    // A default list is copied: no two specs share one.
    if (value !== undefined) out[field.key] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------

/** A valid entry of `calls`, where it is. */
interface CallRef {
  readonly name: string;
  readonly loc: Loc;
}

/** The entries of `calls` that are valid service names (the others are reported here). */
function readCalls(fields: Fields, errors: Collector): readonly CallRef[] | Invalid {
  const f = fields.get('calls');
  if (f === undefined) return [];
  if (!Array.isArray(f.value)) {
    errors.add(f.loc, m.typeMismatch(f.value, m.EXPECT.calls));
    return INVALID;
  }
  const calls: CallRef[] = [];
  f.value.forEach((item: unknown, index) => {
    const loc = itemLoc(f.loc, index);
    if (typeof item !== 'string') {
      errors.add(loc, m.typeMismatch(item, m.EXPECT.serviceName));
      return;
    }
    const problem = validateServiceName(item);
    if (problem !== undefined) errors.add(loc, problem);
    else calls.push({ name: item, loc });
  });
  return calls;
}

/** `copilotMigration.environments`: Copilot environment names, each once. */
function readEnvironments(fields: Fields, errors: Collector): readonly string[] | undefined | Invalid {
  const list = fields.get('environments');
  if (list === undefined) return undefined;
  if (!Array.isArray(list.value)) {
    errors.add(list.loc, m.typeMismatch(list.value, m.EXPECT.environments));
    return INVALID;
  }
  let ok = true;
  if (list.value.length > LIMITS.maxCopilotEnvironments) {
    errors.add(list.loc, m.tooManyEnvironments(list.value.length, LIMITS.maxCopilotEnvironments));
    ok = false;
  }
  const environments: string[] = [];
  const seen = new Map<string, string>();
  list.value.slice(0, LIMITS.maxCopilotEnvironments).forEach((item: unknown, index) => {
    const loc = itemLoc(list.loc, index);
    const problem = typeof item !== 'string' ? m.typeMismatch(item, m.EXPECT.string) : validateCopilotName(item);
    if (problem !== undefined) {
      errors.add(loc, problem);
      ok = false;
      return;
    }
    const first = seen.get(item as string);
    if (first !== undefined) {
      errors.add(loc, m.environmentDuplicate(item as string, first));
      ok = false;
      return;
    }
    seen.set(item as string, loc.path);
    environments.push(item as string);
  });
  return ok ? environments : INVALID;
}

/** A valid variable name of `environment` or `secrets`, where it is. */
interface VariableRef {
  readonly name: string;
  readonly loc: Loc;
}

/**
 * `environment` and `secrets`: a mapping of variable names to strings, each value checked
 * by `rule` (a plain value, or a secret reference). Returns the valid entries with the
 * location of each name, or INVALID when it is not a mapping.
 */
function stringMapReader(key: 'environment' | 'secrets', expected: string, rule: (value: string) => string | undefined): Reader {
  return (fields, errors) => {
    const f = fields.get(key);
    if (f === undefined) return undefined;
    if (!isMapping(f.value)) {
      errors.add(f.loc, m.typeMismatch(f.value, expected));
      return INVALID;
    }
    const names = Object.keys(f.value);
    if (names.length > LIMITS.maxVariables) {
      errors.add(f.loc, m.tooManyVariables(names.length, LIMITS.maxVariables));
    }
    const values: Record<string, string> = {};
    const refs: VariableRef[] = [];
    names.slice(0, LIMITS.maxVariables).forEach((name, ordinal) => {
      const value = (f.value as Record<string, unknown>)[name];
      const loc = keyLoc(f.loc, name, ordinal);
      const problem =
        validateEnvName(name) ??
        (typeof value !== 'string' ? (key === 'environment' ? m.envValueNotString(value) : m.typeMismatch(value, m.EXPECT.string)) : rule(value));
      if (problem !== undefined) {
        errors.add(loc, problem);
        return;
      }
      values[name] = value as string;
      refs.push({ name, loc });
    });
    // The valid names, even beside invalid ones: the rules across names still apply to them
    // (the errors above keep the spec from being made).
    return { values, refs };
  };
}

/** A valid `environment` or `secrets` as read: the values, and where each name is. */
interface Variables {
  readonly values: Readonly<Record<string, string>>;
  readonly refs: readonly VariableRef[];
}

/** The readers of the list and map fields, by key: each says its own errors. */
const LIST_READERS: Readonly<Record<string, Reader>> = {
  calls: readCalls,
  environments: readEnvironments,
  environment: stringMapReader('environment', m.EXPECT_PRODUCTION.environment, validateEnvValue),
  secrets: stringMapReader('secrets', m.EXPECT_PRODUCTION.secrets, validateSecretRef),
};

// ---------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------

/** A service after its own fields were checked; cross-service checks come later. */
interface Draft {
  readonly index: number;
  readonly loc: Loc;
  readonly fields: Fields;
  readonly values: Values;
  readonly name: string | Invalid;
  readonly role: Role | Invalid;
  readonly public: boolean | undefined | Invalid;
  readonly publicPath: string | undefined | Invalid;
  /** Entries of `calls` that are valid service names; `Invalid` when the list itself is not a list. */
  readonly calls: readonly CallRef[] | Invalid;
  readonly image: string | undefined | Invalid;
}

function readService(raw: unknown, index: number, parent: Loc, errors: Collector): Draft | undefined {
  const loc = itemLoc(parent, index);
  if (!isMapping(raw)) {
    errors.add(loc, m.typeMismatch(raw, SERVICE_TABLE.expected));
    return undefined;
  }
  const fields = readFields(raw, SERVICE_KEYS, aliasesOf(SERVICE_TABLE), loc, errors);
  const values = readTable(SERVICE_TABLE, fields, errors);
  // Rules between a service's own fields.
  const isPublic = values.public as boolean | undefined | Invalid;
  if (typeof values.publicPath === 'string' && (isPublic === undefined || isPublic === false)) {
    errors.add(fields.loc('publicPath'), m.publicPathWithoutPublic());
  }
  const cpu = values.cpu as number | undefined | Invalid;
  const memory = values.memory as number | undefined | Invalid;
  if (cpu !== INVALID && memory !== INVALID) {
    const problem = validateTaskSize(cpu ?? DEFAULTS.cpu, memory ?? DEFAULTS.memory);
    if (problem !== undefined) errors.add(afterLoc(loc), problem);
  }
  if (values.image !== undefined && values.dockerBuild !== undefined) errors.add(fields.loc('dockerBuild'), m.buildAndImage());
  // Timeouts configure the endpoint a client-server service registers; a client-only one has none.
  if (isMappingValue(values.timeouts)) {
    if (Object.keys(values.timeouts).length === 0) errors.add(fields.loc('timeouts'), m.timeoutsEmpty());
    else if (values.role === 'client-only') errors.add(fields.loc('timeouts'), m.timeoutsOnClientOnly());
  }
  // The load balancer checks healthCheckPath on every target; only a generated app is known
  // to serve the default, so an image or a build of the user's own says its path.
  if (isPublic === true && values.healthCheckPath === undefined && (values.image !== undefined || values.dockerBuild !== undefined)) {
    errors.add(
      fields.loc('healthCheckPath'),
      m.publicWithoutHealthCheckPath(values.image !== undefined ? 'image' : 'dockerBuild', DEFAULTS.healthCheckPath),
    );
  }
  checkAutoscaling(values, fields, isPublic, errors);
  return {
    index,
    loc,
    fields,
    values,
    name: values.name as string | Invalid,
    role: values.role as Role | Invalid,
    public: isPublic,
    publicPath: values.publicPath as string | undefined | Invalid,
    calls: values.calls as readonly CallRef[] | Invalid,
    image: values.image as string | undefined | Invalid,
  };
}

function isMappingValue(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Under profile prod the first task of a service with spot stays on regular Fargate (base
 * 1 on FARGATE), so a prod service of one task would put nothing on Spot: refused rather
 * than silently ignored. With autoscaling the service runs as few as autoscaling.min tasks
 * (whatever desiredCount says), so that minimum is the count that must be 2 or more.
 */
function checkSpot(drafts: readonly Draft[], profile: unknown, errors: Collector): void {
  if (profile !== undefined && profile !== 'prod') return;
  for (const d of drafts) {
    const spot = d.values.spot;
    if (typeof spot !== 'number' || spot === 0) continue;
    const scaling = d.values.autoscaling;
    if (isMappingValue(scaling)) {
      if (typeof scaling.min === 'number' && scaling.min < 2) errors.add(d.fields.loc('spot'), m.spotScalingMinProd(spot, scaling.min));
      continue;
    }
    const count = d.values.desiredCount;
    const desired = count === undefined ? DEFAULTS.desiredCount.prod : count;
    if (desired === 1) errors.add(d.fields.loc('spot'), m.spotSingleTaskProd(spot, desired));
  }
}

/**
 * autoscaling: min <= max, at least one target, requests only behind the load balancer,
 * and a desiredCount given beside it within [min, max].
 */
function checkAutoscaling(values: Values, fields: Fields, isPublic: boolean | undefined | Invalid, errors: Collector): void {
  const scaling = values.autoscaling as ServiceAutoscaling | undefined | Invalid;
  if (scaling === undefined || scaling === INVALID) return;
  const at = fields.loc('autoscaling');
  if (scaling.min > scaling.max) errors.add(keyLoc(at, 'min', 0), m.scalingMinAboveMax(scaling.min, scaling.max));
  if (scaling.cpu === undefined && scaling.memory === undefined && scaling.requests === undefined) errors.add(afterLoc(at), m.scalingWithoutTarget());
  if (scaling.requests !== undefined && isPublic !== INVALID && isPublic !== true)
    errors.add(keyLoc(at, 'requests', 0), m.scalingRequestsNotPublic());
  const desired = values.desiredCount as number | undefined | Invalid;
  if (typeof desired === 'number' && scaling.min <= scaling.max && (desired < scaling.min || desired > scaling.max)) {
    errors.add(fields.loc('desiredCount'), m.desiredCountOutsideScaling(desired, scaling.min, scaling.max));
  }
}

/**
 * Variable names: never one the platform sets (PORT, HEALTH_PATH, PUBLIC_PATH, the
 * `<SERVICE>_URL` of any service of the spec, called now or later), nor in both
 * `environment` and `secrets`.
 */
function checkVariables(drafts: readonly Draft[], errors: Collector): void {
  const reserved = reservedVariables(drafts.flatMap((d) => (d.name === INVALID ? [] : [d.name])));
  for (const d of drafts) {
    const environment = d.values.environment as Variables | undefined | Invalid;
    const secrets = d.values.secrets as Variables | undefined | Invalid;
    const plain = new Map<string, VariableRef>();
    for (const [list, key] of [
      [environment, 'environment'],
      [secrets, 'secrets'],
    ] as const) {
      if (list === undefined || list === INVALID) continue;
      for (const ref of list.refs) {
        const why = reserved.get(ref.name);
        if (why !== undefined) errors.add(ref.loc, m.envNameReserved(ref.name, why));
        else if (key === 'secrets' && plain.has(ref.name)) errors.add(ref.loc, m.envNameInBoth(ref.name, plain.get(ref.name)!.loc.path));
        else if (key === 'environment') plain.set(ref.name, ref);
      }
    }
  }
}

/** Names unique across services; `calls` name existing, callable services, once each. */
function checkServiceGraph(drafts: readonly Draft[], errors: Collector): void {
  const byName = new Map<string, Draft>();
  for (const d of drafts) {
    if (d.name === INVALID) continue;
    const first = byName.get(d.name);
    if (first !== undefined) errors.add(d.fields.loc('name'), m.duplicateServiceName(d.name, first.loc.path));
    else byName.set(d.name, d);
  }
  const known = [...byName.keys()];
  // A suggestion costs an edit distance per service: a few aliases of a long `calls` list
  // (35 KB of YAML) once took a minute here. Errors come out in document order, which is
  // this loop's order, and only the first MAX_ERRORS are shown: later ones need none.
  let suggestions = 0;
  for (const d of drafts) {
    if (d.calls === INVALID) continue;
    const seen = new Map<string, string>();
    for (const call of d.calls) {
      const firstPath = seen.get(call.name);
      if (firstPath !== undefined) {
        errors.add(call.loc, m.callDuplicate(call.name, firstPath));
        continue;
      }
      seen.set(call.name, call.loc.path);
      if (call.name === d.name) {
        errors.add(call.loc, m.callSelf(call.name));
        continue;
      }
      const target = byName.get(call.name);
      if (target === undefined) {
        const others = suggestions++ < MAX_ERRORS ? known.filter((n) => n !== d.name) : [];
        errors.add(call.loc, m.callNotAService(call.name, suggest(call.name, others), known));
      } else if (target.role === 'client-only') {
        errors.add(call.loc, m.callClientOnly(call.name));
      }
    }
    if (seen.size > m.SECURITY_GROUP_RULES) errors.add(d.fields.loc('calls'), m.tooManyCalls(seen.size, m.SECURITY_GROUP_RULES));
  }
  // Each caller (and the load balancer, for a public service) is one inbound rule.
  const callers = new Map<string, Set<string>>();
  for (const d of drafts) {
    if (d.calls === INVALID || d.name === INVALID) continue;
    for (const call of d.calls) {
      if (call.name !== d.name) (callers.get(call.name) ?? callers.set(call.name, new Set()).get(call.name)!).add(d.name);
    }
  }
  for (const [name, d] of byName) {
    const count = (callers.get(name)?.size ?? 0) + (d.public === true ? 1 : 0);
    if (count > m.SECURITY_GROUP_RULES) errors.add(d.fields.loc('name'), m.tooManyCallers(count, m.SECURITY_GROUP_RULES));
  }
}

/** Two public services cannot share a path prefix on the load balancer. */
function checkPublicPaths(drafts: readonly Draft[], errors: Collector): void {
  const byPath = new Map<string, Draft>();
  for (const d of drafts) {
    if (d.public !== true || d.publicPath === INVALID) continue;
    const path = d.publicPath ?? DEFAULTS.publicPath;
    const first = byPath.get(path);
    if (first === undefined) {
      byPath.set(path, d);
      continue;
    }
    const firstName = first.name === INVALID ? undefined : first.name;
    errors.add(d.fields.loc('publicPath'), m.duplicatePublicPath(path, d.publicPath === undefined, first.loc.path, firstName));
  }
}

/**
 * A platform deploys to one region and its tasks pull only from ECR in that region, so
 * every image (and the load balancer's certificate, and each secret given by ARN) must be in the same region. Which
 * region that is the spec does not say (the stacks are region-agnostic; the deploy checks
 * the images against it): the certificate's region when there is one, else the first image's.
 */
function checkImageRegions(
  drafts: readonly Draft[],
  certificateArn: string | undefined,
  certificateLoc: Loc,
  errors: Collector,
  topic?: { readonly arn: string; readonly loc: Loc },
): void {
  let reference: { region: string; path: string } | undefined =
    certificateArn !== undefined ? { region: certificateArn.split(':')[3], path: certificateLoc.path } : undefined;
  for (const d of drafts) {
    if (typeof d.image !== 'string') continue;
    const region = parseEcrImage(d.image)?.region;
    if (region === undefined) continue;
    const loc = d.fields.loc('image');
    if (reference === undefined) reference = { region, path: loc.path };
    else if (region !== reference.region) errors.add(loc, m.imageRegionMismatch(region, reference.region, reference.path));
  }
  // Secrets given by ARN name their region too; a name is read in the region deployed to.
  for (const d of drafts) {
    const secrets = d.values.secrets as Variables | undefined | Invalid;
    if (secrets === undefined || secrets === INVALID) continue;
    for (const ref of secrets.refs) {
      const region = parseSecretRef(secrets.values[ref.name]).arn?.split(':')[3];
      if (region === undefined) continue;
      if (reference === undefined) reference = { region, path: ref.loc.path };
      else if (region !== reference.region) errors.add(ref.loc, m.secretRegionMismatch(region, reference.region, reference.path));
    }
  }
  // The alarm topic too: alarms notify only topics of their own region.
  const topicRegion = topic?.arn.split(':')[3];
  if (topic !== undefined && topicRegion !== undefined && reference !== undefined && topicRegion !== reference.region) {
    errors.add(topic.loc, m.topicRegionMismatch(topicRegion, reference.region, reference.path));
  }
}

// ---------------------------------------------------------------------------------------
// Stages
// ---------------------------------------------------------------------------------------

/** `account`: a YAML number is the usual slip (an unquoted id), and gets its own message. */
const readAccount: Reader = (fields, errors) => {
  const f = fields.get('account');
  if (f !== undefined && typeof f.value === 'number') {
    errors.add(f.loc, m.accountNotQuoted(f.value));
    return INVALID;
  }
  return stringField(fields, 'account', errors, STAGE_TABLE.fields.find((x) => x.key === 'account')!.rule);
};

/** A stage's `services`: service names of the spec, each to { desiredCount, autoscaling }. */
function stageServicesReader(drafts: readonly Draft[]): Reader {
  return (fields, errors) => {
    const f = fields.get('services');
    if (f === undefined) return undefined;
    if (!isMapping(f.value)) {
      errors.add(f.loc, m.typeMismatch(f.value, m.EXPECT.stageServices));
      return INVALID;
    }
    const known = drafts.flatMap((d) => (d.name === INVALID ? [] : [d.name]));
    const out: Record<string, { values: Values; fields: Fields; draft: Draft }> = {};
    let ok = true;
    Object.keys(f.value).forEach((name, ordinal) => {
      const loc = keyLoc(f.loc, name, ordinal);
      const draft = drafts.find((d) => d.name === name);
      if (draft === undefined) {
        errors.add(loc, m.stageServiceUnknown(name, suggest(name, known), known));
        ok = false;
        return;
      }
      const raw = (f.value as Record<string, unknown>)[name];
      if (!isMapping(raw)) {
        errors.add(loc, m.typeMismatch(raw, STAGE_SERVICE_TABLE.expected));
        ok = false;
        return;
      }
      const serviceFields = readFields(raw, STAGE_SERVICE_KEYS, aliasesOf(STAGE_SERVICE_TABLE), loc, errors, (key) =>
        SERVICE_KEYS.includes(key) ? m.stageServiceKeyNotOverridable(key, STAGE_SERVICE_KEYS) : undefined,
      );
      const values = readTable(STAGE_SERVICE_TABLE, serviceFields, errors);
      if (Object.values(values).includes(INVALID)) ok = false;
      out[name] = { values, fields: serviceFields, draft };
    });
    return ok ? out : INVALID;
  };
}

/**
 * `stages`: each stage's own fields, then the rules between a stage and the rest of the
 * spec (./stages.ts). `before` holds the top-level keys and the services' drafts.
 */
function readStages(fields: Fields, errors: Collector, before: Values, drafts: readonly Draft[]): unknown {
  const f = fields.get('stages');
  if (f === undefined) return undefined;
  if (!Array.isArray(f.value)) {
    errors.add(f.loc, m.typeMismatch(f.value, m.EXPECT.stages));
    return INVALID;
  }
  if (f.value.length === 0) {
    errors.add(f.loc, m.stagesEmpty());
    return INVALID;
  }
  if (f.value.length > LIMITS.maxStages) {
    errors.add(f.loc, m.tooManyStages(f.value.length, LIMITS.maxStages));
    return INVALID;
  }
  const stages: StageDraft[] = [];
  let ok = true;
  const seen = new Map<string, string>();
  f.value.forEach((item: unknown, index) => {
    const loc = itemLoc(f.loc, index);
    if (!isMapping(item)) {
      errors.add(loc, m.typeMismatch(item, STAGE_TABLE.expected));
      ok = false;
      return;
    }
    const stageFields = readFields(item, STAGE_KEYS, aliasesOf(STAGE_TABLE), loc, errors, (key) =>
      SPEC_KEYS.includes(key) ? m.stageKeyNotOverridable(key, STAGE_KEYS) : undefined,
    );
    const values = readTable(STAGE_TABLE, stageFields, errors, { account: readAccount, services: stageServicesReader(drafts) });
    let valid = !Object.values(values).includes(INVALID);
    if (typeof values.name === 'string') {
      const first = seen.get(values.name);
      if (first !== undefined) {
        errors.add(stageFields.loc('name'), m.duplicateStageName(values.name, first));
        valid = false;
      } else seen.set(values.name, loc.path);
    }
    if (!valid) {
      ok = false;
      // Its own fields have errors: the rules between it and the rest need them valid.
      return;
    }
    stages.push({
      values,
      at: (key) => stageFields.loc(key).path,
      add: (key, message) => errors.add(stageFields.loc(key), message),
      addAt: (key, sub, message) => errors.add(keyLoc(stageFields.loc(key), sub, 0), message),
      services: (values.services ?? {}) as Readonly<Record<string, { values: Values; fields: Fields; draft: Draft }>>,
      checkAutoscaling: (service, isPublic) => {
        const entry = (values.services as Record<string, { values: Values; fields: Fields }> | undefined)?.[service];
        if (entry) checkAutoscaling(entry.values, entry.fields, isPublic, errors);
      },
    });
  });
  const problems = checkStageRules(
    stages,
    before,
    drafts.map((d) => ({
      name: d.name as string,
      public: d.public === true,
      image: typeof d.image === 'string' ? d.image : undefined,
      values: d.values,
    })),
  );
  return problems || !ok ? INVALID : stages.map((st) => st.values);
}

// ---------------------------------------------------------------------------------------
// The spec
// ---------------------------------------------------------------------------------------

/**
 * Validates raw input and fills every default. Returns the spec, or every error found
 * (never only the first), in document order.
 */
export function normalizeSpec(raw: unknown): NormalizeResult {
  const errors = collector();
  if (!isMapping(raw)) {
    errors.add(ROOT, m.typeMismatch(raw, SPEC_TABLE.expected));
    return { ok: false, errors: errors.result() };
  }
  const fields = readFields(raw, SPEC_KEYS, aliasesOf(SPEC_TABLE), ROOT, errors);

  const drafts: Draft[] = [];
  let servicesOk = false;
  const readServices: Reader = (_fields, _errors, before) => {
    const services = fields.get('services');
    if (services === undefined) return undefined;
    if (!Array.isArray(services.value)) {
      errors.add(services.loc, m.typeMismatch(services.value, m.EXPECT.services));
      return INVALID;
    }
    if (services.value.length === 0) {
      errors.add(services.loc, m.servicesEmpty());
      return INVALID;
    }
    servicesOk = true;
    if (services.value.length > LIMITS.maxServices) {
      errors.add(services.loc, m.tooManyServices(services.value.length, LIMITS.maxServices));
      servicesOk = false;
    }
    services.value.slice(0, LIMITS.maxServices).forEach((item: unknown, index) => {
      const draft = readService(item, index, services.loc, errors);
      if (draft === undefined) servicesOk = false;
      else drafts.push(draft);
    });
    checkServiceGraph(drafts, errors);
    checkPublicPaths(drafts, errors);
    checkSpot(drafts, before.profile, errors);
    checkVariables(drafts, errors);
    const alarms = before.alarms;
    const topicArn = isMappingValue(alarms) && typeof alarms.topicArn === 'string' ? alarms.topicArn : undefined;
    checkImageRegions(
      drafts,
      typeof before.certificateArn === 'string' ? before.certificateArn : undefined,
      fields.loc('certificateArn'),
      errors,
      topicArn !== undefined ? { arn: topicArn, loc: keyLoc(fields.loc('alarms'), 'topicArn', 1) } : undefined,
    );
    if (servicesOk && drafts.every((d) => d.role === 'client-only')) errors.add(afterLoc(services.loc), m.allClientOnly());
    return drafts;
  };
  const values = readTable(SPEC_TABLE, fields, errors, {
    services: readServices,
    stages: (_fields, _errors, before) => (servicesOk ? readStages(fields, errors, before, drafts) : fields.get('stages') && INVALID),
  });

  // domain and certificateArn go together, and need a public service to reach.
  const hasDomain = values.domain !== undefined;
  const hasCertificate = values.certificateArn !== undefined;
  if (hasDomain && !hasCertificate) errors.add(fields.loc('domain'), m.domainWithoutCertificate());
  if (hasCertificate && !hasDomain) errors.add(fields.loc('certificateArn'), m.certificateWithoutDomain());
  const publicKnown = servicesOk && drafts.every((d) => d.public !== INVALID);
  if ((hasDomain || hasCertificate) && publicKnown && !drafts.some((d) => d.public === true)) {
    const key = hasDomain ? 'domain' : 'certificateArn';
    errors.add(afterLoc(fields.loc(key)), m.domainWithoutPublicService(key));
  }

  // alarms notify one place: a new topic for an email, or an existing topic.
  if (isMappingValue(values.alarms)) {
    const given = Object.keys(values.alarms);
    if (given.length === 0) errors.add(fields.loc('alarms'), m.alarmsEmpty());
    else if (given.includes('email') && given.includes('topicArn')) errors.add(fields.loc('alarms'), m.alarmsEmailAndTopic());
  }

  const found = errors.result();
  if (found.length > 0) return { ok: false, errors: found };

  // No errors: every field holds a valid value or is absent (default).
  const context: DefaultContext = { name: values.name as string, profile: (values.profile as Profile | undefined) ?? DEFAULTS.profile };
  const services = drafts.map((d) => {
    const scaling = d.values.autoscaling as ServiceAutoscaling | undefined;
    const variables = (key: string) => (d.values[key] as Variables | undefined)?.values;
    return withDefaults(
      SERVICE_TABLE,
      {
        ...d.values,
        calls: (d.calls as readonly CallRef[]).map((c) => c.name),
        environment: variables('environment'),
        secrets: variables('secrets'),
        // With autoscaling, the default count is the profile's, brought within [min, max].
        desiredCount:
          d.values.desiredCount ??
          (scaling !== undefined ? Math.min(scaling.max, Math.max(scaling.min, DEFAULTS.desiredCount[context.profile])) : undefined),
      },
      context,
    );
  });
  const stages = (values.stages as readonly Values[] | undefined)?.map((st) => {
    const given = (st.services ?? {}) as Readonly<Record<string, { values: Values }>>;
    const profile = (st.profile as Profile | undefined) ?? context.profile;
    // Each service's count in the stage where it differs from the service's own: given, or
    // (a count left to the profile) the stage profile's default.
    const overrides: Record<string, Record<string, unknown>> = {};
    drafts.forEach((d, i) => {
      const name = d.name as string;
      const o = given[name]?.values;
      const count = effectiveDesiredCount(d.values, o, profile);
      const entry = o !== undefined ? withDefaults(STAGE_SERVICE_TABLE, o) : {};
      if (count !== (services[i] as { desiredCount: number }).desiredCount || o?.desiredCount !== undefined) entry.desiredCount = count;
      if (Object.keys(entry).length > 0) overrides[name] = entry;
    });
    return withDefaults(STAGE_TABLE, {
      ...st,
      deployRoleArn: st.deployRoleArn ?? defaultDeployRoleArn(context.name, st.name as string, st.account as string, st.region as string),
      services: Object.keys(overrides).length > 0 ? overrides : undefined,
    });
  });
  const spec = withDefaults(SPEC_TABLE, { ...values, services, stages }, context);
  return { ok: true, spec: spec as unknown as Spec, errors: [] };
}
