/**
 * `create-fargate-connect [dir]`: one run in four phases, each a function below.
 *
 * 1. validate: the flags, and what they name (the spec file or the starter spec, the
 *    target), before any question or side effect;
 * 2. ask: on a terminal without a spec, the prompts; every spec then settles the same way
 *    (normalized, target and existing placement checked, planned: once, ./settle.ts);
 * 3. execute: pack this build, generate, write, then save the answers, show the cost and
 *    warnings, install and commit, each a visible step;
 * 4. next steps: what to type next.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { stringify } from 'yaml';
import { writeGenerated } from '../api';
import { existingInfraSwitches } from '../api/existing-switches';
import { generateFiles, normalizeInput } from '../api/pass';
import { showPath } from '../api/show-path';
import { planCommit } from '../api/target';
import { estimateCost } from '../cost/estimate';
import { costSummary } from '../cost/terminal';
import type { Plan } from '../plan';
import { PACKAGE_VERSION } from '../project/versions';
import { readSpecFile } from '../spec/parse';
import { formatError, type SpecError } from '../spec/types';
import { createSteps, formatTable, lineWriterFor, styleFor, type Screen, type Style } from '../terminal';
import { HELP, parseCliArgs, type CliArgs } from './args';
import { IMPORT_COPILOT, runImportCopilot } from './import-copilot';
import { EXIT_CANCELLED, runInteractive, starterSpec } from './interactive';
import { isCheckout, selfDependency } from './self-dependency';
import { settleTarget, type Settled } from './settle';
import { gitInit, INSTALL_STEP, npmInstall } from './steps';
import { formatWarnings, summaryWarnings } from './warnings';

/** What the CLI reads from and writes to; injectable so tests run it in process. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly stdinIsTTY: boolean;
  readonly cwd: string;
  /**
   * Aborted (with the signal's name as the reason) when the user stops the run: SIGINT,
   * SIGTERM or SIGHUP. The run stops at the next step; the write itself always finishes
   * or fails as a whole first.
   */
  readonly cancel?: AbortSignal;
  /**
   * The terminal that standard output is, when it is one: steps are drawn with a spinner
   * and their time, and lines are wrapped at word boundaries to its width. Without it,
   * output is plain lines (a pipe, a file, a CI log, the tests).
   */
  readonly screen?: Screen;
  /** Emphasis where there is no screen (FORCE_COLOR in a pipe). @default false */
  readonly color?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** The whole CLI. Returns the exit code. */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  if (argv[0] === IMPORT_COPILOT) return runImportCopilot(argv.slice(1), rawIo);
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    rawIo.err(`error: ${parsed.message}`);
    return EXIT_USAGE;
  }
  const args = parsed.args;
  if (args.help) {
    rawIo.out(HELP);
    return EXIT_OK;
  }
  if (args.version) {
    rawIo.out(PACKAGE_VERSION);
    return EXIT_OK;
  }
  const io: CliIo = { ...rawIo, out: lineWriterFor(rawIo.out, rawIo.screen), err: lineWriterFor(rawIo.err, rawIo.screen) };

  const request = validate(args, io);
  if (request.kind === 'exit') return request.code;
  const job = await ask(request, args, io);
  if (job.kind === 'exit') return job.code;
  if (args.dryRun) return dryRun(io, job, args.generatorDependency);
  const done = await execute(job, args, io);
  if (done.kind === 'exit') return done.code;
  return nextSteps(io, done);
}

// ---------------------------------------------------------------------------------------
// 1. Validate
// ---------------------------------------------------------------------------------------

type Exit = { readonly kind: 'exit'; readonly code: number };

/** Where the spec comes from: a value already read (a file, the starter), or the prompts. */
type Request = { readonly kind: 'spec'; readonly dir: string; readonly value: unknown } | { readonly kind: 'prompt' };

/** The flags, and the spec file or starter spec they name. */
function validate(args: CliArgs, io: CliIo): Request | Exit {
  const willPrompt = !args.config && !args.yes && io.stdinIsTTY;
  if (!args.dir && !willPrompt) {
    io.err('error: no target directory. Usage: create-fargate-connect <dir> --config <file> --yes (see --help)');
    return exit(EXIT_USAGE);
  }
  if (args.config) {
    const read = readSpecFile(resolve(io.cwd, args.config));
    return read.ok ? { kind: 'spec', dir: args.dir as string, value: read.value } : exit(fail(io, read.errors));
  }
  if (args.yes) {
    // Without --config the spec is a raw spec all the same, down the path a file's takes.
    const starter = starterSpec(args.dir as string, io.cwd);
    if (!starter.ok) return exit(fail(io, starter.errors));
    io.out('No --config given: using the starter spec (web, public client-only, calls api, client-server).');
    return { kind: 'spec', dir: args.dir as string, value: starter.spec };
  }
  if (!io.stdinIsTTY) {
    io.err(
      'error: no terminal to prompt on and no spec given. Pass --config <file> (a YAML or JSON spec) to run without prompts, or --yes for the starter spec; see --help for the format.',
    );
    return exit(EXIT_USAGE);
  }
  return { kind: 'prompt' };
}

