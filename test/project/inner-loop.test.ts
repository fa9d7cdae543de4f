import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
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

const TSX_NODE = 'node --require tsx/cjs';

describe('cdk synth', () => {
  it('runs no build command first (projen bundle had nothing to bundle)', () => {
    expect(cdkJson).not.toHaveProperty('build');
  });

  it("runs the app in one node process with tsx's CommonJS hooks, not through npx or the tsx CLI", () => {
    expect(cdkJson.app).toBe(`${TSX_NODE} src/main.ts`);
  });
});

describe('projen tasks', () => {
  it('put node_modules/.bin first on PATH without asking npx for it', () => {
    const path = tasks.env!.PATH!;
    expect(path).not.toMatch(/npx/);
    // projen runs what is inside `$(...)` with the shell, in the repository, and takes its output.
    const command = /^\$\((.*)\)$/.exec(path)![1]!;
    const callers = [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);
    const r = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: callers } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe([join(dir, 'node_modules', '.bin'), callers].join(delimiter));
  });

  it('synthesize the project from .projenrc.ts without type-checking it (the compile task does)', () => {
    expect(tasks.tasks.default!.steps).toEqual([{ exec: `${TSX_NODE} .projenrc.ts` }]);
  });

  it("run the repository's own tasks through the glue file the same way", () => {
    for (const name of ['local', 'cost', 'record', 'eject-infra']) {
      expect(tasks.tasks[name]!.steps![0]).toMatchObject({ exec: `${TSX_NODE} scripts/tasks.ts ${name}` });
    }
  });

  it('install no ts-node: nothing runs it', () => {
    expect(packageJson.devDependencies).not.toHaveProperty('ts-node');
    expect(packageJson.dependencies).not.toHaveProperty('ts-node');
    expect(packageJson.devDependencies).toHaveProperty('tsx');
  });
});

describe('the compile task', () => {
  it('type-checks .projenrc.ts with the apps, the scripts and the CDK app, in one program', () => {
    expect(tasks.tasks.compile!.steps).toEqual([{ exec: 'tsc --noEmit -p tsconfig.dev.json' }]);
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
