/**
 * 5. Scale: the generated app for 10 / 50 / 100 / 300-service bench specs.
 *
 * For each size, `generate()` (the sources) writes the whole repository into
 * TMP/scale-<n>/, whose node_modules is a symlink to the installed five-services
 * repository's. Then the app is synthesized as `cdk synth` runs it (`npx tsx src/main.ts`
 * with CDK_OUTDIR and the cdk.json context: strict validation + cdk-nag on), and the
 * cloud assembly's templates are counted: stacks, resources per stack, the largest stack
 * (CloudFormation's limit is 500 resources per stack).
 *
 * BENCH_SCALE_RUNS synths per size (default 2: the counts are deterministic, and the
 * 300-service synth alone takes most of a minute here); sizes are interleaved per round.
 * BENCH_SCALE_SIZES=10,50 picks sizes.
 *
 *   npx tsx bench/scale.bench.ts
 */
import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generate } from '../src/api';
import { cleanEnv, factRow, linearFit, limitRow, log, pairedRatios, remove, runs, stats, timedSpawn, TMP, type Row } from './lib';
import { cdkContext, deployWaves, installedRepo, resourceCounts } from './repo';
import { printReport } from './report';
import { benchSpec, deepSpec, describeSpec, type RawSpec } from './specs';

const GROUP = '5. scale: generated app synth (validation + cdk-nag on)';
const MAX_RESOURCES = 500;

/** `300` is the tiered bench spec of 300 services; `deep120` is 120 services in chains of 100. */
function specFor(size: string): RawSpec {
  const deep = /^deep(\d+)$/.exec(size);
  return deep ? deepSpec(Number(deep[1]), 100) : benchSpec(Number(size));
}

function writeRepo(n: string, nodeModules: string): string {
  const dir = join(TMP, `scale-${n}`);
  remove(dir);
  const r = generate(specFor(n), { generatorDependency: 'file:/tmp/x.tgz' });
  if (!r.ok) throw new Error(`generate(${n}) failed: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  for (const f of r.files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.contents);
    if (f.executable) chmodSync(p, 0o755);
  }
  symlinkSync(nodeModules, join(dir, 'node_modules'), 'dir');
  return dir;
}

export async function benchScale(): Promise<Row[]> {
  const repo = await installedRepo();
  const all = (process.env.BENCH_SCALE_SIZES ?? '10,50,100,300,deep120').split(',').map((x) => x.trim());
  const sizes = all.filter((x) => /^\d+$/.test(x) && Number(x) >= 5).map(Number);
  const deep = all.filter((x) => /^deep\d+$/.test(x));
  const n = runs(2, 'BENCH_SCALE_RUNS');
  const context = JSON.stringify({ ...cdkContext(repo.dir), '@aws-cdk/core:validateAgainstDefaultRules': true });
  const names = [...sizes.map(String), ...deep];
  const dirs = new Map<string, string>();
  for (const size of names) {
    log(`scale: writing the ${size}-service repository`);
    dirs.set(size, writeRepo(size, join(repo.dir, 'node_modules')));
  }
  const samples = new Map<string, number[]>(names.map((s) => [s, []]));
  const counts = new Map<string, Map<string, number>>();
  const waves = new Map<string, number>();
  try {
    for (let round = 0; round < n; round++) {
      for (const size of names) {
        const dir = dirs.get(size)!;
        const outdir = join(dir, 'cdk.out.bench');
        remove(outdir);
        const r = await timedSpawn('npx', ['tsx', 'src/main.ts'], {
          cwd: dir,
          env: cleanEnv({ CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: context }),
          timeoutMs: 900_000,
        });
        if (r.code !== 0) throw new Error(`synth of the ${size}-service app failed (exit ${r.code}):\n${(r.stdout + r.stderr).slice(-6000)}`);
        samples.get(size)!.push(r.seconds);
        if (!counts.has(size)) counts.set(size, resourceCounts(outdir));
        if (!waves.has(size)) waves.set(size, deployWaves(outdir));
        remove(outdir);
        log(`scale: round ${round + 1}/${n}: ${size} services synth ${r.seconds.toFixed(1)} s`);
      }
    }
  } finally {
    for (const dir of dirs.values()) remove(dir);
  }

  const rows: Row[] = [];
  const base = sizes[0];
  for (const name of deep) {
    const c = counts.get(name)!;
    const largest = Math.max(...c.values());
    rows.push(
      limitRow(GROUP, `synth ${name} (${describeSpec(specFor(name))}, chains of 100)`, samples.get(name)!, 's', 120),
      factRow(
        GROUP,
        `${name}: stacks / deploy waves / largest stack`,
        `${c.size} / ${waves.get(name)} / ${largest}`,
        'deploy waves: the longest chain of stacks that deploy one after another',
        'stacks <= 8, every stack < 500',
        c.size <= 8 && largest < MAX_RESOURCES,
      ),
    );
  }
  for (const size of sizes) {
    const c = counts.get(String(size))!;
    const [largestName, largest] = [...c].sort((a, b) => b[1] - a[1])[0];
    const totalResources = [...c.values()].reduce((a, b) => a + b, 0);
    const perSvc =
      size === base
        ? undefined
        : `${stats(pairedRatios(samples.get(String(size))!, samples.get(String(base))!, base / size)).median.toFixed(2)}x/svc vs ${base}`;
    rows.push(
      limitRow(GROUP, `synth ${size} services`, samples.get(String(size))!, 's', size >= 300 ? 180 : undefined, { ratio: perSvc }),
      factRow(
        GROUP,
        `${size} services: stacks / largest stack / total resources`,
        `${c.size} / ${largest} / ${totalResources} (${waves.get(String(size))} deploy waves)`,
        size === Math.max(...sizes) ? `largest is ${largestName}; per stack: ${[...c].map(([k, v]) => `${k} ${v}`).join(', ')}` : undefined,
        `every stack < ${MAX_RESOURCES}`,
        largest < MAX_RESOURCES,
      ),
    );
  }
  if (sizes.length > 1) {
    const big = sizes[sizes.length - 1];
    const mid = sizes[sizes.length - 2];
    rows.push(
      limitRow(
        GROUP,
        `growth: synth time per service ${big} vs ${mid}`,
        pairedRatios(samples.get(String(big))!, samples.get(String(mid))!, mid / big),
        'x',
        undefined,
        {
          note: '1.0 = linear in services; < 1 = fixed costs (module load, validation engine start) still dominate',
        },
      ),
      factRow(
        GROUP,
        'fit of medians: t = a + b*n',
        linearFit(
          sizes.map((s) => [s, stats(samples.get(String(s))!).median]),
          's',
        ),
        'a = fixed cost (node, aws-cdk-lib load, validation engine start), b = cost per service',
      ),
      factRow(GROUP, 'specs', sizes.join(' / '), sizes.map((s) => describeSpec(benchSpec(s))).join(' | ')),
    );
  }
  return rows;
}

if (require.main === module) {
  benchScale().then(printReport, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