// ---------------------------------------------------------------------------------------
// 2. Ask
// ---------------------------------------------------------------------------------------

/** A spec ready to write: normalized and planned once, for its target (see ./settle.ts). */
interface Job extends Settled {
  readonly kind: 'job';
  /** The prompts' summary has shown the warnings already. */
  readonly prompted: boolean;
}

/** The prompts, when asked for; then every spec settles the same way. */
async function ask(request: Request, args: CliArgs, io: CliIo): Promise<Job | Exit> {
  if (request.kind === 'spec') return settle(request.value, request.dir, args, io);
  const asked = await untilCancelled(runInteractive({ dir: args.dir, force: args.force, dryRun: args.dryRun }, io), io.cancel);
  if (asked === undefined || asked.kind === 'cancelled') {
    io.err('Cancelled; nothing was written.');
    return exit(EXIT_CANCELLED);
  }
  if (asked.kind === 'invalid') return exit(fail(io, asked.errors));
  // The prompts settled the spec before their summary: it is not normalized or planned again.
  return { kind: 'job', ...asked.settled, prompted: true };
}

/** Everything checked before the first side effect (packing this build takes a moment), each stage once. */
function settle(value: unknown, shown: string, args: CliArgs, io: CliIo): Job | Exit {
  const valid = normalizeInput(value);
  if (!valid.ok) return exit(fail(io, valid.errors));
  const settled = settleTarget(valid, shown, io.cwd, args.force);
  if (!settled.ok) return exit(fail(io, settled.errors));
  return { kind: 'job', ...settled, prompted: false };
}

// ---------------------------------------------------------------------------------------
// 3. Execute
// ---------------------------------------------------------------------------------------

interface Done {
  readonly kind: 'done';
  readonly plan: Plan;
  readonly shown: string;
  readonly installed: boolean;
}

