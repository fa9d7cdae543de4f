/**
 * 6. `npm init fargate-connect`, as a user runs it: the package is published to a local
 *    registry (verdaccio, test/e2e/registry.ts; everything else proxied from npm's
 *    registry) and the command is timed from spawn to exit, for the one-service fixture:
 *
 *      npm init fargate-connect <dir> -- --config single-server.yaml --yes --no-install   (written repo)
 *      npm init fargate-connect <dir> -- --config single-server.yaml --yes                (installed repo)
 *
 *    cold: a new, empty npm cache (nothing downloaded before: npx installs the package and
 *    its peers, the generated repository's npm install downloads everything); warm: the
 *    same cache again, as on a user's second run. Each pair on a fresh registry.
 *
 * Publishes this checkout's packed build (test/e2e/helpers.ts packedTarball): run
 * `npx projen compile` first. Needs verdaccio (devDependency, or E2E_VERDACCIO). Cold rows
 * download from the registry: seconds depend on the network as much as on this machine.
 *
 *   npx tsx bench/registry.bench.ts       BENCH_REGISTRY_RUNS=1 (default)
 */
import { join } from 'node:path';
import { packedTarball } from '../test/e2e/helpers';
import { startRegistry } from '../test/e2e/registry';
import { limitRow, log, remove, ROOT, runs, scratchDir, timedSpawn, type Row } from './lib';
import { printReport } from './report';

const GROUP = '6. npm init fargate-connect from a registry';
const SPEC = join(ROOT, 'test', 'fixtures', 'single-server.yaml');

type Mode = 'written' | 'installed';

async function measure(mode: Mode, rounds: number): Promise<{ cold: number[]; warm: number[]; mb: number[] }> {
  const cold: number[] = [];
  const warm: number[] = [];
  const mb: number[] = [];
  const tgz = packedTarball();
  for (let i = 0; i < rounds; i++) {
    const registry = await startRegistry({ cache: 'cold' });
    const work = scratchDir(`registry-${mode}`);
    try {
      registry.publish(tgz);
      for (const [label, samples] of [
        ['cold', cold],
        ['warm', warm],
      ] as const) {
        const dir = join(work, label);
        const args = ['init', 'fargate-connect', dir, '--', '--config', SPEC, '--yes', ...(mode === 'written' ? ['--no-install'] : [])];
        const r = await timedSpawn('npm', args, { cwd: work, env: registry.env(), timeoutMs: 15 * 60_000 });
        if (r.code !== 0) throw new Error(`npm ${args.join(' ')} exited ${r.code}:\n${(r.stdout + r.stderr).slice(-4000)}`);
        log(`${mode}, ${label}: ${r.seconds.toFixed(1)} s`);
        samples.push(r.seconds);
        if (mode === 'installed' && label === 'cold') {
          const du = await timedSpawn('du', ['-sk', join(dir, 'node_modules')], { cwd: work });
          mb.push(Number(du.stdout.split(/\s/)[0]) / 1024);
        }
      }
    } finally {
      await registry.stop();
      remove(work);
    }
  }
  return { cold, warm, mb };
}

export async function benchRegistry(): Promise<Row[]> {
  const rounds = runs(1, 'BENCH_REGISTRY_RUNS');
  // BENCH_REGISTRY_MODES=installed skips the written repo (E2E_TARBALL=<.tgz> publishes another build, e.g. main's).
  const modes = new Set((process.env.BENCH_REGISTRY_MODES ?? 'written,installed').split(','));
  const none = { cold: [] as number[], warm: [] as number[], mb: [] as number[] };
  const written = modes.has('written') ? await measure('written', rounds) : none;
  const installed = modes.has('installed') ? await measure('installed', rounds) : none;
  const note = 'single-server fixture; local verdaccio, other packages proxied from the npm registry';
  return [
    limitRow(GROUP, 'to a written repo (--no-install), cold npm cache', written.cold, 's', undefined, { note }),
    limitRow(GROUP, 'to a written repo (--no-install), warm npm cache', written.warm, 's'),
    limitRow(GROUP, 'to an installed repo, cold npm cache', installed.cold, 's', 60),
    limitRow(GROUP, 'to an installed repo, warm npm cache', installed.warm, 's'),
    limitRow(GROUP, "the installed repo's node_modules", installed.mb, 'MB'),
  ];
}

if (require.main === module) {
  benchRegistry().then(printReport, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
