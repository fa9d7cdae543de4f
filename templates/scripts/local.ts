// `npx projen local`: every service app on 127.0.0.1, wired like Service Connect wires
// them on ECS. `--check` starts everything, prints the table and exits 0 only when
// every /ready answers 200.
import { platform } from '../src/generated/platform';
import { LocalTopology } from './topology/topology';

const USAGE = `usage: tsx scripts/local.ts [--check]
  (no flag)  run every service until Ctrl-C
  --check    start, check every /ready, print the table, stop; exit 0 when all are ready`;

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.some((a) => a !== '--check')) {
    process.stdout.write(`${USAGE}\n`);
    return args.includes('--help') ? 0 : 2;
  }
  const check = args.includes('--check');
  const topology = new LocalTopology(platform);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    topology.info(`${signal}: stopping every service`);
    void topology.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await topology.start();
  } catch (err) {
    if (interrupted) return check ? 1 : 0;
    topology.info(`could not start: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  if (topology.planned.length === 0) {
    topology.info('no service has an app folder (all run images): nothing to start');
    return 0;
  }
  const statuses = await topology.waitForReady(15_000);
  topology.printStatus(statuses);
  const allReady = statuses.every((s) => s.ready === 200);
  topology.info(allReady ? 'every service is ready' : 'not every service is ready: see the table and the logs above');
  if (check) {
    await topology.stop();
    return allReady ? 0 : 1;
  }
  topology.info('Ctrl-C stops everything');
  await topology.exited();
  return interrupted ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
