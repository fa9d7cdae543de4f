/**
 * Property-based: arbitrary INVALID specs, made by mutating valid ones (wrong types, bad
 * names, unknown keys, broken references, huge arrays, deeply nested junk, random unicode,
 * and more), are rejected: `normalizeSpec` never throws, returns ok: false quickly, and
 * every error is one located, single-line message. Through the in-process CLI they exit 1
 * with no stack trace and leave the target untouched. Files that are not UTF-8, or far
 * too large, are refused the same way (the large ones from their size alone).
 * See ./support.ts for FUZZ_RUNS and FUZZ_SEED.
 */
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { generate } from '../../src/api';
import { MAX_SPEC_BYTES, normalizeSpec, SERVICE_KEYS, SPEC_KEYS, type SpecError } from '../../src/spec';
import { cli, snapshotTree } from '../cli/helpers';
import { FIFTY_MB, paddedSpec } from '../bad-specs/generated';
import { fuzzParameters, validSpecArb, type RawSpec } from './support';

// A pass-through spy on how src/spec reads files: oversize files must never be read.
const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: unknown, ...rest: unknown[]) => {
    reads.push(String(path));
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const scratch = mkdtempSync(join(tmpdir(), 'fc-fuzz-invalid-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------
// Mutations: each one alone makes a valid spec invalid
// ---------------------------------------------------------------------------------------

const STRING_FIELDS = ['name', 'role', 'publicPath', 'healthCheckPath', 'image', 'healthCheckCommand'] as const;
const INTEGER_FIELDS = ['port', 'cpu', 'memory', 'desiredCount'] as const;

/** Characters no string rule allows (outside printable ASCII, quotes, template syntax...). */
const badCharArb = fc.oneof(
  fc.constantFrom(
    '{{',
    '}}',
    '"',
    "'",
    '`',
    '${',
    '\n',
    '\r',
    '\u0000',
    '\u001b[2J',
    '<script>',
    '\u202e',
    '\u2066',
    '\u200d',
    ' ',
    '\\',
    '\u2028',
    'é',
    '\ud83d\ude00',
    '\ufeff',
    '%2e%2e',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }).filter((s) => /[^\x21-\x7e]/.test(s)),
);

/** Names no name rule accepts. */
const badNameArb = fc.oneof(
  fc.tuple(fc.stringMatching(/^[a-z]{0,8}$/), badCharArb, fc.stringMatching(/^[a-z]{0,8}$/)).map(([a, b, c]) => a + b + c),
  fc.constantFrom('', 'localhost', 'Api', 'API', '1api', '-api', 'api-', 'a--b', 'a_b', 'a.b', '../a', 'x'.repeat(64), 'a'.repeat(300)),
);

/** Values of a kind other than `kind`. */
const wrongTypeArb = (kind: 'string' | 'integer' | 'boolean' | 'list' | 'mapping'): fc.Arbitrary<unknown> =>
  fc
    .oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.double({ noDefaultInfinity: false, noNaN: false }).filter((n) => !Number.isInteger(n)),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    )
    .filter((v) => {
      if (kind === 'string') return typeof v !== 'string';
      if (kind === 'integer') return !(typeof v === 'number' && Number.isInteger(v));
      if (kind === 'boolean') return typeof v !== 'boolean';
      if (kind === 'list') return !Array.isArray(v);
      return v === null || typeof v !== 'object' || Array.isArray(v);
    });

/** Deeply nested junk, built without recursion. */
const deepJunkArb = fc.tuple(fc.integer({ min: 10, max: 3000 }), fc.boolean()).map(([depth, asList]) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = asList ? [v] : { k: v };
  return v;
});