/** Packs, generates and writes the repository, then the cost, the warnings, npm install and git. */
async function execute(job: Job, args: CliArgs, io: CliIo): Promise<Done | Exit> {
  const steps = createSteps(io.out, io.screen);
  const stopBeforeWriting = (): Exit => {
    io.err(`Cancelled (${reason(io)}); nothing was written.`);
    return exit(EXIT_CANCELLED);
  };
  if (await cancelled(io)) return stopBeforeWriting();

  // The repository depends on this very build: settled before the files are made from the
  // plan (generateFiles, once).
  let generatorDependency = args.generatorDependency;
  let packDir: string | undefined;
  if (generatorDependency === undefined) {
    const self = isCheckout()
      ? await steps.runAsync(
          'Packing this build (npm pack)',
          () => selfDependency(undefined, io.cancel),
          (r) => (r.ok ? 'ok' : r.cancelled ? 'cancelled' : 'failed'),
        )
      : await selfDependency(undefined, io.cancel);
    if (!self.ok) return self.cancelled ? stopBeforeWriting() : exit(fail(io, [{ path: '', message: self.message }]));
    generatorDependency = self.spec;
    packDir = self.packDir;
  }
  const dropPack = () => packDir !== undefined && rmSync(packDir, { recursive: true, force: true });
  const generated = steps.run(
    `Generating ${servicesLabel(job.planned.spec.services.length)}`,
    () => generateFiles(job.planned, generatorDependency, existingInfraSwitches(job.dir)),
    (r) => (r.ok ? 'ok' : 'failed'),
  );
  if (!generated.ok) {
    dropPack();
    return exit(fail(io, generated.errors));
  }
  if (await cancelled(io)) {
    dropPack();
    return stopBeforeWriting();
  }
  const written = steps.run(
    `Writing ${generated.files.length} files to ${showPath(job.shown)}`,
    () => writeGenerated(job.dir, generated, { force: args.force, label: job.shown }),
    (r) => (r.ok ? 'ok' : 'failed'),
  );
  if (!written.ok) {
    if (written.changed === undefined) dropPack();
    return exit(fail(io, written.errors, written.changed !== undefined));
  }
  for (const note of written.recovered) io.out(`  note: ${note}`);
  const writtenPaths = new Set(written.written);
  const managed = generated.files.filter((f) => f.readonly && writtenPaths.has(f.path)).length;
  const same = written.unchanged.length > 0 ? `; ${written.unchanged.length} already up to date` : '';
  io.out(`  ${written.written.length} files written, ${managed} of them managed by projen${same}`);
  if (written.kept.length > 0) {
    io.out(`  kept ${written.kept.length} of yours as they were (--force writes only missing user files): ${written.kept.map(showKept).join(', ')}`);
    const projenrc = generated.files.find((f) => f.path === '.projenrc.ts');
    if (written.kept.includes('.projenrc.ts') && projenrc && readOrUndefined(join(job.dir, '.projenrc.ts')) !== projenrc.contents) {
      io.err(
        'warning: your .projenrc.ts was kept, and it differs from the one this spec gives; the next `npx projen` regenerates the repository from .projenrc.ts, so carry the changes into it (or delete it and run again with --force)',
      );
    }
  }
  if (await cancelled(io)) {
    io.err(interruptedAfterWrite(reason(io), showPath(job.shown), stepsLeft(args, { installed: false, committed: false }), 'were not run'));
    return exit(EXIT_CANCELLED);
  }

  if (args.saveConfig) {
    try {
      writeFileSync(resolve(io.cwd, args.saveConfig), stringify(job.planned.raw));
    } catch (err) {
      io.err(`warning: could not save the spec to ${showPath(args.saveConfig)} (${(err as Error).message}); the repository is written`);
    }
  }
  // The bill before the deploy, in three lines: the whole table is `npx projen cost` and the README.
  const style = styleFor(io.screen?.color ?? io.color ?? false);
  io.out('');
  for (const line of costSummary(estimateCost(written.plan), style)) io.out(line);
  if (!job.prompted) printWarnings(io, summaryWarnings(written.plan), style);
  let installed = false;
  if (args.install) {
    const r = await steps.runAsync(
      INSTALL_STEP,
      () => npmInstall(job.dir, io.cancel),
      (r) => (r.ok ? 'ok' : r.cancelled ? 'cancelled' : 'failed'),
    );
    if (!r.ok && !r.cancelled) io.err(`warning: npm install failed; the repository is written, run it yourself:\n${r.output.trim()}`);
    installed = r.ok;
  }
  let committed = false;
  if (args.git && !io.cancel?.aborted) {
    const r = await steps.runAsync(
      'git init and first commit',
      () => gitInit(job.dir, io.cancel),
      (r) => (r.ok ? 'ok' : r.cancelled ? 'cancelled' : 'failed'),
    );
    if (!r.ok && !r.cancelled) io.err(`warning: git init/commit failed; the repository is written:\n${r.output.trim()}`);
    committed = r.ok;
  }
  if (await cancelled(io)) {
    io.err(interruptedAfterWrite(reason(io), showPath(job.shown), stepsLeft(args, { installed, committed }), 'did not finish'));
    return exit(EXIT_CANCELLED);
  }
  return { kind: 'done', plan: written.plan, shown: job.shown, installed };
}

/** The steps after the write this run was asked for (`--no-install` and `--no-git` drop them) and has not done. */
function stepsLeft(args: { install: boolean; git: boolean }, done: { installed: boolean; committed: boolean }): string[] {
  return [...(args.install && !done.installed ? ['npm install'] : []), ...(args.git && !done.committed ? ['git init'] : [])];
}

/**
 * What a signal after the write says: the repository is complete, and which of the steps
 * the run was asked for did not run or finish (none: nothing else was to be done).
 */
export function interruptedAfterWrite(signal: string, shown: string, steps: readonly string[], what: 'were not run' | 'did not finish'): string {
  const head = `Interrupted (${signal}) after the write: ${shown} is complete`;
  if (steps.length === 0) return `${head}.`;
  const verb = steps.length === 1 && what === 'were not run' ? 'was not run' : what;
  return `${head}; ${steps.join(' and ')} ${verb}.`;
}

/** `5 services`. */
function servicesLabel(count: number): string {
  return `${count} service${count === 1 ? '' : 's'}`;
}

function printWarnings(io: CliIo, lines: readonly string[], style: Style): void {
  if (lines.length === 0) return;
  io.out('');
  for (const line of formatWarnings(lines, { style, ...(io.screen !== undefined ? { width: io.screen.columns - 1 } : {}) })) io.out(line);
}

