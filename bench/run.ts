/**
 * Runs the benchmarks and prints one table: `npx tsx bench/run.ts` (projen task `bench`).
 *
 *   BENCH_ONLY=generate,cli,synth,build,scale,kill,registry,inner   pick benchmarks (default: all, this order)
 *   BENCH_RUNS=5                                runs per measurement, for every benchmark
 *   BENCH_<NAME>_RUNS                           one benchmark's runs (SYNTH, BUILD, SCALE)
 *   BENCH_SYNTH_CHECKS=on,off                   synth comparison configurations
 *   BENCH_SCALE_SIZES=10,50,100,300             scale benchmark sizes
 *   BENCH_KILL_RUNS=10 BENCH_KILL_SIZE=300      SIGKILL rounds and platform size of the kill benchmark
 *   BENCH_REUSE=1 / BENCH_FRESH=1               installed generated repo: reuse as is / recreate
 *   BENCH_TMP=/tmp/fargate-connect-bench        scratch and the installed repo cache
 *
 * Defaults (about 15 minutes on a busy 2-core machine): generate, cli and synth with
 * validation 5 runs; synth without validation 3; build 2 rounds; scale 2 synths per size.
 * Numbers only: the process exits 0 whatever the results, and 1 only if a benchmark
 * could not run. See bench/README.md.
 */
import { loadavg } from 'node:os';
import { benchBuild } from './build.bench';
import { benchCli } from './cli.bench';
import { benchGenerate } from './generate.bench';
import { benchInnerLoop } from './inner-loop.bench';
import { benchKill } from './kill.bench';
import { benchRegistry } from './registry.bench';
import { factRow, log, type Row } from './lib';
import { formatTable, machineFacts } from './report';
import { benchScale } from './scale.bench';
import { benchSynth } from './synth.bench';

const BENCHES: Record<string, () => Promise<Row[]>> = {
  generate: benchGenerate,
  cli: benchCli,
  synth: benchSynth,
  build: benchBuild,
  scale: benchScale,
  kill: benchKill,
  registry: benchRegistry,
  inner: benchInnerLoop,
};

async function main(): Promise<number> {
  const header = machineFacts();
  const only = (process.env.BENCH_ONLY ?? Object.keys(BENCHES).join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((name) => !BENCHES[name]);
  if (unknown.length) {
    console.error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
    return 2;
  }
  for (const h of header) log(h);
  const started = Date.now();
  const rows: Row[] = [];
  let failed = 0;
  for (const name of only) {
    const t = Date.now();
    log(`== ${name}`);
    try {
      rows.push(...(await BENCHES[name]()));
    } catch (err) {
      failed++;
      const message = err instanceof Error ? err.message : String(err);
      log(`${name} could not run: ${message}`);
      rows.push(factRow(name, `${name}: could not run`, 'ERROR', message.split('\n').slice(0, 3).join(' ').slice(0, 300), undefined, false));
    }
    log(`== ${name} took ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  const footer = `total ${((Date.now() - started) / 1000 / 60).toFixed(1)} min; load average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; runs per row in the runs column`;
  process.stdout.write(`${formatTable(rows, [...header, `benchmarks: ${only.join(', ')}`])}\n# ${footer}\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
