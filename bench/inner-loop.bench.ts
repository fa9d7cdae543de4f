/**
 * 8. Issue 19, the generated repository's inner loop: this checkout's generator ("after")
 *    against another build of it ("before", BENCH_BEFORE_CHECKOUT: a checkout with lib/
 *    compiled, e.g. a scratch clone of main), interleaved in the same run so that both
 *    see the same machine, and a hand-written CDK app ("baseline", bench/baseline/main.ts).
 *    Each command is the one its users run:
 *
 *    - synth: `npx projen synth:silent` in the five-services repository of each generator,
 *      `npx cdk synth -q` in the baseline's own folder (its own cdk.json: the same context,
 *      the app run as the generated cdk.json runs it, V8 flags included, with tsx: a
 *      hand-written app has no create-fargate-connect/register); the ratio per round,
 *      goal <= 1.0x. Reported beside it: the baseline given the generated repository's
 *      loader too ("baseline-same-loader": what the library and projen's task runner cost
 *      when the app command is the same), and `npx cdk synth -q` in the after repository,
 *      the command the baselines run (what the library alone costs);
 *    - build: `npx projen build` in each five-services repository, goal <= 20 s;
 *    - local: `npx projen local` in an eight-services repository (bench/fixtures), from
 *      the command to its `entry:` line, then Ctrl-C; goal <= 3 s;
 *    - and whether the two generators' syntheses are the same bytes: every template and
 *      asset manifest of cdk.out after `cdk synth` and after the build.
 *
 * Rounds rotate the order (before, after, baseline / after, baseline, before / ...). The
 * load average is printed with every round: the goals are for a machine that is not
 * shared; the before/after ratios hold either way.
 *
 *   BENCH_BEFORE_CHECKOUT=/tmp/main-clone npx tsx bench/inner-loop.bench.ts
 *   BENCH_INNER=synth,build,local  BENCH_INNER_SYNTH_RUNS=3  BENCH_INNER_BUILD_RUNS=3  BENCH_LOCAL_RUNS=5
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanEnv, factRow, limitRow, log, mustSpawn, pairedRatios, remove, ROOT, runs, TMP, type Row } from './lib';
import { REGISTER } from '../src/project/commands';
import { cdkContext, resourceCounts } from './repo';
import { printReport } from './report';

const GROUP = '8. issue 19: generated repo inner loop, before vs after (interleaved)';
const FIVE = join(ROOT, 'test', 'fixtures', 'five-services.yaml');
const EIGHT = join(ROOT, 'bench', 'fixtures', 'eight-services.yaml');

interface Generator {
  readonly name: 'before' | 'after';
  readonly checkout: string;
}

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

function hashTree(h: ReturnType<typeof createHash>, dir: string, rel = ''): void {
  if (!existsSync(join(dir, rel))) return;
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) hashTree(h, dir, r);
    else if (e.isFile()) h.update(`${r}\0`).update(readFileSync(join(dir, r)));
  }
}

/** What a generator's repositories are made from: its build, templates, CLI and the fixture. */
function keyOf(checkout: string, fixture: string): string {
  const h = createHash('sha256');
  for (const d of ['lib', 'templates', 'bin']) hashTree(h, join(checkout, d));
  h.update(readFileSync(join(checkout, 'package.json')))
    .update(readFileSync(fixture))
    .update(process.version);
  return h.digest('hex').slice(0, 16);
}

/**
 * A repository written by a generator's CLI, installed (five services) or sharing the
 * installed one's node_modules (eight services: the same dependencies), reused while
 * the generator is unchanged.
 */
