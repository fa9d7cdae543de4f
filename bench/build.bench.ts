/**
 * 4. The generated repository's `npx projen build`, stage by stage, in the installed
 *    five-services repository: `npx projen default` (re-synthesizes the project from
 *    .projenrc.ts), `compile` (tsc --noEmit), `post-compile` (cdk synth -q: validation +
 *    cdk-nag), `test` (vitest run). pre-compile and package are empty tasks. Each stage
 *    is its own process, timed from spawn to exit, in build order, BENCH_BUILD_RUNS
 *    rounds (default 2: one round takes minutes on a busy 2-core machine).
 *
 * The test stage runs with an extra reporter (bench/vitest-file-timings.mjs) that records,
 * per test file, vitest's own diagnostics: import (collect) time and tests + hooks time.
 * Those are summed per group of files (test/infra, test/local, services/<name>/test/<kind>).
 *
 *   npx tsx bench/build.bench.ts
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cleanEnv, factRow, limitRow, log, remove, ROOT, runs, scratchDir, stats, timedSpawn, type Row } from './lib';
import { installedRepo } from './repo';
import { printReport } from './report';

const GROUP = '4. generated repo: npx projen build, stage by stage (five-services)';
const STAGES = ['default', 'compile', 'post-compile', 'test'] as const;
const TEST_GOAL_S = 15;

interface FileTiming {
  file: string;
  state: string;
  collect: number;
  setup: number;
  prepare: number;
  environment: number;
  duration: number;
}

/** Groups test files so the table stays short: services' tests by kind, across services. */
function groupOf(file: string): string {
  const service = /^services\/[^/]+\/test\/([^/]+)\.test\.ts$/.exec(file);
  if (service) return `services/*/test/${service[1]}.test.ts`;
  return file;
}

export async function benchBuild(): Promise<Row[]> {
  const repo = await installedRepo();
  const dir = repo.dir;
  const n = runs(2, 'BENCH_BUILD_RUNS');
  const work = scratchDir('build');
  const reporter = join(work, 'vitest-file-timings.mjs');
  copyFileSync(join(ROOT, 'bench', 'vitest-file-timings.mjs'), reporter);
  const samples = new Map<string, number[]>(STAGES.map((s) => [s, []]));
  const totals: number[] = [];
  const vitestSummary: string[] = [];
  /** Per group, per round: summed import time and tests+hooks time (seconds). */
  const perGroup = new Map<string, { files: number; collect: number[]; run: number[] }>();
  const summaries: { transform: number; import: number; tests: number; duration: number }[] = [];

  try {
    for (let round = 0; round < n; round++) {
      let sum = 0;
      for (const stage of STAGES) {
        const timingsFile = join(work, `timings-${round}.json`);
        const args = stage === 'test' ? ['projen', 'test', '--reporter=default', `--reporter=${reporter}`] : ['projen', stage];
        const r = await timedSpawn('npx', args, {
          cwd: dir,
          env: cleanEnv(stage === 'test' ? { BENCH_VITEST_TIMINGS: timingsFile } : {}),
          timeoutMs: 900_000,
        });
        if (r.code !== 0) throw new Error(`npx ${args.join(' ')} failed (exit ${r.code}):\n${(r.stdout + r.stderr).slice(-8000)}`);
        samples.get(stage)!.push(r.seconds);
        sum += r.seconds;
        log(`build: round ${round + 1}/${n}: ${stage} ${r.seconds.toFixed(1)} s`);
        if (stage === 'test') {
          const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '');
          const m = /Duration\s+([\d.]+)(m?s)\s+\(transform ([\d.]+)(m?s), setup [\d.]+m?s, import ([\d.]+)(m?s), tests ([\d.]+)(m?s)/.exec(out);
          const sec = (v: string, u: string) => Number(v) / (u === 'ms' ? 1000 : 1);
          if (m) {
            summaries.push({ duration: sec(m[1], m[2]), transform: sec(m[3], m[4]), import: sec(m[5], m[6]), tests: sec(m[7], m[8]) });
            vitestSummary.push(m[0]);
          }
          if (existsSync(timingsFile)) {
            const timings = JSON.parse(readFileSync(timingsFile, 'utf-8')) as FileTiming[];
            const roundGroups = new Map<string, { files: number; collect: number; run: number }>();
            for (const t of timings) {
              const g = groupOf(relative(dir, t.file));
              const cur = roundGroups.get(g) ?? { files: 0, collect: 0, run: 0 };
              cur.files++;
              cur.collect += (t.collect + t.setup + t.prepare + t.environment) / 1000;
              cur.run += t.duration / 1000;
              roundGroups.set(g, cur);
            }
            for (const [g, v] of roundGroups) {
              const cur = perGroup.get(g) ?? { files: v.files, collect: [], run: [] };
              cur.collect.push(v.collect);
              cur.run.push(v.run);
              perGroup.set(g, cur);
            }
          }
        }
      }
      totals.push(sum);
    }
  } finally {
    remove(work);
  }

  const rows: Row[] = [];
  for (const stage of STAGES) {
    const label = {
      default: 'default (.projenrc.ts synth)',
      compile: 'compile (tsc --noEmit)',
      'post-compile': 'post-compile (cdk synth -q)',
      test: 'test (vitest run)',
    }[stage];
    rows.push(limitRow(GROUP, `stage ${label}`, samples.get(stage)!, 's', stage === 'test' ? TEST_GOAL_S : undefined));
  }
  rows.push(limitRow(GROUP, 'sum of the stages', totals, 's'));
  if (summaries.length) {
    rows.push(
      limitRow(
        GROUP,
        'vitest: Duration (its own clock)',
        summaries.map((s) => s.duration),
        's',
      ),
      limitRow(
        GROUP,
        'vitest: import, summed over files',
        summaries.map((s) => s.import),
        's',
        undefined,
        {
          note: 'vitest sums import/tests over files that run in parallel workers (2 on this machine), so sums exceed the wall time',
        },
      ),
      limitRow(
        GROUP,
        'vitest: tests + hooks, summed over files',
        summaries.map((s) => s.tests),
        's',
      ),
    );
  }
  const groups = [...perGroup].sort(
    (a, b) => stats(b[1].collect.map((c, i) => c + b[1].run[i])).median - stats(a[1].collect.map((c, i) => c + a[1].run[i])).median,
  );
  for (const [g, v] of groups) {
    const both = v.collect.map((c, i) => c + v.run[i]);
    rows.push(
      limitRow(GROUP, `  ${g}${v.files > 1 ? ` (${v.files} files)` : ''}: import + run`, both, 's', undefined, {
        ratio: `import ${stats(v.collect).median.toFixed(1)} s`,
      }),
    );
  }
  if (!groups.length) rows.push(factRow(GROUP, 'per-file timings', 'unavailable', 'the custom vitest reporter wrote nothing'));
  return rows;
}

if (require.main === module) {
  benchBuild().then(printReport, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
