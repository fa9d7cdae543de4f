/**
 * The edges of `npx projen plan` and of the build's record step in a generated
 * repository: files, git and the CDK synth. The decisions are in ./plan-command and
 * ./freshness; this module only does what they ask.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stageAssemblyId } from '../plan/stage-assembly';
import { recordAssembly } from '../transition';
import {
  digestInputs,
  INPUTS_STAMP,
  parseStamp,
  staleReason,
  SYNTH_INPUTS,
  writtenAfter,
  type InputFile,
  type InputsStamp,
  type InputTime,
} from './freshness';
import { isExecutionPolicyFile, type PolicyFiles } from './execution-policy';
import { runPlan, SynthesisError, type CommittedRecord, type PlanIo } from './plan-command';
import { formatRecordFile, RECORD_FILE, RECORD_OPTIONS, type PlatformRecord } from './record-file';
import type { PlannedPlatform } from './spec-diff';

export interface NodePlanOptions {
  /** The generated repository (where .projenrc.ts is). */
  readonly dir: string;
  /** Its `platform` constant (src/generated/platform.ts), as the current sources have it. */
  readonly platform: PlannedPlatform;
  /** The synth to run when cdk.out is stale. @default ['npx', 'cdk', 'synth', '-q'] */
  readonly synthCommand?: readonly string[];
}

const DEFAULT_SYNTH = ['npx', 'cdk', 'synth', '-q'];

/** `npx projen plan`: runs the command in `options.dir`, returns its exit code. */
export function runPlanCommand(argv: readonly string[], options: NodePlanOptions): number {
  return runPlan(argv, nodePlanIo(options));
}