async function repo(gen: Generator, fixture: string, installFrom?: string): Promise<string> {
  const dir = join(TMP, `inner-${gen.name}-${fixture === EIGHT ? 'eight' : 'five'}`);
  const key = keyOf(gen.checkout, fixture);
  const stamp = `${dir}.stamp`;
  if (existsSync(join(dir, 'node_modules', 'aws-cdk-lib')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === key) return dir;
  remove(dir);
  log(`inner: creating ${dir} with the ${gen.name} generator (${gen.checkout})`);
  const args = [join(gen.checkout, 'bin', 'create-fargate-connect.js'), dir, '--config', fixture, '--yes', '--no-git'];
  const r = await mustSpawn(process.execPath, installFrom ? [...args, '--no-install'] : args, {
    cwd: gen.checkout,
    env: cleanEnv(),
    timeoutMs: 900_000,
  });
  if (installFrom) symlinkSync(join(installFrom, 'node_modules'), join(dir, 'node_modules'));
  else log(`inner: ${gen.name} repository created and installed in ${r.seconds.toFixed(1)} s`);
  // The build records its synthesis and `plan` reads git: a repository with a first commit.
  const git = ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench'];
  await mustSpawn('git', ['init', '-q'], { cwd: dir });
  await mustSpawn('git', ['add', '-A'], { cwd: dir });
  await mustSpawn('git', [...git, 'commit', '-qm', 'generated'], { cwd: dir });
  writeFileSync(stamp, `${key}\n`);
  return dir;
}

/** The generated repository's loader in its cdk.json, and the public one a hand-written app uses. */
const GENERATED_LOADER = `--require ${REGISTER}`;
const PUBLIC_LOADER = '--require tsx/cjs';

/**
 * The hand-written app in a folder of its own, with its own cdk.json, beside the after
 * repository's node_modules: the same context, the app started the way the generated
 * cdk.json starts its own (node and its V8 flags), with tsx (`public`), or with the
 * generated repository's loader (`generated`).
 */
function baselineDir(afterRepo: string, loader: 'public' | 'generated'): string {
  const dir = join(afterRepo, loader === 'public' ? '.bench-baseline' : '.bench-baseline-same-loader');
  remove(dir);
  mkdirSync(dir);
  writeFileSync(join(dir, 'main.ts'), readFileSync(join(ROOT, 'bench', 'baseline', 'main.ts')));
  symlinkSync(join(afterRepo, 'services'), join(dir, 'services'));
  // The after repository's packages as its own (the loader keeps Node's compile cache in
  // node_modules: the baseline with the same loader gets it too).
  symlinkSync(join(afterRepo, 'node_modules'), join(dir, 'node_modules'));
  const generated = JSON.parse(readFileSync(join(afterRepo, 'cdk.json'), 'utf8')) as { app: string };
  if (!generated.app.includes(GENERATED_LOADER) || !generated.app.includes('src/main.ts')) {
    throw new Error(`the generated cdk.json's app is not what the baselines are made from (${GENERATED_LOADER} ... src/main.ts): ${generated.app}`);
  }
  let app = generated.app.replace('src/main.ts', 'main.ts');
  if (loader === 'public') app = app.replace(GENERATED_LOADER, PUBLIC_LOADER);
  writeFileSync(join(dir, 'cdk.json'), `${JSON.stringify({ app, context: cdkContext(afterRepo), output: 'cdk.out' }, null, 2)}\n`);
  return dir;
}

/** Templates and asset manifests of a cloud assembly, by file name. */
function assemblyFiles(outdir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const f of readdirSync(outdir).sort()) {
    if (f.endsWith('.template.json') || f.endsWith('.assets.json')) files.set(f, readFileSync(join(outdir, f)));
  }
  return files;
}

function compareAssemblies(label: string, a: string, b: string): Row {
  const fa = assemblyFiles(a);
  const fb = assemblyFiles(b);
  const names = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  const differ = names.filter((n) => !fa.get(n) || !fb.get(n) || !fa.get(n)!.equals(fb.get(n)!));
  const bytes = [...fa.values()].reduce((s, x) => s + x.length, 0);
  return factRow(
    GROUP,
    `same bytes before/after: ${label}`,
    differ.length === 0 ? `${names.length} files identical` : `${differ.length} of ${names.length} differ`,
    differ.length === 0 ? `${names.join(', ')} (${bytes} bytes), nothing scrubbed` : `differ: ${differ.join(', ')}`,
    'identical',
    differ.length === 0,
  );
}

/**
 * Wall and CPU seconds (user + system, of the whole process tree: every process in it is
 * waited for) of a command: CPU time hardly moves with the machine's load, wall time does.
 */
async function timedWithCpu(cmd: readonly string[], cwd: string): Promise<{ seconds: number; cpu: number }> {
  const t = await mustSpawn('/usr/bin/time', ['-f', 'cpu-seconds %U %S', ...cmd], { cwd, timeoutMs: 600_000 });
  const m = /cpu-seconds ([\d.]+) ([\d.]+)\s*$/.exec(t.stderr);
  if (!m) throw new Error(`no CPU time in the output of ${cmd.join(' ')}`);
  return { seconds: t.seconds, cpu: Number(m[1]) + Number(m[2]) };
}