type Mutation =
  | { kind: 'wrong-type-top'; key: 'name' | 'namespace' | 'azs' | 'profile' | 'domain' | 'services'; value: unknown }
  | {
      kind: 'wrong-type-service';
      at: number;
      key: (typeof STRING_FIELDS)[number] | (typeof INTEGER_FIELDS)[number] | 'public' | 'calls';
      value: unknown;
    }
  | { kind: 'service-not-mapping'; at: number; value: unknown }
  | { kind: 'bad-project-name'; value: string }
  | { kind: 'bad-service-name'; at: number; value: string }
  | { kind: 'bad-string'; at: number; key: 'role' | 'publicPath' | 'healthCheckPath' | 'image'; value: string }
  | { kind: 'bad-command'; at: number; value: string }
  | { kind: 'image-outside-ecr'; at: number; value: string }
  | { kind: 'image-other-region'; at: number; of: number }
  | { kind: 'privileged-port'; at: number; value: number }
  | { kind: 'bad-dns'; key: 'namespace' | 'domain'; value: string }
  | { kind: 'unknown-key'; at: number | 'top'; key: string; value: unknown }
  | { kind: 'call-unknown'; at: number; value: string }
  | { kind: 'call-self'; at: number }
  | { kind: 'call-client-only'; at: number }
  | { kind: 'call-duplicate'; at: number }
  | { kind: 'call-not-string'; at: number; value: unknown }
  | { kind: 'huge-services'; count: number }
  | { kind: 'huge-calls'; at: number; count: number }
  | { kind: 'deep-junk'; at: number | 'top'; value: unknown }
  | { kind: 'all-client-only' }
  | { kind: 'duplicate-name'; at: number; of: number }
  | { kind: 'duplicate-public-path'; at: number; of: number }
  | { kind: 'remove-required'; at: number | 'top'; key: string }
  | { kind: 'out-of-range'; at: number; key: 'port' | 'cpu' | 'memory' | 'desiredCount' | 'azs' | 'task'; value: number }
  | { kind: 'lonely-domain'; which: 'domain' | 'certificateArn' | 'no-public' }
  | { kind: 'empty-services' }
  | { kind: 'not-a-mapping'; value: unknown };

