import { writeFileSync } from 'fs';
import { resolve } from 'path';
import { stringify } from 'yaml';
import { checkTarget, generate, writeProject } from '../api';
import { PACKAGE_VERSION } from '../project/versions';
import { readSpecFile } from '../spec/parse';
import { formatError, type SpecError } from '../spec/types';
import { HELP, parseCliArgs } from './args';
import { selfDependency } from './self-dependency';
import { gitInit, npmInstall, step } from './steps';

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
  if (!args.dir) {
    io.err('error: no target directory. Usage: create-fargate-connect <dir> --config <file> --yes (see --help)');
    return EXIT_USAGE;
  }
  if (!args.config) {
    if (!io.stdinIsTTY) {
      io.err(
        'error: no terminal to prompt on and no spec given. Pass --config <file> (a YAML or JSON spec) to run without prompts; see --help for the format.',
      );
      return EXIT_USAGE;
    }
    io.err('error: interactive prompts are not part of this build yet. Pass --config <file>; see --help for the format.');
    return EXIT_USAGE;
  }

  const read = readSpecFile(resolve(io.cwd, args.config));
  if (!read.ok) return fail(io, read.errors);
  const dir = resolve(io.cwd, args.dir);
  const shown = args.dir;

  if (args.dryRun) {
    const generated = generate(read.value, { generatorDependency: args.generatorDependency ?? '<this build>' });
    if (!generated.ok) return fail(io, generated.errors);
    const targetError = checkTarget(dir, args.force, shown);
    if (targetError) return fail(io, [targetError]);
    io.out(`Would write ${generated.files.length} files to ${shown}:`);
    for (const f of generated.files) io.out(`  ${f.path}`);
    return EXIT_OK;
  }

  // Validate everything before the first side effect (packing this build takes a moment).
  const preflight = generate(read.value, { generatorDependency: 'preflight' });
  if (!preflight.ok) return fail(io, preflight.errors);
  const targetError = checkTarget(dir, args.force, shown);
  if (targetError) return fail(io, [targetError]);

  const generatorDependency = args.generatorDependency ?? selfDependency();
  const written = step(io.out, `Writing ${shown}`, () =>
    writeProject(dir, read.value, { force: args.force, generatorDependency }),
  );
  if (!written.ok) return fail(io, written.errors);
  io.out(`  ${written.files.length} files, ${written.files.filter((f) => f.readonly).length} of them managed by projen`);

  if (args.saveConfig) {
    writeFileSync(resolve(io.cwd, args.saveConfig), stringify(read.value));
  }
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
  io.out(`Created ${written.plan.name} in ${cd}: ${written.plan.services.length} services.`);
  io.out('Next:');
  io.out(`  cd ${cd}`);
  if (!installed) io.out('  npm install');
  io.out('  npx projen build     # type-check, synth (strict validation + cdk-nag), tests');
  io.out('  npx projen local     # run every service on this machine');
  io.out('  npx projen deploy    # deploy to the AWS account in your environment');
  return EXIT_OK;
}

function fail(io: CliIo, errors: readonly SpecError[]): number {
  io.err(`error: ${errors.length === 1 ? 'one problem' : `${errors.length} problems`}, nothing was written:`);
  for (const e of errors) io.err(`  ${formatError(e)}`);
  return EXIT_INVALID;
}
