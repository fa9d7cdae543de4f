import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError, normalizeSpec, parseSpecText } from '../../src/spec';
import type { Spec, SpecError } from '../../src/spec';

const FIXTURES = join(__dirname, 'fixtures');

type Raw = Record<string, unknown>;

function svc(over: Raw = {}): Raw {
  return { name: 'api', role: 'client-server', port: 8080, ...over };
}

function spec(over: Raw = {}, services: unknown = [svc()]): Raw {
  return { name: 'shop', services, ...over };
}

function errorsOf(raw: unknown): SpecError[] {
  const result = normalizeSpec(raw);
  if (result.ok) throw new Error(`expected errors, got a spec: ${JSON.stringify(result.spec)}`);
  return [...result.errors];
}

function specOf(raw: unknown): Spec {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(`expected a spec, got:\n${result.errors.map(formatError).join('\n')}`);
  return result.spec;
}

function fixture(name: string): unknown {
  const parsed = parseSpecText(readFileSync(join(FIXTURES, name), 'utf8'), name);
  if (!parsed.ok) throw new Error(parsed.errors.map(formatError).join('\n'));
  return parsed.value;
}

const REQUIRED_ROLE = 'is required ("client-server" if other services call it, "client-only" if none does)';
const ROLE_CHOICES =
  'use "client-server" (other services call it: it registers a Service Connect endpoint) or "client-only" ' +
  '(it only calls others or is reached through the load balancer: it registers no endpoint)';
const PROFILE_CHOICES = 'use "dev" (cheaper: one task per service by default) or "prod" (two tasks per service by default, for availability)';
const PATH_CHARS =
  'uses only letters, digits and . _ ~ / - (no spaces, quotes or query strings: it is embedded in a health-check command and a load balancer setting)';
const SERVICE_CHARS = 'a service name uses only lowercase letters, digits and hyphens (a DNS label, e.g. "orders-api")';
const PROJECT_CHARS = 'a project name uses only lowercase letters, digits and hyphens (kebab-case, e.g. "shop-platform")';
const IMAGE_FORMAT =
  'is not an Amazon ECR image reference; use <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@sha256:<digest>] (amazonaws.com.cn in the China regions) ' +
  'with a lowercase repository of 2-256 characters, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2"';
const NOT_IN_ECR =
  'is not in Amazon ECR: tasks in the isolated subnets can pull only from ECR in their own region, through the VPC endpoints; ' +
  'push the image to ECR in the region you deploy to, or create an ECR pull-through cache rule there (e.g. for Docker Hub or ECR Public) ' +
  'and use its ECR URI, <account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<upstream repository>:<tag>';
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const ARN_FORMAT =
  'is not an ACM certificate ARN; expected arn:aws:acm:<region>:<12-digit account>:certificate/<id>, e.g. "arn:aws:acm:us-east-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab"';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab';

describe('defaults', () => {
  it('fills every default for a minimal spec', () => {
    expect(specOf(fixture('minimal.yaml'))).toEqual({
      name: 'shop',
      namespace: 'shop.internal',
      azs: 2,
      profile: 'prod',
      services: [
        {
          name: 'api',
          role: 'client-server',
          port: 8080,
          public: false,
          publicPath: '/',
          calls: [],
          cpu: 256,
          memory: 512,
          desiredCount: 2,
          healthCheckPath: '/health',
          arch: 'x86_64',
        },
      ],
    });
  });

  it('defaults desiredCount to 1 with profile dev and 2 with prod', () => {
    expect(specOf(spec({ profile: 'dev' })).services[0].desiredCount).toBe(1);
    expect(specOf(spec({ profile: 'prod' })).services[0].desiredCount).toBe(2);
  });

  it('keeps every value given and adds no optional key that was absent', () => {
    const s = specOf(fixture('full.yaml'));
    expect(s).toEqual({
      name: 'acme-store',
      namespace: 'store.acme.internal',
      azs: 3,
      profile: 'dev',
      domain: 'shop.example.com',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab',
      copilotMigration: { application: 'acme-store', environments: ['test', 'prod'] },
      alarms: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:acme-alarms' },
      services: [
        {
          name: 'storefront',
          role: 'client-only',
          port: 3000,
          public: true,
          publicPath: '/shop',
          calls: ['cart', 'search'],
          cpu: 512,
          memory: 1024,
          desiredCount: 3,
          healthCheckPath: '/healthz',
          arch: 'arm64',
          spot: 100,
          autoscaling: { min: 2, max: 6, cpu: 60, memory: 70, requests: 800 },
          environment: { LOG_LEVEL: 'debug' },
          secrets: { SESSION_KEY: 'secretsmanager:acme/session#key' },
          exec: true,
        },
        {
          name: 'admin',
          role: 'client-only',
          port: 3001,
          public: true,
          publicPath: '/admin',
          calls: ['cart'],
          cpu: 256,
          memory: 512,
          desiredCount: 1,
          healthCheckPath: '/health',
          arch: 'x86_64',
        },
        {
          name: 'cart',
          role: 'client-server',
          port: 8080,
          public: false,
          publicPath: '/',
          calls: ['search'],
          cpu: 256,
          memory: 512,
          desiredCount: 1,
          healthCheckPath: '/ready/live',
          dockerBuild: { context: '../cart', dockerfile: 'docker/cart.Dockerfile' },
          arch: 'x86_64',
          timeouts: { perRequest: 30, idle: 120 },
        },
        {
          name: 'search',
          role: 'client-server',
          port: 9200,
          public: false,
          publicPath: '/',
          calls: [],
          cpu: 2048,
          memory: 8192,
          desiredCount: 2,
          healthCheckPath: '/health',
          image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-public/opensearchproject/opensearch:2.17.0',
          healthCheckCommand: 'curl -fs http://127.0.0.1:9200/_cluster/health || exit 1',
          arch: 'x86_64',
        },
      ],
      stages: [
        {
          name: 'live',
          account: '123456789012',
          region: 'eu-west-1',
          approval: true,
          deployRoleArn: 'arn:aws:iam::123456789012:role/acme-deployer',
          profile: 'prod',
          azs: 2,
          domain: 'live.example.com',
          certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/1f3c1a2b-1234-4abc-9def-0123456789ab',
          alarms: { email: 'ops@example.com' },
          // The one value added: a count left to the profile (admin, cart) is the stage
          // profile's (prod: 2, where the spec's dev gives 1), so the plan need not know it was left.
          services: {
            storefront: { desiredCount: 4, autoscaling: { min: 3, max: 8, requests: 900 } },
            admin: { desiredCount: 2 },
            cart: { desiredCount: 2 },
          },
        },
      ],
    });
    expect('image' in s.services[0]).toBe(false);
    expect('spot' in s.services[1]).toBe(false);
    expect('timeouts' in s.services[0]).toBe(false);
    expect('healthCheckCommand' in s.services[0]).toBe(false);
  });

  it('normalizes the YAML and JSON versions of a spec to the same result', () => {
    expect(specOf(fixture('shop.yaml'))).toEqual(specOf(fixture('shop.json')));
  });

  it('ignores $schema', () => {
    expect(specOf(spec({ $schema: './schema.json' }))).toEqual(specOf(spec()));
  });

  it('treats keys set to undefined (projen options) as absent', () => {
    expect(specOf(spec({ namespace: undefined, domain: undefined }, [svc({ cpu: undefined, image: undefined })]))).toEqual(specOf(spec()));
  });
});

describe('all errors at once', () => {
  it('reports every error of a spec together, in document order', () => {
    expect(errorsOf(fixture('many-errors.yaml'))).toEqual([
      { path: 'name', message: `"My Shop" contains "M", which is not allowed; ${PROJECT_CHARS}` },
      {
        path: 'azs',
        message:
          '1 is out of range; azs is 2 to 6 (the load balancer and a highly available prod deployment need at least 2 Availability Zones; each one adds VPC endpoint cost)',
      },
      { path: 'profile', message: `"staging" is not a profile; ${PROFILE_CHOICES}` },
      { path: 'services[0].port', message: '70000 is not a port (1-65535)' },
      { path: 'services[0].calls[0]', message: '"ordrs" is not a service in this spec; did you mean "orders"?' },
      {
        path: 'services[0].calls[1]',
        message: '"web" is this service itself; a service does not call itself through Service Connect, remove it from calls',
      },
      { path: 'services[1].role', message: `"server" is not a role (did you mean "client-server"?); ${ROLE_CHOICES}` },
      { path: 'services[1].prot', message: 'unknown key "prot"; did you mean "port"?' },
      { path: 'services[1].port', message: 'is required (the port the app listens on, 1024-65535)' },
      { path: 'services[2].name', message: '"web" is already used by services[0]' },
      { path: 'services[2].port', message: '"80" is a string, expected an integer' },
    ]);
  });

  it('orders errors by where the keys appear, not by the order of the checks', () => {
    const errors = errorsOf({ services: [{ port: 0, role: 'x', name: 'A' }], azs: 9, name: '' });
    expect(errors.map((e) => e.path)).toEqual(['services[0].port', 'services[0].role', 'services[0].name', 'azs', 'name']);
  });

  it('puts missing keys after the keys present, in schema order', () => {
    expect(errorsOf({ services: [{ public: 1 }] }).map((e) => e.path)).toEqual([
      'services[0].public',
      'services[0].name',
      'services[0].role',
      'services[0].port',
      'name',
    ]);
  });

  it('is deterministic', () => {
    const raw = fixture('many-errors.yaml');
    expect(errorsOf(raw)).toEqual(errorsOf(raw));
  });

  it('caps a flood of errors at 1000 plus a count', () => {
    const errors = errorsOf(spec({}, [svc({ calls: Array.from({ length: 1200 }, () => 'X') })]));
    expect(errors).toHaveLength(1001);
    expect(errors[1000]).toEqual({ path: '', message: 'and 200 more errors (fix the ones above first)' });
  });
});

