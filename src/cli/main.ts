import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { stringify } from 'yaml';
import { checkTarget, writeGenerated } from '../api';
import { generateFiles, normalizeInput, planSpec, type PlannedInput } from '../api/pass';
import { showPath } from '../api/show-path';
import { planCommit } from '../api/target';
import { estimateCost } from '../cost/estimate';
import { formatCostTable } from '../cost/table';
import { PACKAGE_VERSION } from '../project/versions';
import { readSpecFile } from '../spec/parse';
import { formatError, type SpecError } from '../spec/types';
import { HELP, parseCliArgs } from './args';
import { IMPORT_COPILOT, runImportCopilot } from './import-copilot';
import { EXIT_CANCELLED, runInteractive, starterSpec } from './interactive';
import { isCheckout, selfDependency } from './self-dependency';
import { gitInit, npmInstall, step, stepAsync } from './steps';
import { summaryWarnings } from './warnings';
import { existingPlacement } from '../api/existing-placement';

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
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

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

/** The whole non-interactive CLI: validate, then execute. Returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === IMPORT_COPILOT) return runImportCopilot(argv.slice(1), io);
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.err(`error: ${parsed.message}`);
    return EXIT_USAGE;
  }
  const args = parsed.args;
  if (args.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (args.version) {
    io.out(PACKAGE_VERSION);
    return EXIT_OK;
  }
  const willPrompt = !args.config && !args.yes && io.stdinIsTTY;
  if (!args.dir && !willPrompt) {
    io.err('error: no target directory. Usage: create-fargate-connect <dir> --config <file> --yes (see --help)');
    return EXIT_USAGE;
  }
  const stopBeforeWriting = (): number => {
    io.err(`Cancelled (${reason(io)}); nothing was written.`);
    return EXIT_CANCELLED;
  };
  // Without --config the spec comes from the starter (--yes) or the prompts; either way
  // it is a raw spec from here on, down the same path as a file's.
  let target = args.dir;
  let answered: unknown;
  // The prompts' summary shows the warnings before the user confirms; the others print them here.
  let prompted = false;
  if (!args.config) {
    if (args.yes) {
      const starter = starterSpec(target as string, io.cwd);
      if (!starter.ok) return fail(io, starter.errors);
      io.out('No --config given: using the starter spec (web, public client-only, calls api, client-server).');
      answered = starter.spec;
    } else if (!io.stdinIsTTY) {
      io.err(
        'error: no terminal to prompt on and no spec given. Pass --config <file> (a YAML or JSON spec) to run without prompts, or --yes for the starter spec; see --help for the format.',
      );
      return EXIT_USAGE;
    } else {
      const asked = await untilCancelled(runInteractive({ dir: args.dir, force: args.force, dryRun: args.dryRun }, io), io.cancel);
      if (asked === undefined || asked.kind === 'cancelled') {
        io.err('Cancelled; nothing was written.');
        return EXIT_CANCELLED;
      }
      if (asked.kind === 'invalid') return fail(io, asked.errors);
      target = asked.dir;
      answered = asked.spec;
      prompted = true;
    }
  }

  const read = args.config ? readSpecFile(resolve(io.cwd, args.config)) : { ok: true as const, value: answered };
  if (!read.ok) return fail(io, read.errors);
  const shown = target as string;
  const dir = resolve(io.cwd, shown);

  // Validate everything before the first side effect (packing this build takes a moment):
  // the spec, the target, and the plan with the stacks the target's services are in.
  // Each stage runs once; the files are made from this plan.
  const valid = normalizeInput(read.value);
  if (!valid.ok) return fail(io, valid.errors);
  const targetError = checkTarget(dir, args.force, shown);
  if (targetError) return fail(io, [targetError]);
  // Writing into a repository keeps every service in the stack it is deployed in.
  const previous = existingPlacement(dir);
  if (!previous.ok) return fail(io, previous.errors);
  const planned = planSpec(valid, previous.placement);
  if (!planned.ok) return fail(io, planned.errors);
  if (args.dryRun) return dryRun(io, planned, dir, shown, args.generatorDependency, !prompted);
  if (await cancelled(io)) return stopBeforeWriting();

  // The repository depends on this very build: settled before the files are made from the plan
  // (generateFiles, once).
  let generatorDependency = args.generatorDependency;
  let packDir: string | undefined;
  if (generatorDependency === undefined) {
    const self = isCheckout()
      ? await stepAsync(io.out, 'Packing this build (npm pack)', () => selfDependency(undefined, io.cancel))
      : await selfDependency(undefined, io.cancel);
    if (!self.ok) return self.cancelled ? stopBeforeWriting() : fail(io, [{ path: '', message: self.message }]);
    generatorDependency = self.spec;
    packDir = self.packDir;
  }
  const dropPack = () => packDir !== undefined && rmSync(packDir, { recursive: true, force: true });
  const generated = generateFiles(planned, generatorDependency);
  if (!generated.ok) {
    dropPack();
    return fail(io, generated.errors);
  }
  if (await cancelled(io)) {
    dropPack();
    return stopBeforeWriting();
  }
  const written = step(io.out, `Writing ${showPath(shown)}`, () => writeGenerated(dir, generated, { force: args.force, label: shown }));
  if (!written.ok) {
    if (written.changed === undefined) dropPack();
    return fail(io, written.errors, written.changed !== undefined);
  }
  for (const note of written.recovered) io.out(`  note: ${note}`);
  const writtenPaths = new Set(written.written);
  const managed = generated.files.filter((f) => f.readonly && writtenPaths.has(f.path)).length;
  const same = written.unchanged.length > 0 ? `; ${written.unchanged.length} already up to date` : '';
  io.out(`  ${written.written.length} files written, ${managed} of them managed by projen${same}`);
  if (written.kept.length > 0) {
    io.out(`  kept ${written.kept.length} of yours as they were (--force writes only missing user files): ${written.kept.map(showKept).join(', ')}`);
    const projenrc = generated.files.find((f) => f.path === '.projenrc.ts');
    if (written.kept.includes('.projenrc.ts') && projenrc && readOrUndefined(join(dir, '.projenrc.ts')) !== projenrc.contents) {
      io.err(
        'warning: your .projenrc.ts was kept, and it differs from the one this spec gives; the next `npx projen` regenerates the repository from .projenrc.ts, so carry the changes into it (or delete it and run again with --force)',
      );
    }
  }
  if (await cancelled(io)) {
    io.err(`Interrupted (${reason(io)}) after the write: ${showPath(shown)} is complete; npm install and git init were not run.`);
    return EXIT_CANCELLED;
  }

  if (args.saveConfig) {
    try {
      writeFileSync(resolve(io.cwd, args.saveConfig), stringify(read.value));
    } catch (err) {
      io.err(`warning: could not save the spec to ${showPath(args.saveConfig)} (${(err as Error).message}); the repository is written`);
    }
  }
  // The bill before the deploy: the same table as the generated README's.
  io.out('');
  io.out(formatCostTable(estimateCost(written.plan)).trimEnd());
  if (!prompted) printWarnings(io, summaryWarnings(written.plan));
  let installed = false;
  if (args.install) {
    const r = await stepAsync(io.out, 'Installing dependencies (npm install)', () => npmInstall(dir, io.cancel));
    if (!r.ok && !r.cancelled) io.err(`warning: npm install failed; the repository is written, run it yourself:\n${r.output.trim()}`);
    installed = r.ok;
  }
  if (args.git && !io.cancel?.aborted) {
    const r = await stepAsync(io.out, 'git init and first commit', () => gitInit(dir, io.cancel));
    if (!r.ok && !r.cancelled) io.err(`warning: git init/commit failed; the repository is written:\n${r.output.trim()}`);
  }
  if (await cancelled(io)) {
    io.err(`Interrupted (${reason(io)}): ${showPath(shown)} is complete, but ${installed ? 'git init' : 'npm install and git init'} did not finish.`);
    return EXIT_CANCELLED;
  }
  const cd = showPath(shown);
  io.out('');
  const count = written.plan.services.length;
  io.out(`Created ${written.plan.name} in ${cd}: ${count} service${count === 1 ? '' : 's'}.`);
  io.out('Next:');
  io.out(`  cd ${cd}`);
  if (!installed) io.out('  npm install');
  io.out('  npx projen build     # type-check, synth (strict validation + cdk-nag), tests');
  io.out('  npx projen local     # run every service on this machine');
  io.out('  npx projen bootstrap # once per account and region, before the first deploy (cdk bootstrap)');
  io.out('  npx projen deploy    # every stack, in order, to the account and region of your AWS credentials');
  return EXIT_OK;
}

function printWarnings(io: CliIo, lines: readonly string[]): void {
  if (lines.length === 0) return;
  io.out('');
  for (const line of lines) io.out(line);
}

/** `--dry-run`: the files, and for an existing target what would be kept; writes nothing. */
function dryRun(io: CliIo, planned: PlannedInput, dir: string, shown: string, generatorDependency: string | undefined, warn: boolean): number {
  const generated = generateFiles(planned, generatorDependency ?? '<this build>');
  if (!generated.ok) return fail(io, generated.errors);
  let files = generated.files.map((f) => f.path);
  let kept: readonly string[] = [];
  if (existsSync(dir)) {
    const planned = planCommit(dir, generated.files, shown);
    if (!planned.ok) return fail(io, planned.errors);
    files = planned.plan.ops.map((o) => o.path);
    kept = planned.plan.kept;
  }
  io.out(`Would write ${files.length} files to ${showPath(shown)}:`);
  for (const f of files) io.out(`  ${f}`);
  if (kept.length > 0) io.out(`Would keep ${kept.length} of yours as they are: ${kept.map(showKept).join(', ')}`);
  if (warn) printWarnings(io, summaryWarnings(generated.plan));
  return EXIT_OK;
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
