/**
 * `npx projen plan` of a generated repository: the current synthesis against the last
 * recorded one, at the spec level (./spec-diff) and through the transition model. The
 * command's logic is here, pure; file system, git and the synth come in through `PlanIo`
 * (./node-io), so the exit codes and the choice of record are tested without them.
 */
import { exitCode, formatHazards, formatReport, modelTransition, RECORD_VERSION, type AssemblyRecord, type Hazard } from '../transition';
import { movedStageHazard, removedStageHazards, UNKNOWN_PREVIOUS, unstagedStacksHazards, type PreviousApp } from './deploy-target';
import { executionPolicyHazards, type PolicyFiles } from './execution-policy';
import { parseRecordFile, RECORD_FILE, type PlatformRecord } from './record-file';
import { diffPlatforms, formatSpecChanges, stageTargetChanges, type FieldChange } from './spec-diff';

export const PLAN_USAGE = `Usage: npx projen plan [--base <git-ref> | --record <file>] [--stage <name>]

Synthesizes the platform (or reuses cdk.out when it was synthesized from these very
sources and spec) and compares it with the last recorded synthesis (${RECORD_FILE}): the
change of the spec per service, then every hazard the deploy would meet, with how to
avoid it. With stages, also a stage removed or moved to another account or region (its
old stacks keep running), and a change of the CloudFormation execution policy
(deploy/cloudformation-execution-policy*.json against the base) that the accounts must
get before the merge deploys it.

  (no option)        compare with ${RECORD_FILE} as committed at HEAD
  --base <git-ref>   compare with ${RECORD_FILE} as committed at that ref (e.g. main)
  --record <file>    compare with that file
  --stage <name>     with stages: plan that stage only (its assembly, cdk.out/assembly-<name>);
                     without it, every stage is planned in turn
  -h, --help         print this help

Exit: 0 when \`npx projen deploy\` would apply the change with nothing failing, no
service deleted or replaced and nothing left running outside the app (or when there is
no record yet); 1 when it would not (or the app does not synthesize); 2 for a usage error or a record that cannot be read (projen
reports any failed task as 1: \`npx tsx scripts/plan.ts\` keeps the 2).
`;

export interface PlanArgs {
  readonly base?: string;
  readonly record?: string;
  readonly stage?: string;
  readonly help?: boolean;
}

export type ParsedArgs = { readonly ok: true; readonly args: PlanArgs } | { readonly ok: false; readonly error: string };

export function parsePlanArgs(argv: readonly string[]): ParsedArgs {
  const args: { base?: string; record?: string; stage?: string; help?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      args.help = true;
      continue;
    }
    const m = /^--(base|record|stage)(?:=(.*))?$/.exec(arg);
    if (!m) return { ok: false, error: `unknown argument ${JSON.stringify(arg)}` };
    const name = m[1] as 'base' | 'record' | 'stage';
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('-'))) {
      const hint = { base: '--base <git-ref>, e.g. --base main', record: '--record <file>', stage: '--stage <name>, e.g. --stage prod' }[name];
      return { ok: false, error: `--${name} needs a value: ${hint}` };
    }
    if (args[name] !== undefined) return { ok: false, error: `--${name} is given twice` };
    args[name] = value;
  }
  if (args.base !== undefined && args.record !== undefined) {
    return { ok: false, error: '--base and --record both name the record to compare with: give one' };
  }
  return { ok: true, args };
}

/**
 * The comparison itself: two records in, the report text and the exit code out. `extra`
 * are hazards the model cannot see (./deploy-target), reported with its own; `fields`
 * are spec changes beside the platform's (a stage's account and region).
 */
export function planReport(
  before: PlatformRecord,
  after: PlatformRecord,
  extra: readonly Hazard[] = [],
  fields: readonly FieldChange[] = [],
): { readonly text: string; readonly exitCode: 0 | 1 } {
  const model = modelTransition(before.assembly, after.assembly);
  const report = { ...model, hazards: [...extra, ...model.hazards] };
  const changes = diffPlatforms(before.platform, after.platform);
  const text = `${formatSpecChanges({ ...changes, platform: [...fields, ...changes.platform] })}\n${formatReport(report)}`;
  return { text, exitCode: exitCode(report) };
}

