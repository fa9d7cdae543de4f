/**
 * The interactive front door, driven through the real `prompts` with injected answers.
 *
 * `prompts.inject()` answers each question in turn (`undefined` takes the question's
 * default, an `Error` is a Ctrl-C). Injected answers skip the prompt's own `validate`, so
 * the flow checks every answer again and reports a rejected one on stderr: that is what
 * the rejected-answer tests read. The same `validate` the terminal runs is tested by
 * recording the questions asked.
 *
 * Answers per service, in order: name, role, public?, [path when public], port,
 * [calls, when a client-server service exists before it], [callers, when it is
 * client-server and services exist before it], add another?
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import prompts, { type PromptObject } from 'prompts';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_PORTS, EXIT_CANCELLED, projectNameFromDir, runInteractive, starterSpec, type PromptFn } from '../../src/cli/interactive';
import * as m from '../../src/spec/messages';
import { validatePort } from '../../src/spec/rules';
import { cli, scratch, snapshotTree } from './helpers';

const GEN = ['--generator-dependency', 'file:/tmp/x.tgz', '--no-install', '--no-git'];

/** prompts keeps injected answers in a module-level queue; a test must use all of its own. */
function injectedLeft(): unknown[] {
  return ((prompts as unknown as { _injected?: unknown[] })._injected ?? []).slice();
}

afterEach(() => {
  const left = injectedLeft();
  (prompts as unknown as { _injected?: unknown[] })._injected = undefined;
  expect(left, 'injected answers left unused').toEqual([]);
});

/** The real prompts, recording every question the flow asks. */
function recording(): { prompt: PromptFn; questions: PromptObject<'value'>[] } {
  const questions: PromptObject<'value'>[] = [];
  return {
    questions,
    prompt: (q, options) => {
      questions.push(q);
      return prompts(q, options);
    },
  };
}

const THREE_SERVICES = [
  // project: name and namespace take their defaults (from the directory "shop")
  undefined,
  undefined,
  // web: public client-only front end on the default path and port (3000)
  'web',
  'client-only',
  true,
  undefined,
  undefined,
  true,
  // api: client-server; two rejected ports first (not a port; below 1024); web calls it
  'api',
  'client-server',
  false,
  '70000',
  '80',
  '8080',
  ['web'],
  true,
  // orders: client-server on 9090, calls api; nobody before it calls it
  'orders',
  'client-server',
  false,
  '9090',
  ['api'],
  [],
  false,
  // summary: write it
  true,
];

