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
 */
import { parseEcrImage } from './ecr';
import * as m from './messages';
import {
  LIMITS,
  suggest,
  validateAzs,
  validateBuildContext,
  validateBuildDockerfile,
  validateCertificateArn,
  validateCopilotName,
  validateCpu,
  validateDesiredCount,
  validateDomain,
  validateHealthCheckCommand,
  validateHealthCheckPath,
  validateImage,
  validateMemory,
  validateNamespace,
  validatePort,
  validateProfile,
  validateProjectName,
  validatePublicPath,
  validateRole,
  validateServiceName,
  validateTaskSize,
} from './rules';
import type { CopilotMigration, NormalizeResult, Profile, Role, Service, ServiceBuild, Spec, SpecError } from './types';

/** The keys of a spec, in schema order. `$schema` is allowed and ignored. */
export const SPEC_KEYS = ['$schema', 'name', 'namespace', 'azs', 'profile', 'domain', 'certificateArn', 'copilotMigration', 'services'] as const;

/** The keys of a service, in schema order. */
export const SERVICE_KEYS = [
  'name',
  'role',
  'port',
  'public',
  'publicPath',
  'calls',
  'cpu',
  'memory',
  'desiredCount',
  'healthCheckPath',
  'image',
  'dockerBuild',
  'healthCheckCommand',
] as const;

/** The keys of a service's `dockerBuild`. */
export const BUILD_KEYS = ['context', 'dockerfile'] as const;

/** The keys of `copilotMigration`. */
export const COPILOT_MIGRATION_KEYS = ['application', 'environments'] as const;

/** The defaults the normalizer fills in. */
export const DEFAULTS = {
  /** `namespace` defaults to `<name>` followed by this suffix. */
  namespaceSuffix: '.internal',
  azs: 2,
  profile: 'prod' as Profile,
  public: false,
  publicPath: '/',
  calls: [] as readonly string[],
  cpu: 256,
  memory: 512,
  desiredCount: { dev: 1, prod: 2 } as Readonly<Record<Profile, number>>,
  healthCheckPath: '/health',
  dockerfile: 'Dockerfile',
} as const;

/** Likely mistakes for spec keys that edit distance would not catch. */
const SPEC_KEY_ALIASES: Readonly<Record<string, string>> = {
  project: 'name',
  projectname: 'name',
  app: 'name',
  ns: 'namespace',
  cloudmapnamespace: 'namespace',
  az: 'azs',
  availabilityzones: 'azs',
  zones: 'azs',
  env: 'profile',
  environment: 'profile',
  stage: 'profile',
  hostname: 'domain',
  host: 'domain',
  domainname: 'domain',
  cert: 'certificateArn',
  certificate: 'certificateArn',
  certarn: 'certificateArn',
  service: 'services',
  copilot: 'copilotMigration',
  migration: 'copilotMigration',
};

/** Likely mistakes for service keys that edit distance would not catch. */
const SERVICE_KEY_ALIASES: Readonly<Record<string, string>> = {
  containerport: 'port',
  targetport: 'port',
  type: 'role',
  kind: 'role',
  replicas: 'desiredCount',
  count: 'desiredCount',
  instances: 'desiredCount',
  health: 'healthCheckPath',
  healthcheck: 'healthCheckPath',
  healthpath: 'healthCheckPath',
  healthcmd: 'healthCheckCommand',
  healthcommand: 'healthCheckCommand',
  healthcheckcmd: 'healthCheckCommand',
  path: 'publicPath',
  pathprefix: 'publicPath',
  route: 'publicPath',
  dependson: 'calls',
  depends_on: 'calls',
  upstreams: 'calls',
  dependencies: 'calls',
  mem: 'memory',
  vcpu: 'cpu',
  exposed: 'public',
  external: 'public',
  internetfacing: 'public',
  dockerfile: 'dockerBuild',
  context: 'dockerBuild',
  build: 'dockerBuild',
};

