/**
 * The fixture workspaces (real Copilot manifests, fixtures/SOURCES.md), imported end to
 * end: the spec and the report are compared with test/import/expected/ (regenerate with
 * UPDATE_IMPORT=1 and read the diff), and what each fixture is there to show is asserted.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generate } from '../../src/api';
import { formatReport, formatSpecYaml } from '../../src/import';
import { normalizeSpec } from '../../src/spec';
import { entries, FIXTURE_NAMES, fixtureFiles, imported } from './helpers';

const EXPECTED = join(__dirname, 'expected');
const UPDATE = process.env.UPDATE_IMPORT === '1';

function compare(file: string, actual: string): void {
  const path = join(EXPECTED, file);
  if (UPDATE || !existsSync(path)) writeFileSync(path, actual);
  expect(actual, `test/import/expected/${file} differs (UPDATE_IMPORT=1 regenerates it; read the diff)`).toBe(readFileSync(path, 'utf8'));
}

describe.each(FIXTURE_NAMES)('fixture %s', (name) => {
  const r = imported(fixtureFiles(name));

  it('gives the expected spec and report', () => {
    compare(`${name}.spec.yaml`, formatSpecYaml(r.spec, r.report));
    compare(`${name}.report.txt`, formatReport(r.report, r.spec.name as string, (r.spec.services as unknown[]).length));
  });

  it('gives a valid spec that generates a repository', () => {
    expect(normalizeSpec(r.spec).ok).toBe(true);
    const g = generate(r.spec, { generatorDependency: 'file:/nonexistent.tgz' });
    expect(g.ok).toBe(true);
  });

  it('reports every top-level field of every manifest (no silent loss)', () => {
    const files = fixtureFiles(name);
    const all = entries(r);
    for (const s of r.report.subjects) {
      if (s.type === 'Copilot application' || s.file.startsWith('no manifest')) continue;
      const text = files[s.file];
      const value = parse(text) as Record<string, unknown>;
      const unmappedWorkload = s.entries.some((e) => e.field === 'type' && e.status === 'not-mapped');
      for (const key of Object.keys(value)) {
        if (key === 'name' || (key === 'type' && s.type === 'Environment')) continue;
        if (unmappedWorkload) continue; // one line for the whole workload
        const reported = all.some(
          (e) =>
            e.subject === s.name &&
            (e.field === key || e.field.startsWith(`${key}.`) || e.field.startsWith(`${key}[`) || e.field.split(', ').includes(key)),
        );
        expect(reported, `${s.file}: ${key}`).toBe(true);
      }
    }
  });

  it('says what to do for everything left out or changed', () => {
    for (const e of entries(r)) {
      if (e.status === 'mapped' || e.status === 'inferred') continue;
      expect(e.todo, `${e.file}: ${e.field}`).toMatch(/\w/);
      expect(e.note, `${e.file}: ${e.field}`).toMatch(/\w/);
    }
    expect(r.report.complete).toBe(false);
  });

  it('never evaluates an interpolation: the spec has none, the report keeps them as written', () => {
    expect(JSON.stringify(r.spec)).not.toContain('${');
    const written =
      Object.values(fixtureFiles(name))
        .join('\n')
        .match(/\$\{[A-Z_]+\}/g) ?? [];
    const reported = formatReport(r.report, 'x', 1);
    // Every interpolation in a mapped manifest's reported values appears verbatim.
    for (const token of new Set(written)) {
      if (entries(r).some((e) => e.value?.includes(token))) expect(reported).toContain(token);
    }
  });
});

describe('multi-svc-app: several services, every workload type', () => {
  const r = imported(fixtureFiles('multi-svc-app'));
  const bySubject = (name: string) => r.report.subjects.find((s) => s.name === name)!;

  it('maps the Load Balanced Web Service and the Backend Service, and leaves out a Backend Service whose image is outside ECR', () => {
    expect((r.spec.services as { name: string }[]).map((s) => s.name)).toEqual(['api', 'front-end']);
    expect(bySubject('front-end').mappedTo).toBe('services[1] "front-end"');
    expect(bySubject('subscribers').mappedTo).toBeUndefined();
    expect(bySubject('subscribers').entries[0]).toMatchObject({ status: 'not-mapped', note: expect.stringContaining('left out of the spec') });
  });

  it.each([
    ['testers', 'Worker Service', /SQS/],
    ['cuteness-aggregator', 'Scheduled Job', /schedule/],
    ['frontend', 'Request-Driven Web Service', /App Runner/],
    ['static', 'Static Site', /S3/],
  ])('reports %s (%s) as not mapped, with why and what to do', (name, type, why) => {
    const s = bySubject(name);
    expect(s.type).toBe(type);
    expect(s.entries[0]).toMatchObject({ field: 'type', status: 'not-mapped', note: expect.stringMatching(why), todo: expect.stringMatching(/\w/) });
  });

  it('makes the front end public, and a Backend Service client-server so that the namespace has one', () => {
    const [api, fe] = r.spec.services as Record<string, unknown>[];
    expect(fe).toMatchObject({ name: 'front-end', role: 'client-only', public: true, port: 8080 });
    expect(api).toMatchObject({ name: 'api', role: 'client-server', dockerBuild: { context: '../api', dockerfile: 'Dockerfile' } });
  });
});

describe('app-with-domain: two public services on "/"', () => {
  const r = imported(fixtureFiles('app-with-domain'));
  it('moves the second one to its own path, and says so', () => {
    const [frontend, hello] = r.spec.services as Record<string, unknown>[];
    expect(frontend).toMatchObject({ public: true });
    expect(frontend.publicPath).toBeUndefined();
    expect(hello).toMatchObject({ public: true, publicPath: '/hello' });
    const lines = entries(r).filter((e) => e.subject === 'hello' && e.field === 'http.path');
    expect(lines).toEqual([expect.objectContaining({ status: 'adjusted', value: '"/"', todo: expect.stringContaining('/hello') })]);
  });

  it('keeps ${DOMAINNAME} in the aliases as written', () => {
    expect(entries(r).find((e) => e.subject === 'frontend' && e.field === 'http.alias')?.value).toBe('["frontend.${DOMAINNAME}","${DOMAINNAME}"]');
  });
});

describe('env-overrides: per-environment values', () => {
  const r = imported(fixtureFiles('env-overrides'));
  it('lists each overridden field of each environment with how to add its stage, value as written', () => {
    const overrides = entries(r).filter((e) => e.subject === 'fe' && e.field.startsWith('environments.'));
    expect(overrides.map((e) => e.field)).toEqual([
      'environments.test.http',
      'environments.test.count',
      'environments.test.network',
      'environments.staging.image',
      'environments.staging.count',
      'environments.staging.http',
      'environments.prod.deployment',
      'environments.prod.count',
      'environments.prod.variables',
      'environments.prod.secrets',
      'environments.prod.logging',
      'environments.prod.http',
      'environments.prod.network',
      'environments.prod.sidecars',
    ]);
    for (const e of overrides) expect(e).toMatchObject({ status: 'not-mapped', target: 'stages' });

    expect(overrides.find((e) => e.field === 'environments.staging.image')?.value).toContain('vault/e2e:${TAG}');
  });

  it('names every environment in copilotMigration, and reports each environment manifest', () => {
    expect(r.spec.copilotMigration).toEqual({ application: 'env-overrides', environments: ['prod', 'staging', 'test'] });
    expect(r.report.subjects.filter((s) => s.type === 'Environment').map((s) => s.name)).toEqual([
      'environment prod',
      'environment staging',
      'environment test',
    ]);
    expect(entries(r).find((e) => e.subject === 'environment test' && e.field === 'http')?.value).toBe(
      '{"public":{"certificates":["${IMPORTED_CERT_ARN}"]}}',
    );
  });
});

describe('inferred-calls: calls read from variables', () => {
  const r = imported(fixtureFiles('inferred-calls'));
  it('infers exactly the calls the variables name, and marks them inferred', () => {
    const services = r.spec.services as Record<string, unknown>[];
    expect(services.map((s) => [s.name, s.role, s.calls])).toEqual([
      ['api', 'client-server', undefined],
      ['backend', 'client-server', undefined],
      ['frontend', 'client-only', ['api', 'backend']],
    ]);
    const inferred = entries(r).filter((e) => e.status === 'inferred' && e.subject === 'frontend');
    expect(inferred.map((e) => [e.field, e.target])).toEqual([
      ['variables.API_URL', 'calls: api'],
      ['variables.BACKEND_URL', 'calls: backend'],
    ]);
    // MODE: api names no endpoint: no call from it.
    expect(entries(r).some((e) => e.field === 'variables.MODE' && e.status === 'inferred')).toBe(false);
  });
});