const indexArb = fc.nat();

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('wrong-type-top' as const),
    key: fc.constantFrom('name' as const, 'namespace' as const, 'profile' as const, 'domain' as const),
    value: wrongTypeArb('string'),
  }),
  fc.record({ kind: fc.constant('wrong-type-top' as const), key: fc.constant('azs' as const), value: wrongTypeArb('integer') }),
  fc.record({ kind: fc.constant('wrong-type-top' as const), key: fc.constant('services' as const), value: wrongTypeArb('list') }),
  fc.record({
    kind: fc.constant('wrong-type-service' as const),
    at: indexArb,
    key: fc.constantFrom(...STRING_FIELDS),
    value: wrongTypeArb('string'),
  }),
  fc.record({
    kind: fc.constant('wrong-type-service' as const),
    at: indexArb,
    key: fc.constantFrom(...INTEGER_FIELDS),
    value: wrongTypeArb('integer'),
  }),
  fc.record({ kind: fc.constant('wrong-type-service' as const), at: indexArb, key: fc.constant('public' as const), value: wrongTypeArb('boolean') }),
  fc.record({ kind: fc.constant('wrong-type-service' as const), at: indexArb, key: fc.constant('calls' as const), value: wrongTypeArb('list') }),
  fc.record({ kind: fc.constant('service-not-mapping' as const), at: indexArb, value: wrongTypeArb('mapping') }),
  fc.record({
    kind: fc.constant('bad-project-name' as const),
    value: fc.oneof(
      badNameArb.filter((n) => n !== 'localhost'),
      fc.constant('a'.repeat(33)),
    ),
  }),
  fc.record({ kind: fc.constant('bad-service-name' as const), at: indexArb, value: badNameArb }),
  fc.record({
    kind: fc.constant('bad-string' as const),
    at: indexArb,
    key: fc.constantFrom('role' as const, 'publicPath' as const, 'healthCheckPath' as const, 'image' as const),
    value: fc.tuple(fc.constantFrom('', '/', 'client-server', '/api', 'nginx'), badCharArb).map(([a, b]) => a + b),
  }),
  fc.record({
    kind: fc.constant('bad-command' as const),
    at: indexArb,
    // A shell command may hold quotes, "$" and braces: only emptiness, line breaks, control characters, length and a miswritten "none" are wrong.
    value: fc.oneof(
      fc.constantFrom('', ' ', '\t', 'None', ' none', 'x'.repeat(1025)),
      fc
        .tuple(
          fc.constantFrom('', 'curl -f x', 'true'),
          fc.constantFrom('\n', '\r', '\u0000', '\u001b[2J', '\u0085', '\u202e', '\u2066', '\u200d', '\u2028', '\ufeff'),
        )
        .map(([a, b]) => a + b),
    ),
  }),
  fc.record({
    kind: fc.constant('image-outside-ecr' as const),
    at: indexArb,
    value: fc.constantFrom(
      'nginx',
      'nginx:1.27',
      'public.ecr.aws/nginx/nginx:1.27',
      'ghcr.io/o/app:1',
      'localhost:5000/x',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com/ab',
    ),
  }),
  fc.record({ kind: fc.constant('image-other-region' as const), at: indexArb, of: indexArb }),
  fc.record({ kind: fc.constant('privileged-port' as const), at: indexArb, value: fc.integer({ min: 1, max: 1023 }) }),
  fc.record({
    kind: fc.constant('bad-dns' as const),
    key: fc.constantFrom('namespace' as const, 'domain' as const),
    value: fc.tuple(fc.constantFrom('', 'shop.', 'a.b'), badCharArb).map(([a, b]) => a + b),
  }),
  fc.record({
    kind: fc.constant('unknown-key' as const),
    at: fc.oneof(fc.constant('top' as const), indexArb),
    key: fc
      .oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }),
        fc.constantFrom('__proto__', 'constructor', 'toString', 'prot', 'dependsOn', 'Name', '{{x}}'),
      )
      .filter((k) => !(SPEC_KEYS as readonly string[]).includes(k) && !(SERVICE_KEYS as readonly string[]).includes(k)),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  // No generated service has such a name: LABEL names are shorter, long ones have hyphens.
  fc.record({
    kind: fc.constant('call-unknown' as const),
    at: indexArb,
    value: fc.stringMatching(/^[a-z0-9]{0,8}$/).map((x) => `zz${'q'.repeat(30)}${x}`),
  }),
  fc.record({ kind: fc.constant('call-self' as const), at: indexArb }),
  fc.record({ kind: fc.constant('call-client-only' as const), at: indexArb }),
  fc.record({ kind: fc.constant('call-duplicate' as const), at: indexArb }),
  fc.record({ kind: fc.constant('call-not-string' as const), at: indexArb, value: wrongTypeArb('string') }),
  fc.record({ kind: fc.constant('huge-services' as const), count: fc.integer({ min: 501, max: 3000 }) }),
  fc.record({ kind: fc.constant('huge-calls' as const), at: indexArb, count: fc.integer({ min: 1000, max: 20000 }) }),
  fc.record({ kind: fc.constant('deep-junk' as const), at: fc.oneof(fc.constant('top' as const), indexArb), value: deepJunkArb }),
  fc.constant({ kind: 'all-client-only' as const }),
  fc.record({ kind: fc.constant('duplicate-name' as const), at: indexArb, of: indexArb }),
  fc.record({ kind: fc.constant('duplicate-public-path' as const), at: indexArb, of: indexArb }),
  fc.record({
    kind: fc.constant('remove-required' as const),
    at: fc.oneof(fc.constant('top' as const), indexArb),
    key: fc.constantFrom('name', 'role', 'port', 'services'),
  }),
  fc.record({
    kind: fc.constant('out-of-range' as const),
    at: indexArb,
    key: fc.constantFrom('port' as const, 'cpu' as const, 'memory' as const, 'desiredCount' as const, 'azs' as const, 'task' as const),
    value: fc.integer({ min: 0, max: 10 }),
  }),
  fc.record({
    kind: fc.constant('lonely-domain' as const),
    which: fc.constantFrom('domain' as const, 'certificateArn' as const, 'no-public' as const),
  }),
  fc.constant({ kind: 'empty-services' as const }),
  fc.record({ kind: fc.constant('not-a-mapping' as const), value: wrongTypeArb('mapping') }),
);

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab';