describe('the document', () => {
  it('must be a mapping', () => {
    expect(errorsOf([])).toEqual([{ path: '', message: 'a list was given, expected a mapping with name and services' }]);
    expect(errorsOf(null)).toEqual([{ path: '', message: 'no value (null) was given, expected a mapping with name and services' }]);
    expect(errorsOf('shop')).toEqual([{ path: '', message: '"shop" is a string, expected a mapping with name and services' }]);
    expect(errorsOf(new Date(0))).toEqual([{ path: '', message: 'a value of type Date was given, expected a mapping with name and services' }]);
  });

  it('requires $schema to be a string when present', () => {
    expect(errorsOf(spec({ $schema: 5 }))).toContainEqual({ path: '$schema', message: '5 is a number, expected a string' });
  });

  it('rejects unknown keys, suggesting a close known key', () => {
    expect(errorsOf({ name: 'shop', servics: [svc()] })).toEqual([
      { path: 'servics', message: 'unknown key "servics"; did you mean "services"?' },
      { path: 'services', message: 'is required (a list of services, each with name, role and port)' },
    ]);
    expect(errorsOf(spec({ environment: 'dev' }))).toContainEqual({
      path: 'environment',
      message: 'unknown key "environment"; did you mean "profile"?',
    });
    expect(errorsOf(spec({ Name: 'x' }))).toContainEqual({ path: 'Name', message: 'unknown key "Name"; did you mean "name"?' });
  });

  it('lists the allowed keys when no known key is close', () => {
    expect(errorsOf(spec({ region: 'eu-west-1' }))).toEqual([
      {
        path: 'region',
        message:
          'unknown key "region"; allowed keys: $schema, name, namespace, azs, profile, domain, certificateArn, copilotMigration, alarms, services, stages',
      },
    ]);
  });

  it('quotes keys that are not identifiers in the path', () => {
    expect(errorsOf(spec({ 'my key': 1 }))[0].path).toBe('["my key"]');
    expect(errorsOf(spec({}, [svc({ 'x\ny': 1 })]))[0].path).toBe('services[0]["x\\ny"]');
  });

  it('treats __proto__ as an unknown key and pollutes nothing', () => {
    const raw = JSON.parse('{"name":"shop","services":[{"name":"a","role":"client-server","port":1024}],"__proto__":{"polluted":true}}');
    expect(errorsOf(raw)).toEqual([
      {
        path: '__proto__',
        message:
          'unknown key "__proto__"; allowed keys: $schema, name, namespace, azs, profile, domain, certificateArn, copilotMigration, alarms, services, stages',
      },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('name', () => {
  it('is required', () => {
    expect(errorsOf({ services: [svc()] })).toEqual([
      { path: 'name', message: 'is required (a short kebab-case project name such as "shop"; it prefixes stack, cluster and resource names)' },
    ]);
  });

  it('must be a string', () => {
    expect(errorsOf(spec({ name: 42 }))).toEqual([{ path: 'name', message: '42 is a number, expected a string' }]);
    expect(errorsOf(spec({ name: null }))).toEqual([{ path: 'name', message: 'no value (null) was given, expected a string' }]);
    expect(errorsOf(spec({ name: ['shop'] }))).toEqual([{ path: 'name', message: 'a list was given, expected a string' }]);
    expect(errorsOf(spec({ name: { a: 1 } }))).toEqual([{ path: 'name', message: 'a mapping was given, expected a string' }]);
  });

  it('must not be empty', () => {
    expect(errorsOf(spec({ name: '' }))).toEqual([{ path: 'name', message: 'the name is empty; use a short kebab-case name such as "shop"' }]);
  });

  it('uses only lowercase letters, digits and hyphens', () => {
    expect(errorsOf(spec({ name: 'shop_platform' }))).toEqual([
      { path: 'name', message: `"shop_platform" contains "_", which is not allowed; ${PROJECT_CHARS}` },
    ]);
  });

  it('starts with a letter', () => {
    expect(errorsOf(spec({ name: '1shop' }))).toEqual([{ path: 'name', message: '"1shop" must start with a lowercase letter' }]);
    expect(errorsOf(spec({ name: '-shop' }))).toEqual([{ path: 'name', message: '"-shop" must start with a lowercase letter' }]);
  });

  it('does not end with a hyphen', () => {
    expect(errorsOf(spec({ name: 'shop-' }))).toEqual([{ path: 'name', message: '"shop-" ends with a hyphen; remove it' }]);
  });

  it('has no double hyphen', () => {
    expect(errorsOf(spec({ name: 'shop--x' }))).toEqual([
      {
        path: 'name',
        message:
          '"shop--x" contains "--"; use single hyphens (names are split on hyphens into identifiers such as "ordersApi", where "a--b" and "a-b" would collide; "--" in a DNS label is also reserved for IDNs like "xn--")',
      },
    ]);
  });

  it('is at most 32 characters', () => {
    expect(specOf(spec({ name: 'a'.repeat(32) })).name).toHaveLength(32);
    expect(errorsOf(spec({ name: 'a'.repeat(33) }))).toEqual([
      {
        path: 'name',
        message: `"${'a'.repeat(33)}" is 33 characters; the project name is at most 32 because it prefixes stack names, the cluster name and resource names`,
      },
    ]);
  });
});

describe('namespace', () => {
  it('defaults to <name>.internal', () => {
    expect(specOf(spec({ name: 'acme' })).namespace).toBe('acme.internal');
  });

  it('accepts a DNS name', () => {
    expect(specOf(spec({ namespace: 'svc.acme-1.local' })).namespace).toBe('svc.acme-1.local');
  });

  it('must be lowercase', () => {
    expect(errorsOf(spec({ namespace: 'Shop.Internal' }))).toEqual([
      { path: 'namespace', message: '"Shop.Internal" has uppercase letters; write it in lowercase: "shop.internal"' },
    ]);
  });

  it('is not an IP address', () => {
    for (const ns of ['10.0.0.1', '2130706433', '0x7f000001', '10.1']) {
      expect(errorsOf(spec({ namespace: ns })), ns).toEqual([
        { path: 'namespace', message: `"${ns}" is an IP address; namespace is a Cloud Map name such as "shop.internal"` },
      ]);
    }
    expect(specOf(spec({ namespace: '1.shop.internal' })).namespace).toBe('1.shop.internal');
  });

  it('uses only letters, digits, hyphens and dots', () => {
    expect(errorsOf(spec({ namespace: 'shop_internal' }))).toEqual([
      {
        path: 'namespace',
        message: '"shop_internal" contains "_", which is not allowed; namespace is dot-separated labels of lowercase letters, digits and hyphens',
      },
    ]);
  });

  it('has no empty label', () => {
    for (const ns of ['shop..internal', '.shop', 'shop.']) {
      expect(errorsOf(spec({ namespace: ns }))).toEqual([
        { path: 'namespace', message: `"${ns}" has an empty label; separate labels with single dots, with no dot at the start or end` },
      ]);
    }
  });

  it('has labels of at most 63 characters', () => {
    const ns = `${'a'.repeat(64)}.internal`;
    expect(errorsOf(spec({ namespace: ns }))).toEqual([
      { path: 'namespace', message: `"${ns}" has a label of 64 characters; a DNS label is at most 63` },
    ]);
  });

  it('has labels that neither start nor end with a hyphen', () => {
    expect(errorsOf(spec({ namespace: 'shop.-internal' }))).toEqual([
      {
        path: 'namespace',
        message: '"shop.-internal" has a label that starts or ends with a hyphen ("-internal"); labels start and end with a letter or digit',
      },
    ]);
  });

  it('is at most 253 characters', () => {
    const ns = Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.'); // 255
    expect(errorsOf(spec({ namespace: ns }))).toEqual([
      { path: 'namespace', message: `"${ns.slice(0, 100)}..." is 255 characters; a DNS name is at most 253` },
    ]);
  });

  it('is not empty', () => {
    expect(errorsOf(spec({ namespace: '' }))).toEqual([
      { path: 'namespace', message: 'the value is empty; remove the key or give a value such as "shop.internal"' },
    ]);
  });
});

describe('azs', () => {
  it('defaults to 2 and accepts 2 to 6', () => {
    expect(specOf(spec()).azs).toBe(2);
    expect(specOf(spec({ azs: 6 })).azs).toBe(6);
  });

  it('is 2 to 6', () => {
    const why =
      'azs is 2 to 6 (the load balancer and a highly available prod deployment need at least 2 Availability Zones; each one adds VPC endpoint cost)';
    expect(errorsOf(spec({ azs: 1 }))).toEqual([{ path: 'azs', message: `1 is out of range; ${why}` }]);
    expect(errorsOf(spec({ azs: 7 }))).toEqual([{ path: 'azs', message: `7 is out of range; ${why}` }]);
  });

  it('is an integer', () => {
    expect(errorsOf(spec({ azs: 2.5 }))).toEqual([{ path: 'azs', message: '2.5 is not a whole number, expected an integer' }]);
    expect(errorsOf(spec({ azs: '2' }))).toEqual([{ path: 'azs', message: '"2" is a string, expected an integer' }]);
  });
});

describe('profile', () => {
  it('defaults to prod', () => {
    expect(specOf(spec()).profile).toBe('prod');
  });

  it('is dev or prod', () => {
    expect(errorsOf(spec({ profile: 'staging' }))).toEqual([{ path: 'profile', message: `"staging" is not a profile; ${PROFILE_CHOICES}` }]);
  });

  it('suggests the intended profile', () => {
    expect(errorsOf(spec({ profile: 'Prod' }))).toEqual([
      { path: 'profile', message: `"Prod" is not a profile (did you mean "prod"?); ${PROFILE_CHOICES}` },
    ]);
    expect(errorsOf(spec({ profile: 'production' }))).toEqual([
      { path: 'profile', message: `"production" is not a profile (did you mean "prod"?); ${PROFILE_CHOICES}` },
    ]);
  });
});

describe('domain and certificateArn', () => {
  const publicWeb = [svc({ public: true })];

  it('are accepted together with a public service', () => {
    const s = specOf(spec({ domain: 'api.example.com', certificateArn: CERT }, publicWeb));
    expect(s.domain).toBe('api.example.com');
    expect(s.certificateArn).toBe(CERT);
  });

  it('accept the ARNs of other partitions', () => {
    for (const arn of [
      'arn:aws-cn:acm:cn-north-1:123456789012:certificate/abc-123',
      'arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/abc-123',
    ]) {
      expect(specOf(spec({ domain: 'api.example.com', certificateArn: arn }, publicWeb)).certificateArn).toBe(arn);
    }
  });

  it('domain requires certificateArn', () => {
    expect(errorsOf(spec({ domain: 'api.example.com' }, publicWeb))).toEqual([
      {
        path: 'domain',
        message:
          "domain needs certificateArn: the load balancer serves HTTPS for the domain with an ACM certificate; add certificateArn, or remove domain to serve plain HTTP on the load balancer's own name",
      },
    ]);
  });

  it('certificateArn requires domain', () => {
    expect(errorsOf(spec({ certificateArn: CERT }, publicWeb))).toEqual([
      {
        path: 'certificateArn',
        message: 'certificateArn needs domain: the certificate is used only for HTTPS on the domain; add domain, or remove certificateArn',
      },
    ]);
  });

  it('require a public service', () => {
    expect(errorsOf(spec({ domain: 'api.example.com', certificateArn: CERT }))).toEqual([
      {
        path: 'domain',
        message:
          'domain is set but no service is public; set public: true on the service the domain should reach, or remove domain and certificateArn',
      },
    ]);
  });

  it('domain is a fully qualified lowercase host name', () => {
    expect(errorsOf(spec({ domain: 'localhost', certificateArn: CERT }, publicWeb))).toEqual([
      { path: 'domain', message: '"localhost" is not a fully qualified domain name; use a name such as "api.example.com"' },
    ]);
    expect(errorsOf(spec({ domain: 'API.example.com', certificateArn: CERT }, publicWeb))).toEqual([
      { path: 'domain', message: '"API.example.com" has uppercase letters; write it in lowercase: "api.example.com"' },
    ]);
    expect(errorsOf(spec({ domain: '*.example.com', certificateArn: CERT }, publicWeb))).toEqual([
      {
        path: 'domain',
        message: '"*.example.com" contains "*", which is not allowed; domain is dot-separated labels of lowercase letters, digits and hyphens',
      },
    ]);
  });

  it('certificateArn names a known partition and one of its regions', () => {
    const arn = (partition: string, region: string) => `arn:${partition}:acm:${region}:123456789012:certificate/abc-123`;
    const errorOf = (certificateArn: string) => errorsOf(spec({ domain: 'api.example.com', certificateArn }, publicWeb));
    for (const [p, r] of [
      ['aws-iso', 'us-iso-east-1'],
      ['aws-iso-b', 'us-isob-east-1'],
      ['aws-iso-f', 'us-isof-south-1'],
      ['aws-iso-e', 'eu-isoe-west-1'],
      ['aws', 'eu-west-1'],
    ]) {
      expect(specOf(spec({ domain: 'api.example.com', certificateArn: arn(p, r) }, publicWeb)).certificateArn, `${p} ${r}`).toBe(arn(p, r));
    }
    expect(errorOf(arn('aws-foo', 'us-east-1'))).toEqual([
      {
        path: 'certificateArn',
        message: `"${arn('aws-foo', 'us-east-1')}" names the partition "aws-foo", which is not an AWS partition (aws, aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-us-gov)`,
      },
    ]);
    expect(errorOf(arn('aws', 'zz-fake-9'))).toEqual([
      {
        path: 'certificateArn',
        message: `"${arn('aws', 'zz-fake-9')}" names the region "zz-fake-9", which is not a region of partition aws; use the region the certificate was issued in (the region the stacks deploy to)`,
      },
    ]);
    expect(errorOf(arn('aws', 'us-est-1'))[0].message).toContain('did you mean "us-east-1"?');
    expect(errorOf(arn('aws', 'cn-north-1'))[0].message).toContain('"cn-north-1" is in partition aws-cn: write arn:aws-cn:acm:cn-north-1:...');
    expect(errorOf(arn('aws-us-gov', 'us-east-1'))[0].message).toContain('"us-east-1" is in partition aws: write arn:aws:acm:us-east-1:...');
  });

  it('domain is not an IP address', () => {
    for (const ip of ['10.0.0.1', '127.1', '0x7f.0x1', '192.168.0.300', 'shop.123']) {
      expect(errorsOf(spec({ domain: ip, certificateArn: CERT }, publicWeb)), ip).toEqual([
        { path: 'domain', message: `"${ip}" is an IP address; domain is the host name the certificate is issued for, such as "api.example.com"` },
      ]);
    }
    expect(specOf(spec({ domain: '1.example.com', certificateArn: CERT }, publicWeb)).domain).toBe('1.example.com');
  });

  it('certificateArn is an ACM certificate ARN', () => {
    expect(errorsOf(spec({ domain: 'api.example.com', certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' }, publicWeb))).toEqual([
      { path: 'certificateArn', message: `"arn:aws:iam::123456789012:server-certificate/x" ${ARN_FORMAT}` },
    ]);
    expect(errorsOf(spec({ domain: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:1234:certificate/x' }, publicWeb))).toEqual([
      { path: 'certificateArn', message: `"arn:aws:acm:us-east-1:1234:certificate/x" ${ARN_FORMAT}` },
    ]);
  });
});

describe('services', () => {
  it('is required', () => {
    expect(errorsOf({ name: 'shop' })).toEqual([{ path: 'services', message: 'is required (a list of services, each with name, role and port)' }]);
  });

  it('is a list', () => {
    expect(errorsOf(spec({}, { api: svc() }))).toEqual([{ path: 'services', message: 'a mapping was given, expected a list of services' }]);
    expect(errorsOf(spec({}, null))).toEqual([{ path: 'services', message: 'no value (null) was given, expected a list of services' }]);
  });

  it('is not empty', () => {
    expect(errorsOf(spec({}, []))).toEqual([
      { path: 'services', message: 'the list is empty; add at least one service, e.g. { name: api, role: client-server, port: 8080 }' },
    ]);
  });

  it('holds at most 500 services', () => {
    const many = Array.from({ length: 501 }, (_, i) => svc({ name: `s${i}` }));
    expect(specOf(spec({}, many.slice(0, 500))).services).toHaveLength(500);
    expect(errorsOf(spec({}, many))).toEqual([
      {
        path: 'services',
        message: '501 services is more than the 500 this generator supports; split the platform into several specs (only the first 500 were checked)',
      },
    ]);
  });

  it('holds mappings', () => {
    expect(errorsOf(spec({}, ['api', svc({ name: 'b' })]))).toEqual([
      { path: 'services[0]', message: '"api" is a string, expected a mapping with name, role and port' },
    ]);
    expect(errorsOf(spec({}, [[1], svc()]))).toEqual([
      { path: 'services[0]', message: 'a list was given, expected a mapping with name, role and port' },
    ]);
  });

  it('must not all be client-only', () => {
    expect(errorsOf(spec({}, [svc({ name: 'a', role: 'client-only' }), svc({ name: 'b', role: 'client-only' })]))).toEqual([
      {
        path: 'services',
        message:
          'every service is client-only; ECS cannot complete the first deployment when the first service in a namespace is client-only: make at least one service client-server',
      },
    ]);
  });

  it('rejects unknown service keys, suggesting the known key', () => {
    expect(errorsOf(spec({}, [svc({ prot: 80 })]))).toEqual([{ path: 'services[0].prot', message: 'unknown key "prot"; did you mean "port"?' }]);
    expect(errorsOf(spec({}, [svc({ replicas: 3 })]))).toEqual([
      { path: 'services[0].replicas', message: 'unknown key "replicas"; did you mean "desiredCount"?' },
    ]);
    expect(errorsOf(spec({}, [svc({ healthcheck: '/h' })]))).toEqual([
      { path: 'services[0].healthcheck', message: 'unknown key "healthcheck"; did you mean "healthCheckPath"?' },
    ]);
    expect(errorsOf(spec({}, [svc({ env: {} })]))).toEqual([{ path: 'services[0].env', message: 'unknown key "env"; did you mean "environment"?' }]);
    expect(errorsOf(spec({}, [svc({ ports: 80 })]))).toEqual([{ path: 'services[0].ports', message: 'unknown key "ports"; did you mean "port"?' }]);
    expect(errorsOf(spec({}, [svc({ sidecars: {} })]))).toEqual([
      {
        path: 'services[0].sidecars',
        message:
          'unknown key "sidecars"; allowed keys: name, role, port, public, publicPath, calls, cpu, memory, desiredCount, healthCheckPath, image, dockerBuild, healthCheckCommand, autoscaling, environment, secrets, exec, arch, spot, timeouts',
      },
    ]);
  });
});

describe('service name', () => {
  it('is required', () => {
    expect(errorsOf(spec({}, [{ role: 'client-server', port: 1024 }]))).toEqual([
      { path: 'services[0].name', message: 'is required (a lowercase DNS label such as "orders"; other services call it by this name)' },
    ]);
  });

  it('is a string', () => {
    expect(errorsOf(spec({}, [svc({ name: 7 })]))).toEqual([{ path: 'services[0].name', message: '7 is a number, expected a string' }]);
  });

  it('is not empty', () => {
    expect(errorsOf(spec({}, [svc({ name: '' })]))).toEqual([
      { path: 'services[0].name', message: 'the name is empty; use a lowercase DNS label such as "orders"' },
    ]);
  });

  it('is a lowercase DNS label', () => {
    expect(errorsOf(spec({}, [svc({ name: 'Orders' })]))).toEqual([
      { path: 'services[0].name', message: `"Orders" contains "O", which is not allowed; ${SERVICE_CHARS}` },
    ]);
    expect(errorsOf(spec({}, [svc({ name: 'orders.api' })]))).toEqual([
      { path: 'services[0].name', message: `"orders.api" contains ".", which is not allowed; ${SERVICE_CHARS}` },
    ]);
    expect(errorsOf(spec({}, [svc({ name: '9lives' })]))).toEqual([
      { path: 'services[0].name', message: '"9lives" must start with a lowercase letter' },
    ]);
    expect(errorsOf(spec({}, [svc({ name: 'orders-' })]))).toEqual([
      { path: 'services[0].name', message: '"orders-" ends with a hyphen; remove it' },
    ]);
  });

  it('has no double hyphen', () => {
    expect(errorsOf(spec({}, [svc({ name: 'orders--api' })]))[0].message).toMatch(/^"orders--api" contains "--"; use single hyphens/);
  });

  it('is at most 63 characters (the DNS label limit, not the ECS 255)', () => {
    expect(specOf(spec({}, [svc({ name: 'a'.repeat(63) })])).services[0].name).toHaveLength(63);
    expect(errorsOf(spec({}, [svc({ name: 'a'.repeat(64) })]))).toEqual([
      {
        path: 'services[0].name',
        message: `"${'a'.repeat(64)}" is 64 characters; a service name is at most 63: it is the Service Connect discovery name and DNS name, and a DNS label holds at most 63 characters (ECS alone would allow 255)`,
      },
    ]);
  });

  it('is not localhost', () => {
    expect(errorsOf(spec({}, [svc({ name: 'localhost' })]))).toEqual([
      {
        path: 'services[0].name',
        message: `"localhost" is reserved: Service Connect writes every service name into each task's /etc/hosts, so this name would take over localhost; choose another name`,
      },
    ]);
  });

  it('is unique', () => {
    expect(errorsOf(spec({}, [svc({ name: 'orders' }), svc({ name: 'web' }), svc({ name: 'x' }), svc({ name: 'web', port: 1024 })]))).toEqual([
      { path: 'services[3].name', message: '"web" is already used by services[1]' },
    ]);
  });
});

describe('role', () => {
  it('is required', () => {
    expect(errorsOf(spec({}, [{ name: 'api', port: 1024 }]))).toEqual([{ path: 'services[0].role', message: REQUIRED_ROLE }]);
  });

  it('is client-only or client-server', () => {
    expect(errorsOf(spec({}, [svc({ role: 'backend' })]))).toEqual([
      { path: 'services[0].role', message: `"backend" is not a role; ${ROLE_CHOICES}` },
    ]);
  });

  it('suggests the intended role', () => {
    expect(errorsOf(spec({}, [svc({ role: 'client_server' })]))).toEqual([
      { path: 'services[0].role', message: `"client_server" is not a role (did you mean "client-server"?); ${ROLE_CHOICES}` },
    ]);
    expect(errorsOf(spec({}, [svc({ role: 'Client-Only' })]))[0].message).toContain('(did you mean "client-only"?)');
  });
});

describe('port', () => {
  it('is required', () => {
    expect(errorsOf(spec({}, [{ name: 'api', role: 'client-server' }]))).toEqual([
      { path: 'services[0].port', message: 'is required (the port the app listens on, 1024-65535)' },
    ]);
  });

  it('is 1-65535', () => {
    const three = [svc({ name: 'a' }), svc({ name: 'b' }), svc({ name: 'c', port: 70000 })];
    expect(errorsOf(spec({}, three))).toContainEqual({ path: 'services[2].port', message: '70000 is not a port (1-65535)' });
    expect(errorsOf(spec({}, [svc({ port: 0 })]))).toEqual([{ path: 'services[0].port', message: '0 is not a port (1-65535)' }]);
    expect(errorsOf(spec({}, [svc({ port: -1 })]))).toEqual([{ path: 'services[0].port', message: '-1 is not a port (1-65535)' }]);
    expect(specOf(spec({}, [svc({ port: 65535 })])).services[0].port).toBe(65535);
  });

  it('is from 1024, for every service: a non-root user cannot bind a lower port on Fargate', () => {
    const low = (port: number) =>
      `port ${port} is below 1024, which a non-root process cannot bind on Fargate (the generated app runs as the user "node"); ` +
      `use a port from 1024, e.g. ${port + 8000}: the load balancer still listens on 80/443, and callers use http://<name>:<port>`;
    expect(errorsOf(spec({}, [svc({ port: 80 })]))).toEqual([{ path: 'services[0].port', message: low(80) }]);
    expect(low(80)).toContain('e.g. 8080');
    // an image's user is unknown, so the rule holds for image services too
    const image = svc({ name: 'b', port: 443, public: true, healthCheckPath: '/', image: `${ECR}/web:1` });
    expect(errorsOf(spec({}, [svc(), image]))).toEqual([{ path: 'services[1].port', message: low(443) }]);
    expect(errorsOf(spec({}, [svc({ port: 1 })]))).toEqual([{ path: 'services[0].port', message: low(1) }]);
    expect(errorsOf(spec({}, [svc({ port: 1023 })]))).toEqual([{ path: 'services[0].port', message: low(1023) }]);
    expect(specOf(spec({}, [svc({ port: 1024 })])).services[0].port).toBe(1024);
  });

  it('is an integer, not a string', () => {
    const two = [svc({ name: 'a' }), svc({ name: 'b', port: '80' })];
    expect(errorsOf(spec({}, two))).toEqual([{ path: 'services[1].port', message: '"80" is a string, expected an integer' }]);
    expect(errorsOf(spec({}, [svc({ port: 80.5 })]))).toEqual([
      { path: 'services[0].port', message: '80.5 is not a whole number, expected an integer' },
    ]);
    expect(errorsOf(spec({}, [svc({ port: true })]))).toEqual([{ path: 'services[0].port', message: 'true is a boolean, expected an integer' }]);
    expect(errorsOf(spec({}, [svc({ port: null })]))).toEqual([
      { path: 'services[0].port', message: 'no value (null) was given, expected an integer' },
    ]);
  });
});

describe('public and publicPath', () => {
  it('public is a boolean, default false', () => {
    expect(specOf(spec()).services[0].public).toBe(false);
    expect(errorsOf(spec({}, [svc({ public: 'yes' })]))).toEqual([
      { path: 'services[0].public', message: '"yes" is a string, expected true or false' },
    ]);
  });

  it('publicPath defaults to /', () => {
    expect(specOf(spec({}, [svc({ public: true })])).services[0].publicPath).toBe('/');
  });

  it('publicPath only with public: true', () => {
    expect(errorsOf(spec({}, [svc({ publicPath: '/api' })]))).toEqual([
      { path: 'services[0].publicPath', message: 'publicPath only applies to public services; set public: true or remove publicPath' },
    ]);
    expect(errorsOf(spec({}, [svc({ public: false, publicPath: '/api' })]))[0].path).toBe('services[0].publicPath');
  });

  it('starts with /', () => {
    expect(errorsOf(spec({}, [svc({ public: true, publicPath: 'api' })]))).toEqual([
      { path: 'services[0].publicPath', message: '"api" must start with "/"; write "/api"' },
    ]);
  });

  it('uses only safe characters', () => {
    expect(errorsOf(spec({}, [svc({ public: true, publicPath: '/a b' })]))).toEqual([
      { path: 'services[0].publicPath', message: `"/a b" contains " ", which is not allowed; publicPath ${PATH_CHARS}` },
    ]);
  });

  it('has no trailing slash except /', () => {
    expect(errorsOf(spec({}, [svc({ public: true, publicPath: '/api/' })]))).toEqual([
      {
        path: 'services[0].publicPath',
        message: '"/api/" ends with "/"; write "/api" (the load balancer forwards that path and everything under it)',
      },
    ]);
  });

  it('has no empty, . or .. segment', () => {
    expect(errorsOf(spec({}, [svc({ public: true, publicPath: '/a//b' })]))).toEqual([
      { path: 'services[0].publicPath', message: '"/a//b" has an empty segment ("//"); remove the extra "/"' },
    ]);
    expect(errorsOf(spec({}, [svc({ public: true, publicPath: '/a/../b' })]))).toEqual([
      { path: 'services[0].publicPath', message: '"/a/../b" has a ".." segment; write the path without "." or ".." segments' },
    ]);
  });

  it('is at most 128 characters', () => {
    const path = `/${'a'.repeat(128)}`;
    expect(errorsOf(spec({}, [svc({ public: true, publicPath: path })]))).toEqual([
      { path: 'services[0].publicPath', message: `"/${'a'.repeat(99)}..." is 129 characters; publicPath is at most 128` },
    ]);
  });

  it('is unique among public services', () => {
    expect(
      errorsOf(
        spec({}, [
          svc({ name: 'web', public: true }),
          svc({ name: 'api', public: true, publicPath: '/api' }),
          svc({ name: 'admin', public: true }),
          svc({ name: 'v2', public: true, publicPath: '/api' }),
        ]),
      ),
    ).toEqual([
      {
        path: 'services[2].publicPath',
        message: '"/" (the default) is already the publicPath of services[0] ("web"); give each public service its own publicPath',
      },
      {
        path: 'services[3].publicPath',
        message: '"/api" is already the publicPath of services[1] ("api"); give each public service its own publicPath',
      },
    ]);
  });
});

describe('calls', () => {
  const graph = (calls: unknown, extra: Raw[] = []): Raw =>
    spec({}, [
      svc({ name: 'web', role: 'client-only', public: true, calls }),
      svc({ name: 'orders' }),
      svc({ name: 'front', role: 'client-only' }),
      ...extra,
    ]);

  it('defaults to an empty list', () => {
    expect(specOf(spec()).services[0].calls).toEqual([]);
  });

  it('is a list of names', () => {
    expect(errorsOf(graph('orders'))).toEqual([{ path: 'services[0].calls', message: '"orders" is a string, expected a list of service names' }]);
    expect(errorsOf(graph([1]))).toEqual([{ path: 'services[0].calls[0]', message: '1 is a number, expected a service name (a string)' }]);
  });

  it('names a service of the spec, suggesting a close one', () => {
    expect(errorsOf(graph(['orders', 'ordrs']))).toEqual([
      { path: 'services[0].calls[1]', message: '"ordrs" is not a service in this spec; did you mean "orders"?' },
    ]);
    expect(errorsOf(graph(['billing']))).toEqual([
      { path: 'services[0].calls[0]', message: '"billing" is not a service in this spec; the services are: web, orders, front' },
    ]);
  });

  it('checks each entry against the service-name rule first', () => {
    expect(errorsOf(graph(['Orders']))).toEqual([
      { path: 'services[0].calls[0]', message: `"Orders" contains "O", which is not allowed; ${SERVICE_CHARS}` },
    ]);
  });

  it('does not name the service itself', () => {
    expect(errorsOf(graph(['web']))).toEqual([
      {
        path: 'services[0].calls[0]',
        message: '"web" is this service itself; a service does not call itself through Service Connect, remove it from calls',
      },
    ]);
  });

  it('does not name a client-only service', () => {
    expect(errorsOf(graph([], [svc({ name: 'worker', role: 'client-only', calls: ['orders', 'web'] })]))).toEqual([
      {
        path: 'services[3].calls[1]',
        message: '"web" is client-only, so it registers no endpoint and cannot be called; make it client-server or remove the call',
      },
    ]);
  });

  it('names each service once', () => {
    expect(errorsOf(graph(['orders', 'orders']))).toEqual([
      { path: 'services[0].calls[1]', message: '"orders" is already listed at services[0].calls[0]; remove the duplicate' },
    ]);
  });
});

describe('cpu and memory', () => {
  it('default to 256 and 512', () => {
    expect(specOf(spec()).services[0]).toMatchObject({ cpu: 256, memory: 512 });
  });

  it('are integers', () => {
    expect(errorsOf(spec({}, [svc({ cpu: '256' })]))).toEqual([{ path: 'services[0].cpu', message: '"256" is a string, expected an integer' }]);
    expect(errorsOf(spec({}, [svc({ memory: 0.5 })]))).toEqual([
      { path: 'services[0].memory', message: '0.5 is not a whole number, expected an integer' },
    ]);
  });

  it('have a floor of 128', () => {
    expect(errorsOf(spec({}, [svc({ cpu: 64 })]))).toEqual([
      { path: 'services[0].cpu', message: '64 is below the minimum of 128 CPU units (1024 units = 1 vCPU)' },
    ]);
    expect(errorsOf(spec({}, [svc({ memory: 64 })]))).toEqual([{ path: 'services[0].memory', message: '64 is below the minimum of 128 MiB' }]);
  });

  it('fit a Fargate task with the sidecar', () => {
    expect(specOf(spec({}, [svc({ cpu: 16128, memory: 122816 })])).services[0]).toMatchObject({ cpu: 16128, memory: 122816 });
    expect(errorsOf(spec({}, [svc({ cpu: 16384 })]))).toEqual([
      {
        path: 'services[0]',
        message: 'cpu 16384 + 256 for the Service Connect sidecar exceeds the largest Fargate task (16384 CPU units, 122880 MiB); lower cpu',
      },
    ]);
    expect(errorsOf(spec({}, [svc({ memory: 122880 })]))).toEqual([
      {
        path: 'services[0]',
        message: 'memory 122880 + 64 for the Service Connect sidecar exceeds the largest Fargate task (16384 CPU units, 122880 MiB); lower memory',
      },
    ]);
    expect(errorsOf(spec({}, [svc({ cpu: 20000, memory: 200000 })]))).toEqual([
      {
        path: 'services[0]',
        message:
          'cpu 20000 + 256 and memory 200000 + 64 for the Service Connect sidecar exceed the largest Fargate task (16384 CPU units, 122880 MiB); lower cpu and memory',
      },
    ]);
  });

  it('report the task-size error after the other errors of the service', () => {
    expect(errorsOf(spec({}, [svc({ cpu: 16384, port: 0 })])).map((e) => e.path)).toEqual(['services[0].port', 'services[0]']);
  });
});

describe('desiredCount', () => {
  it('is 1 to 100', () => {
    const why = 'desiredCount is 1 to 100 (the number of tasks ECS keeps running for the service)';
    expect(errorsOf(spec({}, [svc({ desiredCount: 0 })]))).toEqual([{ path: 'services[0].desiredCount', message: `0 is out of range; ${why}` }]);
    expect(errorsOf(spec({}, [svc({ desiredCount: 101 })]))).toEqual([{ path: 'services[0].desiredCount', message: `101 is out of range; ${why}` }]);
    expect(specOf(spec({}, [svc({ desiredCount: 100 })])).services[0].desiredCount).toBe(100);
  });
});

describe('healthCheckPath', () => {
  it('defaults to /health', () => {
    expect(specOf(spec()).services[0].healthCheckPath).toBe('/health');
  });

  it('starts with /', () => {
    expect(errorsOf(spec({}, [svc({ healthCheckPath: 'health' })]))).toEqual([
      { path: 'services[0].healthCheckPath', message: '"health" must start with "/"; write "/health"' },
    ]);
  });

  it('has no quotes, spaces or query strings', () => {
    for (const [path, ch] of [
      ['/health?full=1', '?'],
      ["/he'alth", "'"],
      ['/he"alth', '\\"'],
      ['/health check', ' '],
    ]) {
      expect(errorsOf(spec({}, [svc({ healthCheckPath: path })]))).toEqual([
        {
          path: 'services[0].healthCheckPath',
          message: `${JSON.stringify(path)} contains "${ch}", which is not allowed; healthCheckPath ${PATH_CHARS}`,
        },
      ]);
    }
  });

  it('may end with a slash', () => {
    expect(specOf(spec({}, [svc({ healthCheckPath: '/health/' })])).services[0].healthCheckPath).toBe('/health/');
  });

  it('is required for a public image or dockerBuild service: the load balancer checks it, and only a generated app is known to serve /health', () => {
    const required = (what: string) =>
      `is required for a public service that runs ${what}: the load balancer requests it on every task and replaces tasks that do not answer 2xx, ` +
      'and only a generated app is known to serve the default "/health"; set healthCheckPath to a path the container answers with 2xx, e.g. "/" for nginx';
    const image = { image: `${ECR}/nginx:1.27` };
    const build = { dockerBuild: { context: '../web' } };
    expect(errorsOf(spec({}, [svc(), svc({ name: 'web', public: true, ...image })]))).toEqual([
      { path: 'services[1].healthCheckPath', message: required('an image') },
    ]);
    expect(errorsOf(spec({}, [svc({ public: true, ...build })]))).toEqual([
      { path: 'services[0].healthCheckPath', message: required('a build of your own Dockerfile') },
    ]);
    // With the path, or private (no load balancer check), or a generated app: accepted.
    expect(specOf(spec({}, [svc({ public: true, healthCheckPath: '/', ...image })])).services[0].healthCheckPath).toBe('/');
    expect(specOf(spec({}, [svc({ public: true, healthCheckPath: '/health', ...build })])).services[0].healthCheckPath).toBe('/health');
    expect(specOf(spec({}, [svc(image)])).services[0].healthCheckPath).toBe('/health');
    expect(specOf(spec({}, [svc({ public: true })])).services[0].healthCheckPath).toBe('/health');
  });

  it('is at most 1024 characters', () => {
    expect(errorsOf(spec({}, [svc({ healthCheckPath: `/${'h'.repeat(1024)}` })]))).toEqual([
      { path: 'services[0].healthCheckPath', message: `"/${'h'.repeat(99)}..." is 1025 characters; healthCheckPath is at most 1024` },
    ]);
  });
});

describe('image', () => {
  it('accepts images in private ECR, with a tag, a digest or both', () => {
    for (const image of [
      `${ECR}/app`,
      `${ECR}/team/app:v1.2.3`,
      `${ECR}/ecr-public/nginx/nginx:1.27`,
      `${ECR}/docker-hub/library/nginx:1.27-alpine`,
      `${ECR}/a_b.c-d/e:latest@sha256:${'a'.repeat(64)}`,
      `${ECR}/ab@sha256:${'0'.repeat(64)}`,
      '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/app:1',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1',
      '123456789012.dkr.ecr.ap-southeast-7.amazonaws.com/app:1',
    ]) {
      expect(specOf(spec({}, [svc({ image })])).services[0].image).toBe(image);
    }
  });

  it('is not empty', () => {
    expect(errorsOf(spec({}, [svc({ image: '' })]))).toEqual([
      {
        path: 'services[0].image',
        message:
          'image is empty; remove the key to get an app folder for the service, or give an image in Amazon ECR such as "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2"',
      },
    ]);
  });

  it('is in Amazon ECR: other registries are refused with the fix (push to ECR, or a pull-through cache)', () => {
    for (const image of [
      'nginx',
      'nginx:1.27',
      'library/nginx:1.27',
      'docker.io/library/nginx:1.27',
      'public.ecr.aws/nginx/nginx:1.27',
      'ghcr.io/owner/my_app__x:latest',
      'localhost:5000/app',
      `registry.example.com/app@sha256:${'a'.repeat(64)}`,
    ]) {
      expect(errorsOf(spec({}, [svc({ image })]))).toEqual([{ path: 'services[0].image', message: `${JSON.stringify(image)} ${NOT_IN_ECR}` }]);
    }
  });

  it('is a well-formed ECR reference', () => {
    for (const image of [
      'Nginx',
      'nginx:',
      'nginx@sha256:abc',
      'https://example.com/app',
      'app:-tag',
      'a//b',
      '${IMAGE}',
      // ECR-like, but not ECR's form: short account, no repository, 1-character repository,
      // upper case, a China region outside amazonaws.com.cn and the other way round, a port
      '12345678901.dkr.ecr.eu-west-1.amazonaws.com/app',
      `${ECR}/`,
      `${ECR}/a`,
      `${ECR}/App`,
      `${ECR}/a__b`,
      '123456789012.dkr.ecr.EU-WEST-1.amazonaws.com/app',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com/app',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com.cn/app',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com:443/app',
      '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app',
    ]) {
      expect(errorsOf(spec({}, [svc({ image })])), image).toEqual([
        { path: 'services[0].image', message: `${JSON.stringify(image)} ${IMAGE_FORMAT}` },
      ]);
    }
  });

  it('has a repository of at most 256 characters', () => {
    const ok = `123456789012.dkr.ecr.us-east-1.amazonaws.com/${'a'.repeat(200)}`;
    expect(specOf(spec({}, [svc({ image: ok })])).services[0].image).toBe(ok);
  });

  it('is at most 255 characters', () => {
    const image = `${ECR}/${'a'.repeat(240)}`;
    expect(errorsOf(spec({}, [svc({ image })]))).toEqual([
      { path: 'services[0].image', message: `"${image.slice(0, 100)}..." is 285 characters; ECS accepts image references of at most 255` },
    ]);
  });

  it('is in one region with every other image and the certificate: the platform deploys to one region', () => {
    const images = [
      svc({ name: 'a', image: `${ECR}/aa:1` }),
      svc({ name: 'b', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/bb:1' }),
      svc({ name: 'c' }),
      svc({ name: 'd', image: '210987654321.dkr.ecr.eu-west-1.amazonaws.com/dd:1' }),
    ];
    const mismatch = (region: string, other: string, path: string) =>
      `is in ECR in ${region}, but ${path} is in ${other}: the platform deploys to one region, and its tasks pull only from ECR in that region; ` +
      'push every image (or create its pull-through cache rule) in the region you deploy to';
    expect(errorsOf(spec({}, images))).toEqual([{ path: 'services[1].image', message: mismatch('us-east-1', 'eu-west-1', 'services[0].image') }]);
    // the certificate's region is the deploy region
    const https = { domain: 'shop.example.com', certificateArn: CERT };
    const pub = [
      svc({ name: 'a', public: true, healthCheckPath: '/', image: `${ECR}/aa:1` }),
      svc({ name: 'b', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/bb:1' }),
    ];
    expect(errorsOf(spec(https, pub))).toEqual([{ path: 'services[0].image', message: mismatch('eu-west-1', 'us-east-1', 'certificateArn') }]);
  });
});

describe('healthCheckCommand', () => {
  const at = (value: unknown) => errorsOf(spec({}, [svc({ healthCheckCommand: value })]));

  it('is absent by default, and kept as given', () => {
    expect('healthCheckCommand' in specOf(spec()).services[0]).toBe(false);
    for (const command of [
      'none',
      'curl -fs http://127.0.0.1:8080/health || exit 1',
      `wget -qO- "http://localhost:$PORT/x?y=1" | grep -q '{"ok":true}'`,
    ]) {
      expect(specOf(spec({}, [svc({ healthCheckCommand: command })])).services[0].healthCheckCommand).toBe(command);
    }
  });

  it('is not empty', () => {
    const empty =
      'the value is empty; give a shell command that exits 0 while the container is healthy, e.g. "curl -fs http://127.0.0.1:8080/health || exit 1", ' +
      'or "none" for no container health check';
    expect(at('')).toEqual([{ path: 'services[0].healthCheckCommand', message: empty }]);
    expect(at('  \t ')).toEqual([{ path: 'services[0].healthCheckCommand', message: empty }]);
  });

  it('is one line of visible text', () => {
    const rest =
      ', a line break or invisible control character; healthCheckCommand is one line of visible text (ECS runs it with CMD-SHELL, /bin/sh -c in the container)';
    expect(at('curl x\nrm -rf /')).toEqual([{ path: 'services[0].healthCheckCommand', message: `"curl x\\nrm -rf /" contains "\\n"${rest}` }]);
    // the value and the character are shown escaped, so the message stays one visible line
    for (const [value, shown, ch] of [
      ['curl x\r', '"curl x\\r"', '"\\r"'],
      ['curl\tx', '"curl\\tx"', '"\\t"'],
      ['curl \u001b[2J', '"curl \\u001b[2J"', '"\\u001b"'],
      ['curl \u0085', '"curl \\u0085"', '"\\u0085"'],
      ['curl \u202e', '"curl \\u202e"', '"\\u202e"'],
      ['curl \u2028', '"curl \\u2028"', '"\\u2028"'],
      ['curl \u200b', '"curl \\u200b"', '"\\u200b"'],
      ['curl \ufeff', '"curl \\ufeff"', '"\\ufeff"'],
    ]) {
      expect(at(value)).toEqual([{ path: 'services[0].healthCheckCommand', message: `${shown} contains ${ch}${rest}` }]);
    }
  });

  it('is at most 1024 characters', () => {
    expect(errorsOf(spec({}, [svc({ healthCheckPath: `/${'h'.repeat(1024)}` })]))).toEqual([
      { path: 'services[0].healthCheckPath', message: `"/${'h'.repeat(99)}..." is 1025 characters; healthCheckPath is at most 1024` },
    ]);
  });
});

describe('image', () => {
  it('accepts images in private ECR, with a tag, a digest or both', () => {
    for (const image of [
      `${ECR}/app`,
      `${ECR}/team/app:v1.2.3`,
      `${ECR}/ecr-public/nginx/nginx:1.27`,
      `${ECR}/docker-hub/library/nginx:1.27-alpine`,
      `${ECR}/a_b.c-d/e:latest@sha256:${'a'.repeat(64)}`,
      `${ECR}/ab@sha256:${'0'.repeat(64)}`,
      '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/app:1',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1',
      '123456789012.dkr.ecr.ap-southeast-7.amazonaws.com/app:1',
    ]) {
      expect(specOf(spec({}, [svc({ image })])).services[0].image).toBe(image);
    }
  });

  it('is not empty', () => {
    expect(errorsOf(spec({}, [svc({ image: '' })]))).toEqual([
      {
        path: 'services[0].image',
        message:
          'image is empty; remove the key to get an app folder for the service, or give an image in Amazon ECR such as "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2"',
      },
    ]);
  });

  it('is in Amazon ECR: other registries are refused with the fix (push to ECR, or a pull-through cache)', () => {
    for (const image of [
      'nginx',
      'nginx:1.27',
      'library/nginx:1.27',
      'docker.io/library/nginx:1.27',
      'public.ecr.aws/nginx/nginx:1.27',
      'ghcr.io/owner/my_app__x:latest',
      'localhost:5000/app',
      `registry.example.com/app@sha256:${'a'.repeat(64)}`,
    ]) {
      expect(errorsOf(spec({}, [svc({ image })]))).toEqual([{ path: 'services[0].image', message: `${JSON.stringify(image)} ${NOT_IN_ECR}` }]);
    }
  });

  it('is a well-formed ECR reference', () => {
    for (const image of [
      'Nginx',
      'nginx:',
      'nginx@sha256:abc',
      'https://example.com/app',
      'app:-tag',
      'a//b',
      '${IMAGE}',
      // ECR-like, but not ECR's form: short account, no repository, 1-character repository,
      // upper case, a China region outside amazonaws.com.cn and the other way round, a port
      '12345678901.dkr.ecr.eu-west-1.amazonaws.com/app',
      `${ECR}/`,
      `${ECR}/a`,
      `${ECR}/App`,
      `${ECR}/a__b`,
      '123456789012.dkr.ecr.EU-WEST-1.amazonaws.com/app',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com/app',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com.cn/app',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com:443/app',
      '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app',
    ]) {
      expect(errorsOf(spec({}, [svc({ image })])), image).toEqual([
        { path: 'services[0].image', message: `${JSON.stringify(image)} ${IMAGE_FORMAT}` },
      ]);
    }
  });

  it('has a repository of at most 256 characters', () => {
    const ok = `123456789012.dkr.ecr.us-east-1.amazonaws.com/${'a'.repeat(200)}`;
    expect(specOf(spec({}, [svc({ image: ok })])).services[0].image).toBe(ok);
  });

  it('is at most 255 characters', () => {
    const image = `${ECR}/${'a'.repeat(240)}`;
    expect(errorsOf(spec({}, [svc({ image })]))).toEqual([
      { path: 'services[0].image', message: `"${image.slice(0, 100)}..." is 285 characters; ECS accepts image references of at most 255` },
    ]);
  });

  it('is in one region with every other image and the certificate: the platform deploys to one region', () => {
    const images = [
      svc({ name: 'a', image: `${ECR}/aa:1` }),
      svc({ name: 'b', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/bb:1' }),
      svc({ name: 'c' }),
      svc({ name: 'd', image: '210987654321.dkr.ecr.eu-west-1.amazonaws.com/dd:1' }),
    ];
    const mismatch = (region: string, other: string, path: string) =>
      `is in ECR in ${region}, but ${path} is in ${other}: the platform deploys to one region, and its tasks pull only from ECR in that region; ` +
      'push every image (or create its pull-through cache rule) in the region you deploy to';
    expect(errorsOf(spec({}, images))).toEqual([{ path: 'services[1].image', message: mismatch('us-east-1', 'eu-west-1', 'services[0].image') }]);
    // the certificate's region is the deploy region
    const https = { domain: 'shop.example.com', certificateArn: CERT };
    const pub = [
      svc({ name: 'a', public: true, healthCheckPath: '/', image: `${ECR}/aa:1` }),
      svc({ name: 'b', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/bb:1' }),
    ];
    expect(errorsOf(spec(https, pub))).toEqual([{ path: 'services[0].image', message: mismatch('eu-west-1', 'us-east-1', 'certificateArn') }]);
  });
});

describe('healthCheckCommand', () => {
  const at = (value: unknown) => errorsOf(spec({}, [svc({ healthCheckCommand: value })]));

  it('is absent by default, and kept as given', () => {
    expect('healthCheckCommand' in specOf(spec()).services[0]).toBe(false);
    for (const command of [
      'none',
      'curl -fs http://127.0.0.1:8080/health || exit 1',
      `wget -qO- "http://localhost:$PORT/x?y=1" | grep -q '{"ok":true}'`,
    ]) {
      expect(specOf(spec({}, [svc({ healthCheckCommand: command })])).services[0].healthCheckCommand).toBe(command);
    }
  });

  it('is not empty', () => {
    const empty =
      'the value is empty; give a shell command that exits 0 while the container is healthy, e.g. "curl -fs http://127.0.0.1:8080/health || exit 1", ' +
      'or "none" for no container health check';
    expect(at('')).toEqual([{ path: 'services[0].healthCheckCommand', message: empty }]);
    expect(at('  \t ')).toEqual([{ path: 'services[0].healthCheckCommand', message: empty }]);
  });

  it('is one line of visible text', () => {
    for (const [value, ch] of [
      ['curl x\nrm -rf /', '\\n'],
      ['curl x\r', '\\r'],
      ['curl\tx', '\\t'],
      ['curl \u001b[2J', '\\u001b'],
      ['curl \u0085', '\\u0085'],
      ['curl \u202e', '\\u202e'],
      ['curl \u2028', '\\u2028'],
      ['curl \u200b', '\\u200b'],
    ]) {
      const message = at(value)[0].message;
      expect(message).toBe(
        `${JSON.stringify(value)
          .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
          .replace('\\u001b', '\\u001b')} contains "${ch}", a line break or invisible control character; ` +
          'healthCheckCommand is one line of visible text (ECS runs it with CMD-SHELL, /bin/sh -c in the container)',
      );
    }
  });

  it('is at most 1024 characters', () => {
    expect(at('x'.repeat(1025))).toEqual([
      {
        path: 'services[0].healthCheckCommand',
        message: `"${'x'.repeat(100)}..." is 1025 characters; healthCheckCommand is at most 1024 (put a longer check in a script in the image)`,
      },
    ]);
    expect(specOf(spec({}, [svc({ healthCheckCommand: 'x'.repeat(1024) })])).services[0].healthCheckCommand).toHaveLength(1024);
  });

  it('says "none" exactly', () => {
    for (const value of ['None', 'NONE', ' none', 'none ']) {
      expect(at(value)).toEqual([
        {
          path: 'services[0].healthCheckCommand',
          message: `${JSON.stringify(value)} would run as a shell command and fail; write "none" (lowercase, nothing around it) for no container health check`,
        },
      ]);
    }
  });

  it('is a string', () => {
    expect(at(false)).toEqual([{ path: 'services[0].healthCheckCommand', message: 'false is a boolean, expected a string' }]);
    expect(at(['CMD', 'true'])).toEqual([{ path: 'services[0].healthCheckCommand', message: 'a list was given, expected a string' }]);
  });
});

describe('strings that could break generated code are rejected by their pattern', () => {
  // Which rule rejects each: names by their character rule, paths by their character rule
  // (or the segment rule for "../"), the image by the image-reference rule.
  const hostile: [string, string][] = [
    ['{{name}}', '{'],
    ['a"b', '\\"'],
    ["a'b", "'"],
    ['a`b', '`'],
    ['a${b}', '$'],
    ['../x', '.'],
    ['a\nb', '\\n'],
    ['a\u202eb', '\\u202e'],
  ];

  it.each(hostile)('project name %j', (value, ch) => {
    expect(errorsOf(spec({ name: value }))).toEqual([
      { path: 'name', message: `${JSON.stringify(value).replace('\u202e', '\\u202e')} contains "${ch}", which is not allowed; ${PROJECT_CHARS}` },
    ]);
  });

  it.each(hostile)('service name %j', (value, ch) => {
    expect(errorsOf(spec({}, [svc({ name: value })]))).toEqual([
      {
        path: 'services[0].name',
        message: `${JSON.stringify(value).replace('\u202e', '\\u202e')} contains "${ch}", which is not allowed; ${SERVICE_CHARS}`,
      },
    ]);
  });

  it.each(hostile)('call %j', (value) => {
    const errors = errorsOf(spec({}, [svc({ calls: [value] })]));
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('services[0].calls[0]');
    expect(errors[0].message).toContain('which is not allowed; a service name uses only');
  });

  it.each(['/{{x}}', '/a"b', '/a`b', '/${x}', '/a\nb', "/a'b"])('healthCheckPath %j (character rule)', (value) => {
    const [e] = errorsOf(spec({}, [svc({ healthCheckPath: value })]));
    expect(e.path).toBe('services[0].healthCheckPath');
    expect(e.message).toContain('which is not allowed; healthCheckPath uses only letters');
  });

  it('healthCheckPath "/../etc" (segment rule)', () => {
    expect(errorsOf(spec({}, [svc({ healthCheckPath: '/../etc' })]))).toEqual([
      { path: 'services[0].healthCheckPath', message: '"/../etc" has a ".." segment; write the path without "." or ".." segments' },
    ]);
  });

  it.each(['{{x}}', 'a"b', 'a`b', '${x}', '../x', 'a\nb'])('image %j (reference rule)', (value) => {
    const [e] = errorsOf(spec({}, [svc({ image: value })]));
    expect(e.message).toContain('is not an Amazon ECR image reference');
  });

  it('never puts a raw line break or control character in a message', () => {
    const errors = errorsOf(spec({ name: 'a\n\u001b[31mb', 'x\ny': 1 }, [svc({ name: '\r\n', role: '\u0007' })]));
    for (const e of errors) expect(`${e.path}${e.message}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });
});

describe('security-group rule quota', () => {
  const servers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, role: 'client-server', port: 8000 + i }));

  it('rejects a service calling more than 60 others', () => {
    const callees = servers(61);
    const raw = { name: 'big', services: [{ name: 'hub', role: 'client-only', port: 3000, calls: callees.map((s) => s.name) }, ...callees] };
    expect(errorsOf(raw)).toEqual([
      {
        path: 'services[0].calls',
        message:
          '61 calls; a service calls at most 60 others: each call is an outbound rule in its security group, which holds at most 60 by default (AWS quota); route some calls through a shared service, or split the platform',
      },
    ]);
  });

  it('accepts exactly 60 calls', () => {
    const callees = servers(60);
    const raw = { name: 'big', services: [{ name: 'hub', role: 'client-only', port: 3000, calls: callees.map((s) => s.name) }, ...callees] };
    expect(normalizeSpec(raw).ok).toBe(true);
  });

  it('rejects a service called by more than 60, counting the load balancer', () => {
    const callers = Array.from({ length: 60 }, (_, i) => ({ name: `c${i}`, role: 'client-only', port: 3000, calls: ['db'] }));
    const raw = { name: 'big', services: [{ name: 'db', role: 'client-server', port: 5432, public: true }, ...callers] };
    expect(errorsOf(raw)).toEqual([
      {
        path: 'services[0].name',
        message:
          'called by 61 services (the load balancer counts as one); a service admits at most 60: each caller is an inbound rule in its security group, which holds at most 60 by default (AWS quota); put a shared service in front of it',
      },
    ]);
  });
});

describe('dockerBuild', () => {
  it('keeps the context as given and defaults the Dockerfile', () => {
    expect(specOf(spec({}, [svc({ dockerBuild: { context: '../api' } })])).services[0].dockerBuild).toEqual({
      context: '../api',
      dockerfile: 'Dockerfile',
    });
    expect(specOf(spec({}, [svc({ dockerBuild: { context: '.', dockerfile: 'docker/api.Dockerfile' } })])).services[0].dockerBuild).toEqual({
      context: '.',
      dockerfile: 'docker/api.Dockerfile',
    });
  });

  it('is absent when not given', () => {
    expect('dockerBuild' in specOf(spec()).services[0]).toBe(false);
  });

  it('refuses build together with image, at build', () => {
    expect(errorsOf(spec({}, [svc({ image: `${ECR}/api:1`, dockerBuild: { context: 'api' } })]))).toEqual([
      {
        path: 'services[0].dockerBuild',
        message: 'a service either runs an existing image or is built from dockerBuild, not both; remove image or dockerBuild',
      },
    ]);
  });

  it('locates every problem inside build, with the fix', () => {
    expect(errorsOf(spec({}, [svc({ dockerBuild: { dockerfile: '../Dockerfile', args: {} } })]))).toEqual([
      {
        path: 'services[0].dockerBuild.dockerfile',
        message:
          '"../Dockerfile" leaves the build context (a ".." segment); the Dockerfile must be inside dockerBuild.context, since the image is built from a copy of the context: widen the context, or move the Dockerfile into it',
      },
      { path: 'services[0].dockerBuild.args', message: 'unknown key "args"; allowed keys: context, dockerfile' },
      { path: 'services[0].dockerBuild.context', message: 'is required (the Docker build context, relative to the repository root, e.g. "../api")' },
    ]);
    expect(errorsOf(spec({}, [svc({ dockerBuild: '../api' })]))).toEqual([
      { path: 'services[0].dockerBuild', message: '"../api" is a string, expected a mapping with context (and optionally dockerfile)' },
    ]);
    expect(errorsOf(spec({}, [svc({ dockerBuild: { context: '/home/me/api' } })]))[0].message).toContain('is an absolute path');
    expect(errorsOf(spec({}, [svc({ dockerBuild: { context: '${SRC}' } })]))[0].message).toContain('contains "$"');
    expect(errorsOf(spec({}, [svc({ dockerBuild: { context: 'a//b' } })]))[0].message).toContain('empty segment');
  });

  it('suggests dockerBuild for a Copilot-style dockerfile or build key on the service', () => {
    expect(errorsOf(spec({}, [svc({ build: { context: 'api' } })]))).toEqual([
      { path: 'services[0].build', message: 'unknown key "build"; did you mean "dockerBuild"?' },
    ]);
    expect(errorsOf(spec({}, [svc({ dockerfile: 'api/Dockerfile' })]))).toEqual([
      { path: 'services[0].dockerfile', message: 'unknown key "dockerfile"; did you mean "dockerBuild"?' },
    ]);
  });
});

describe('copilotMigration', () => {
  it('keeps the application and environments; environments default to none', () => {
    expect(specOf(spec({ copilotMigration: { application: 'kudos', environments: ['test', 'prod'] } })).copilotMigration).toEqual({
      application: 'kudos',
      environments: ['test', 'prod'],
    });
    expect(specOf(spec({ copilotMigration: { application: 'kudos' } })).copilotMigration).toEqual({ application: 'kudos', environments: [] });
    expect('copilotMigration' in specOf(spec())).toBe(false);
  });

  it('locates bad names, duplicates and a missing application', () => {
    expect(errorsOf(spec({ copilotMigration: { environments: ['test', 'Prod', 'test'] } }))).toEqual([
      {
        path: 'copilotMigration.environments[1]',
        message:
          '"Prod" is not a Copilot name: lowercase letters, digits and hyphens, starting with a letter, at least 2 characters (as in copilot/.workspace and copilot env ls)',
      },
      { path: 'copilotMigration.environments[2]', message: '"test" is already listed at copilotMigration.environments[0]; remove the duplicate' },
      { path: 'copilotMigration.application', message: "is required (the Copilot application's name, as in copilot/.workspace)" },
    ]);
    expect(errorsOf(spec({ copilotMigration: 'kudos' }))).toEqual([
      { path: 'copilotMigration', message: '"kudos" is a string, expected a mapping with application (and optionally environments)' },
    ]);
  });
});

describe('production settings (issue 14)', () => {
  const client = (over: Raw = {}) => svc({ name: 'web', role: 'client-only', port: 3000, calls: ['api'], ...over });

  it('defaults arch to x86_64, takes arm64, and refuses anything else with the spelling it means', () => {
    expect(specOf(spec()).services[0].arch).toBe('x86_64');
    expect(specOf(spec({}, [svc({ arch: 'arm64' })])).services[0].arch).toBe('arm64');
    expect(errorsOf(spec({}, [svc({ arch: 'amd64' })]))).toEqual([
      {
        path: 'services[0].arch',
        message:
          '"amd64" is not an architecture (did you mean "x86_64"?); use "x86_64" (the default) or "arm64" (Graviton: cheaper per vCPU-hour and GB-hour; the image must be built for it)',
      },
    ]);
  });

  it('takes spot 0 to 100 and leaves it out when absent', () => {
    expect(specOf(spec({}, [svc({ spot: 50 })])).services[0].spot).toBe(50);
    expect('spot' in specOf(spec()).services[0]).toBe(false);
    expect(errorsOf(spec({}, [svc({ spot: 101 })]))).toEqual([
      { path: 'services[0].spot', message: '101 is out of range; spot is 0 to 100 (the percentage of tasks on Fargate Spot)' },
    ]);
    expect(errorsOf(spec({}, [svc({ spot: 12.5 })]))[0]!.path).toBe('services[0].spot');
  });

  it('refuses spot on a single-task prod service (its one task stays on regular Fargate)', () => {
    const message =
      'spot: 50 with desiredCount 1 under profile prod puts no task on Fargate Spot: profile prod keeps the first task on regular Fargate; ' +
      'set desiredCount to 2 or more, or remove spot';
    expect(errorsOf(spec({}, [svc({ spot: 50, desiredCount: 1 })]))).toEqual([{ path: 'services[0].spot', message }]);
    expect(errorsOf(spec({ profile: 'prod' }, [svc({ spot: 50, desiredCount: 1 })]))).toEqual([{ path: 'services[0].spot', message }]);
    // Two tasks (the prod default), dev, or spot 0: nothing to refuse.
    expect(specOf(spec({}, [svc({ spot: 50 })])).services[0].desiredCount).toBe(2);
    expect(specOf(spec({ profile: 'dev' }, [svc({ spot: 50, desiredCount: 1 })])).services[0].spot).toBe(50);
    expect(specOf(spec({}, [svc({ spot: 0, desiredCount: 1 })])).services[0].spot).toBe(0);
  });

  it('refuses spot on a prod service that autoscaling can scale in to one task, whatever desiredCount says', () => {
    const message =
      'spot: 50 with autoscaling.min 1 under profile prod puts no task on Fargate Spot once autoscaling scales in to 1: profile prod keeps the first task on regular Fargate; ' +
      'set autoscaling.min to 2 or more, or remove spot';
    const scaling = (min: number) => ({ autoscaling: { min, max: 6, cpu: 60 } });
    // desiredCount 3 is within [1, 6], yet the deploy leaves the running count to autoscaling.
    expect(errorsOf(spec({}, [svc({ spot: 50, desiredCount: 3, ...scaling(1) })]))).toEqual([{ path: 'services[0].spot', message }]);
    expect(errorsOf(spec({ profile: 'prod' }, [svc({ spot: 50, ...scaling(1) })]))).toEqual([{ path: 'services[0].spot', message }]);
    // One error, not two, for a service of desiredCount 1 that scales from 1.
    expect(errorsOf(spec({}, [svc({ spot: 50, desiredCount: 1, ...scaling(1) })]))).toEqual([{ path: 'services[0].spot', message }]);
    // min 2 under prod, dev, or spot 0: nothing to refuse.
    expect(specOf(spec({}, [svc({ spot: 50, ...scaling(2) })])).services[0].spot).toBe(50);
    expect(specOf(spec({ profile: 'dev' }, [svc({ spot: 50, ...scaling(1) })])).services[0].spot).toBe(50);
    expect(specOf(spec({}, [svc({ spot: 0, ...scaling(1) })])).services[0].spot).toBe(0);
  });

  it('takes timeouts on a client-server service, each 0 to 2147483647 seconds', () => {
    expect(specOf(spec({}, [svc({ timeouts: { perRequest: 30, idle: 0 } })])).services[0].timeouts).toEqual({ perRequest: 30, idle: 0 });
    expect(errorsOf(spec({}, [svc({ timeouts: { perRequest: -1, idle: 2147483648 } })]))).toEqual([
      {
        path: 'services[0].timeouts.perRequest',
        message:
          '-1 is out of range; timeouts.perRequest is 0 to 2147483647 seconds (0 turns the limit off; leave the key out for the Service Connect default)',
      },
      {
        path: 'services[0].timeouts.idle',
        message:
          '2147483648 is out of range; timeouts.idle is 0 to 2147483647 seconds (0 turns the limit off; leave the key out for the Service Connect default)',
      },
    ]);
  });

  it('refuses timeouts on a client-only service, and empty timeouts', () => {
    expect(errorsOf(spec({}, [svc(), client({ timeouts: { idle: 60 } })]))).toEqual([
      {
        path: 'services[1].timeouts',
        message:
          "timeouts apply to the endpoint a client-server service registers (its callers' requests to it); this service is client-only and registers none: set role: client-server, or remove timeouts",
      },
    ]);
    expect(errorsOf(spec({}, [svc({ timeouts: {} })]))).toEqual([
      { path: 'services[0].timeouts', message: 'timeouts is empty; give perRequest and/or idle in seconds, or remove timeouts' },
    ]);
  });

  it('takes alarms with an email or an SNS topic ARN', () => {
    expect(specOf(spec({ alarms: { email: 'ops@example.com' } })).alarms).toEqual({ email: 'ops@example.com' });
    expect(specOf(spec({ alarms: { topicArn: 'arn:aws-cn:sns:cn-north-1:123456789012:ops_alarms-1' } })).alarms).toEqual({
      topicArn: 'arn:aws-cn:sns:cn-north-1:123456789012:ops_alarms-1',
    });
    expect('alarms' in specOf(spec())).toBe(false);
  });

  it('refuses alarms with both email and topicArn, and empty alarms', () => {
    expect(errorsOf(spec({ alarms: { email: 'ops@example.com', topicArn: 'arn:aws:sns:us-east-1:123456789012:ops' } }))).toEqual([
      {
        path: 'alarms',
        message:
          'alarms takes email or topicArn, not both: email creates a topic with that subscription, topicArn uses an existing topic; remove one',
      },
    ]);
    expect(errorsOf(spec({ alarms: {} }))).toEqual([
      {
        path: 'alarms',
        message: 'alarms is empty; give email (a topic is created for it) or topicArn (an existing SNS topic), or remove alarms',
      },
    ]);
  });

  it('refuses a topic in another region than the certificate or the images', () => {
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:ops';
    const message = (other: string, where: string) =>
      `is in eu-west-1, but ${where} is in ${other}: the platform deploys to one region, and CloudWatch alarms notify SNS topics of their own region; use a topic in the region you deploy to`;
    expect(errorsOf(spec({ alarms: { topicArn }, domain: 'shop.example.com', certificateArn: CERT }, [svc({ public: true })]))).toEqual([
      { path: 'alarms.topicArn', message: message('us-east-1', 'certificateArn') },
    ]);
    expect(errorsOf(spec({ alarms: { topicArn } }, [svc({ image: '123456789012.dkr.ecr.us-west-2.amazonaws.com/api:1' })]))).toEqual([
      { path: 'alarms.topicArn', message: message('us-west-2', 'services[0].image') },
    ]);
    expect(specOf(spec({ alarms: { topicArn } }, [svc({ image: `${ECR}/api:1` })])).alarms).toEqual({ topicArn });
  });

  it('refuses a topic ARN that is malformed, FIFO, or in an unknown partition or region', () => {
    const format =
      'is not an SNS topic ARN; expected arn:aws:sns:<region>:<12-digit account>:<topic name> (a standard topic: letters, digits, - and _; CloudWatch alarms cannot notify a FIFO topic), e.g. "arn:aws:sns:us-east-1:123456789012:ops-alarms"';
    const bad = (topicArn: string) => errorsOf(spec({ alarms: { topicArn } }));
    expect(bad('arn:aws:sns:us-east-1:123456789012:ops.fifo')).toEqual([
      { path: 'alarms.topicArn', message: `"arn:aws:sns:us-east-1:123456789012:ops.fifo" ${format}` },
    ]);
    expect(bad('arn:aws:sqs:us-east-1:123456789012:ops')).toEqual([
      { path: 'alarms.topicArn', message: `"arn:aws:sqs:us-east-1:123456789012:ops" ${format}` },
    ]);
    expect(bad('arn:aws-foo:sns:us-east-1:123456789012:ops')[0]!.message).toMatch(/names the partition "aws-foo", which is not an AWS partition/);
    expect(bad('arn:aws:sns:cn-north-1:123456789012:ops')).toEqual([
      {
        path: 'alarms.topicArn',
        message:
          '"arn:aws:sns:cn-north-1:123456789012:ops" names the region "cn-north-1", which is not a region of partition aws; "cn-north-1" is in partition aws-cn: write arn:aws-cn:sns:cn-north-1:...',
      },
    ]);
    expect(errorsOf(spec({ alarms: { email: 'ops' } }))).toEqual([
      { path: 'alarms.email', message: '"ops" is not an email address; expected name@example.com (SNS sends a confirmation to it)' },
    ]);
  });
});