const BUILD_KEY_ALIASES: Readonly<Record<string, string>> = { file: 'dockerfile', dir: 'context', directory: 'context', path: 'context' };
const COPILOT_MIGRATION_KEY_ALIASES: Readonly<Record<string, string>> = { app: 'application', envs: 'environments', environment: 'environments' };

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
): Fields {
  const present = new Map<string, Field>();
  Object.keys(obj).forEach((key, ordinal) => {
    const value = obj[key];
    if (value === undefined) return;
    const loc = keyLoc(parent, key, ordinal);
    if (!allowed.includes(key)) {
      errors.add(loc, m.unknownKey(key, allowed, suggest(key, allowed, aliases)));
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
// Services
// ---------------------------------------------------------------------------------------

/** A service after its own fields were checked; cross-service checks come later. */
interface Draft {
  readonly index: number;
  readonly loc: Loc;
  readonly fields: Fields;
  readonly name: string | Invalid;
  readonly role: Role | Invalid;
  readonly port: number | Invalid;
  readonly public: boolean | undefined | Invalid;
  readonly publicPath: string | undefined | Invalid;
  /** Entries of `calls` that are valid service names; `Invalid` when the list itself is not a list. */
  readonly calls: readonly { readonly name: string; readonly loc: Loc }[] | Invalid;
  readonly cpu: number | undefined | Invalid;
  readonly memory: number | undefined | Invalid;
  readonly desiredCount: number | undefined | Invalid;
  readonly healthCheckPath: string | undefined | Invalid;
  readonly image: string | undefined | Invalid;
  readonly dockerBuild: ServiceBuild | undefined | Invalid;
  readonly healthCheckCommand: string | undefined | Invalid;
}

/** The entries of `calls` that are valid service names (the others are reported here). */
function readCalls(fields: Fields, errors: Collector): Draft['calls'] {
  const f = fields.get('calls');
  if (f === undefined) return [];
  if (!Array.isArray(f.value)) {
    errors.add(f.loc, m.typeMismatch(f.value, m.EXPECT.calls));
    return INVALID;
  }
  const calls: { name: string; loc: Loc }[] = [];
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

function readService(raw: unknown, index: number, parent: Loc, errors: Collector): Draft | undefined {
  const loc = itemLoc(parent, index);
  if (!isMapping(raw)) {
    errors.add(loc, m.typeMismatch(raw, m.EXPECT.service));
    return undefined;
  }
  const fields = readFields(raw, SERVICE_KEYS, SERVICE_KEY_ALIASES, loc, errors);
  const name = requireField(stringField(fields, 'name', errors, validateServiceName), fields, 'name', m.REQUIRED_HINT.serviceName, errors);
  const role = requireField(stringField(fields, 'role', errors, validateRole) as Role | undefined | Invalid, fields, 'role', m.REQUIRED_HINT.role, errors);
  const port = requireField(integerField(fields, 'port', errors, validatePort), fields, 'port', m.REQUIRED_HINT.port, errors);
  const isPublic = booleanField(fields, 'public', errors);
  const publicPath = stringField(fields, 'publicPath', errors, validatePublicPath);
  if (typeof publicPath === 'string' && (isPublic === undefined || isPublic === false)) {
    errors.add(fields.loc('publicPath'), m.publicPathWithoutPublic());
  }
  const calls = readCalls(fields, errors);
  const cpu = integerField(fields, 'cpu', errors, validateCpu);
  const memory = integerField(fields, 'memory', errors, validateMemory);
  if (cpu !== INVALID && memory !== INVALID) {
    const problem = validateTaskSize(cpu ?? DEFAULTS.cpu, memory ?? DEFAULTS.memory);
    if (problem !== undefined) errors.add(afterLoc(loc), problem);
  }
  const desiredCount = integerField(fields, 'desiredCount', errors, validateDesiredCount);
  const healthCheckPath = stringField(fields, 'healthCheckPath', errors, validateHealthCheckPath);
  const image = stringField(fields, 'image', errors, validateImage);
  const build = readBuild(fields, errors);
  if (image !== undefined && build !== undefined) errors.add(fields.loc('dockerBuild'), m.buildAndImage());
  const healthCheckCommand = stringField(fields, 'healthCheckCommand', errors, validateHealthCheckCommand);
  return {
    index,
    loc,
    fields,
    name,
    role,
    port,
    public: isPublic,
    publicPath,
    calls,
    cpu,
    memory,
    desiredCount,
    healthCheckPath,
    image,
    dockerBuild: build,
    healthCheckCommand,
  };
}

/** A service's `dockerBuild`: a mapping with `context` and an optional `dockerfile`. */
function readBuild(fields: Fields, errors: Collector): ServiceBuild | undefined | Invalid {
  const f = fields.get('dockerBuild');
  if (f === undefined) return undefined;
  if (!isMapping(f.value)) {
    errors.add(f.loc, m.typeMismatch(f.value, m.EXPECT.dockerBuild));
    return INVALID;
  }
  const build = readFields(f.value, BUILD_KEYS, BUILD_KEY_ALIASES, f.loc, errors);
  const context = requireField(stringField(build, 'context', errors, validateBuildContext), build, 'context', m.REQUIRED_HINT.buildContext, errors);
  const dockerfile = stringField(build, 'dockerfile', errors, validateBuildDockerfile);
  if (context === INVALID || dockerfile === INVALID) return INVALID;
  return { context, dockerfile: dockerfile ?? DEFAULTS.dockerfile };
}

/** `copilotMigration`: the Copilot application's name and its environments. */
function readCopilotMigration(fields: Fields, errors: Collector): CopilotMigration | undefined | Invalid {
  const f = fields.get('copilotMigration');
  if (f === undefined) return undefined;
  if (!isMapping(f.value)) {
    errors.add(f.loc, m.typeMismatch(f.value, m.EXPECT.copilotMigration));
    return INVALID;
  }
  const migration = readFields(f.value, COPILOT_MIGRATION_KEYS, COPILOT_MIGRATION_KEY_ALIASES, f.loc, errors);
  const application = requireField(
    stringField(migration, 'application', errors, validateCopilotName),
    migration,
    'application',
    m.REQUIRED_HINT.copilotApplication,
    errors,
  );
  const list = migration.get('environments');
  const environments: string[] = [];
  let ok = true;
  if (list !== undefined) {
    if (!Array.isArray(list.value)) {
      errors.add(list.loc, m.typeMismatch(list.value, m.EXPECT.environments));
      ok = false;
    } else {
      if (list.value.length > LIMITS.maxCopilotEnvironments) {
        errors.add(list.loc, m.tooManyEnvironments(list.value.length, LIMITS.maxCopilotEnvironments));
        ok = false;
      }
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
    }
  }
  if (application === INVALID || !ok) return INVALID;
  return { application, environments };
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
 * every image (and the load balancer's certificate) must be in the same region. Which
 * region that is the spec does not say (the stacks are region-agnostic; the deploy checks
 * the images against it): the certificate's region when there is one, else the first image's.
 */
function checkImageRegions(drafts: readonly Draft[], certificateArn: string | undefined, certificateLoc: Loc, errors: Collector): void {
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
    errors.add(ROOT, m.typeMismatch(raw, m.EXPECT.spec));
    return { ok: false, errors: errors.result() };
  }
  const fields = readFields(raw, SPEC_KEYS, SPEC_KEY_ALIASES, ROOT, errors);

  const schemaRef = fields.get('$schema');
  if (schemaRef !== undefined && typeof schemaRef.value !== 'string') errors.add(schemaRef.loc, m.typeMismatch(schemaRef.value, m.EXPECT.string));

  const name = requireField(stringField(fields, 'name', errors, validateProjectName), fields, 'name', m.REQUIRED_HINT.name, errors);
  const namespace = stringField(fields, 'namespace', errors, validateNamespace);
  const azs = integerField(fields, 'azs', errors, validateAzs);
  const profile = stringField(fields, 'profile', errors, validateProfile) as Profile | undefined | Invalid;
  const domain = stringField(fields, 'domain', errors, validateDomain);
  const certificateArn = stringField(fields, 'certificateArn', errors, validateCertificateArn);
  const copilotMigration = readCopilotMigration(fields, errors);

  // services
  const drafts: Draft[] = [];
  let servicesOk = false;
  const services = fields.get('services');
  if (services === undefined) {
    errors.add(fields.loc('services'), m.required(m.REQUIRED_HINT.services));
  } else if (!Array.isArray(services.value)) {
    errors.add(services.loc, m.typeMismatch(services.value, m.EXPECT.services));
  } else if (services.value.length === 0) {
    errors.add(services.loc, m.servicesEmpty());
  } else {
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
    checkImageRegions(drafts, typeof certificateArn === 'string' ? certificateArn : undefined, fields.loc('certificateArn'), errors);
    if (servicesOk && drafts.every((d) => d.role === 'client-only')) errors.add(afterLoc(services.loc), m.allClientOnly());
  }

  // domain and certificateArn go together, and need a public service to reach.
  const hasDomain = domain !== undefined;
  const hasCertificate = certificateArn !== undefined;
  if (hasDomain && !hasCertificate) errors.add(fields.loc('domain'), m.domainWithoutCertificate());
  if (hasCertificate && !hasDomain) errors.add(fields.loc('certificateArn'), m.certificateWithoutDomain());
  const publicKnown = servicesOk && drafts.every((d) => d.public !== INVALID);
  if ((hasDomain || hasCertificate) && publicKnown && !drafts.some((d) => d.public === true)) {
    const key = hasDomain ? 'domain' : 'certificateArn';
    errors.add(afterLoc(fields.loc(key)), m.domainWithoutPublicService(key));
  }

  const found = errors.result();
  if (found.length > 0) return { ok: false, errors: found };

  // No errors: every field holds a valid value or is absent (default).
  const chosenProfile = (profile as Profile | undefined) ?? DEFAULTS.profile;
  const spec: Spec = {
    name: name as string,
    namespace: (namespace as string | undefined) ?? `${name as string}${DEFAULTS.namespaceSuffix}`,
    azs: (azs as number | undefined) ?? DEFAULTS.azs,
    profile: chosenProfile,
    ...(domain !== undefined ? { domain: domain as string } : {}),
    ...(certificateArn !== undefined ? { certificateArn: certificateArn as string } : {}),
    ...(copilotMigration !== undefined ? { copilotMigration: copilotMigration as CopilotMigration } : {}),
    services: drafts.map((d) => toService(d, chosenProfile)),
  };
  return { ok: true, spec, errors: [] };
}

function toService(d: Draft, profile: Profile): Service {
  const image = d.image as string | undefined;
  const healthCheckCommand = d.healthCheckCommand as string | undefined;
  const build = d.dockerBuild as ServiceBuild | undefined;
  return {
    name: d.name as string,
    role: d.role as Role,
    port: d.port as number,
    public: (d.public as boolean | undefined) ?? DEFAULTS.public,
    publicPath: (d.publicPath as string | undefined) ?? DEFAULTS.publicPath,
    calls: (d.calls as readonly { name: string }[]).map((c) => c.name),
    cpu: (d.cpu as number | undefined) ?? DEFAULTS.cpu,
    memory: (d.memory as number | undefined) ?? DEFAULTS.memory,
    desiredCount: (d.desiredCount as number | undefined) ?? DEFAULTS.desiredCount[profile],
    healthCheckPath: (d.healthCheckPath as string | undefined) ?? DEFAULTS.healthCheckPath,
    ...(image !== undefined ? { image } : {}),
    ...(build !== undefined ? { dockerBuild: build } : {}),
    ...(healthCheckCommand !== undefined ? { healthCheckCommand } : {}),
  };
}
