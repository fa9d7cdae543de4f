// `npx projen local`: every service app on 127.0.0.1, wired like Service Connect wires
// them on ECS, and the public ones behind one entry that routes like the load balancer.
// `--check` starts everything, prints the table and exits 0 only when every /ready
// answers 200.
import type { Plan } from '../../plan';
import { DEFAULT_ENTRY_PORT, LocalTopology } from './topology';

export const LOCAL_USAGE = `usage: npx projen local [--check] [--entry-port <port>]
  (no flag)           run every service until Ctrl-C
  --check             start, check every /ready, print the table, stop; exit 0 when all are ready
  --entry-port <port> port of the entry (the load balancer's path rules); 0 picks a free one
                      (default ${DEFAULT_ENTRY_PORT}, or a free one when ${DEFAULT_ENTRY_PORT} is taken)`;

interface Flags {
  readonly check: boolean;
  readonly entryPort?: number;
}

function parseArgs(args: readonly string[]): Flags | undefined {
  let check = false;
  let entryPort: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const inline = /^--entry-port=(.*)$/.exec(arg);
    if (arg === '--check') check = true;
    else if (arg === '--entry-port' || inline) {
      const value = inline ? inline[1]! : args[++i];
      const port = Number(value);
      if (value === undefined || value === '' || !Number.isInteger(port) || port < 0 || port > 65535) return undefined;
      entryPort = port;
    } else return undefined;
  }
  return { check, ...(entryPort !== undefined ? { entryPort } : {}) };
}

/** Runs `npx projen local` in `root` (the repository) and resolves with its exit code. */
export async function runLocal(args: readonly string[], platform: Plan, root: string): Promise<number> {
  const flags = args.includes('--help') ? undefined : parseArgs(args);
  if (!flags) {
    process.stdout.write(`${LOCAL_USAGE}\n`);
    return args.includes('--help') ? 0 : 2;
  }
  const check = flags.check;
  const topology = new LocalTopology(platform, { root, ...(flags.entryPort !== undefined ? { entryPort: flags.entryPort } : {}) });
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
    topology.info('no service has an app folder (all run images or build your Dockerfiles; docker compose up --build runs those): nothing to start');
    return 0;
  }
  const statuses = await topology.waitForReady(15_000);
  topology.printStatus(statuses);
  const allReady = statuses.every((s) => s.ready === 200);
  topology.info(allReady ? 'every service is ready' : 'not every service is ready: see the table and the logs above');
  const entry = topology.entry;
  if (!entry) topology.info('no service is public: no entry (on AWS, no load balancer)');
  // One unprefixed line, for people and scripts alike: `grep '^entry: '`.
  else if (allReady) process.stdout.write(`entry: ${entry.url}\n`);
  else topology.info(`the entry listens on ${entry.url}, but not every service is ready`);
  if (check) {
    await topology.stop();
    return allReady ? 0 : 1;
  }
  topology.info('Ctrl-C stops everything');
  await topology.exited();
  return interrupted ? 0 : 1;
}