/** Applies a mutation to a deep copy of `spec`; the result is invalid whatever else it holds. */
function mutate(input: unknown, m: Mutation): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input; // already not a spec
  const spec = input as Record<string, any>;
  const services: any[] = Array.isArray(spec.services) ? spec.services : [];
  const objects = services.filter((s) => s !== null && typeof s === 'object' && !Array.isArray(s));
  const pick = (i: number) => (objects.length > 0 ? objects[i % objects.length] : undefined);
  switch (m.kind) {
    case 'wrong-type-top':
      spec[m.key] = m.value;
      return spec;
    case 'wrong-type-service': {
      const s = pick(m.at);
      if (s) s[m.key] = m.value;
      else spec.services = m.value;
      return spec;
    }
    case 'service-not-mapping':
      if (Array.isArray(spec.services) && spec.services.length > 0) spec.services[m.at % spec.services.length] = m.value;
      else spec.services = [m.value];
      return spec;
    case 'bad-project-name':
      spec.name = m.value;
      return spec;
    case 'bad-service-name': {
      const s = pick(m.at);
      if (s) s.name = m.value;
      else spec.name = m.value;
      return spec;
    }
    case 'bad-string': {
      const s = pick(m.at);
      if (s) {
        s[m.key] = m.value;
        if (m.key === 'publicPath') s.public = true;
      } else spec.name = m.value;
      return spec;
    }
    case 'bad-command': {
      const s = pick(m.at);
      if (s) s.healthCheckCommand = m.value;
      else spec.name = 'A';
      return spec;
    }
    case 'image-outside-ecr': {
      const s = pick(m.at);
      if (s) s.image = m.value;
      else spec.name = 'A';
      return spec;
    }
    case 'image-other-region': {
      // Two images in two regions (and no certificate to say which one is right).
      const a = pick(m.at);
      const b = pick(m.at + 1 + m.of);
      if (!a || !b || a === b) return ((spec.name = 'A'), spec);
      a.image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1';
      b.image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1';
      return spec;
    }
    case 'privileged-port': {
      const s = pick(m.at);
      if (s) s.port = m.value;
      else spec.name = 'A';
      return spec;
    }
    case 'bad-dns':
      spec[m.key] = m.value;
      return spec;
    case 'unknown-key': {
      const target = m.at === 'top' ? spec : (pick(m.at) ?? spec);
      Object.defineProperty(target, m.key, { value: m.value ?? 0, enumerable: true, writable: true, configurable: true });
      return spec;
    }
    case 'call-unknown': {
      const s = pick(m.at);
      if (!s) return ((spec.services = [{ name: 'a', role: 'client-server', port: 8080, calls: [m.value] }]), spec);
      s.calls = [...(Array.isArray(s.calls) ? s.calls : []), m.value];
      return spec;
    }
    case 'call-self': {
      const s = pick(m.at);
      if (!s) return ((spec.name = 'A'), spec);
      s.calls = [...(Array.isArray(s.calls) ? s.calls : []), s.name];
      return spec;
    }
    case 'call-client-only': {
      const s = pick(m.at);
      if (!s) return ((spec.name = 'A'), spec);
      const target = objects.find((o) => o !== s && o.role === 'client-only');
      if (target) s.calls = [...(Array.isArray(s.calls) ? s.calls : []), target.name];
      else s.calls = [...(Array.isArray(s.calls) ? s.calls : []), s.name];
      return spec;
    }
    case 'call-duplicate': {
      const s = pick(m.at);
      const other = objects.find((o) => o !== s && o.role === 'client-server');
      if (!s || !other) return ((spec.name = 'A'), spec);
      s.calls = [...(Array.isArray(s.calls) ? s.calls : []), other.name, other.name];
      return spec;
    }
    case 'call-not-string': {
      const s = pick(m.at);
      if (!s) return ((spec.name = 'A'), spec);
      s.calls = [...(Array.isArray(s.calls) ? s.calls : []), m.value];
      return spec;
    }
    case 'huge-services':
      spec.services = Array.from({ length: m.count }, (_, i) => ({ name: `s${i}`, role: 'client-server', port: 8080 }));
      return spec;
    case 'huge-calls': {
      const s = pick(m.at);
      if (!s) return ((spec.name = 'A'), spec);
      s.calls = Array.from({ length: m.count }, (_, i) => `u${i}`);
      return spec;
    }
    case 'deep-junk': {
      const s = m.at === 'top' ? undefined : pick(m.at);
      if (s) s.calls = [m.value];
      else spec.services = m.value;
      return spec;
    }
    case 'all-client-only':
      if (objects.length === 0) return ((spec.services = []), spec);
      for (const o of objects) {
        o.role = 'client-only';
        delete o.calls;
      }
      return spec;
    case 'duplicate-name': {
      const a = pick(m.at);
      if (!a || objects.length < 2) return ((spec.services = [...services, { ...(a ?? {}), name: a?.name ?? 'x' }, { name: a?.name ?? 'x' }]), spec);
      const b = objects[(objects.indexOf(a) + 1 + (m.of % (objects.length - 1))) % objects.length];
      b.name = a.name;
      return spec;
    }
    case 'duplicate-public-path': {
      const a = pick(m.at);
      if (!a || objects.length < 2) {
        // One service cannot duplicate a path: make it a domain without a certificate instead.
        delete spec.certificateArn;
        spec.domain = 'example.com';
        return spec;
      }
      const b = objects[(objects.indexOf(a) + 1 + (m.of % (objects.length - 1))) % objects.length];
      a.public = true;
      b.public = true;
      a.publicPath = '/same';
      b.publicPath = '/same';
      return spec;
    }
    case 'remove-required': {
      if (m.at === 'top' || m.key === 'services') {
        delete spec[m.key === 'services' ? 'services' : 'name'];
        return spec;
      }
      const s = pick(m.at);
      if (s) delete s[m.key];
      else delete spec.name;
      return spec;
    }
    case 'out-of-range': {
      const s = pick(m.at);
      if (m.key === 'azs' || !s) return ((spec.azs = m.value % 2 === 0 ? 1 : 7 + m.value), spec);
      if (m.key === 'port') s.port = m.value % 2 === 0 ? 0 - m.value : 65536 + m.value;
      if (m.key === 'cpu') s.cpu = 127 - m.value;
      if (m.key === 'memory') s.memory = 127 - m.value;
      if (m.key === 'desiredCount') s.desiredCount = m.value % 2 === 0 ? -m.value : 101 + m.value;
      if (m.key === 'task') {
        s.cpu = 16129 + m.value;
        s.memory = 512;
      }
      return spec;
    }
    case 'lonely-domain':
      if (m.which === 'domain') {
        spec.domain = 'shop.example.com';
        delete spec.certificateArn;
      } else if (m.which === 'certificateArn') {
        spec.certificateArn = CERT;
        delete spec.domain;
      } else {
        spec.domain = 'shop.example.com';
        spec.certificateArn = CERT;
        for (const o of objects) {
          delete o.public;
          delete o.publicPath;
        }
        if (objects.length === 0) spec.services = [];
      }
      return spec;
    case 'empty-services':
      spec.services = [];
      return spec;
    case 'not-a-mapping':
      return m.value;
  }
}

