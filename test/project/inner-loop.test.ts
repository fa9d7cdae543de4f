import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeProject } from '../../src/api';

/**
 * What a generated repository runs on every synth, build and task (issue 19): nothing that
 * costs and does nothing, and every TypeScript file type-checked once, by the compile task.
 */
let dir: string;
let tasks: { env?: Record<string, string>; tasks: Record<string, { steps?: Record<string, unknown>[] }> };
let cdkJson: Record<string, unknown>;
let packageJson: { devDependencies: Record<string, string>; dependencies: Record<string, string> };

beforeAll(() => {
  const previous = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = '1';
  try {
    dir = join(mkdtempSync(join(tmpdir(), 'fc-inner-loop-')), 'shop');
    const written = writeProject(
      dir,
      {
        name: 'shop',
        services: [
          { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
          { name: 'api', role: 'client-server', port: 8080 },
        ],
      },
      { generatorDependency: 'file:/opt/packs/create-fargate-connect-0.0.0.tgz' },
    );
    if (!written.ok) throw new Error(written.errors.map((e) => e.message).join('\n'));
  } finally {
    if (previous === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previous;
  }
  tasks = JSON.parse(readFileSync(join(dir, '.projen', 'tasks.json'), 'utf-8'));
  cdkJson = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf-8'));
  packageJson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));
});
afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

const TS_NODE = 'node --require create-fargate-connect/register';

describe('cdk synth', () => {
  it('runs no build command first (projen bundle had nothing to bundle)', () => {
    expect(cdkJson).not.toHaveProperty('build');
  });

  it("runs the app in one node process with tsx's CommonJS hooks for its own files (create-fargate-connect/register), not through npx or the tsx CLI", () => {
    expect(cdkJson.app).toBe('node --liftoff-only --single-threaded-gc --require create-fargate-connect/register src/main.ts');
  });

  it('gives node V8 flags this node accepts (a node without one refuses to start: every synth would fail)', () => {
    const flags = (cdkJson.app as string).split(' ').filter((a) => a.startsWith('--') && a !== '--require');
    expect(flags).toEqual(['--liftoff-only', '--single-threaded-gc']);
    const r = spawnSync(process.execPath, [...flags, '-e', 'process.stdout.write("ran")'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ran');
  });
});

describe('projen tasks', () => {
  /** PATH as projen evaluates it for a task of this repository's tasks.json, in its own shell. */
  function taskPath(env: NodeJS.ProcessEnv): string {
    const scratch = mkdtempSync(join(tmpdir(), 'fc-task-path-'));
    try {
      mkdirSync(join(scratch, '.projen'));
      const manifest = { ...tasks, tasks: { ...tasks.tasks, 'print-path': { name: 'print-path', steps: [{ exec: 'node -p process.env.PATH' }] } } };
      writeFileSync(join(scratch, '.projen', 'tasks.json'), JSON.stringify(manifest));
      const projen = join(dirname(require.resolve('projen/package.json')), 'bin', 'projen');
      const r = spawnSync(process.execPath, [projen, 'print-path'], { cwd: scratch, encoding: 'utf8', env });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim().split('\n').at(-1)!.replace(scratch, '<repo>');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  it("put node_modules/.bin first on PATH with projen's shell builtins: no npx, no process", () => {
    const path = tasks.env!.PATH!;
    expect(path).not.toMatch(/npx|node -|node --/);
    const callers = [dirname(process.execPath), '/usr/bin', '/bin'].join(':');
    const { SYSTEMROOT: _, ...posix } = process.env;
    expect(taskPath({ ...posix, PATH: callers })).toBe(`<repo>/node_modules/.bin:${callers}`);
  });

  it('put it first with the separator of Windows where Windows has its system folder', () => {
    const systemRoot = mkdtempSync(join(tmpdir(), 'fc-systemroot-'));
    try {
      mkdirSync(join(systemRoot, 'System32'));
      const callers = [dirname(process.execPath), '/usr/bin', '/bin'].join(':');
      expect(taskPath({ ...process.env, PATH: callers, SYSTEMROOT: systemRoot })).toBe(`<repo>/node_modules/.bin;${callers}`);
    } finally {
      rmSync(systemRoot, { recursive: true, force: true });
    }
  });

  it('synthesize the project from .projenrc.ts without type-checking it (the compile task does)', () => {
    expect(tasks.tasks.default!.steps).toEqual([{ exec: `${TS_NODE} .projenrc.ts` }]);
  });

  it("run the repository's own tasks through the glue file the same way", () => {
    for (const name of ['local', 'cost', 'record', 'eject-infra']) {
      expect(tasks.tasks[name]!.steps![0]).toMatchObject({ exec: `${TS_NODE} scripts/tasks.ts ${name}` });
    }
  });

  it('install no ts-node: nothing runs it', () => {
    expect(packageJson.devDependencies).not.toHaveProperty('ts-node');
    expect(packageJson.dependencies).not.toHaveProperty('ts-node');
    expect(packageJson.devDependencies).toHaveProperty('tsx');
  });
});

describe('the compile task', () => {
  it('type-checks and synthesizes side by side; post-compile records that synthesis and synthesizes nothing again', () => {
    expect(tasks.tasks.compile!.steps).toEqual([
      { exec: `${TS_NODE} scripts/tasks.ts concurrently "tsc --noEmit -p tsconfig.dev.json" "projen synth:silent"` },
    ]);
    expect(tasks.tasks['synth:silent']!.steps).toEqual([{ execArgs: ['cdk', 'synth', '-q'] }]);
    expect(tasks.tasks['post-compile']!.steps).toEqual([{ spawn: 'record' }]);
    expect(tasks.tasks.build!.steps!.map((s) => s.spawn)).toEqual(['default', 'pre-compile', 'compile', 'post-compile', 'test', 'package']);
  });

  it('type-checks .projenrc.ts with the apps, the scripts and the CDK app, in one program', () => {
    const file = join(dir, 'tsconfig.dev.json');
    const config = ts.readConfigFile(file, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir, undefined, file);
    const files = parsed.fileNames.map((f) => f.slice(dir.length + 1));
    for (const f of [
      '.projenrc.ts',
      'src/main.ts',
      'test/platform.test.ts',
      'scripts/tasks.ts',
      'services/api/src/main.ts',
      'services/web/test/health.test.ts',
    ]) {
      expect(files).toContain(f);
    }
  });
});
