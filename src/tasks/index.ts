/**
 * `create-fargate-connect/tasks`: the tasks of a generated repository, run by its one
 * glue file (`scripts/tasks.ts`, `node --require create-fargate-connect/register
 * scripts/tasks.ts <task> [args]`), which hands over the repository's planned platform:
 *
 * - `local`: every service on loopback, wired as on ECS, behind a local entry (./local);
 * - `cost`: the monthly cost estimate of the platform (src/cost);
 * - `plan`: this synthesis against the recorded one (src/day-two, src/transition);
 * - `record`: the build's step that records the synthesis in platform.record.json;
 * - `concurrently`: the build's compile step, the type-check and the synth side by side;
 * - `eject-infra`: copies the infrastructure library into the repository, once (./eject);
 * - with stages, the deploy pipeline's (./pipeline): `images` (build the image assets
 *   once, load them per stage), `smoke <stage>` (after a stage's deploy), `deploy-policy`
 *   (the CloudFormation execution policy, from cdk.out).
 *
 * Each task's modules load only when it runs, so `npx projen cost` never loads the
 * transition model and `npx projen local` never loads aws-cdk-lib.
 */
import type { FreshSynthesis } from '../day-two';
import type { Plan } from '../plan';

export interface TaskContext {
  /** The repository (where .projenrc.ts is). */
  readonly dir: string;
  /** Its planned platform (src/generated/platform.ts). */
  readonly platform: Plan;
}

/** The tasks by name, each resolving with its exit code. */
export const TASKS: Readonly<Record<string, (args: readonly string[], context: TaskContext) => number | Promise<number>>> = {
  /* eslint-disable @typescript-eslint/no-require-imports */
  local: (args, { dir, platform }) => (require('./local/main') as typeof import('./local/main')).runLocal(args, platform, dir),
  cost: (_args, { platform }) => {
    const { estimateCost } = require('../cost/estimate') as typeof import('../cost/estimate');
    const { formatCostForTerminal } = require('../cost/terminal') as typeof import('../cost/terminal');
    const { textOutputOf } = require('../terminal') as typeof import('../terminal');
    // The generator's own price sheet, so it matches the README's Markdown table; here it
    // is laid out for the terminal (plain text when piped).
    process.stdout.write(formatCostForTerminal(estimateCost(platform), textOutputOf(process.stdout)));
    const { stageCostLine } = require('../cost/stages') as typeof import('../cost/stages');
    const stages = stageCostLine(platform);
    if (stages !== undefined) process.stdout.write(`\n${stages}\n`);
    return 0;
  },
  plan: (args, { dir, platform }) => (require('../day-two') as typeof import('../day-two')).runPlanCommand(args, { dir, platform }),
  record: (_args, { dir, platform }) => (require('../day-two') as typeof import('../day-two')).runRecordCommand({ dir, platform }),
  'eject-infra': (_args, { dir }) => {
    const { code, messages } = (require('./eject') as typeof import('./eject')).ejectInfra(dir);
    (code === 0 ? process.stdout : process.stderr).write(`${messages.join('\n')}\n`);
    return code;
  },
  images: (args, { dir }) => (require('./pipeline/images-run') as typeof import('./pipeline/images-run')).imagesCommand(args, dir),
  smoke: (args, context) => (require('./pipeline/smoke-run') as typeof import('./pipeline/smoke-run')).smokeCommand(args, context),
  'deploy-policy': (_args, { dir }) => (require('./pipeline/policy-run') as typeof import('./pipeline/policy-run')).deployPolicyCommand(dir),
  concurrently: (args, { dir }) => (require('./concurrently') as typeof import('./concurrently')).runConcurrently(args, { cwd: dir }),
  /* eslint-enable @typescript-eslint/no-require-imports */
};

export const TASKS_USAGE = `usage: tsx scripts/tasks.ts <${Object.keys(TASKS).join('|')}> [args]`;

/**
 * The build's synthesis (cdk.out) when it is of the current sources, else why not: the
 * repository's test/platform.test.ts checks it instead of synthesizing the app again,
 * and synthesizes only when run on its own after a change.
 */
export function buildSynthesis(dir: string): FreshSynthesis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../day-two/node-io') as typeof import('../day-two/node-io')).freshSynthesis(dir);
}

/** Runs one task; exit code 2 and the usage for an unknown one. */
export async function runTask(args: readonly string[], context: TaskContext): Promise<number> {
  const [name, ...rest] = args;
  const task = name !== undefined && Object.prototype.hasOwnProperty.call(TASKS, name) ? TASKS[name] : undefined;
  if (!task) {
    process.stderr.write(`${name === undefined ? 'no task given' : `no task "${name}"`}\n${TASKS_USAGE}\n`);
    return 2;
  }
  return task(rest, context);
}

/**
 * The glue's whole body: runs the task named by the command line and exits with its code
 * once stdout and stderr are flushed (a task may leave handles open, e.g. `local`'s
 * servers after a failed start).
 */
export function main(context: TaskContext, args: readonly string[] = process.argv.slice(2)): void {
  const exit = (code: number) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  runTask(args, context).then(exit, (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    exit(1);
  });
}
