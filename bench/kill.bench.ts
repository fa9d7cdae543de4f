/**
 * 6. Interrupted --force at the size: SIGKILL at random points of `--force` runs
 *    of the built CLI into a 300-service repository (test/write/kill-harness.ts; the unit
 *    test does 50 rounds with a small platform). Every round must end, after the next
 *    run's recovery, in the old tree or the new one with nothing left behind; the rows
 *    say where the kills landed and how long the write step takes.
 *
 *   BENCH_KILL_RUNS=10 rounds (default 10), BENCH_KILL_SIZE=300 services,
 *   BENCH_KILL_SEED=<n> replays a seed. Runs the built CLI: `npx projen compile` first.
 *
 *   npx tsx bench/kill.bench.ts
 */
import { killRounds, summarize } from '../test/write/kill-harness';
import { factRow, log, runs, type Row } from './lib';
import { printReport } from './report';

const GROUP = '6. SIGKILL during --force (old or new tree after the next run)';

export async function benchKill(): Promise<Row[]> {
  const rounds = runs(10, 'BENCH_KILL_RUNS');
  const size = Number(process.env.BENCH_KILL_SIZE ?? 300);
  const seed = Number(process.env.BENCH_KILL_SEED ?? Date.now() % 100_000);
  const started = Date.now();
  // Every run the whole CLI, as in the repro; every 5th next run the whole CLI too.
  const report = await killRounds({ services: size, rounds, seed, cliEvery: 1, fullRunEvery: 5, log });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const ms = (x: { cli: number }) => `${x.cli.toFixed(0)} ms`;
  return [
    factRow(
      GROUP,
      `${size} services, ${rounds} kills (seed ${seed})`,
      `${report.failures.length} failures`,
      report.failures.slice(0, 3).join(' | ') || `${seconds} s in all`,
      '0 failures',
      report.failures.length === 0,
    ),
    factRow(GROUP, 'files of the new tree: update / fill', `${report.files.update} / ${report.files.fill}`),
    factRow(GROUP, 'write step of an unkilled CLI run: update / fill', `${ms(report.writeMs.update)} / ${ms(report.writeMs.fill)}`),
    ...summarize(report).map((line) => {
      const [phase, rest] = line.split(': ');
      return factRow(GROUP, `killed ${phase}`, rest);
    }),
  ];
}

if (require.main === module) {
  benchKill().then(printReport, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
