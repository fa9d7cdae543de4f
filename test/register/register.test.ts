/**
 * `create-fargate-connect/register` (src/register): tsx for a repository's own files,
 * Node's own loader for its dependencies' JavaScript, where Node requires ES modules
 * itself. Needs `npx projen compile` first (the test runs lib/register as node does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDependency, registerTsxForOwnFiles, type ExtensionLoader } from '../../src/register/route';
import { assertBuilt } from '../write/helpers';

const ROOT = resolve(__dirname, '..', '..');

describe('registerTsxForOwnFiles', () => {
  const loaded: string[] = [];
  const loader =
    (who: string): ExtensionLoader =>
    (_module, filename) =>
      loaded.push(`${who} ${filename}`);
  const node = loader('node');
  const tsx = loader('tsx');
  const tsxTs = loader('tsx');
  const run = (extensions: Record<string, ExtensionLoader | undefined>, files: string[]) => {
    loaded.length = 0;
    for (const f of files) extensions[f.slice(f.lastIndexOf('.'))]!({} as NodeJS.Module, f);
    return [...loaded];
  };

  it("gives a dependency's .js back to the loader before tsx; the repository's files, .js or .ts, to tsx", () => {
    const extensions: Record<string, ExtensionLoader | undefined> = { '.js': node };
    const shared = registerTsxForOwnFiles(extensions, () => Object.assign(extensions, { '.js': tsx, '.ts': tsxTs }), true);
    expect(shared).toBe(true);
    expect(
      run(extensions, [
        '/repo/node_modules/aws-cdk-lib/core/lib/app.js',
        '/repo/src/own.js',
        '/repo/src/main.ts',
        '/repo/node_modules/pkg/src/raw.ts',
      ]),
    ).toEqual([
      'node /repo/node_modules/aws-cdk-lib/core/lib/app.js',
      'tsx /repo/src/own.js',
      'tsx /repo/src/main.ts',
      'tsx /repo/node_modules/pkg/src/raw.ts',
    ]);
  });

  it('leaves every file to tsx on a node that cannot require an ES module (tsx turns those into CommonJS)', () => {
    const extensions: Record<string, ExtensionLoader | undefined> = { '.js': node };
    expect(registerTsxForOwnFiles(extensions, () => Object.assign(extensions, { '.js': tsx }), false)).toBe(false);
    expect(extensions['.js']).toBe(tsx);
  });

  it('changes nothing when tsx did not take .js files (a tsx that hooks Node otherwise)', () => {
    const extensions: Record<string, ExtensionLoader | undefined> = { '.js': node };
    expect(registerTsxForOwnFiles(extensions, () => Object.assign(extensions, { '.ts': tsxTs }), true)).toBe(false);
    expect(extensions['.js']).toBe(node);
  });

  it('tells a dependency by a node_modules folder in its path, with either separator', () => {
    expect(isDependency('/repo/node_modules/constructs/lib/index.js')).toBe(true);
    expect(isDependency('C:\\repo\\node_modules\\constructs\\lib\\index.js')).toBe(true);
    expect(isDependency('/repo/src/node_modules_notes.js')).toBe(false);
    expect(isDependency('/repo/src/main.js')).toBe(false);
  });
});

describe('node --require create-fargate-connect/register', () => {
  let repo: string;

  /** A package in the scratch repository's node_modules. */
  function dependency(name: string, type: 'commonjs' | 'module', index: string): void {
    const dir = join(repo, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type, main: 'index.js' }));
    writeFileSync(join(dir, 'index.js'), index);
  }

  function run(hooks: string, main: string, env: NodeJS.ProcessEnv = process.env) {
    writeFileSync(join(repo, 'src', 'main.ts'), main);
    const r = spawnSync(process.execPath, ['--require', hooks, 'src/main.ts'], { cwd: repo, encoding: 'utf8', timeout: 60_000, env });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  beforeAll(() => {
    assertBuilt();
    repo = mkdtempSync(join(tmpdir(), 'fc-register-'));
    mkdirSync(join(repo, 'src'));
    mkdirSync(join(repo, 'node_modules'));
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'repo', private: true }));
    // The repository's tsx, as a generated repository has it (a dev dependency).
    symlinkSync(dirname(require.resolve('tsx/package.json', { paths: [ROOT] })), join(repo, 'node_modules', 'tsx'));
    symlinkSync(ROOT, join(repo, 'node_modules', 'create-fargate-connect'));
    dependency('cjs-dep', 'commonjs', 'exports.greet = (who) => `hello ${who}`;\n');
    dependency('esm-only', 'module', 'export default function shout(s) { return s.toUpperCase(); }\n');
    // ES module syntax in a file its package calls CommonJS: only a transform loads it.
    dependency('esm-in-cjs', 'commonjs', 'export const broken = true;\n');
    writeFileSync(join(repo, 'src', 'own.js'), 'export const own = "own .js, ES module syntax";\n');
    writeFileSync(join(repo, 'src', 'helper.ts'), 'export const helper = (n: number): string => `helper ${n}`;\n');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("runs the repository's TypeScript and its own ES-syntax .js, with CommonJS and ES-module-only dependencies", () => {
    const r = run(
      'create-fargate-connect/register',
      [
        "import { greet } from 'cjs-dep';",
        "import shout from 'esm-only';",
        "import { own } from './own';",
        "import { helper } from './helper';",
        'console.log([greet("cdk"), shout("esm"), own, helper(2)].join(" | "));',
        '',
      ].join('\n'),
    );
    expect(r.stderr.replace(/.*ExperimentalWarning.*\n|.*--trace-warnings.*\n/g, '')).toBe('');
    expect(r.stdout.trim()).toBe('hello cdk | ESM | own .js, ES module syntax | helper 2');
    expect(r.code).toBe(0);
  });

  it("leaves a dependency's .js to Node where Node requires ES modules: what tsx alone would have transformed, Node loads as its package says", () => {
    const main = "import { broken } from 'esm-in-cjs';\nconsole.log(broken);\n";
    const withTsx = run('tsx/cjs', main);
    expect(withTsx.stdout.trim(), withTsx.stderr).toBe('true');
    const withRegister = run('create-fargate-connect/register', main);
    if ((process.features as { require_module?: boolean }).require_module !== true) {
      // An older Node (22.0 to 22.11): tsx keeps every file.
      expect(withRegister.stdout.trim(), withRegister.stderr).toBe('true');
      return;
    }
    expect(withRegister.code).not.toBe(0);
    expect(withRegister.stderr).toMatch(/SyntaxError: Unexpected token 'export'/);
    expect(withRegister.stderr).toContain(join('node_modules', 'esm-in-cjs', 'index.js'));
  });

  it("keeps Node's compile cache in the repository's node_modules, on a Node that has one (22.8 and later)", () => {
    const tmp = join(repo, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...env } = process.env;
    const r = run('create-fargate-connect/register', "import { greet } from 'cjs-dep';\nconsole.log(greet('cache'));\n", { ...env, TMPDIR: tmp });
    expect(r.stdout.trim(), r.stderr).toBe('hello cache');
    const hasCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    const cache = join(repo, 'node_modules', '.cache', 'node-compile-cache');
    expect(existsSync(cache)).toBe(hasCache);
    if (hasCache) expect(readdirSync(cache).length).toBeGreaterThan(0);
    // Nothing in the shared temporary folder.
    expect(readdirSync(tmp).filter((f) => f.startsWith('node-compile-cache'))).toEqual([]);
  });
});
