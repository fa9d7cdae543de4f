/**
 * Shared by the tests of the write path (test/write): specs, trees as data, the built
 * CLI as a child process, and file-system call wrappers that fail or "crash".
 */
import type { Placement } from '../../src/plan';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { stringify } from 'yaml';
import { generate, type GenerateResult } from '../../src/api';
import { REAL_FILE_OPS, type FileOps } from '../../src/api/file-ops';
import { scratch, snapshotTree, staleBuild } from '../cli/helpers';

export const ROOT = join(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'create-fargate-connect.js');
/** Flags every CLI run here takes: nothing packed, installed or committed. */
export const QUIET = ['--yes', '--no-install', '--no-git', '--generator-dependency', '^0.0.0'];

export type Tree = Record<string, string>;

/** A spec of `n` services: client-server `s1..s<n-1>` and a public client-only `web` calling s1. */
export function specOf(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const services: Record<string, unknown>[] = [{ name: 'web', role: 'client-only', port: 3000, public: true, calls: ['s1'] }];
  for (let i = 1; i < n; i++) services.push({ name: `s${i}`, role: 'client-server', port: 8080 });
  return { name: 'shop', services, ...extra };
}

/** The same platform, changed: another profile (most managed files change) and one service more. */
export function changedSpec(n: number): Record<string, unknown> {
  const spec = specOf(n, { profile: 'dev' });
  (spec.services as Record<string, unknown>[]).push({ name: 'added', role: 'client-server', port: 9090 });
  return spec;
}

export function writeSpec(path: string, spec: unknown): string {
  writeFileSync(path, stringify(spec));
  return path;
}