const invalidSpecArb = fc
  .tuple(validSpecArb({ maxServices: 12 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
  .map(([spec, mutations]) => ({ mutations, raw: mutations.reduce<unknown>((s, m) => mutate(s, m), structuredClone(spec)) }));

// ---------------------------------------------------------------------------------------
// What every rejection must look like
// ---------------------------------------------------------------------------------------

/** Splits `services[2].calls[0]` / `["a b"]` into segments; undefined when it is not a path. */
function pathSegments(path: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const re = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = path;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]);
    rest = rest.slice(m[0].length);
  }
  return out;
}

function checkRejection(raw: unknown, errors: readonly SpecError[]): void {
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.length).toBeLessThanOrEqual(1001);
  for (const e of errors) {
    expect(typeof e.path).toBe('string');
    expect(e.message.length, JSON.stringify(e)).toBeGreaterThan(0);
    expect(e.message, 'one line').not.toMatch(/[\n\r\u2028\u2029]/);
    expect(e.message, 'printable ASCII only: user text is escaped').toMatch(/^[\x20-\x7e]+$/);
    expect(e.path).toMatch(/^[\x20-\x7e]*$/);
    if (e.path === '') {
      // Only the document as a whole, or the count of errors left out.
      const documentLevel = raw === null || typeof raw !== 'object' || Array.isArray(raw) || /^and \d+ more errors/.test(e.message);
      expect(documentLevel, JSON.stringify(e)).toBe(true);
      continue;
    }
    const segments = pathSegments(e.path);
    expect(segments, e.path).toBeDefined();
    // Every segment but the last exists in the input; the last may be a missing key.
    let at: any = raw;
    for (const seg of segments!.slice(0, -1)) {
      const key = typeof seg === 'string' && seg.startsWith('"') ? unquote(seg) : seg;
      expect(at !== null && typeof at === 'object' && Object.prototype.hasOwnProperty.call(at, key), `${e.path} in the input`).toBe(true);
      at = at[key];
    }
  }
}