export function nodePlanIo(options: NodePlanOptions): PlanIo {
  const { dir } = options;
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    committedRecord: (ref) => committedRecord(dir, ref),
    readFile: (path) => {
      const file = join(dir, path);
      return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
    },
    executionPolicies: (commit) => (commit === undefined ? workingPolicies(dir) : committedPolicies(dir, commit)),
    currentRecord: () => {
      const cdkOut = cdkOutDir(dir);
      const inputs = digestInputs(inputFiles(dir));
      const stale = staleReason(manifestTime(cdkOut), readStamp(cdkOut), inputs);
      if (stale === undefined) {
        return { record: record(cdkOut, options.platform), how: `${relative(dir, cdkOut)} as it is: synthesized from these very sources and spec` };
      }
      const command = options.synthCommand ?? DEFAULT_SYNTH;
      process.stderr.write(`Synthesizing (${command.join(' ')}): ${stale}.\n`);
      // The synth's own output goes to stderr: stdout is the plan.
      const r = spawnSync(command[0], command.slice(1), { cwd: dir, stdio: ['ignore', 2, 2] });
      if (r.status !== 0) {
        throw new SynthesisError(`${command.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`}); its output is above`);
      }
      writeStamp(cdkOut, inputs);
      return { record: record(cdkOut, options.platform), how: `a new synthesis (${command.join(' ')}), since ${stale}` };
    },
  };
}

/** `npx projen record` (a step of the build): writes the record, returns the exit code. */
export function runRecordCommand(options: Pick<NodePlanOptions, 'dir' | 'platform'>): number {
  try {
    process.stdout.write(`${writeRecordFile(options.dir, options.platform)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

/**
 * The build's record step: writes platform.record.json from cdk.out (just synthesized by
 * the build) and `platform`; leaves the file untouched when its bytes would not change.
 * Returns what it did, for the build log; throws when cdk.out is missing or stale.
 */
export function writeRecordFile(dir: string, platform: PlannedPlatform): string {
  const cdkOut = cdkOutDir(dir);
  const after = writtenAfter(manifestTime(cdkOut), inputFiles(dir, true));
  if (after !== undefined) throw new Error(`cannot record the synthesis: ${after}; run \`npx projen build\` (or \`npx projen synth\`) first`);
  const text = formatRecordFile(record(cdkOut, platform));
  // The next plan may reuse this cdk.out: note what it was made from.
  writeStamp(cdkOut, digestInputs(inputFiles(dir)));
  const file = join(dir, RECORD_FILE);
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return `${RECORD_FILE}: unchanged`;
  writeFileSync(file, text);
  return `${RECORD_FILE}: recorded this synthesis; commit it with your change`;
}

/** cdk.out, when it is the synthesis of the current sources; else why it is not. */
export type FreshSynthesis = { readonly cdkOut: string; readonly stale?: undefined } | { readonly cdkOut?: undefined; readonly stale: string };

/**
 * Whether cdk.out is the synthesis of the current sources, as the build's record step
 * noted them (the stamp): the repository's test/platform.test.ts then reads the build's
 * own synthesis (strict validation and cdk-nag included) instead of synthesizing again.
 */
export function freshSynthesis(dir: string): FreshSynthesis {
  const cdkOut = cdkOutDir(dir);
  const stale = staleReason(manifestTime(cdkOut), readStamp(cdkOut), digestInputs(inputFiles(dir)));
  return stale === undefined ? { cdkOut } : { stale };
}

function record(cdkOut: string, platform: PlannedPlatform): PlatformRecord {
  const stages = platform.stages ?? [];
  return {
    platform,
    assembly: recordAssembly(cdkOut, RECORD_OPTIONS),
    // Each stage's stacks are in its nested assembly (a CDK Stage's folder), not at the top.
    ...(stages.length > 0 ? { stages: Object.fromEntries(stages.map((s) => [s.name, recordStage(cdkOut, s.name)])) } : {}),
  };
}

function recordStage(cdkOut: string, stage: string) {
  const dir = join(cdkOut, stageAssemblyId(stage));
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(
      `${relative(process.cwd(), dir) || dir} is missing: the app does not build stage ${stage} as a CDK Stage named after it; synthesize again`,
    );
  }
  return recordAssembly(dir, RECORD_OPTIONS);
}

/** cdk.json's `output`, default cdk.out. */
function cdkOutDir(dir: string): string {
  try {
    const output = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8')).output;
    if (typeof output === 'string' && output !== '') return join(dir, output);
  } catch {
    // no cdk.json, or not JSON: the CDK's default
  }
  return join(dir, 'cdk.out');
}

/** When the assembly was written: its manifest is written last. */
function manifestTime(cdkOut: string): number | undefined {
  const manifest = join(cdkOut, 'manifest.json');
  return existsSync(manifest) ? statSync(manifest).mtimeMs : undefined;
}

function readStamp(cdkOut: string): InputsStamp | undefined {
  const file = join(cdkOut, INPUTS_STAMP);
  return parseStamp(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
}

function writeStamp(cdkOut: string, inputs: Record<string, string>): void {
  const manifestMtimeMs = manifestTime(cdkOut);
  if (manifestMtimeMs === undefined) return;
  writeFileSync(join(cdkOut, INPUTS_STAMP), `${JSON.stringify({ manifestMtimeMs, inputs }, null, 1)}\n`);
}

/** The synth's inputs that exist, with their contents (or, `times`, their modification times). */
function inputFiles(dir: string): InputFile[];
function inputFiles(dir: string, times: true): InputTime[];
function inputFiles(dir: string, times = false): (InputFile | InputTime)[] {
  const out: (InputFile | InputTime)[] = [];
  const walk = (rel: string): void => {
    const abs = join(dir, rel);
    if (!existsSync(abs)) return;
    const st = statSync(abs);
    if (st.isDirectory()) {
      for (const e of readdirSync(abs)) if (e !== 'node_modules') walk(`${rel}/${e}`);
    } else {
      out.push(times ? { path: rel, mtimeMs: st.mtimeMs } : { path: rel, content: readFileSync(abs) });
    }
  };
  for (const input of SYNTH_INPUTS) walk(input);
  return out;
}

function git(dir: string, args: readonly string[]): { ok: boolean; stdout: string } {
  const r = spawnSync('git', [...args], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { ok: r.status === 0, stdout: r.stdout ?? '' };
}

function committedRecord(dir: string, ref: string): CommittedRecord {
  if (!git(dir, ['rev-parse', '--git-dir']).ok) return { kind: 'no-git' };
  const rev = git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (!rev.ok) return { kind: 'no-commit' };
  const commit = rev.stdout.trim();
  // `./` makes the path relative to this directory, which may be below the repository's root.
  const path = `${commit}:./${RECORD_FILE}`;
  if (!git(dir, ['cat-file', '-e', path]).ok) return { kind: 'absent', commit };
  const show = git(dir, ['cat-file', 'blob', path]);
  if (!show.ok) return { kind: 'absent', commit };
  return { kind: 'found', commit, text: show.stdout };
}

const POLICY_DIR = 'deploy';

function workingPolicies(dir: string): PolicyFiles {
  const abs = join(dir, POLICY_DIR);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) return {};
  const files: Record<string, string> = {};
  for (const name of readdirSync(abs).sort()) {
    const path = `${POLICY_DIR}/${name}`;
    if (isExecutionPolicyFile(path) && statSync(join(abs, name)).isFile()) files[path] = readFileSync(join(abs, name), 'utf8');
  }
  return files;
}

function committedPolicies(dir: string, commit: string): PolicyFiles {
  // `./` keeps the paths relative to this directory, which may be below the repository's root.
  const tree = git(dir, ['ls-tree', '--name-only', '--end-of-options', commit, `./${POLICY_DIR}/`]);
  if (!tree.ok) return {};
  const files: Record<string, string> = {};
  for (const line of tree.stdout.split('\n').filter(Boolean)) {
    const path = `${POLICY_DIR}/${line.split('/').pop()}`;
    if (!isExecutionPolicyFile(path)) continue;
    const show = git(dir, ['cat-file', 'blob', `${commit}:./${path}`]);
    if (show.ok) files[path] = show.stdout;
  }
  return files;
}
