/**
 * 1. `generate(spec)` in process (the sources, through tsx) for 10 / 100 / 300 services
 *    from bench/specs.ts. One untimed warm-up per size (module loading, template
 *    compilation, JIT), then BENCH_RUNS rounds, sizes interleaved within each round so
 *    that a burst of machine noise hits all sizes alike.
 *
 * Growth: per-service time at 300 (and 100) over per-service time at 10, per round, so
 * 1.0 is linear and < 1 means fixed costs dominate the small spec.
 *
 *   npx tsx bench/generate.bench.ts
 */
import { generate } from '../src/api';
import { factRow, linearFit, limitRow, log, pairedRatios, runs, stats, type Row } from './lib';
import { printReport } from './report';
import { benchSpec, describeSpec } from './specs';

const GROUP = '1. generate(spec) in process';
const SIZES = [10, 100, 300] as const;
const GOAL_S: Record<(typeof SIZES)[number], number> = { 10: 0.2, 100: 1, 300: 3 };
/** Not given by the brief: flags a per-service cost that grows with the spec. */
const LINEAR_LIMIT = 1.5;

function once(spec: unknown): { seconds: number; files: number } {
  const started = process.hrtime.bigint();
  const r = generate(spec, { generatorDependency: 'file:/tmp/x.tgz' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!r.ok) throw new Error(`generate failed: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { seconds, files: r.files.length };
}

export async function benchGenerate(): Promise<Row[]> {
  const n = runs(5);
  const specs = SIZES.map((size) => benchSpec(size));
  const files = new Map<number, number>();
  log(`generate: warm-up (${SIZES.join(', ')} services)`);
  SIZES.forEach((size, i) => files.set(size, once(specs[i]).files));
  const samples = new Map<number, number[]>(SIZES.map((s) => [s, []]));
  for (let round = 0; round < n; round++) {
    // Rotate the order each round: no size always runs right after the big one.
    for (let k = 0; k < SIZES.length; k++) {
      const i = (k + round) % SIZES.length;
      samples.get(SIZES[i])!.push(once(specs[i]).seconds);
    }
    log(`generate: round ${round + 1}/${n}: ${SIZES.map((s) => `${s}=${samples.get(s)!.at(-1)!.toFixed(3)} s`).join(' ')}`);
  }

  const rows: Row[] = [];
  const perService = (size: number) => pairedRatios(samples.get(size)!, samples.get(10)!, 10 / size);
  for (const size of SIZES) {
    const growth = size === 10 ? undefined : `${stats(perService(size)).median.toFixed(2)}x/svc vs 10`;
    rows.push(limitRow(GROUP, `generate ${size} services`, samples.get(size)!, 's', GOAL_S[size], { ratio: growth }));
  }
  rows.push(
    limitRow(GROUP, 'growth: per-service time 300 vs 10', perService(300), 'x', LINEAR_LIMIT, {
      note: `per round, (t300/300)/(t10/10): 1.0 = linear, < 1 = fixed costs dominate at 10; the ${LINEAR_LIMIT}x limit is the bench's, not the brief's`,
    }),
    limitRow(GROUP, 'growth: per-service time 300 vs 100', pairedRatios(samples.get(300)!, samples.get(100)!, 100 / 300), 'x', LINEAR_LIMIT, {
      note: 'per round, (t300/300)/(t100/100): both sizes past the fixed costs, so > 1 means super-linear work',
    }),
    factRow(
      GROUP,
      'fit of medians: t = a + b*n',
      linearFit(
        SIZES.map((s) => [s, stats(samples.get(s)!).median]),
        'ms',
      ),
    ),
    factRow(GROUP, 'files generated (10/100/300)', SIZES.map((s) => files.get(s)).join(' / '), specs.map(describeSpec).join(' | ')),
  );
  return rows;
}

if (require.main === module) {
  benchGenerate().then(printReport, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
