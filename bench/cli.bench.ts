/**
 * 2. CLI cold start: the whole `node bin/create-fargate-connect.js` process, spawned,
 *    from spawn to exit, for the 10-service bench spec, with --no-install --no-git and a
 *    given generator dependency (so nothing is packed or installed). One untimed warm-up
 *    (the OS file cache, as on a developer's second run), then BENCH_RUNS runs.
 *
 * Beside it, the package as npm would publish it (`npm pack --dry-run --json`): packed and
 * unpacked size, entries, bundled dependencies, and the peer dependencies a user's `npx`
 * installs with it (counted from this checkout's lock file).
 *
 * Runs the built CLI (lib/): `npx projen compile` first; a lib/ older than src/ is flagged.
 *
 *   npx tsx bench/cli.bench.ts
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { factRow, limitRow, log, mustSpawn, remove, ROOT, runs, scratchDir, timedSpawn, type Row } from './lib';
import { printReport } from './report';
import { benchSpec } from './specs';

const GROUP = '2. CLI cold start and package';
const GOAL_S = 3;
const REFERENCE = 'ref create-vite: 0 deps, 1.9 MB';

/** Newest modification time under a folder (files with one of the extensions). */
function newest(dir: string, exts: readonly string[]): number {
  let max = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (exts.some((x) => e.name.endsWith(x))) max = Math.max(max, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return max;
}

/** Size on disk of one installed package, without the packages nested in it. */
function packageBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) total += statSync(p).size;
    }
  };
  walk(dir);
  return total;
}

/**
 * Packages npm installs for `roots` (their dependencies, transitively), resolved the way
 * node does through the lock file's node_modules paths.
 */
function installClosure(roots: readonly string[]): { count: number; bytes: number; names: string[] } {
  const lockFile = join(ROOT, 'node_modules', '.package-lock.json');
  const packages = JSON.parse(readFileSync(lockFile, 'utf-8')).packages as Record<
    string,
    { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
  >;
  const resolveFrom = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[key]) return key;
      if (!base) return undefined;
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  };
  const seen = new Set<string>();
  const queue = roots.map((r) => resolveFrom('', r)).filter((k): k is string => k !== undefined);
  while (queue.length) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = packages[key];
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const child = resolveFrom(key, dep);
      if (child) queue.push(child);
    }
  }
  let bytes = 0;
  for (const key of seen) {
    try {
      bytes += packageBytes(join(ROOT, key));
    } catch {
      // optional dependency not installed on this platform
    }
  }
  return { count: seen.size, bytes, names: [...seen].map((k) => k.replace(/^.*node_modules\//, '')) };
}

export async function benchCli(): Promise<Row[]> {
  const rows: Row[] = [];
  const n = runs(5);
  const work = scratchDir('cli');
  const config = join(work, 'spec-10.json');
  writeFileSync(config, JSON.stringify(benchSpec(10), null, 2));
  const bin = join(ROOT, 'bin', 'create-fargate-connect.js');
  const args = (out: string) => [bin, out, '--config', config, '--yes', '--no-install', '--no-git', '--generator-dependency', 'file:/tmp/x.tgz'];

  const stale = newest(join(ROOT, 'src'), ['.ts']) > newest(join(ROOT, 'lib'), ['.js']);
  if (stale) log('cli: WARNING lib/ is older than src/: the CLI runs the last `npx projen compile`');

  const samples: number[] = [];
  try {
    for (let i = 0; i <= n; i++) {
      const out = join(work, `out-${i}`);
      const r = await timedSpawn(process.execPath, args(out), { cwd: ROOT });
      if (r.code !== 0) throw new Error(`CLI exited ${r.code}:\n${(r.stdout + r.stderr).slice(-3000)}`);
      remove(out);
      if (i === 0) continue; // warm-up
      samples.push(r.seconds);
      log(`cli: run ${i}/${n}: ${r.seconds.toFixed(2)} s`);
    }
  } finally {
    remove(work);
  }
  rows.push(
    limitRow(GROUP, 'CLI cold start, 10 services (process wall)', samples, 's', GOAL_S, {
      note: `node bin/create-fargate-connect.js <dir> --config <10-service spec> --yes --no-install --no-git --generator-dependency file:/tmp/x.tgz${
        stale ? '; WARNING: lib/ is older than src/ (run npx projen compile)' : ''
      }`,
    }),
  );

  log('cli: npm pack --dry-run --json');
  const pack = await mustSpawn('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: ROOT });
  const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as {
    size: number;
    unpackedSize: number;
    entryCount: number;
    bundled: string[];
    files: { path: string; size: number }[];
  }[];
  const p = info[0];
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf-8'));
  const peers = Object.keys(pkg.peerDependencies ?? {});
  const direct = Object.keys(pkg.dependencies ?? {});
  const closure = installClosure(peers);
  // What the package is meant to ship (package.json "files" is unset: .npmignore decides).
  const expected = new Set(['lib', 'templates', 'schema', 'bin', 'node_modules', 'package.json', 'README.md', 'LICENSE', '.jsii']);
  const unexpected = new Map<string, { files: number; bytes: number }>();
  for (const f of p.files ?? []) {
    const top = f.path.split('/')[0];
    if (expected.has(top)) continue;
    const cur = unexpected.get(top) ?? { files: 0, bytes: 0 };
    unexpected.set(top, { files: cur.files + 1, bytes: cur.bytes + f.size });
  }
  rows.push(
    factRow(GROUP, 'package: packed size (npm pack)', `${(p.size / 1e6).toFixed(2)} MB`, undefined, REFERENCE),
    factRow(GROUP, 'package: unpacked size', `${(p.unpackedSize / 1e6).toFixed(2)} MB`, undefined, REFERENCE),
    factRow(GROUP, 'package: entries', String(p.entryCount)),
    factRow(
      GROUP,
      'package: bundled deps (direct + transitive)',
      `${direct.length} + ${p.bundled.length - direct.length}`,
      `bundled: ${p.bundled.join(', ')}`,
      REFERENCE,
    ),
    factRow(
      GROUP,
      'package: peer deps (npx installs them too)',
      `${peers.length} -> ${closure.count} pkgs, ${(closure.bytes / 1e6).toFixed(1)} MB`,
      `peers ${peers.join(', ')}; closure counted from node_modules/.package-lock.json of this checkout`,
    ),
    factRow(
      GROUP,
      'package: entries outside lib/templates/schema/bin',
      unexpected.size ? [...unexpected].map(([k, v]) => `${k} (${v.files})`).join(', ') : 'none',
      unexpected.size
        ? `${[...unexpected].map(([k, v]) => `${k}: ${v.files} files, ${(v.bytes / 1e3).toFixed(0)} kB`).join('; ')} -- not excluded by .npmignore, and packed into the tarball the CLI installs in every generated repo`
        : undefined,
      'none',
      unexpected.size === 0,
    ),
  );
  return rows;
}

if (require.main === module) {
  benchCli().then(printReport, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