// ---------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------

/** YAML for a test input; JSON (which is YAML too) when yaml's writer cannot nest that deep. */
function toYaml(raw: unknown): string {
  try {
    return stringify(raw, { aliasDuplicateObjects: false });
  } catch {
    return JSON.stringify(raw) ?? 'null';
  }
}

/** Reads a string quoted by messages.quote(): JSON escapes plus `\u{...}` for astral characters. */
function unquote(quoted: string): string {
  return JSON.parse(
    quoted.replace(/\\u\{([0-9a-f]+)\}|\\./g, (esc: string, cp?: string) =>
      cp === undefined ? esc : JSON.stringify(String.fromCodePoint(parseInt(cp, 16))).slice(1, -1),
    ),
  );
}

describe('arbitrary invalid specs', () => {
  it('are rejected by normalizeSpec, quickly, with located one-line messages, never a throw', () => {
    fc.assert(
      fc.property(invalidSpecArb, ({ raw }) => {
        const started = performance.now();
        const result = normalizeSpec(raw);
        expect(performance.now() - started, 'milliseconds (a 500-service spec with 20,000 unknown calls takes under one second)').toBeLessThan(5000);
        expect(result.ok).toBe(false);
        checkRejection(raw, result.errors);
      }),
      fuzzParameters(200),
    );
  });

  it('anything at all (not only near-specs) is rejected by normalizeSpec and generate, never a throw', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }), (raw) => {
        const result = normalizeSpec(raw);
        expect(result.ok).toBe(false);
        checkRejection(raw, result.errors);
        expect(generate(raw).ok).toBe(false);
      }),
      fuzzParameters(300),
    );
  });

  it('are rejected by the CLI: exit 1, no stack trace, the target untouched', async () => {
    await fc.assert(
      fc.asyncProperty(invalidSpecArb, fc.constantFrom('yaml', 'json'), async ({ raw }, format) => {
        const cwd = mkdtempSync(join(scratch, 'cli-'));
        try {
          const file = `spec.${format}`;
          writeFileSync(join(cwd, file), format === 'json' ? (JSON.stringify(raw) ?? 'null') : toYaml(raw));
          mkdirSync(join(cwd, 'out'));
          writeFileSync(join(cwd, 'out', 'SENTINEL'), 'keep');
          const before = snapshotTree(join(cwd, 'out'));
          const r = await cli(
            ['out', '--config', file, '--yes', '--no-install', '--no-git', '--force', '--generator-dependency', 'file:/nonexistent.tgz'],
            { cwd },
          );
          expect(r.code, r.err).toBe(1);
          expect(r.err).toMatch(/^error: /);
          expect(r.err).not.toMatch(/^\s+at /m);
          expect(r.out).toBe('');
          expect(snapshotTree(join(cwd, 'out'))).toEqual(before);
        } finally {
          rmSync(cwd, { recursive: true, force: true });
        }
      }),
      fuzzParameters(60),
    );
  });

  it('YAML-ish junk (no "n", so never a spec) is rejected by the CLI without a stack trace', async () => {
    const junk = fc.string({ unit: fc.constantFrom(...':-[]{},&*!|>\'"%@`#?\\ \t\n\r\u00e9\ufeffabc01'.split('')), maxLength: 300 });
    await fc.assert(
      fc.asyncProperty(junk, async (text) => {
        const cwd = mkdtempSync(join(scratch, 'junk-'));
        try {
          writeFileSync(join(cwd, 'spec.yaml'), text);
          const r = await cli(['out', '--config', 'spec.yaml', '--yes', '--no-install', '--no-git'], { cwd });
          expect(r.code, r.err).toBe(1);
          expect(r.err).not.toMatch(/^\s+at /m);
        } finally {
          rmSync(cwd, { recursive: true, force: true });
        }
      }),
      fuzzParameters(150),
    );
  });
});

