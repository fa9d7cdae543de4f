import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix, resolve } from 'path';
import { afterAll } from 'vitest';

/** Shared by the end-to-end tests: the packed build, a clean environment, tree snapshots. */
export const ROOT = resolve(__dirname, '..', '..');

/** Hook timeout for packing (a few seconds; the first pack of a build). */
export const PACK_TIMEOUT_MS = 5 * 60_000;

/** The projen this checkout builds with; `projen new` is pinned to it (see projenNewArgs). */
export const PROJEN_VERSION: string = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'projen', 'package.json'), 'utf-8')).version;

/**
 * Environment of a command run as a developer would run it in a shell: none of the
 * npm_* variables of the `npm`/`npx projen` that started vitest (they would redirect
 * npm's prefix and config), no projen variables, the warm npm cache preferred, and not
 * vitest's NODE_ENV=test, with which projen prints no log lines at all (its warnings
 * included) and reports its version as 99.99.99.
 */
export function e2eEnv(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, npm_config_prefer_offline: 'true', FORCE_COLOR: '0', NO_COLOR: '1' };
  delete e.CI;
  for (const k of Object.keys(e)) if (k.startsWith('npm_') && k !== 'npm_config_prefer_offline' && k !== 'npm_config_cache') delete e[k];
  for (const k of Object.keys(e)) if (k.startsWith('VITEST')) delete e[k];
  delete e.NODE_ENV;
  delete e.TEST;
  delete e.INIT_CWD;
  delete e.PROJEN_DISABLE_POST;
  delete e.PROJEN_CREATE_PROJECT;
  return e;
}

export interface RunResult {
  readonly code: number | null;
  /** stdout, then stderr. */
  readonly output: string;
  readonly seconds: number;
}

export function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = e2eEnv()): RunResult {
  const started = Date.now();
  const r = spawnSync(cmd, [...args], { cwd, env, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (Date.now() - started) / 1000;
  const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}${r.error ? `\n${String(r.error)}` : ''}`;
  // eslint-disable-next-line no-control-regex
  return { code: r.status, output: output.replace(/\u001b\[[0-9;]*m/g, ''), seconds };
}

/** Files that make up the package (what `npm pack` puts in the tarball) and change with a build. */
const PACKED_INPUTS = ['lib', 'templates', 'schema', 'bin', 'package.json', '.jsii', 'README.md'];

/**
 * The build of this checkout as `npm pack` makes it, packed once per build and shared by
 * every e2e test file (and later runs): cached under the OS temp dir, keyed by the paths,
 * sizes and mtimes of the packed inputs. lib/ alone is not enough: templates/ and schema/
 * ship as they are, without a compile. Needs `npx projen compile` first.
 * `E2E_TARBALL=<path>` uses that tarball instead.
 */
export function packedTarball(): string {
  // A given tarball instead (a release candidate, or a build packed elsewhere).
  if (process.env.E2E_TARBALL) return resolve(process.env.E2E_TARBALL);
  if (!existsSync(join(ROOT, 'lib', 'index.js')) || !existsSync(join(ROOT, '.jsii'))) {
    throw new Error('no build to pack: run `npx projen compile` first');
  }
  const hash = createHash('sha256');
  for (const input of PACKED_INPUTS) {
    for (const f of listFiles(join(ROOT, input))) {
      const st = statSync(f);
      hash.update(`${f}\0${st.size}\0${st.mtimeMs}\n`);
    }
  }
  const dir = join(tmpdir(), 'fc-e2e-pack', hash.digest('hex').slice(0, 16));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf-8')) as { name: string; version: string };
  const tgz = join(dir, `${pkg.name}-${pkg.version}.tgz`);
  if (existsSync(tgz)) return tgz;

  // Pack beside the cache entry, then move it in: a half-written tarball is never found.
  mkdirSync(join(tmpdir(), 'fc-e2e-pack'), { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'fc-e2e-pack', 'staging-'));
  const r = run('npm', ['pack', '--pack-destination', staging, '--json', '--silent'], ROOT);
  if (r.code !== 0) throw new Error(`npm pack failed:\n${r.output}`);
  mkdirSync(dir, { recursive: true });
  renameSync(join(staging, `${pkg.name}-${pkg.version}.tgz`), tgz);
  rmSync(staging, { recursive: true, force: true });
  // One tarball per build accumulates; builds older than a day are not coming back.
  const cache = join(tmpdir(), 'fc-e2e-pack');
  for (const entry of readdirSync(cache)) {
    const path = join(cache, entry);
    if (Date.now() - statSync(path).mtimeMs > 24 * 3600_000) rmSync(path, { recursive: true, force: true });
  }
  return tgz;
}

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? listFiles(join(path, e.name)) : [join(path, e.name)]));
}

/**
 * `npx projen new --from create-fargate-connect@file:<tgz> --no-git`, with projen pinned
 * to this checkout's version twice: the `projen` that runs `new`, and (`--projen-version`)
 * the one `new` installs into the directory before the module, which is otherwise
 * `projen@latest`. Unpinned, a projen release would change the generated package.json
 * and make the comparison with the CLI (which runs on this checkout's projen) flaky.
 */
export function projenNewArgs(tgz: string, flags: readonly string[] = []): string[] {
  return [
    '--yes',
    `projen@${PROJEN_VERSION}`,
    'new',
    '--from',
    `create-fargate-connect@file:${tgz}`,
    '--no-git',
    '--projen-version',
    PROJEN_VERSION,
    ...flags,
  ];
}

export interface TreeEntry {
  /** Permission bits, octal (managed files are read-only). */
  readonly mode: string;
  readonly contents: string;
}

/** Every file under `root` by POSIX path, except the top-level entries in `exclude`. */
export function readTree(root: string, exclude: readonly string[] = []): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = rel ? posix.join(rel, e.name) : e.name;
      if (exclude.includes(p)) continue;
      const abs = join(root, p);
      if (e.isDirectory()) walk(p);
      else out.set(p, { mode: (statSync(abs).mode & 0o777).toString(8), contents: readFileSync(abs, 'utf-8') });
    }
  };
  walk('');
  return out;
}

/** The differences between two trees, as lines a failed assertion can show. */
export function diffTrees(actual: Map<string, TreeEntry>, expected: Map<string, TreeEntry>): string[] {
  const out: string[] = [];
  for (const p of expected.keys()) if (!actual.has(p)) out.push(`missing: ${p}`);
  for (const [p, a] of actual) {
    const e = expected.get(p);
    if (!e) out.push(`extra: ${p}`);
    else if (a.mode !== e.mode) out.push(`mode of ${p}: ${a.mode}, expected ${e.mode}`);
    else if (a.contents !== e.contents) out.push(`contents of ${p} differ:\n${firstDifference(a.contents, e.contents)}`);
  }
  return out;
}

function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `  line ${i + 1}:\n    got:      ${al[i]}\n    expected: ${bl[i]}`;
  }
  return '';
}

/**
 * A fresh scratch folder for one test file, under E2E_WORKDIR when set (kept, to inspect
 * it afterwards); else in the temporary folder, removed when the file's tests end (each
 * generated repository installs about 340 MB: left behind, a run of the e2e kept 10 GB).
 */
export function workDir(prefix: string): string {
  const base = process.env.E2E_WORKDIR;
  if (base) {
    mkdirSync(base, { recursive: true });
    return mkdtempSync(join(base, `${prefix}-`));
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  // Gigabytes of node_modules: longer than vitest's 10 s default for a hook.
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 600_000);
  return dir;
}
