/**
 * Hazards of where a platform deploys, which the transition model cannot see: it compares
 * one assembly with another in one account and region. A stage moved to another account
 * or region, a stage removed from the spec, and the stacks of a platform from before it had
 * stages all leave stacks running that no task of the repository reaches any more. Pure:
 * records in, hazards out; `npx projen plan` (./plan-command) reports them with the model's.
 */
import { SEVERITY, type Hazard, type HazardKind } from '../transition';
import type { PlatformRecord } from './record-file';
import type { PlannedStagePlatform } from './spec-diff';

/** The sources that synthesize the app as the record has it: where what is left behind can still be destroyed from. */
export interface PreviousApp {
  /** The commit the record was read at, when it was read from git. */
  readonly commit?: string;
  /** How the report names it: `main at a1b2c3d4e5f6`, `the commit old.json was recorded at`. */
  readonly name: string;
}

export const UNKNOWN_PREVIOUS: PreviousApp = { name: 'the commit before this change' };

/** A stage's stacks, as `cdk deploy` and `cdk destroy` select them. */
export function stageSelector(stage: string): string {
  return `${stage}/*`;
}

/** A stage moved to another account or region with its name kept; undefined when it stays. */
export function movedStageHazard(
  was: PlannedStagePlatform,
  st: PlannedStagePlatform,
  stacks: readonly string[],
  previous: PreviousApp,
): Hazard | undefined {
  if (was.account === st.account && was.region === st.region) return undefined;
  const [from, to] = [where(was), where(st)];
  const role =
    was.account === st.account
      ? `IAM role names are global in an account: delete the role's stack in ${was.region} first, which holds the name`
      : `with GitHub's OIDC provider if account ${st.account} has none; the role in account ${was.account} stays until you delete its stack there`;
  return hazard(
    'stage-moved',
    stageSelector(st.name),
    `Stage ${st.name} moves from ${from} to ${to}, its name kept. Stacks live in one account and region, so the deploy ` +
      `creates ${list(stacks)} anew in ${to}: a new VPC, load balancer (with a new DNS name), cluster and tasks, and empty ` +
      `logs; nothing moves. The old stacks keep running in ${from}, serving whoever still calls them, billing, and holding ` +
      `their logs and alarms, and nothing deletes them: no task of this repository points there any more.`,
    `Before the deploy, prepare ${to} as for a first deploy (README, "Once per account and region"): ` +
      `${was.account === st.account ? '' : `the execution policy in account ${st.account}, `}\`npx projen bootstrap:${st.name}\`, ` +
      `and for the workflow the stage's deploy role there; ${role}. Deploy, ` +
      `move clients and DNS to the new load balancer, then destroy the old stacks with credentials for account ` +
      `${was.account}: ${destroyFrom(previous, st.name)}.`,
  );
}

/** One hazard per stage of `before` that `after` no longer has. */
export function removedStageHazards(before: PlatformRecord, after: PlatformRecord, previous: PreviousApp): Hazard[] {
  const kept = new Set((after.platform.stages ?? []).map((st) => st.name));
  return (before.platform.stages ?? [])
    .filter((st) => !kept.has(st.name))
    .map((st) =>
      hazard(
        'stage-removed',
        stageSelector(st.name),
        `Stage ${st.name} (${where(st)}) is no longer in the spec: its stacks ${list(stackNames(before, st.name))} keep ` +
          `running, serving and billing, no deploy touches them again, and the task that deletes them, ` +
          `\`npx projen destroy:${st.name}\`, goes with the stage.`,
        `Destroy a stage before removing it: with credentials for account ${st.account}, run ` +
          `\`npx projen destroy:${st.name}\` while the spec still has it, then remove it. Now that it is removed: ` +
          `${destroyFrom(previous, st.name)}, with those credentials. Move its clients elsewhere first.`,
      ),
    );
}

/** The stacks of a platform without stages, left beside the stages' stacks when it gets them. */
export function unstagedStacksHazards(before: PlatformRecord, after: PlatformRecord, previous: PreviousApp): Hazard[] {
  const stages = (after.platform.stages ?? []).map((st) => st.name);
  if (stages.length === 0 || (before.platform.stages ?? []).length > 0) return [];
  const old = before.assembly.stacks.map((s) => s.name);
  if (old.length === 0) return [];
  return [
    hazard(
      'stacks-left-unstaged',
      old.join(', '),
      `The platform now deploys in stages (${stages.join(', ')}), each with stacks of its own (${stages[0]}-...). The ` +
        `stacks from before the stages, ${list(old)}, are in no stage: they keep running beside the new ones wherever they ` +
        `were deployed, serving and billing, and no task of this repository deploys or deletes them any more.`,
      `Deploy the stages, move clients and DNS to their load balancers, then destroy the old stacks with the credentials ` +
        `they were deployed with: ${destroyFrom(previous)}. Or destroy them before adding the stages (\`npx projen destroy\`), ` +
        `if the platform may stop in between.`,
    ),
  ];
}

function hazard(kind: HazardKind, stack: string, message: string, safely: string): Hazard {
  return { kind, severity: SEVERITY[kind], stack, message, safely };
}

function where(st: PlannedStagePlatform): string {
  return `account ${st.account}, ${st.region}`;
}

function stackNames(record: PlatformRecord, stage: string): string[] {
  return (record.stages?.[stage]?.stacks ?? []).map((s) => s.name);
}

/** How to destroy a stage's stacks (or, without a stage, every stack) from the sources that still synthesize them. */
function destroyFrom(previous: PreviousApp, stage?: string): string {
  const at = previous.commit ? `${previous.name} (\`git worktree add ../before ${previous.commit}\`, \`npm ci\` there)` : previous.name;
  return stage === undefined
    ? `from ${at}, run \`npx projen destroy\` (or \`npx cdk destroy --app <its cdk.out> --all\`)`
    : `from ${at}, run \`npx projen destroy:${stage}\` (or \`npx cdk destroy --app <its cdk.out> '${stageSelector(stage)}'\`)`;
}

function list(names: readonly string[]): string {
  return names.length === 0 ? "the stage's stacks" : names.join(', ');
}
