/**
 * Where `generate(spec)` spends its time: profiles warm calls with the V8 inspector (the
 * same data as `node --cpu-prof`) and prints the inclusive time of the steps that matter,
 * plus the top self-time functions. Not part of `bench/run.ts`.
 *
 *   npx tsx bench/profile-generate.ts [services=300] [calls=5]
 *
 * BENCH_CPUPROFILE=<file> also writes the raw .cpuprofile (open it in Chrome DevTools).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { generate } from '../src/api';
import { benchSpec } from './specs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const services = Number(process.argv[2] ?? 300);
const calls = Number(process.argv[3] ?? 5);
const spec = benchSpec(services);
generate(spec, { generatorDependency: 'file:/tmp/x.tgz' }); // warm-up

const session = new Session();
session.connect();
const post = <T>(method: string, params?: object) =>
  new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));

async function main(): Promise<void> {
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  const started = performance.now();
  for (let i = 0; i < calls; i++) generate(spec, { generatorDependency: 'file:/tmp/x.tgz' });
  const wall = (performance.now() - started) / calls;
  const { profile } = await post<{ profile: Profile }>('Profiler.stop');
  if (process.env.BENCH_CPUPROFILE) writeFileSync(process.env.BENCH_CPUPROFILE, JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const short = (n: Node) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/')}`;

  // Inclusive time of a few landmarks, each sample counted once per landmark.
  const landmarks: [string, (n: Node) => boolean][] = [
    ['generate()', (n) => n.callFrame.functionName === 'generate' && n.callFrame.url.includes('/api/')],
    ['  FargateConnectProject constructor', (n) => n.callFrame.functionName === 'FargateConnectProject'],
    ['    renderFiles (Handlebars)', (n) => n.callFrame.functionName === 'renderFiles'],
    [
      '  project.synth() (projen writes the scratch folder)',
      (n) => n.callFrame.functionName === 'synth' && n.callFrame.url.includes('projen/lib/project'),
    ],
    ['  readTree (reads it back)', (n) => n.callFrame.functionName === 'readTree'],
    ['  rmSync (removes it)', (n) => n.callFrame.functionName === 'rmSync'],
    ['  normalizeSpec', (n) => n.callFrame.functionName === 'normalizeSpec'],
    ['  planPlatform', (n) => n.callFrame.functionName === 'planPlatform'],
  ];
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, t] of selfTime) {
    total += t;
    const hit = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      for (const [label, test] of landmarks) if (!hit.has(label) && test(node)) hit.add(label);
    }
    for (const label of hit) inclusive.set(label, (inclusive.get(label) ?? 0) + t);
  }
  const selfByFn = new Map<string, number>();
  for (const [id, t] of selfTime) selfByFn.set(short(byId.get(id)!), (selfByFn.get(short(byId.get(id)!)) ?? 0) + t);

  console.log(`generate(${services} services): ${wall.toFixed(0)} ms per call (wall, ${calls} calls, under the profiler)`);
  console.log('inclusive, ms per call:');
  for (const [label] of landmarks) console.log(`  ${((inclusive.get(label) ?? 0) / calls).toFixed(1).padStart(8)}  ${label}`);
  console.log('top self time, ms per call:');
  for (const [fn, t] of [...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${(t / calls).toFixed(1).padStart(8)}  ${fn}`);
  }
  console.log(`  (profile total ${(total / calls).toFixed(0)} ms per call)`);
}

main().then(
  () => session.disconnect(),
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
