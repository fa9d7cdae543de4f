/**
 * 3. Synth of the generated app vs a hand-written CDK app with the same resources
 *    (bench/baseline/main.ts), for test/fixtures/five-services.yaml.
 *
 * Both run the way the generated cdk.json runs the app (`npx tsx <main.ts>`), from the
 * installed generated repository (the baseline is copied into <repo>/.bench/ for the
 * duration, so it resolves the same node_modules and services/ folders), with CDK_OUTDIR
 * set to a fresh folder and CDK_CONTEXT_JSON set to the repository's cdk.json context.
 *
 * Configurations (BENCH_SYNTH_CHECKS=on,off to choose):
 * - on:  strict CloudFormation schema validation + cdk-nag in both (what `cdk synth` does
 *        in the generated repo);
 * - off: CDK_VALIDATION=false (aws-cdk-lib's built-in validation does not run at all) and
 *        no cdk-nag in both (the generated app via buildPlatform(app, platform, { nag: false })).
 *
 * Generated and baseline alternate within each round (ABBA), and the ratio is taken per
 * round, so both see the same machine.
 *
 *   npx tsx bench/synth.bench.ts
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, factRow, limitRow, log, pairedRatios, remove, ROOT, runs, scratchDir, stats, timedSpawn, type Row } from './lib';
import { cdkContext, installedRepo, resourceCounts } from './repo';
import { printReport } from './report';

const GROUP = '3. synth: generated app vs hand-written baseline (five-services)';
const RATIO_LIMIT = 1.2;

const NO_CHECKS_MAIN = `// Written by bench/synth.bench.ts: the generated app without cdk-nag.
import { App } from 'aws-cdk-lib';
import { buildPlatform } from 'create-fargate-connect/infra';
import { platform } from '../src/generated/platform';

const app = new App();
buildPlatform(app, platform, { nag: false });
app.synth();
`;

type Checks = 'on' | 'off';
interface App {
  readonly name: 'generated' | 'baseline';
  readonly entry: string;
  readonly env: NodeJS.ProcessEnv;
}

function apps(dir: string, checks: Checks): [App, App] {
  const context = { ...cdkContext(dir), '@aws-cdk/core:validateAgainstDefaultRules': checks === 'on' };
  const common = { CDK_CONTEXT_JSON: JSON.stringify(context), ...(checks === 'off' ? { CDK_VALIDATION: 'false' } : {}) };
  return [
    { name: 'generated', entry: checks === 'on' ? 'src/main.ts' : '.bench/generated-nochecks.ts', env: cleanEnv(common) },
    { name: 'baseline', entry: '.bench/baseline.ts', env: cleanEnv({ ...common, BENCH_CHECKS: checks }) },
  ];
}

async function synthOnce(dir: string, app: App, work: string): Promise<{ seconds: number; counts: Map<string, number> }> {
  const outdir = join(work, `${app.name}-out`);
  remove(outdir);
  const r = await timedSpawn('npx', ['tsx', app.entry], { cwd: dir, env: { ...app.env, CDK_OUTDIR: outdir }, timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`synth of the ${app.name} app failed (exit ${r.code}):\n${(r.stdout + r.stderr).slice(-6000)}`);
  const counts = resourceCounts(outdir);
  remove(outdir);
  return { seconds: r.seconds, counts };
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const describe = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join(', ');

export async function benchSynth(): Promise<Row[]> {
  const repo = await installedRepo();
  const dir = repo.dir;
  const configs = (process.env.BENCH_SYNTH_CHECKS ?? 'on,off').split(',').filter((c): c is Checks => c === 'on' || c === 'off');
  const benchDir = join(dir, '.bench');
  mkdirSync(benchDir, { recursive: true });
  copyFileSync(join(ROOT, 'bench', 'baseline', 'main.ts'), join(benchDir, 'baseline.ts'));
  writeFileSync(join(benchDir, 'generated-nochecks.ts'), NO_CHECKS_MAIN);
  const work = scratchDir('synth');
  const rows: Row[] = [];
  if (repo.createdSeconds !== undefined) {
    rows.push(limitRow(GROUP, 'one-off: create + npm install (built CLI)', [repo.createdSeconds], 's'));
  }
  try {
    for (const checks of configs) {
      const [gen, base] = apps(dir, checks);
      // Checks off is the cheaper, secondary comparison: fewer rounds unless asked.
      const n = runs(checks === 'on' ? 5 : 3, 'BENCH_SYNTH_RUNS');
      const samples = { generated: [] as number[], baseline: [] as number[] };
      const counts: { generated?: Map<string, number>; baseline?: Map<string, number> } = {};
      if (checks === configs[0]) {
        log(`synth (checks ${checks}): warm-up (generated app once: file cache, tsx cache)`);
        await synthOnce(dir, gen, work);
      }
      for (let i = 0; i < n; i++) {
        const order = i % 2 === 0 ? [gen, base] : [base, gen];
        for (const app of order) {
          const r = await synthOnce(dir, app, work);
          samples[app.name].push(r.seconds);
          counts[app.name] ??= r.counts;
        }
        log(
          `synth (checks ${checks}): round ${i + 1}/${n}: generated ${samples.generated.at(-1)!.toFixed(2)} s, baseline ${samples.baseline.at(-1)!.toFixed(2)} s`,
        );
      }
      const ratios = pairedRatios(samples.generated, samples.baseline);
      const ratio = `${stats(ratios).median.toFixed(2)}x baseline`;
      const label = checks === 'on' ? 'validation + cdk-nag' : 'no validation, no nag';
      rows.push(
        limitRow(GROUP, `synth generated (${label})`, samples.generated, 's', undefined, { ratio }),
        limitRow(GROUP, `synth baseline  (${label})`, samples.baseline, 's'),
        limitRow(GROUP, `ratio generated/baseline (${label})`, ratios, 'x', RATIO_LIMIT, {
          note: checks === 'on' ? 'per round, same run, ABBA order; `npx tsx <main.ts>` with CDK_OUTDIR and the cdk.json context' : undefined,
        }),
      );
      if (checks === configs[0]) {
        const g = total(counts.generated!);
        const b = total(counts.baseline!);
        rows.push(
          factRow(GROUP, 'resources generated', `${g}`, describe(counts.generated!)),
          factRow(GROUP, 'resources baseline', `${b}`, describe(counts.baseline!), '|diff| <= 3', Math.abs(g - b) <= 3),
        );
      }
    }
  } finally {
    remove(work);
    remove(benchDir);
  }
  return rows;
}

if (require.main === module) {
  benchSynth().then(printReport, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