const THREE_SERVICES_SPEC = {
  name: 'shop',
  services: [
    { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
    { name: 'api', role: 'client-server', port: 8080 },
    { name: 'orders', role: 'client-server', port: 9090, calls: ['api'] },
  ],
};

describe('the interactive flow', () => {
  it('assembles three services into a spec, writes it, and --save-config replays to the same repository', async () => {
    const cwd = scratch();
    prompts.inject(THREE_SERVICES);
    const r = await cli(['shop', '--save-config', 'shop.yaml', ...GEN], { cwd, tty: true });
    expect(r.code, r.err).toBe(0);
    // the rejected answers, with the config file's messages, then the next answer taken
    expect(r.err.split('\n')).toEqual([`✖ ${m.notAPort(70000)}`, `✖ ${m.privilegedPort(80, 1024)}`]);
    expect(r.err).toContain('✖ 70000 is not a port (1-65535)');
    expect(r.err).toContain('✖ port 80 is below 1024, which a non-root process cannot bind on Fargate');
    // the summary: every service, its role, port, path and calls, and the deploy order
    expect(r.out).toMatch(/web +client-only +3000 +\/ +api/);
    expect(r.out).toMatch(/api +client-server +8080 +- +-/);
    expect(r.out).toMatch(/orders +client-server +9090 +- +api/);
    expect(r.out).toContain('deploy order: api → orders → web');
    expect(r.out).toContain('Created shop in shop: 3 services.');
    // the summary, before the question, warns once that the production load balancer is plain HTTP
    const summary = r.out.slice(0, r.out.indexOf('Writing shop'));
    expect(summary).toContain(
      'WARNING: PLAIN HTTP IN PRODUCTION (profile prod): the internet-facing load balancer serves\n  web (/) over unencrypted HTTP',
    );
    expect(r.out.split('PLAIN HTTP')).toHaveLength(2);

    // only what differs from the defaults is saved (no namespace, no public: false, no empty calls)
    const saved = parse(readFileSync(join(cwd, 'shop.yaml'), 'utf-8'));
    expect(saved).toEqual(THREE_SERVICES_SPEC);
    const platform = readFileSync(join(cwd, 'shop', 'src', 'generated', 'platform.ts'), 'utf-8');
    expect(platform).toContain('"shop.internal"');
    expect(existsSync(join(cwd, 'shop', 'services', 'orders', 'src', 'main.ts'))).toBe(true);

    // replay: --config <saved> --yes writes the same repository, byte for byte
    const replay = await cli(['replay', '--config', 'shop.yaml', '--yes', ...GEN], { cwd });
    expect(replay.code, replay.err).toBe(0);
    expect(snapshotTree(join(cwd, 'replay'))).toEqual(snapshotTree(join(cwd, 'shop')));
  });

  it('checks each typed answer with the spec validators: the terminal sees the exact messages', async () => {
    const { prompt, questions } = recording();
    prompts.inject(['shop', undefined, 'api', 'client-server', false, undefined, false, true]);
    const r = await runInteractive({ dir: 'shop', force: false, dryRun: false }, { out: () => {}, err: () => {}, cwd: scratch() }, prompt);
    expect(r.kind).toBe('spec');
    const byMessage = (start: string) => questions.find((q) => String(q.message).startsWith(start)) as PromptObject<'value'>;
    const validate = (start: string, typed: string) => (byMessage(start).validate as (v: string) => unknown)(typed);

    expect(validate('Port api', '70000')).toBe('70000 is not a port (1-65535)');
    expect(validate('Port api', '0')).toBe(m.notAPort(0));
    expect(validate('Port api', '80.5')).toBe(m.notAnInteger(80.5));
    expect(validate('Port api', 'http')).toBe(m.typeMismatch('http', m.EXPECT.integer));
    expect(validate('Port api', '80')).toBe(m.privilegedPort(80, 1024));
    expect(validate('Port api', '1023')).toBe(m.privilegedPort(1023, 1024));
    expect(validate('Port api', '1024')).toBe(true);
    expect(validate('Port api', '8080')).toBe(true);
    expect(validate('Port api', '')).toBe(true); // Enter on the default
    expect(byMessage('Port api').initial).toBe('8080');
    // the default ports offered pass the same rule
    expect(validatePort(DEFAULT_PORTS.public)).toBeUndefined();
    expect(validatePort(DEFAULT_PORTS.private)).toBeUndefined();

    expect(validate('Project name', 'My App')).toBe(m.nameBadChar('My App', 'M', 'project'));
    expect(validate('Project name', '')).toBe(true); // the default: "shop"
    expect(validate('Cloud Map namespace', 'Shop.Internal')).toBe(m.dnsUppercase('Shop.Internal'));
    expect(validate('Service name', 'localhost')).toBe(m.serviceNameReserved('localhost'));
    expect(validate('Service name', 'a--b')).toBe(m.nameDoubleHyphen('a--b'));
    expect(validate('Service name', '')).toBe(m.nameEmpty('service'));
    expect(validate('Service name', ' orders ')).toBe(true); // trimmed
  });

  it('asks only what a newcomer needs: none of the production settings, which go in the spec file', async () => {
    const { prompt, questions } = recording();
    prompts.inject(THREE_SERVICES);
    const lines: string[] = [];
    const r = await runInteractive(
      { dir: 'shop', force: false, dryRun: false },
      { out: (l) => lines.push(l), err: () => {}, cwd: scratch() },
      prompt,
    );
    expect(r.kind).toBe('spec');
    const asked = questions.map((q) => String(q.message)).join('\n');
    expect(asked).toMatch(/Port api/);
    expect(asked).not.toMatch(/autoscal|scaling|environment|variable|secret|exec|arch|spot|timeout|alarm/i);
    // and, with none of them set, the summary says nothing about them
    expect(lines.join('\n')).not.toContain('settings from the spec file');
  });

  it('applies the rules between services at the prompt: duplicate name, duplicate path, calls', async () => {
    const cwd = scratch();
    prompts.inject([
      undefined,
      undefined,
      // web, public on "/"
      'web',
      'client-only',
      true,
      undefined,
      undefined,
      true,
      // "web" again is rejected; "admin" public on "/" is rejected, then "/admin"
      'web',
      'admin',
      'client-only',
      true,
      '/',
      '/admin/',
      '/admin',
      undefined,
      true,
      // api is client-server; "web" is client-only and cannot be called, and "nope" is not a
      // service (injected: the terminal offers only the client-server services)
      'api',
      'client-server',
      false,
      undefined,
      ['nope'],
      ['web', 'admin'],
      true,
      'jobs',
      'client-server',
      false,
      undefined,
      ['web'],
      ['apj'],
      ['api'],
      [],
      false,
      true,
    ]);
    const r = await cli(['out', '--save-config', 'out.yaml', ...GEN], { cwd, tty: true });
    expect(r.code, r.err).toBe(0);
    expect(r.err.split('\n')).toEqual([
      `✖ ${m.duplicateServiceName('web', 'services[0]')}`,
      `✖ ${m.duplicatePublicPath('/', false, 'services[0]', 'web')}`,
      `✖ ${m.pathTrailingSlash('/admin/')}`,
      // api: nothing before it is client-server, so "which services does api call" is not asked;
      // ['nope'] answers "which services before it call api"
      `✖ ${m.callNotAService('nope', undefined, ['web', 'admin'])}`,
      `✖ ${m.callClientOnly('web')}`,
      `✖ ${m.callNotAService('apj', 'api', ['web', 'admin', 'api'])}`,
    ]);
    expect(parse(readFileSync(join(cwd, 'out.yaml'), 'utf-8'))).toEqual({
      name: 'out',
      services: [
        { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
        { name: 'admin', role: 'client-only', port: 3000, public: true, publicPath: '/admin', calls: ['api'] },
        { name: 'api', role: 'client-server', port: 8080 },
        { name: 'jobs', role: 'client-server', port: 8080, calls: ['api'] },
      ],
    });
  });

  it('after the services, reports what normalizeSpec still rejects and lets the user add a service', async () => {
    const cwd = scratch();
    prompts.inject([
      undefined,
      undefined,
      'web',
      'client-only',
      true,
      undefined,
      undefined,
      false, // every service client-only: the spec is invalid
      'add',
      'api',
      'client-server',
      false,
      undefined,
      ['web'],
      false,
      true,
    ]);
    const r = await cli(['out', '--save-config', 'out.yaml', ...GEN], { cwd, tty: true });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`services: ${m.allClientOnly()}`);
    expect(parse(readFileSync(join(cwd, 'out.yaml'), 'utf-8'))).toEqual({
      name: 'out',
      services: [
        { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
        { name: 'api', role: 'client-server', port: 8080 },
      ],
    });
  });

  it('asks for the directory first when none is given, and keeps a changed namespace', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'x'), '');
    prompts.inject(['taken', 'my-shop', undefined, 'ns.example', 'api', 'client-server', false, undefined, false, true]);
    const r = await cli(['--save-config', 's.yaml', ...GEN], { cwd, tty: true });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('✖ taken is not empty (1 entry)');
    expect(parse(readFileSync(join(cwd, 's.yaml'), 'utf-8'))).toEqual({
      name: 'my-shop', // the default, from the directory
      namespace: 'ns.example',
      services: [{ name: 'api', role: 'client-server', port: 8080 }],
    });
    expect(existsSync(join(cwd, 'my-shop', '.projenrc.ts'))).toBe(true);
  });

  it('refuses an unwritable target before the first question', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'keep.txt'), 'mine');
    const asked: unknown[] = [];
    const r = await runInteractive({ dir: 'out', force: false, dryRun: false }, { out: () => {}, err: () => {}, cwd }, async (q) => {
      asked.push(q);
      return { value: undefined };
    });
    expect(r.kind).toBe('invalid');
    expect(asked).toEqual([]);
    const viaCli = await cli(['out', ...GEN], { cwd, tty: true });
    expect(viaCli.code).toBe(1);
    expect(viaCli.err).toContain('target: out is not empty (1 entry)');
  });

  it('Ctrl-C at any prompt exits 130 and writes nothing', async () => {
    for (const answered of [0, 3, 9]) {
      const cwd = scratch();
      const before = snapshotTree(cwd);
      prompts.inject([...THREE_SERVICES.slice(0, answered), new Error('Ctrl-C')]);
      const r = await cli(['shop', '--save-config', 'shop.yaml', ...GEN], { cwd, tty: true });
      expect(r.code).toBe(EXIT_CANCELLED);
      expect(r.code).toBe(130);
      expect(r.err).toContain('Cancelled; nothing was written.');
      expect(snapshotTree(cwd)).toEqual(before);
    }
  });

  it('declining the summary offers to start over or quit; quit exits 130 and writes nothing', async () => {
    const cwd = scratch();
    prompts.inject([undefined, undefined, 'api', 'client-server', false, undefined, false, false, 'quit']);
    const r = await cli(['shop', ...GEN], { cwd, tty: true });
    expect(r.code).toBe(130);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('declining the summary and starting over keeps the project and forgets the services', async () => {
    const cwd = scratch();
    prompts.inject([
      undefined,
      undefined,
      'api',
      'client-server',
      false,
      undefined,
      false,
      false,
      'restart',
      'orders',
      'client-server',
      false,
      '9000',
      false,
      true,
    ]);
    const r = await cli(['shop', '--save-config', 's.yaml', ...GEN], { cwd, tty: true });
    expect(r.code, r.err).toBe(0);
    expect(parse(readFileSync(join(cwd, 's.yaml'), 'utf-8'))).toEqual({
      name: 'shop',
      services: [{ name: 'orders', role: 'client-server', port: 9000 }],
    });
  });

  it('--dry-run asks, then lists the files and writes nothing', async () => {
    const cwd = scratch();
    prompts.inject([undefined, undefined, 'api', 'client-server', false, undefined, false, true]);
    const r = await cli(['shop', '--dry-run'], { cwd, tty: true });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('services/api/src/main.ts');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('without a terminal', () => {
  it('--yes without --config writes the starter spec: public client-only web calling client-server api', async () => {
    const cwd = scratch();
    const r = await cli(['My_Shop', '--yes', '--save-config', 's.yaml', ...GEN], { cwd, tty: false });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('starter spec');
    expect(parse(readFileSync(join(cwd, 's.yaml'), 'utf-8'))).toEqual({
      name: 'my-shop',
      services: [
        { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
        { name: 'api', role: 'client-server', port: 8080 },
      ],
    });
  });

  it('--yes never prompts, even on a terminal', async () => {
    const cwd = scratch();
    const r = await cli(['shop', '--yes', '--dry-run'], { cwd, tty: true });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('services/web/src/main.ts');
    const noDir = await cli(['--yes'], { cwd, tty: true });
    expect(noDir.code).toBe(2);
    expect(noDir.err).toContain('no target directory');
  });

  it('--yes refuses a directory no project name can be made from', async () => {
    const cwd = scratch();
    const r = await cli(['2024', '--yes', ...GEN], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`name: ${m.nameStart('2024')}`);
    expect(r.err).toContain('pass --config <file>');
    expect(readdirSync(cwd)).toEqual([]);
    expect(starterSpec('2024', cwd).ok).toBe(false);
  });

  it('still exits 2 without --config or --yes', async () => {
    const cwd = scratch();
    const r = await cli(['out'], { cwd, tty: false });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--yes for the starter spec');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('projectNameFromDir', () => {
  it.each([
    ['shop', 'shop'],
    ['My_Shop', 'my-shop'],
    ['shop--platform', 'shop-platform'],
    ['42-shop', 'shop'],
    ['a'.repeat(40), 'a'.repeat(32)],
    [`${'a'.repeat(31)}-b`, 'a'.repeat(31)],
    ['2024', undefined],
    ['', undefined],
  ])('%s -> %s', (dir, name) => {
    expect(projectNameFromDir(dir)).toBe(name);
  });
});
