/**
 * The JSON Schema (for editors) and the normalizer (for the generator) must describe the
 * same spec. Both are made from the table of spec fields (src/spec/fields.ts; the keys,
 * defaults, enums, patterns and limits are the table's, and spec-docs.test.ts checks the
 * committed file is the generated one); these tests check they agree in what they do: the
 * same verdict on the fixtures and on single-field mutations of them, the defaults the
 * normalizer fills in, and the step-by-step rules against the patterns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULTS,
  normalizeSpec,
  parseSpecText,
  validateCertificateArn,
  validateBuildContext,
  validateBuildDockerfile,
  validateCopilotName,
  validateDomain,
  validateHealthCheckCommand,
  validateHealthCheckPath,
  validateImage,
  validateNamespace,
  validateProjectName,
  validatePublicPath,
  validateServiceName,
} from '../../src/spec';

type Schema = Record<string, any>;

const ROOT = join(__dirname, '..', '..');
const schema: Schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'fargate-connect.schema.json'), 'utf8'));
const serviceSchema: Schema = schema.$defs.service;

function fixture(name: string): Record<string, any> {
  const parsed = parseSpecText(readFileSync(join(__dirname, 'fixtures', name), 'utf8'), name);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value as Record<string, any>;
}

// ---------------------------------------------------------------------------------------
// A small JSON Schema 2020-12 validator for the keywords the schema uses. It fails on any
// keyword it does not know, so the schema cannot drift beyond what this test checks.
// ---------------------------------------------------------------------------------------

const KNOWN_KEYWORDS = new Set([
  '$schema',
  '$defs',
  '$ref',
  'title',
  'description',
  'examples',
  'default',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'dependentRequired',
  'dependentSchemas',
  'enum',
  'const',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'not',
  'anyOf',
  'if',
  'then',
  'propertyNames',
  'maxProperties',
]);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    default:
      throw new Error(`unknown type ${type}`);
  }
}

function validate(s: Schema, v: unknown, where = '#'): string[] {
  for (const k of Object.keys(s)) if (!KNOWN_KEYWORDS.has(k)) throw new Error(`unsupported keyword ${k} at ${where}`);
  if (s.$ref !== undefined) {
    const target = (s.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: any, k) => o[k], schema);
    return validate(target, v, s.$ref);
  }
  const problems: string[] = [];
  if (s.type !== undefined && !typeOk(s.type, v)) return [`${where}: type`];
  if (s.const !== undefined && v !== s.const) problems.push(`${where}: const`);
  if (s.not !== undefined && validate(s.not, v, `${where}/not`).length === 0) problems.push(`${where}: not`);
  if (s.enum !== undefined && !s.enum.includes(v)) problems.push(`${where}: enum`);
  if (s.anyOf !== undefined && !s.anyOf.some((x: Schema, i: number) => validate(x, v, `${where}/anyOf/${i}`).length === 0))
    problems.push(`${where}: anyOf`);
  if (s.if !== undefined && s.then !== undefined && validate(s.if, v, `${where}/if`).length === 0)
    problems.push(...validate(s.then, v, `${where}/then`));
  if (typeof v === 'string') {
    const length = [...v].length;
    if (s.minLength !== undefined && length < s.minLength) problems.push(`${where}: minLength`);
    if (s.maxLength !== undefined && length > s.maxLength) problems.push(`${where}: maxLength`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) problems.push(`${where}: pattern`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) problems.push(`${where}: minimum`);
    if (s.maximum !== undefined && v > s.maximum) problems.push(`${where}: maximum`);
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) problems.push(`${where}: minItems`);
    if (s.maxItems !== undefined && v.length > s.maxItems) problems.push(`${where}: maxItems`);
    if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) problems.push(`${where}: uniqueItems`);
    if (s.items !== undefined) v.forEach((x, i) => problems.push(...validate(s.items, x, `${where}/${i}`)));
    if (s.contains !== undefined && !v.some((x) => validate(s.contains, x).length === 0)) problems.push(`${where}: contains`);
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const obj = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) problems.push(`${where}: required ${r}`);
    if (s.maxProperties !== undefined && Object.keys(obj).length > s.maxProperties) problems.push(`${where}: maxProperties`);
    for (const [k, x] of Object.entries(obj)) {
      if (s.propertyNames !== undefined) problems.push(...validate(s.propertyNames, k, `${where}/${k}(name)`));
      if (s.properties?.[k] !== undefined) problems.push(...validate(s.properties[k], x, `${where}/${k}`));
      else if (s.additionalProperties === false) problems.push(`${where}: additional ${k}`);
      else if (typeof s.additionalProperties === 'object') problems.push(...validate(s.additionalProperties, x, `${where}/${k}`));
    }
    for (const [k, deps] of Object.entries(s.dependentRequired ?? {})) {
      if (k in obj) for (const d of deps as string[]) if (!(d in obj)) problems.push(`${where}: ${k} requires ${d}`);
    }
    for (const [k, sub] of Object.entries(s.dependentSchemas ?? {})) if (k in obj) problems.push(...validate(sub as Schema, v, `${where}(${k})`));
  }
  return problems;
}

const schemaAccepts = (v: unknown): boolean => validate(schema, v).length === 0;
const normalizerAccepts = (v: unknown): boolean => normalizeSpec(v).ok;

// ---------------------------------------------------------------------------------------

describe('the schema file', () => {
  it('is a draft 2020-12 schema that allows $schema and nothing unknown', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(serviceSchema.additionalProperties).toBe(false);
    expect(schema.properties.$schema).toMatchObject({ type: 'string' });
  });

  it('describes every property', () => {
    for (const [key, s] of [...Object.entries(schema.properties), ...Object.entries(serviceSchema.properties)]) {
      expect((s as Schema).description, key).toMatch(/\w/);
    }
  });
});

describe('schema and normalizer agree', () => {
  it('the normalizer accepts every key of the schema, and only those', () => {
    // full.yaml sets every key of the schema; it must normalize without an unknown-key error.
    const full = fixture('full.yaml');
    expect(Object.keys(full).sort()).toEqual(Object.keys(schema.properties).sort());
    const serviceKeys = new Set(full.services.flatMap((s: object) => Object.keys(s)));
    expect([...serviceKeys].sort()).toEqual(Object.keys(serviceSchema.properties).sort());
    expect(normalizeSpec(full).ok).toBe(true);
    // And a key outside the schema is rejected by both.
    for (const extra of [
      { ...full, extra: 1 },
      { ...full, services: [{ ...full.services[0], extra: 1 }, ...full.services.slice(1)] },
    ]) {
      expect(schemaAccepts(extra)).toBe(false);
      expect(normalizerAccepts(extra)).toBe(false);
    }
  });

  it('on the defaults', () => {
    const result = normalizeSpec(fixture('minimal.yaml'));
    if (!result.ok) throw new Error('minimal.yaml must be valid');
    const spec = result.spec as unknown as Record<string, unknown>;
    const service = result.spec.services[0] as unknown as Record<string, unknown>;
    const withDefault = (props: Schema) => Object.entries(props).filter(([, s]) => (s as Schema).default !== undefined);
    expect(withDefault(schema.properties).length).toBeGreaterThan(0);
    for (const [key, s] of withDefault(schema.properties)) expect(spec[key], key).toEqual((s as Schema).default);
    expect(withDefault(serviceSchema.properties).length).toBeGreaterThan(0);
    // minimal.yaml has profile prod: desiredCount's default is the one the schema states.
    expect(spec.profile).toBe('prod');
    for (const [key, s] of withDefault(serviceSchema.properties)) expect(service[key], key).toEqual((s as Schema).default);
    expect(serviceSchema.properties.desiredCount.description).toContain(`${DEFAULTS.desiredCount.dev} with profile dev`);
    expect(schema.properties.namespace.description).toContain(`<name>${DEFAULTS.namespaceSuffix}`);
  });

  it.each(['minimal.yaml', 'shop.yaml', 'shop.json', 'full.yaml'])('both accept %s', (name) => {
    const value = fixture(name);
    expect(validate(schema, value)).toEqual([]);
    expect(normalizerAccepts(value)).toBe(true);
  });

  it('both reject many-errors.yaml', () => {
    const value = fixture('many-errors.yaml');
    expect(schemaAccepts(value)).toBe(false);
    expect(normalizerAccepts(value)).toBe(false);
  });

  // Single-field changes to full.yaml that the schema can express; both must reject each.
  const mutations: [string, (s: Record<string, any>) => void][] = [
    ['name missing', (s) => delete s.name],
    ['name uppercase', (s) => (s.name = 'Acme')],
    ['name too long', (s) => (s.name = 'a'.repeat(33))],
    ['name with --', (s) => (s.name = 'a--b')],
    ['namespace with _', (s) => (s.namespace = 'a_b')],
    ['azs 1', (s) => (s.azs = 1)],
    ['azs 7', (s) => (s.azs = 7)],
    ['azs "2"', (s) => (s.azs = '2')],
    ['profile staging', (s) => (s.profile = 'staging')],
    ['domain without certificate', (s) => delete s.certificateArn],
    ['certificate without domain', (s) => delete s.domain],
    ['domain not qualified', (s) => (s.domain = 'shop')],
    ['certificate from IAM', (s) => (s.certificateArn = 'arn:aws:iam::123456789012:server-certificate/x')],
    ['certificate in an unknown partition', (s) => (s.certificateArn = 'arn:aws-foo:acm:us-east-1:123456789012:certificate/x')],
    ['certificate in an unknown region', (s) => (s.certificateArn = 'arn:aws:acm:zz-fake-9:123456789012:certificate/x')],
    ['certificate in a region of another partition', (s) => (s.certificateArn = 'arn:aws:acm:cn-north-1:123456789012:certificate/x')],
    ['domain an IP address', (s) => (s.domain = '10.0.0.1')],
    ['namespace an IP address', (s) => (s.namespace = '127.1')],
    ['domain without a public service', (s) => s.services.forEach((x: any) => (delete x.public, delete x.publicPath))],
    ['services empty', (s) => (s.services = [])],
    ['services a mapping', (s) => (s.services = { a: s.services[0] })],
    ['every service client-only', (s) => s.services.forEach((x: any) => ((x.role = 'client-only'), (x.calls = [])))],
    ['service name localhost', (s) => (s.services[2].name = 'localhost')],
    ['service name 64 chars', (s) => (s.services[2].name = 'a'.repeat(64))],
    ['role missing', (s) => delete s.services[0].role],
    ['role server', (s) => (s.services[0].role = 'server')],
    ['port 70000', (s) => (s.services[0].port = 70000)],
    ['port 0', (s) => (s.services[0].port = 0)],
    ['port "80"', (s) => (s.services[0].port = '80')],
    ['port 80', (s) => (s.services[0].port = 80)],
    ['port 1023 on an image service', (s) => (s.services[3].port = 1023)],
    ['port 80.5', (s) => (s.services[0].port = 80.5)],
    ['public "yes"', (s) => (s.services[0].public = 'yes')],
    ['publicPath without public', (s) => (s.services[2].publicPath = '/cart')],
    ['publicPath with trailing /', (s) => (s.services[0].publicPath = '/shop/')],
    ['publicPath with ..', (s) => (s.services[0].publicPath = '/a/../b')],
    ['calls a string', (s) => (s.services[0].calls = 'cart')],
    ['calls twice the same', (s) => (s.services[0].calls = ['cart', 'cart'])],
    ['calls an invalid name', (s) => (s.services[0].calls = ['Cart'])],
    ['cpu 64', (s) => (s.services[0].cpu = 64)],
    ['cpu 16384', (s) => (s.services[0].cpu = 16384)],
    ['memory 122880', (s) => (s.services[0].memory = 122880)],
    ['desiredCount 0', (s) => (s.services[0].desiredCount = 0)],
    ['desiredCount 101', (s) => (s.services[0].desiredCount = 101)],
    ['healthCheckPath with ?', (s) => (s.services[0].healthCheckPath = '/health?x=1')],
    ['healthCheckPath relative', (s) => (s.services[0].healthCheckPath = 'health')],
    ['image uppercase', (s) => (s.services[3].image = 'OpenSearch')],
    ['image empty', (s) => (s.services[3].image = '')],
    ['image on Docker Hub', (s) => (s.services[3].image = 'nginx:1.27')],
    ['image on ECR Public', (s) => (s.services[3].image = 'public.ecr.aws/nginx/nginx:1.27')],
    [
      'image in ECR with a China region outside amazonaws.com.cn',
      (s) => (s.services[3].image = '123456789012.dkr.ecr.cn-north-1.amazonaws.com/app:1'),
    ],
    ['image repository of one character', (s) => (s.services[3].image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/a:1')],
    ['healthCheckCommand empty', (s) => (s.services[3].healthCheckCommand = '')],
    ['healthCheckCommand with a newline', (s) => (s.services[3].healthCheckCommand = 'true\nfalse')],
    ['healthCheckCommand None', (s) => (s.services[3].healthCheckCommand = 'None')],
    ['healthCheckCommand too long', (s) => (s.services[3].healthCheckCommand = 'x'.repeat(1025))],
    ['$schema a number', (s) => (s.$schema = 1)],
    ['build and image together', (s) => (s.services[3].dockerBuild = { context: '../search' })],
    ['a public image without healthCheckPath', (s) => (s.services[3].public = true)],
    [
      'a public dockerBuild without healthCheckPath',
      (s) => ((s.services[2].public = true), (s.services[2].publicPath = '/cart'), delete s.services[2].healthCheckPath),
    ],
    ['build without context', (s) => (s.services[2].dockerBuild = { dockerfile: 'Dockerfile' })],
    ['build a string', (s) => (s.services[2].dockerBuild = '../cart')],
    ['build with an unknown key', (s) => (s.services[2].dockerBuild.args = { A: '1' })],
    ['build context absolute', (s) => (s.services[2].dockerBuild.context = '/src/cart')],
    ['build context with $', (s) => (s.services[2].dockerBuild.context = '${SRC}/cart')],
    ['build context with a space', (s) => (s.services[2].dockerBuild.context = 'my cart')],
    ['build context with a trailing /', (s) => (s.services[2].dockerBuild.context = '../cart/')],
    ['build dockerfile outside the context', (s) => (s.services[2].dockerBuild.dockerfile = '../Dockerfile')],
    ['build dockerfile empty', (s) => (s.services[2].dockerBuild.dockerfile = '')],
    ['copilotMigration without application', (s) => delete s.copilotMigration.application],
    ['copilotMigration application uppercase', (s) => (s.copilotMigration.application = 'Kudos')],
    ['copilotMigration environments twice the same', (s) => (s.copilotMigration.environments = ['test', 'test'])],
    ['copilotMigration environments a string', (s) => (s.copilotMigration.environments = 'test')],
    ['copilotMigration with an unknown key', (s) => (s.copilotMigration.region = 'us-east-1')],
    ['arch amd64', (s) => (s.services[0].arch = 'amd64')],
    ['spot 101', (s) => (s.services[0].spot = 101)],
    ['spot -1', (s) => (s.services[0].spot = -1)],
    ['spot "50"', (s) => (s.services[0].spot = '50')],
    ['timeouts empty', (s) => (s.services[2].timeouts = {})],
    ['timeouts perRequest -1', (s) => (s.services[2].timeouts.perRequest = -1)],
    ['timeouts idle 2147483648', (s) => (s.services[2].timeouts.idle = 2147483648)],
    ['timeouts on a client-only service', (s) => (s.services[0].timeouts = { idle: 60 })],
    ['timeouts with an unknown key', (s) => (s.services[2].timeouts.connect = 5)],
    ['alarms empty', (s) => (s.alarms = {})],
    ['alarms email and topicArn', (s) => (s.alarms.email = 'ops@example.com')],
    ['alarms email not an address', (s) => (s.alarms = { email: 'ops' })],
    ['alarms topicArn of a FIFO topic', (s) => (s.alarms.topicArn = 'arn:aws:sns:eu-west-1:123456789012:acme-alarms.fifo')],
    ['alarms topicArn in an unknown region', (s) => (s.alarms.topicArn = 'arn:aws:sns:eu-fake-1:123456789012:acme-alarms')],
    ['alarms topicArn of another service', (s) => (s.alarms.topicArn = 'arn:aws:sqs:eu-west-1:123456789012:acme-alarms')],
  ];

  it.each(mutations)('both reject full.yaml with %s', (_, mutate) => {
    const value = structuredClone(fixture('full.yaml'));
    mutate(value);
    expect(schemaAccepts(value)).toBe(false);
    expect(normalizerAccepts(value)).toBe(false);
  });

  // The step-by-step string rules must accept exactly what the schema's pattern and length accept.
  const alphabet = fc.constantFrom(
    ...'abcz09-._/:@~A{}$`"\'\n \t\r\u0085\u202e'.split(''),
    'localhost',
    'sha256:',
    'a'.repeat(64),
    '..',
    'none',
    'NoNe',
    '123456789012.dkr.ecr.',
    'eu-west-1',
    'cn-north-1',
    '.amazonaws.com',
    '.cn',
  );
  const strings = fc.array(alphabet, { maxLength: 12 }).map((parts) => parts.join(''));
  const rules: [string, Schema, (s: string) => string | undefined][] = [
    ['name', schema.properties.name, validateProjectName],
    ['namespace', schema.properties.namespace, validateNamespace],
    ['domain', schema.properties.domain, validateDomain],
    ['service name', serviceSchema.properties.name, validateServiceName],
    ['publicPath', serviceSchema.properties.publicPath, validatePublicPath],
    ['healthCheckPath', serviceSchema.properties.healthCheckPath, validateHealthCheckPath],
    ['image', serviceSchema.properties.image, validateImage],
    ['healthCheckCommand', serviceSchema.properties.healthCheckCommand, validateHealthCheckCommand],
    ['build.context', serviceSchema.properties.dockerBuild.properties.context, validateBuildContext],
    ['build.dockerfile', serviceSchema.properties.dockerBuild.properties.dockerfile, validateBuildDockerfile],
    ['copilotMigration.application', schema.properties.copilotMigration.properties.application, validateCopilotName],
  ];

  it('on every certificate ARN', () => {
    const partitions = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b', 'aws-foo', 'aws-', 'AWS', ''];
    const regions = ['us-east-1', 'cn-north-1', 'us-gov-west-1', 'us-isob-east-1', 'zz-fake-9', 'us-east-', 'eu-isoe-west-1', ''];
    const arns = fc
      .tuple(
        fc.constantFrom(...partitions),
        fc.constantFrom(...regions),
        fc.constantFrom('123456789012', '1234', ''),
        fc.constantFrom('abc-123', 'a/b', ''),
      )
      .map(([p, r, account, id]) => `arn:${p}:acm:${r}:${account}:certificate/${id}`);
    fc.assert(
      fc.property(fc.oneof(arns, fc.string({ maxLength: 40 })), (value) => {
        expect(validateCertificateArn(value) === undefined, value).toBe(validate(schema.properties.certificateArn, value).length === 0);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(rules)('on every string for %s', (_, propertySchema, rule) => {
    const interesting = fc.oneof(
      strings,
      strings.map((s) => `/${s}`),
      strings.map((s) => `${s}.internal`),
      fc.string({ maxLength: 70 }),
      fc.constantFrom(
        '/',
        '//',
        '../api',
        'a/../b',
        './Dockerfile',
        'C:/src',
        'kudos',
        'a+b=c,d@e~f',
        'a+b,c@d~e',
        '/a/',
        'a-',
        '-a',
        'a--b',
        'localhost',
        'nginx:1.27',
        `a@sha256:${'f'.repeat(64)}`,
        'x'.repeat(300),
        'x'.repeat(1025),
        'none',
        ' none',
        '',
        ' ',
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/ab:1',
        '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/ab',
        '123456789012.dkr.ecr.cn-north-1.amazonaws.com/ab',
        `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${'a'.repeat(257)}`,
        `123456789012.dkr.ecr.eu-west-1.amazonaws.com/ab:v1@sha256:${'f'.repeat(64)}`,
      ),
      strings.map((s) => `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${s}`),
    );
    fc.assert(
      fc.property(interesting, (value) => {
        expect(rule(value) === undefined, value).toBe(validate(propertySchema, value).length === 0);
      }),
      { numRuns: 3000 },
    );
  });
});