/** What the CLI generates for `spec`; into an existing repository, with its stack placement (as the CLI reads it). */
export function generated(spec: unknown, placement?: Placement): Extract<GenerateResult, { ok: true }> {
  const r = generate(spec, { generatorDependency: '^0.0.0', ...(placement ? { placement } : {}) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

/** Every entry under `dir` with bytes and mode (see snapshotTree); `{}` when it does not exist. */
export function tree(dir: string): Tree {
  return existsSync(dir) ? snapshotTree(dir) : {};
}

/** The generator's own leftovers (`.fargate-connect-*`) in `dir` and in its parent. */
export function leftovers(dir: string): string[] {
  const found: string[] = [];
  for (const d of [dir, dirname(dir)]) {
    if (!existsSync(d)) continue;
    for (const e of readdirSync(d)) if (e.startsWith('.fargate-connect-')) found.push(join(d, e));
  }
  return found;
}

/** Puts `dir` back to `want` (a tree from `tree()`), changing only what differs. */
export function restoreTree(dir: string, want: Tree, have: Tree = tree(dir)): void {
  for (const p of Object.keys(have).sort().reverse()) {
    if (!(p in want)) rmSync(join(dir, p), { recursive: true, force: true });
  }
  for (const p of Object.keys(want).sort()) {
    const abs = join(dir, p);
    const [mode, data] = want[p].split(':');
    if (data === 'link') {
      if (have[p] !== want[p]) {
        rmSync(abs, { recursive: true, force: true });
        symlinkSync(want[p].slice(`${mode}:link:`.length), abs);
      }
    } else if (p.endsWith('/')) {
      mkdirSync(abs, { recursive: true });
      chmodSync(abs, parseInt(mode, 8) & 0o7777);
    } else if (have[p] !== want[p]) {
      rmSync(abs, { force: true });
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, Buffer.from(data, 'base64'));
      chmodSync(abs, parseInt(mode, 8) & 0o7777);
    }
  }
}

/** Fails with the reason when lib/ is older than src/: the child-process tests run the built CLI. */
export function assertBuilt(): void {
  const stale = staleBuild();
  if (stale.length > 0) throw new Error(`lib/ is older than src/ (${stale.slice(0, 5).join(', ')}): run \`npx projen compile\` before these tests`);
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs the built CLI. `wrap` runs it through another command (`setpriv ...`, `sh -c`
 * style wrappers get `node BIN args` appended); `onStart` and `onOut` get the child, to
 * signal it at the right moment.
 */
export function runBuilt(
  args: readonly string[],
  opts: {
    cwd: string;
    env?: NodeJS.ProcessEnv;
    wrap?: readonly string[];
    onStart?: (child: ChildProcess) => void;
    onOut?: (stdoutSoFar: string, child: ChildProcess) => void;
  },
): Promise<ChildRun> {
  return new Promise((done) => {
    const command = [...(opts.wrap ?? []), 'node', BIN, ...args];
    const child = spawn(command[0], command.slice(1), { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    opts.onStart?.(child);
    child.stdout.setEncoding('utf-8').on('data', (d: string) => {
      out += d;
      opts.onOut?.(out, child);
    });
    child.stderr.setEncoding('utf-8').on('data', (d: string) => (err += d));
    child.on('close', (code, signal) => done({ code, signal, out, err }));
  });
}

/** Whether `cmd` runs here (for tests that need util-linux tools or root). */
export function can(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

export const isRoot = process.getuid?.() === 0;

/** The mutating calls of FileOps, the ones a failure or crash is injected into. */
const MUTATING: readonly (keyof FileOps)[] = ['rename', 'mkdir', 'rmdir', 'unlink', 'writeFile', 'chmod', 'removeTree', 'makeTempDir'];

/**
 * FileOps that count the mutating calls and, from call number `at` on, either fail that
 * one call (`mode: 'fail'`) or every call (`mode: 'crash'`: the process is gone, nothing
 * it would still do reaches the disk, its cleanup included). `filter` narrows which calls count.
 */
export function faultyOps(at: number, mode: 'fail' | 'crash', filter: (name: keyof FileOps, args: unknown[]) => boolean = () => true) {
  let n = 0;
  let dead = false;
  const calls: string[] = [];
  const log: string[] = [];
  const ops = { ...REAL_FILE_OPS } as Record<string, (...a: unknown[]) => unknown>;
  for (const name of MUTATING) {
    const real = (REAL_FILE_OPS as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    ops[name] = (...args: unknown[]) => {
      if (dead) throw Object.assign(new Error('crashed (simulated)'), { code: 'ECRASH' });
      if (filter(name, args)) log.push(`${name} ${args.map(String).join(' ')}`);
      if (filter(name, args) && ++n === at) {
        calls.push(`${name} ${String(args[0])}`);
        if (mode === 'crash') dead = true;
        throw Object.assign(new Error(`${mode} at call ${at} (simulated)`), { code: mode === 'crash' ? 'ECRASH' : 'EIO' });
      }
      return real(...args);
    };
  }
  return {
    ops: ops as unknown as FileOps,
    /** How many counted calls were made. */
    get count() {
      return n;
    },
    get hit() {
      return calls[0];
    },
    /** Every counted call so far, `name args...`, in order. */
    log,
  };
}

/** The paths whose entry differs between two trees (added, removed, other bytes or mode): `[]` when equal. */
export function treeDiff(actual: Tree, expected: Tree): string[] {
  const paths = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...paths]
    .filter((p) => actual[p] !== expected[p])
    .sort()
    .map((p) => (!(p in expected) ? `+ ${p}` : !(p in actual) ? `- ${p}` : `~ ${p}`));
}

/** The part of a tree of `parent` under `name/`, as a tree of that folder. */
export function subtree(whole: Tree, name: string): Tree {
  return Object.fromEntries(
    Object.entries(whole)
      .filter(([p]) => p.startsWith(`${name}/`) && p !== `${name}/`)
      .map(([p, v]) => [p.slice(name.length + 1), v]),
  );
}

/**
 * A copy of this checkout's built CLI in a folder of its own that looks like a source
 * checkout (so the CLI packs it), with the package.json given.
 */
export function fakeCheckout(pkg: (real: Record<string, unknown>) => Record<string, unknown>): string {
  const dir = join(scratch(), 'checkout');
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, '.projenrc.ts'), '// a checkout\n');
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'lib'), join(dir, 'lib'), { recursive: true });
  cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const real = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf-8'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(pkg({ name: real.name, version: real.version, main: real.main, files: real.files, bin: real.bin }), null, 2),
  );
  return dir;
}
