/**
 * Issue 12, item 3: SIGKILL at random points of `--force` runs, 50 times. After each kill
 * the next run leaves the old tree or the new one, and no staging, journal or trash
 * folder. See kill-harness.ts; bench/kill.bench.ts does the same at 300 services.
 *
 *   KILL_SEED=<n> replays the rounds of one seed; KILL_ROUNDS=<n> runs more.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { killRounds, summarize } from './kill-harness';
import { assertBuilt } from './helpers';

const ROUNDS = Number(process.env.KILL_ROUNDS ?? 50);
const SEED = Number(process.env.KILL_SEED ?? Date.now() % 100_000);

describe('SIGKILL during --force', () => {
  beforeAll(assertBuilt);

  it(`${ROUNDS} kills at random points: each time the next run leaves the old or the new tree, and nothing else`, async () => {
    const started = performance.now();
    const report = await killRounds({ services: 12, rounds: ROUNDS, seed: SEED, cliEvery: 10, fullRunEvery: 25 });
    const ms = (x: { cli: number; child: number }) => `${x.cli.toFixed(0)} ms (CLI) / ${x.child.toFixed(0)} ms (write step alone)`;
    const lines = [
      `seed ${SEED}: ${ROUNDS} rounds in ${((performance.now() - started) / 1000).toFixed(1)} s, ${report.rounds.filter((r) => r.kind === 'cli').length} of them whole CLI runs`,
      `new trees of ${report.files.update} (update) and ${report.files.fill} (fill) files; write step: update ${ms(report.writeMs.update)}, fill ${ms(report.writeMs.fill)}`,
      ...summarize(report),
    ];
    // The numbers, for whoever reads the test log.
    process.stdout.write(`${lines.map((l) => `  kill test: ${l}`).join('\n')}\n`);
    expect(report.failures).toEqual([]);
    expect(report.rounds).toHaveLength(ROUNDS);
    // The point of the test: kills did land in the commit, and the journal undid them.
    expect(report.rounds.filter((r) => r.phase === 'committing (rolled back)').length, lines.join('\n')).toBeGreaterThan(0);
  }, 180_000);
});