async function synthRows(before: string | undefined, after: string, rounds: number): Promise<Row[]> {
  const base = baselineDir(after, 'public');
  const same = baselineDir(after, 'generated');
  const runs: { name: string; dir: string; cmd: string[] }[] = [
    ...(before ? [{ name: 'before', dir: before, cmd: ['npx', 'projen', 'synth:silent'] }] : []),
    { name: 'after', dir: after, cmd: ['npx', 'projen', 'synth:silent'] },
    // The same repository through the CDK CLI, the command the baselines run: what the
    // library costs against hand-written constructs, without projen's task runner.
    { name: 'after-cdk', dir: after, cmd: ['npx', 'cdk', 'synth', '-q'] },
    { name: 'baseline', dir: base, cmd: ['npx', 'cdk', 'synth', '-q'] },
    { name: 'baseline-same-loader', dir: same, cmd: ['npx', 'cdk', 'synth', '-q'] },
  ];
  const samples = new Map<string, number[]>(runs.map((r) => [r.name, []]));
  const cpu = new Map<string, number[]>(runs.map((r) => [r.name, []]));
  log('inner synth: warm-up (one of each: file cache, tsx cache)');
  for (const r of runs) await mustSpawn(r.cmd[0]!, r.cmd.slice(1), { cwd: r.dir, timeoutMs: 600_000 });
  for (let i = 0; i < rounds; i++) {
    const order = runs.map((_, k) => runs[(k + i) % runs.length]!);
    for (const r of order) {
      const t = await timedWithCpu(r.cmd, r.dir);
      samples.get(r.name)!.push(t.seconds);
      cpu.get(r.name)!.push(t.cpu);
    }
    const show = (r: { name: string }) => `${r.name} ${samples.get(r.name)!.at(-1)!.toFixed(2)} s (cpu ${cpu.get(r.name)!.at(-1)!.toFixed(2)} s)`;
    log(`inner synth round ${i + 1}/${rounds} (load ${load()}): ${runs.map(show).join(', ')}`);
  }
  const rows: Row[] = [];
  const b = samples.get('baseline')!;
  for (const r of runs) {
    const cmd = r.cmd.join(' ');
    rows.push(limitRow(GROUP, `synth ${r.name} (${cmd})`, samples.get(r.name)!, 's'));
    rows.push(limitRow(GROUP, `synth ${r.name}: CPU seconds (user + sys)`, cpu.get(r.name)!, 's'));
  }
  if (before) rows.push(limitRow(GROUP, 'synth ratio before/baseline', pairedRatios(samples.get('before')!, b), 'x', 1.0, { note: 'per round' }));
  rows.push(limitRow(GROUP, 'synth ratio after/baseline', pairedRatios(samples.get('after')!, b), 'x', 1.0, { note: 'per round, wall time' }));
  const sameLoader = samples.get('baseline-same-loader')!;
  rows.push(
    limitRow(GROUP, 'synth ratio after/baseline-same-loader', pairedRatios(samples.get('after')!, sameLoader), 'x', undefined, {
      note: "per round: the baseline given the generated repository's loader too (the library and projen's task runner)",
    }),
  );
  rows.push(
    limitRow(GROUP, 'synth ratio after-cdk/baseline-same-loader', pairedRatios(samples.get('after-cdk')!, sameLoader), 'x', undefined, {
      note: 'per round: the same CLI command and app command on both sides (the library alone)',
    }),
  );
  if (before) rows.push(limitRow(GROUP, 'synth CPU ratio before/baseline', pairedRatios(cpu.get('before')!, cpu.get('baseline')!), 'x', 1.0));
  rows.push(
    limitRow(GROUP, 'synth CPU ratio after/baseline', pairedRatios(cpu.get('after')!, cpu.get('baseline')!), 'x', 1.0, {
      note: 'per round, CPU time: what the load moves least',
    }),
  );
  rows.push(limitRow(GROUP, 'synth CPU ratio after/baseline-same-loader', pairedRatios(cpu.get('after')!, cpu.get('baseline-same-loader')!), 'x'));
  const g = resourceCounts(join(after, 'cdk.out'));
  const h = resourceCounts(join(base, 'cdk.out'));
  const total = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  const diff = Math.abs(total(g) - total(h));
  rows.push(
    factRow(GROUP, 'resources after / baseline', `${total(g)} / ${total(h)}`, `${[...g].join(' ')} / ${[...h].join(' ')}`, '|diff| <= 3', diff <= 3),
  );
  if (before) rows.push(compareAssemblies('cdk synth (templates + asset manifests)', join(before, 'cdk.out'), join(after, 'cdk.out')));
  remove(base);
  remove(same);
  return rows;
}