/** Byte sequences that are not UTF-8, each invalid from its first byte. */
const BAD_UTF8: readonly number[][] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf],
  [0xc0, 0x80], // overlong NUL
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80], // overlong
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf5, 0x80, 0x80, 0x80],
  [0xe2, 0x82], // truncated
];

describe('files that are not UTF-8', () => {
  it('are refused at the first bad byte, located by line and column', async () => {
    await fc.assert(
      fc.asyncProperty(validSpecArb({ maxServices: 5 }), fc.nat(), fc.constantFrom(...BAD_UTF8), fc.boolean(), async (spec, at, bad, json) => {
        const text = json ? JSON.stringify(spec, null, 2) : stringify(spec);
        const chars = [...text];
        const prefix = chars.slice(0, at % (chars.length + 1)).join('');
        const suffix = chars.slice(at % (chars.length + 1)).join('');
        const cwd = mkdtempSync(join(scratch, 'utf8-'));
        try {
          const file = json ? 'spec.json' : 'spec.yaml';
          writeFileSync(join(cwd, file), Buffer.concat([Buffer.from(prefix, 'utf8'), Buffer.from(bad), Buffer.from(suffix, 'utf8')]));
          mkdirSync(join(cwd, 'out'));
          const r = await cli(['out', '--config', file, '--yes', '--no-install', '--no-git', '--force'], { cwd });
          const lines = prefix.split('\n');
          const where = `${lines.length}:${lines[lines.length - 1].length + 1}`;
          expect(r.code).toBe(1);
          expect(r.err.split(`${cwd}/`).join('')).toBe(
            `error: one problem, nothing was written:\n  ${file}:${where}: the file is not valid UTF-8 (byte 0x${bad[0].toString(16).padStart(2, '0')}); save it as UTF-8`,
          );
        } finally {
          rmSync(cwd, { recursive: true, force: true });
        }
      }),
      fuzzParameters(60),
    );
  });
});

describe('files too large to be a spec', () => {
  it('are refused by their size alone, fast, never read (sparse files of 1 MiB + 1 to 64 MiB)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: MAX_SPEC_BYTES + 1, max: 64 * 1024 * 1024 }), async (size) => {
        const cwd = mkdtempSync(join(scratch, 'big-'));
        try {
          const file = join(cwd, 'spec.yaml');
          writeFileSync(file, 'name: shop\n');
          truncateSync(file, size);
          reads.length = 0;
          const started = performance.now();
          const r = await cli(['out', '--config', file, '--yes', '--no-install', '--no-git'], { cwd });
          expect(performance.now() - started).toBeLessThan(1000);
          expect(r.code).toBe(1);
          expect(r.err).toContain('a spec is at most 1 MiB');
          expect(reads).not.toContain(file);
        } finally {
          rmSync(cwd, { recursive: true, force: true });
        }
      }),
      fuzzParameters(20),
    );
  });

  it('a real 50 MB file is refused fast, never read', async () => {
    const cwd = mkdtempSync(join(scratch, 'fifty-'));
    const file = join(cwd, 'spec.yaml');
    writeFileSync(file, paddedSpec(FIFTY_MB));
    reads.length = 0;
    const started = performance.now();
    const r = await cli(['out', '--config', file, '--yes', '--no-install', '--no-git'], { cwd });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the file is 50.0 MiB; a spec is at most 1 MiB');
    expect(reads).not.toContain(file);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('exactly 1 MiB is not refused for its size', async () => {
    const cwd = mkdtempSync(join(scratch, 'edge-'));
    const file = join(cwd, 'spec.yaml');
    writeFileSync(file, paddedSpec(MAX_SPEC_BYTES));
    const r = await cli(['out', '--config', file, '--dry-run'], { cwd });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    rmSync(cwd, { recursive: true, force: true });
  });
});

describe('the mutations', () => {
  it('each make a valid spec invalid on its own', () => {
    fc.assert(
      fc.property(validSpecArb({ maxServices: 12 }), mutationArb, (spec: RawSpec, m) => {
        expect(normalizeSpec(mutate(structuredClone(spec), m)).ok, JSON.stringify(m).slice(0, 200)).toBe(false);
      }),
      fuzzParameters(300),
    );
  });
});