/** The record file as stored in git at a ref. */
export type CommittedRecord =
  | { readonly kind: 'found'; readonly commit: string; readonly text: string }
  /** The ref is a commit, without the record file. */
  | { readonly kind: 'absent'; readonly commit: string }
  /** The ref names no commit (unknown ref, or HEAD before the first commit). */
  | { readonly kind: 'no-commit' }
  | { readonly kind: 'no-git' };

/** The current synthesis could not be made: the deploy would fail the same way. */
export class SynthesisError extends Error {}

export interface PlanIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** `${RECORD_FILE}` of this directory as committed at `ref`. */
  readonly committedRecord: (ref: string) => CommittedRecord;
  /** A file's text, or undefined when it does not exist. */
  readonly readFile: (path: string) => string | undefined;
  /**
   * The CloudFormation execution policy files (deploy/cloudformation-execution-policy*.json)
   * by path: as committed at `commit`, or in the working tree without one.
   */
  readonly executionPolicies: (commit?: string) => PolicyFiles;
  /**
   * The current synthesis, recorded: cdk.out when it is newer than the sources and the
   * spec, else a new synth; `how` says which. Throws SynthesisError when the synth fails.
   */
  readonly currentRecord: () => { readonly record: PlatformRecord; readonly how: string };
}

type Before =
  | {
      readonly text: string;
      readonly source: string;
      readonly previous: PreviousApp;
      readonly base?: { readonly commit: string; readonly name: string };
    }
  | { readonly none: string }
  | { readonly usage: string };

/** Runs the command; returns its exit code. */
export function runPlan(argv: readonly string[], io: PlanIo): 0 | 1 | 2 {
  const parsed = parsePlanArgs(argv);
  if (!parsed.ok) {
    io.err(`error: ${parsed.error}\n\n${PLAN_USAGE}`);
    return 2;
  }
  if (parsed.args.help) {
    io.out(PLAN_USAGE);
    return 0;
  }

  // The record first: a wrong ref or file is reported before a synth of a minute.
  const found = findBefore(parsed.args, io);
  if ('usage' in found) {
    io.err(`error: ${found.usage}\n`);
    return 2;
  }
  if ('none' in found) {
    io.out(`${found.none}\nNothing to compare with: a first deploy creates every stack. Exit 0.\n`);
    return 0;
  }
  let before: PlatformRecord;
  try {
    before = parseRecordFile(found.text, found.source);
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n`);
    return 2;
  }

  let after: { record: PlatformRecord; how: string };
  try {
    after = io.currentRecord();
  } catch (e) {
    if (e instanceof SynthesisError) {
      io.err(`error: ${e.message}\nThe app does not synthesize, so the deploy would fail too. Exit 1.\n`);
      return 1;
    }
    io.err(`error: ${(e as Error).message}\n`);
    return 2;
  }

  const stages = (after.record.platform.stages ?? []).map((st) => st.name);
  // Stages that went, and stacks from before the stages: no stage's plan has them.
  const left = [...removedStageHazards(before, after.record, found.previous), ...unstagedStacksHazards(before, after.record, found.previous)];
  if (stages.length === 0) {
    if (parsed.args.stage !== undefined) {
      io.err(`error: --stage ${parsed.args.stage}: the platform has no stages (spec \`stages\`); plan it without --stage\n`);
      return 2;
    }
    const { text, exitCode: code } = planReport(before, after.record, left);
    io.out(`Before: ${found.source}.\nAfter: ${after.how}.\n\n${text}`);
    return code;
  }
  if (parsed.args.stage !== undefined && !stages.includes(parsed.args.stage)) {
    io.err(`error: --stage ${parsed.args.stage}: no such stage (its stages: ${stages.join(', ')})\n`);
    return 2;
  }
  // The policy is one for every stage: compared with the base commit's (with --record there is none).
  const policy = found.base
    ? executionPolicyHazards({
        base: io.executionPolicies(found.base.commit),
        current: io.executionPolicies(),
        baseName: found.base.name,
        platform: after.record.platform.name,
        before: before.platform.stages ?? [],
        after: after.record.platform.stages ?? [],
      })
    : [];
  const planned = parsed.args.stage !== undefined ? [parsed.args.stage] : stages;
  io.out(`Before: ${found.source}.\nAfter: ${after.how}.\n`);
  let code: 0 | 1 = 0;
  // Reported in every run, --stage or not: the pull request's job of each stage fails on them.
  const platform = [...left, ...policy];
  if (platform.length > 0) {
    io.out(`\n== Every stage ==\n${formatHazards({ hazards: platform }).join('\n')}\n`);
    code = exitCode({ hazards: platform });
  }
  for (const stage of planned) {
    const report = stageReport(before, after.record, stage, found.previous);
    io.out(`\n== Stage ${stage} ==\n${report.text}`);
    if (report.exitCode > code) code = report.exitCode;
  }
  return code;
}