async function buildRows(before: string | undefined, after: string, rounds: number): Promise<Row[]> {
  const repos = [...(before ? [{ name: 'before', dir: before }] : []), { name: 'after', dir: after }];
  const samples = new Map<string, number[]>(repos.map((r) => [r.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const r of i % 2 === 0 ? repos : [...repos].reverse()) {
      const t = await mustSpawn('npx', ['projen', 'build'], { cwd: r.dir, timeoutMs: 900_000 });
      samples.get(r.name)!.push(t.seconds);
    }
    log(
      `inner build round ${i + 1}/${rounds} (load ${load()}): ${repos.map((r) => `${r.name} ${samples.get(r.name)!.at(-1)!.toFixed(1)} s`).join(', ')}`,
    );
  }
  const rows = repos.map((r) => limitRow(GROUP, `build ${r.name} (npx projen build, five services)`, samples.get(r.name)!, 's', 20));
  if (before) {
    rows.push(limitRow(GROUP, 'build ratio after/before', pairedRatios(samples.get('after')!, samples.get('before')!), 'x'));
    rows.push(compareAssemblies('npx projen build (cdk.out)', join(before, 'cdk.out'), join(after, 'cdk.out')));
  }
  return rows;
}

/** `npx projen local` until its `entry:` line, then SIGINT to its process group and wait for the exit. */
function timeLocal(dir: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('npx', ['projen', 'local'], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let seconds: number | undefined;
    let output = '';
    const onData = (d: Buffer): void => {
      output = (output + d.toString()).slice(-20_000);
      if (seconds === undefined && /^entry: /m.test(output)) {
        seconds = Number(process.hrtime.bigint() - started) / 1e9;
        process.kill(-child.pid!, 'SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 120_000);
    child.on('close', () => {
      clearTimeout(timer);
      if (seconds === undefined) reject(new Error(`npx projen local printed no entry line in ${dir}:\n${output.slice(-4000)}`));
      else resolvePromise(seconds);
    });
  });
}

async function localRows(before: string | undefined, after: string, rounds: number): Promise<Row[]> {
  const repos = [...(before ? [{ name: 'before', dir: before }] : []), { name: 'after', dir: after }];
  const samples = new Map<string, number[]>(repos.map((r) => [r.name, []]));
  for (const r of repos) await timeLocal(r.dir); // warm-up: tsx's transform cache
  for (let i = 0; i < rounds; i++) {
    for (const r of i % 2 === 0 ? repos : [...repos].reverse()) samples.get(r.name)!.push(await timeLocal(r.dir));
    log(
      `inner local round ${i + 1}/${rounds} (load ${load()}): ${repos.map((r) => `${r.name} ${samples.get(r.name)!.at(-1)!.toFixed(2)} s`).join(', ')}`,
    );
  }
  const rows = repos.map((r) => limitRow(GROUP, `local ${r.name} (npx projen local to entry:, eight services)`, samples.get(r.name)!, 's', 3));
  if (before) rows.push(limitRow(GROUP, 'local ratio after/before', pairedRatios(samples.get('after')!, samples.get('before')!), 'x'));
  return rows;
}

export async function benchInnerLoop(): Promise<Row[]> {
  const beforeCheckout = process.env.BENCH_BEFORE_CHECKOUT ? resolve(process.env.BENCH_BEFORE_CHECKOUT) : undefined;
  const gens: Generator[] = [...(beforeCheckout ? [{ name: 'before' as const, checkout: beforeCheckout }] : []), { name: 'after', checkout: ROOT }];
  const which = new Set((process.env.BENCH_INNER ?? 'synth,build,local').split(','));
  const rows: Row[] = [
    factRow(GROUP, 'load average at start', load(), beforeCheckout ? `before: ${beforeCheckout}` : 'no BENCH_BEFORE_CHECKOUT: after only'),
  ];
  const five = new Map<string, string>();
  for (const g of gens) five.set(g.name, await repo(g, FIVE));
  if (which.has('synth')) rows.push(...(await synthRows(five.get('before'), five.get('after')!, runs(3, 'BENCH_INNER_SYNTH_RUNS'))));
  if (which.has('build')) rows.push(...(await buildRows(five.get('before'), five.get('after')!, runs(3, 'BENCH_INNER_BUILD_RUNS'))));
  if (which.has('local')) {
    const eight = new Map<string, string>();
    for (const g of gens) eight.set(g.name, await repo(g, EIGHT, five.get(g.name)));
    rows.push(...(await localRows(eight.get('before'), eight.get('after')!, runs(5, 'BENCH_LOCAL_RUNS'))));
  }
  rows.push(factRow(GROUP, 'load average at end', load()));
  return rows;
}

if (require.main === module) {
  benchInnerLoop().then(printReport, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
