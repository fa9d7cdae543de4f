/**
 * The installed generated repository the synth, build and scale benchmarks run in:
 * created by the built CLI from test/fixtures/five-services.yaml with the real
 * `npm install` (the CLI packs this checkout and the repository installs that tarball),
 * into TMP/repo-five-services, and reused while the generator is unchanged.
 *
 * The cache key hashes what the repository is made from: lib/ (the built generator),
 * templates/, bin/, package.json and the fixture. BENCH_REUSE=1 reuses whatever
 * repository is there even when the key differs (faster, possibly stale);
 * BENCH_FRESH=1 always recreates it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, log, remove, ROOT, timedSpawn, TMP } from './lib';

export const FIXTURE = 'five-services';

export interface InstalledRepo {
  readonly dir: string;
  /** Seconds the CLI took to write and install it, when this run created it. */
  readonly createdSeconds?: number;
  readonly reused: boolean;
}

function hashTree(hash: ReturnType<typeof createHash>, dir: string, rel = ''): void {
  const abs = join(dir, rel);
  for (const e of readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name === 'node_modules') continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) hashTree(hash, dir, r);
    else if (e.isFile())
      hash
        .update(`${r}\0`)
        .update(readFileSync(join(dir, r)))
        .update('\0');
  }
}

export function generatorKey(): string {
  const h = createHash('sha256');
  for (const d of ['lib', 'templates', 'bin']) hashTree(h, join(ROOT, d));
  h.update(readFileSync(join(ROOT, 'package.json')));
  h.update(readFileSync(join(ROOT, 'test', 'fixtures', `${FIXTURE}.yaml`)));
  h.update(process.version);
  return h.digest('hex').slice(0, 16);
}

let memo: Promise<InstalledRepo> | undefined;

/** Creates (once per process) or reuses the installed repository. */
export function installedRepo(): Promise<InstalledRepo> {
  memo ??= create();
  return memo;
}

async function create(): Promise<InstalledRepo> {
  const dir = join(TMP, `repo-${FIXTURE}`);
  const stamp = `${dir}.stamp`;
  const key = generatorKey();
  const installed = existsSync(join(dir, 'node_modules', 'aws-cdk-lib', 'package.json'));
  const current = existsSync(stamp) ? readFileSync(stamp, 'utf-8').trim() : '';
  if (installed && process.env.BENCH_FRESH !== '1' && (current === key || process.env.BENCH_REUSE === '1')) {
    log(`repo: reusing ${dir}${current === key ? '' : ' (BENCH_REUSE=1: generator changed since it was made)'}`);
    return { dir, reused: true };
  }
  log(`repo: creating ${dir} with the built CLI and npm install (generator key ${key})`);
  remove(dir);
  remove(stamp);
  mkdirSync(TMP, { recursive: true });
  const fixture = join(ROOT, 'test', 'fixtures', `${FIXTURE}.yaml`);
  const r = await timedSpawn(process.execPath, [join(ROOT, 'bin', 'create-fargate-connect.js'), dir, '--config', fixture, '--yes', '--no-git'], {
    cwd: ROOT,
    env: cleanEnv(),
    timeoutMs: 900_000,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.code !== 0 || /npm install failed/.test(output) || !existsSync(join(dir, 'node_modules', 'aws-cdk-lib'))) {
    throw new Error(`creating the generated repository failed (exit ${r.code}):\n${output.slice(-6000)}`);
  }
  writeFileSync(stamp, `${key}\n`);
  const mb = statSync(join(dir, 'package-lock.json')).size / 1e6;
  log(`repo: created and installed in ${r.seconds.toFixed(1)} s (package-lock ${mb.toFixed(2)} MB)`);
  return { dir, createdSeconds: r.seconds, reused: false };
}

/** The repository's cdk.json context: what `cdk synth` would hand the app. */
export function cdkContext(dir: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf-8')).context ?? {}) as Record<string, unknown>;
}

/** Resource counts per stack of a cloud assembly folder. */
export function resourceCounts(outdir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of readdirSync(outdir)
    .filter((x) => x.endsWith('.template.json'))
    .sort()) {
    const t = JSON.parse(readFileSync(join(outdir, f), 'utf-8')) as { Resources?: Record<string, unknown> };
    counts.set(f.replace(/\.template\.json$/, ''), Object.keys(t.Resources ?? {}).length);
  }
  return counts;
}

/**
 * Deploy waves: the longest chain of stacks that must deploy one after another (each waits
 * for the stacks it depends on), from the cloud assembly's manifest.
 */
export function deployWaves(outdir: string): number {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf-8')) as {
    artifacts: Record<string, { type: string; dependencies?: string[] }>;
  };
  const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  const deps = new Map(
    stacks.map(([id, a]) => [id, (a.dependencies ?? []).filter((d) => manifest.artifacts[d]?.type === 'aws:cloudformation:stack')]),
  );
  const depth = new Map<string, number>();
  const wave = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const d = 1 + Math.max(0, ...(deps.get(id) ?? []).map(wave));
    depth.set(id, d);
    return d;
  };
  return Math.max(0, ...stacks.map(([id]) => wave(id)));
}