/** One stage's records (its platform and nested assembly), or undefined when `record` has none of it. */
export function stageRecord(record: PlatformRecord, stage: string): PlatformRecord | undefined {
  const assembly = record.stages?.[stage];
  if (assembly === undefined) return undefined;
  const platform = record.platform.stages?.find((s) => s.name === stage)?.plan ?? record.platform;
  return { platform, assembly };
}

const NO_STACKS: AssemblyRecord = { version: RECORD_VERSION, stacks: [] };

/**
 * The plan of one stage: the comparison of its records, or a first deploy when it was never
 * recorded. A stage moved to another account or region is a first deploy there, and a hazard.
 */
export function stageReport(
  before: PlatformRecord,
  after: PlatformRecord,
  stage: string,
  previous: PreviousApp = UNKNOWN_PREVIOUS,
): { readonly text: string; readonly exitCode: 0 | 1 } {
  const next = stageRecord(after, stage);
  if (!next) throw new Error(`the current synthesis has no stage ${stage}`);
  const old = stageRecord(before, stage);
  if (!old) return { text: `No recorded synthesis of stage ${stage} before: its first deploy creates every stack. Exit 0.\n`, exitCode: 0 };
  const was = before.platform.stages?.find((st) => st.name === stage);
  const st = after.platform.stages?.find((s) => s.name === stage);
  if (!was || !st) return planReport(old, next);
  const fields = stageTargetChanges(was, st);
  const moved = movedStageHazard(
    was,
    st,
    next.assembly.stacks.map((s) => s.name),
    previous,
  );
  // Nothing of the stage is deployed where it goes: every stack there is new.
  return moved ? planReport({ ...old, assembly: NO_STACKS }, next, [moved], fields) : planReport(old, next, [], fields);
}

function findBefore(args: PlanArgs, io: PlanIo): Before {
  if (args.record !== undefined) {
    const text = io.readFile(args.record);
    return text === undefined
      ? { usage: `--record: ${args.record} does not exist` }
      : { text, source: args.record, previous: { name: `the commit ${args.record} was recorded at` } };
  }
  const ref = args.base ?? 'HEAD';
  const committed = io.committedRecord(ref);
  switch (committed.kind) {
    case 'found': {
      const name = `${ref} (${committed.commit.slice(0, 12)})`;
      return {
        text: committed.text,
        source: `${RECORD_FILE} at ${name}`,
        previous: { commit: committed.commit, name: `${ref} at ${committed.commit.slice(0, 12)}` },
        base: { commit: committed.commit, name },
      };
    }
    case 'absent':
      return {
        none: `No ${RECORD_FILE} at ${ref} (${committed.commit.slice(0, 12)}): no synthesis was recorded there.${
          args.base === undefined && io.readFile(RECORD_FILE) !== undefined
            ? ` The ${RECORD_FILE} in the working tree is not committed: commit it with the change it records (what is deployed), or compare with it: --record ${RECORD_FILE}.`
            : ''
        }`,
      };
    case 'no-commit':
      return args.base === undefined
        ? { none: `No commit yet, so no recorded synthesis (\`npx projen build\` writes ${RECORD_FILE}; commit it).` }
        : { usage: `--base: ${args.base} is not a commit of this repository (in CI, check out with fetch-depth: 0, or git fetch it first)` };
    case 'no-git': {
      if (args.base !== undefined) return { usage: '--base needs a git repository; use --record <file> instead' };
      // Without git there is no committed record; the file on disk is the best there is.
      const text = io.readFile(RECORD_FILE);
      return text === undefined
        ? { none: `Not a git repository, and no ${RECORD_FILE}.` }
        : {
            text,
            source: `${RECORD_FILE} in the working tree (not a git repository, so nothing is committed)`,
            previous: { name: `the sources ${RECORD_FILE} was recorded from` },
          };
    }
  }
}