/** `--dry-run`: the files, and for an existing target what would be kept; writes nothing. */
function dryRun(io: CliIo, job: Job, generatorDependency: string | undefined): number {
  const generated = generateFiles(job.planned, generatorDependency ?? '<this build>', existingInfraSwitches(job.dir));
  if (!generated.ok) return fail(io, generated.errors);
  let files = generated.files.map((f) => f.path);
  let kept: readonly string[] = [];
  if (existsSync(job.dir)) {
    const planned = planCommit(job.dir, generated.files, job.shown);
    if (!planned.ok) return fail(io, planned.errors);
    files = planned.plan.ops.map((o) => o.path);
    kept = planned.plan.kept;
  }
  io.out(`Would write ${files.length} files to ${showPath(job.shown)}:`);
  for (const f of files) io.out(`  ${f}`);
  if (kept.length > 0) io.out(`Would keep ${kept.length} of yours as they are: ${kept.map(showKept).join(', ')}`);
  if (!job.prompted) printWarnings(io, summaryWarnings(generated.plan), styleFor(io.screen?.color ?? io.color ?? false));
  return EXIT_OK;
}

// ---------------------------------------------------------------------------------------
// 4. Next steps
// ---------------------------------------------------------------------------------------

function nextSteps(io: CliIo, done: Done): number {
  const cd = showPath(done.shown);
  const style = styleFor(io.screen?.color ?? io.color ?? false);
  const count = done.plan.services.length;
  io.out('');
  io.out(`Created ${done.plan.name} in ${cd}: ${count} service${count === 1 ? '' : 's'}.`);
  io.out('Next:');
  io.out(`  ${style.code(`cd ${cd}`)}`);
  if (!done.installed) io.out(`  ${style.code('npm install')}`);
  const stages = done.plan.stages ?? [];
  const commands = [
    ['npx projen build', 'type-check, synth (validation + cdk-nag), tests'],
    ['npx projen local', 'run every service on this machine'],
    ...(stages.length === 0
      ? [
          ['npx projen bootstrap', 'once per account and region, before the first deploy'],
          ['npx projen deploy', 'every stack, in order, to the account and region of your AWS credentials'],
        ]
      : stages.flatMap((st) => [
          [`npx projen bootstrap:${st.name}`, `once, before the first deploy to ${st.account} in ${st.region}`],
          [`npx projen deploy:${st.name}`, `stage ${st.name}'s stacks, in order, with credentials for ${st.account}`],
        ])),
  ];
  // The comments line up (and wrap within their column on a narrow terminal).
  const rows = commands.map(([command, why]) => [style.code(command.padEnd(20)), style.dim(`# ${why}`)]);
  const width = io.screen !== undefined ? { width: io.screen.columns - 1 } : {};
  for (const line of formatTable(rows, { indent: '  ', ...width })) io.out(line);
  return EXIT_OK;
}

// ---------------------------------------------------------------------------------------

function exit(code: number): Exit {
  return { kind: 'exit', code };
}

/** Lets a signal that arrived during synchronous work reach its handler, then says whether the run was cancelled. */
async function cancelled(io: CliIo): Promise<boolean> {
  if (io.cancel === undefined) return false;
  await new Promise((r) => setImmediate(r));
  return io.cancel.aborted;
}

function reason(io: CliIo): string {
  const r: unknown = io.cancel?.reason;
  return typeof r === 'string' ? r : 'cancelled';
}

/** A kept path as listed: app folders end in a slash. */
function showKept(path: string): string {
  return /^services\/[^/]+$/.test(path) ? `${path}/` : path;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf-8');
  } catch {
    return undefined;
  }
}

/** `promise`'s value, or `undefined` once `cancel` is aborted first. */
function untilCancelled<T>(promise: Promise<T>, cancel: AbortSignal | undefined): Promise<T | undefined> {
  if (cancel === undefined) return promise;
  if (cancel.aborted) return Promise.resolve(undefined);
  return Promise.race([promise, new Promise<undefined>((done) => cancel.addEventListener('abort', () => done(undefined), { once: true }))]);
}

function fail(io: CliIo, errors: readonly SpecError[], leftChanged = false): number {
  const problems = errors.length === 1 ? 'one problem' : `${errors.length} problems`;
  io.err(leftChanged ? `error: ${problems}, and the target was left changed:` : `error: ${problems}, nothing was written:`);
  for (const e of errors) io.err(`  ${formatError(e)}`);
  return EXIT_INVALID;
}
