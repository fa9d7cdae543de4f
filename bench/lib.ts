/**
 * Shared helpers of the benchmarks: rows of the report, statistics, timed child
 * processes with a clean environment, scratch folders.
 *
 * Benchmarks print numbers; they never fail a build. Every measurement is wall time.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
/**
 * Scratch of the benchmarks, and the cache of the installed generated repository.
 * Outside the checkout on purpose: .npmignore does not exclude /.tmp/, so anything there
 * would be packed into the tarball the CLI installs into generated repositories (and
 * would inflate the `npm pack` numbers).
 */
export const TMP = resolve(process.env.BENCH_TMP ?? join(tmpdir(), 'fargate-connect-bench'));

/** One line of the report. */
export interface Row {
  readonly group: string;
  readonly metric: string;
  /** Samples in the row's unit; empty for a single fact. */
  readonly samples: readonly number[];
  readonly unit: 's' | 'ms' | 'x' | '' | 'MB' | 'kB';
  /** Shown instead of median/min/max when there are no samples. */
  readonly value?: string;
  /** e.g. "<= 3 s"; empty for information only. */
  readonly goal?: string;
  /** Compares the median with the goal; undefined for information only. */
  readonly pass?: boolean;
  /** A ratio measured in the same run, e.g. "1.05x baseline" (where one is relevant). */
  readonly ratio?: string;
  readonly note?: string;
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function stats(samples: readonly number[]): Stats {
  if (samples.length === 0) return { median: NaN, min: NaN, max: NaN };
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

/**
 * Runs per measurement: the benchmark's own variable (e.g. BENCH_BUILD_RUNS) when set,
 * else BENCH_RUNS, else the benchmark's default.
 */
export function runs(defaultRuns = 5, specific?: string): number {
  for (const name of [specific, 'BENCH_RUNS']) {
    const env = Number(name ? process.env[name] : undefined);
    if (Number.isInteger(env) && env > 0) return env;
  }
  return defaultRuns;
}

/** A row with samples and an upper-bound goal (pass when the median is at most `limit`). */
export function limitRow(
  group: string,
  metric: string,
  samples: readonly number[],
  unit: Row['unit'],
  limit?: number,
  extra: { note?: string; ratio?: string } = {},
): Row {
  const { median } = stats(samples);
  return {
    group,
    metric,
    samples,
    unit,
    goal: limit === undefined ? undefined : `<= ${limit}${unit === 'x' ? 'x' : ` ${unit}`}`,
    pass: limit === undefined || !Number.isFinite(median) ? undefined : median <= limit,
    ...extra,
  };
}

/** Per-round ratios a[i] / b[i] (both measured in the same round). */
export function pairedRatios(a: readonly number[], b: readonly number[], scale = 1): number[] {
  return a.map((x, i) => (x / b[i]) * scale).filter((x) => Number.isFinite(x));
}

/**
 * Least-squares line through (services, seconds) points: the fixed cost `a` and the cost
 * per service `b`, in ms or s.
 */
export function linearFit(points: readonly (readonly [number, number])[], unit: 'ms' | 's'): string {
  const n = points.length;
  const mx = points.reduce((acc, [x]) => acc + x, 0) / n;
  const my = points.reduce((acc, [, y]) => acc + y, 0) / n;
  const b = points.reduce((acc, [x, y]) => acc + (x - mx) * (y - my), 0) / points.reduce((acc, [x]) => acc + (x - mx) ** 2, 0);
  const a = my - b * mx;
  const k = unit === 'ms' ? 1000 : 1;
  return `a=${(a * k).toFixed(unit === 'ms' ? 0 : 1)} ${unit}, b=${(b * k).toFixed(unit === 'ms' ? 2 : 3)} ${unit}/svc`;
}

/** A row with a single value (a size, a count). */
export function factRow(group: string, metric: string, value: string, note?: string, goal?: string, pass?: boolean): Row {
  return { group, metric, samples: [], unit: '', value, note, goal, pass };
}

/** Progress goes to stderr, so stdout keeps only the report. */
export function log(message: string): void {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${t}] ${message}\n`);
}

/**
 * The environment a developer's shell would give a child: no npm_* variables of the
 * runner's own `npm exec`/`projen` wrapper, no CI flag, no PROJEN_DISABLE_POST.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, npm_config_prefer_offline: 'true', FORCE_COLOR: '0', NO_COLOR: '1' };
  delete e.CI;
  for (const k of Object.keys(e)) {
    if (k.startsWith('npm_') && k !== 'npm_config_prefer_offline' && k !== 'npm_config_cache') delete e[k];
  }
  delete e.INIT_CWD;
  delete e.PROJEN_DISABLE_POST;
  delete e.NODE_OPTIONS;
  return { ...e, ...extra };
}

export interface Timed {
  readonly code: number | null;
  readonly seconds: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawns a command and measures its whole wall time, from spawn to exit. Killed (with
 * its process group) after `timeoutMs`.
 */
export function timedSpawn(
  cmd: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Timed> {
  return new Promise((resolvePromise) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, [...args], {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout ends npx's children too
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf-8').on('data', (d: string) => (stdout = (stdout + d).slice(-4_000_000)));
    child.stderr.setEncoding('utf-8').on('data', (d: string) => (stderr = (stderr + d).slice(-4_000_000)));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs ?? 600_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolvePromise({ code, seconds, stdout, stderr });
    });
  });
}

/** Like timedSpawn, but throws with the output's tail when the command fails. */
export async function mustSpawn(
  cmd: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Timed> {
  const r = await timedSpawn(cmd, args, options);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${options.cwd}) exited ${r.code}:\n${(r.stdout + r.stderr).slice(-6000)}`);
  }
  return r;
}

/** A fresh folder under .tmp/bench/<name>-XXXX. */
export function scratchDir(name: string): string {
  mkdirSync(TMP, { recursive: true });
  return mkdtempSync(join(TMP, `${name}-`));
}

export function remove(path: string): void {
  rmSync(path, { recursive: true, force: true });
}

/** Yields to the event loop (lets stderr flush between long synchronous steps). */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
