/**
 * `create-fargate-connect import-copilot` and the interactive front door's offer, in process.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import prompts from 'prompts';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXIT_INCOMPLETE } from '../../src/cli/import-copilot';
import { importCopilot } from '../../src/import';
import { cli } from '../cli/helpers';
import { fixtureFiles, manifest, onDisk, workspace } from './helpers';

const GEN = ['--generator-dependency', 'file:/tmp/x.tgz', '--no-install', '--no-git'];

afterEach(() => {
  const left = (prompts as unknown as { _injected?: unknown[] })._injected ?? [];
  (prompts as unknown as { _injected?: unknown[] })._injected = undefined;
  expect(left, 'injected answers left unused').toEqual([]);
});

/** The inferred-calls fixture on disk, with the Dockerfiles its manifests name. */
function kudos(): string {
  return onDisk({
    ...fixtureFiles('inferred-calls'),
    'api/Dockerfile': 'FROM public.ecr.aws/docker/library/node:22-slim\n',
    'backend/Dockerfile': 'FROM public.ecr.aws/docker/library/node:22-slim\n',
    'frontend/Dockerfile': 'FROM public.ecr.aws/docker/library/node:22-slim\n',
  });
}

describe('import-copilot', () => {
  it('writes the spec and the report, prints the report, and exits 3 when something was left out', async () => {
    const cwd = kudos();
    const r = await cli(['import-copilot', '.', '--out', 'spec.yaml', '--report', 'import-report.md'], { cwd });
    expect(r.code, r.err).toBe(EXIT_INCOMPLETE);
    const written = parse(readFileSync(join(cwd, 'spec.yaml'), 'utf8'));
    const expected = importCopilot(fixtureFiles('inferred-calls'), { workspaceDir: cwd });
    expect(expected.ok && written).toEqual(expected.ok && expected.spec);
    expect(r.out).toContain('Import report: Copilot application "kudos" → spec "kudos", 3 services');
    expect(r.out).toContain('Next: npx create-fargate-connect platform --config spec.yaml --yes --no-git');
    expect(r.out).not.toContain('not found');
    expect(readFileSync(join(cwd, 'import-report.md'), 'utf8')).toMatch(/^# Import report[\s\S]*\n## frontend\n/);
  });

  it('exits 0 when everything was mapped', async () => {
    const api = manifest('inferred-calls', 'api')
      .replace('exec: true\n', '')
      .replace(/\nenv_file:[\s\S]*$/, '\n')
      .replace(/    interval: 10s\n    retries: 2\n    timeout: 5s\n    start_period: 0s\n/, '')
      .replace('cpu: 256', 'cpu: 512')
      .replace('memory: 512', 'memory: 1024');
    const cwd = onDisk({ ...workspace({ api }), 'api/Dockerfile': 'FROM scratch\n' });
    const r = await cli(['import-copilot', '.', '--out', 'spec.yaml'], { cwd });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Everything was mapped.');
  });

  it('prints the spec alone on stdout without --out, the report on stderr', async () => {
    const cwd = kudos();
    const r = await cli(['import-copilot', 'copilot'], { cwd });
    expect(r.code).toBe(EXIT_INCOMPLETE);
    expect(parse(r.out).name).toBe('kudos');
    expect(r.err).toContain('Import report');
    expect(readdirSync(cwd).sort()).toEqual(['api', 'backend', 'copilot', 'frontend']);
  });

  it('writes dockerBuild paths relative to --repo-dir, and warns when a Dockerfile is not there', async () => {
    const cwd = kudos();
    const r = await cli(['import-copilot', '.', '--out', 'spec.yaml', '--repo-dir', 'infra/cdk'], { cwd });
    expect(parse(readFileSync(join(cwd, 'spec.yaml'), 'utf8')).services[0].dockerBuild).toEqual({ context: '../../api', dockerfile: 'Dockerfile' });
    expect(r.out).toContain('Next: npx create-fargate-connect infra/cdk --config spec.yaml');
    const bare = onDisk(fixtureFiles('inferred-calls'));
    const w = await cli(['import-copilot', '.', '--out', 'spec.yaml'], { cwd: bare });
    expect(w.out).toContain('warning: 3 Dockerfiles not found from platform (dockerBuild)');
  });

  it('exits 1 with located errors on bad input, and writes nothing', async () => {
    const cwd = onDisk(workspace({ api: manifest('inferred-calls', 'api').replace('type: Backend Service', 'type: Backend Servce') }));
    const r = await cli(['import-copilot', '.', '--out', 'spec.yaml', '--report', 'r.md'], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error: one problem, nothing was written:\n  copilot/api/manifest.yml:2:1: type: "Backend Servce" is not a Copilot workload type; did you mean "Backend Service"?',
    );
    expect(existsSync(join(cwd, 'spec.yaml')) || existsSync(join(cwd, 'r.md'))).toBe(false);
    const missing = onDisk({ 'copilot/api/manifest.yml': manifest('inferred-calls', 'api') });
    expect((await cli(['import-copilot', '.'], { cwd: missing })).err).toContain('copilot/.workspace: not found');
  });

  it.each([
    [['import-copilot'], 'no path'],
    [['import-copilot', 'a', 'b'], 'expected one path, got 2'],
    [['import-copilot', '.', '--outt', 'x'], "'--outt'"],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const r = await cli(argv, { cwd: onDisk({}) });
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('documents itself, and the main help names it and exit code 3', async () => {
    const r = await cli(['import-copilot', '--help'], { cwd: onDisk({}) });
    expect(r.code).toBe(0);
    for (const flag of ['--out', '--report', '--repo-dir', '--name', 'Exit codes: 0', '3 the spec is written']) expect(r.out).toContain(flag);
    const main = await cli(['--help'], { cwd: onDisk({}) });
    expect(main.out).toContain('import-copilot <path>');
    expect(main.out).toContain('3 import-copilot wrote the spec but left something out');
  });
});

describe('the interactive front door', () => {
  it('offers the import when the folder has copilot/, and writes the imported repository', async () => {
    const cwd = kudos();
    // import? yes; write? yes
    prompts.inject([true, true]);
    const r = await cli(['platform', ...GEN], { cwd, tty: true });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Import report: Copilot application "kudos"');
    const projenrc = readFileSync(join(cwd, 'platform', '.projenrc.ts'), 'utf8');
    expect(projenrc).toContain('copilotMigration: {"application":"kudos","environments":["test"]}');
    expect(projenrc).toContain('dockerBuild: {"context":"../api","dockerfile":"Dockerfile"}');
    expect(existsSync(join(cwd, 'platform', 'services'))).toBe(false);
    expect(readFileSync(join(cwd, 'platform', 'README.md'), 'utf8')).toContain('## Migrating from AWS Copilot');
  });

  it('asks for the services as usual when the import is declined, and never offers it without copilot/', async () => {
    const cwd = kudos();
    // import? no; project name, namespace: defaults; api: client-server, private, port 8080; no more; write
    prompts.inject([false, undefined, undefined, 'api', 'client-server', false, undefined, false, true]);
    const r = await cli(['platform', ...GEN], { cwd, tty: true });
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(cwd, 'platform', 'services', 'api'))).toBe(true);
    const plain = onDisk({});
    writeFileSync(join(plain, 'copilot'), 'a file, not the folder');
    prompts.inject([undefined, undefined, 'api', 'client-server', false, undefined, false, true]);
    const p = await cli(['platform', ...GEN], { cwd: plain, tty: true });
    expect(p.code, p.err).toBe(0);
    expect(p.out).not.toContain('copilot/');
  });
});
