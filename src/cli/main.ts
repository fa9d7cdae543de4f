import { writeFileSync } from 'fs';
import { resolve } from 'path';
import { stringify } from 'yaml';
import { checkTarget, generate, writeProject } from '../api';
import { estimateCost, formatCostTable } from '../cost/estimate';
import { PACKAGE_VERSION } from '../project/versions';
import { readSpecFile } from '../spec/parse';
import { formatError, type SpecError } from '../spec/types';
import { HELP, parseCliArgs } from './args';
import { IMPORT_COPILOT, runImportCopilot } from './import-copilot';
import { EXIT_CANCELLED, runInteractive, starterSpec } from './interactive';
import { isCheckout, selfDependency } from './self-dependency';
import { gitInit, npmInstall, step } from './steps';
import { summaryWarnings } from './warnings';

/** What the CLI reads from and writes to; injectable so tests run it in process. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly stdinIsTTY: boolean;
  readonly cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

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
      const asked = await runInteractive({ dir: args.dir, force: args.force, dryRun: args.dryRun }, io);
      if (asked.kind === 'cancelled') {
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

  // Validate everything before the first side effect (packing this build takes a moment);
  // the dependency on this package is settled only once there is something to write.
  const generated = generate(read.value, { generatorDependency: args.generatorDependency ?? '<this build>' });
  if (!generated.ok) return fail(io, generated.errors);
  const targetError = checkTarget(dir, args.force, shown);
  if (targetError) return fail(io, [targetError]);
  if (args.dryRun) {
    io.out(`Would write ${generated.files.length} files to ${shown}:`);
    for (const f of generated.files) io.out(`  ${f.path}`);
    if (!prompted) printWarnings(io, summaryWarnings(generated.plan));
    return EXIT_OK;
  }

  const generatorDependency =
    args.generatorDependency ?? (isCheckout() ? step(io.out, 'Packing this build (npm pack)', selfDependency) : selfDependency());
  const written = step(io.out, `Writing ${shown}`, () =>
    writeProject(dir, read.value, { force: args.force, generatorDependency }),
  );
  if (!written.ok) return fail(io, written.errors);
  io.out(`  ${written.files.length} files, ${written.files.filter((f) => f.readonly).length} of them managed by projen`);

  if (args.saveConfig) {
    try {
      writeFileSync(resolve(io.cwd, args.saveConfig), stringify(read.value));
    } catch (err) {
      io.err(`warning: could not save the spec to ${args.saveConfig} (${(err as Error).message}); the repository is written`);
    }
  }
  // The bill before the deploy: the same table as the generated README's.
  io.out('');
  io.out(formatCostTable(estimateCost(written.plan)).trimEnd());
  if (!prompted) printWarnings(io, summaryWarnings(written.plan));
  let installed = false;
  if (args.install) {
    const r = step(io.out, 'Installing dependencies (npm install)', () => npmInstall(dir));
    if (!r.ok) io.err(`warning: npm install failed; the repository is written, run it yourself:\n${r.output.trim()}`);
    installed = r.ok;
  }
  if (args.git) {
    const r = step(io.out, 'git init and first commit', () => gitInit(dir));
    if (!r.ok) io.err(`warning: git init/commit failed; the repository is written:\n${r.output.trim()}`);
  }
  const cd = shown;
  io.out('');
  const count = written.plan.services.length;
  io.out(`Created ${written.plan.name} in ${cd}: ${count} service${count === 1 ? '' : 's'}.`);
  io.out('Next:');
  io.out(`  cd ${cd}`);
  if (!installed) io.out('  npm install');
  io.out('  npx projen build     # type-check, synth (strict validation + cdk-nag), tests');
  io.out('  npx projen local     # run every service on this machine');
  io.out('  npx projen deploy    # deploy to the AWS account in your environment');
  return EXIT_OK;
}

function printWarnings(io: CliIo, lines: readonly string[]): void {
  if (lines.length === 0) return;
  io.out('');
  for (const line of lines) io.out(line);
}

function fail(io: CliIo, errors: readonly SpecError[]): number {
  io.err(`error: ${errors.length === 1 ? 'one problem' : `${errors.length} problems`}, nothing was written:`);
  for (const e of errors) io.err(`  ${formatError(e)}`);
  return EXIT_INVALID;
}
