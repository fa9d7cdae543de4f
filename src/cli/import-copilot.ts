/**
 * `create-fargate-connect import-copilot <path> [--out spec.yaml]`: the thin edge of the
 * Copilot importer. It reads the workspace's files, hands them to the pure importer
 * (src/import), prints the report and writes the spec.
 *
 * Exit codes: 0 everything was mapped; 3 the spec is valid and written, but the report
 * lists something left out or changed; 1 invalid input (located errors; nothing written);
 * 2 usage.
 */
import { existsSync, statSync, writeFileSync } from 'fs';
import { basename, dirname, join, relative, resolve } from 'path';
import { parseArgs } from 'util';
import {
  DEFAULT_REPOSITORY_DIR,
  formatReport,
  formatReportMarkdown,
  formatSpecYaml,
  importCopilot,
  type CopilotFiles,
  type ImportResult,
} from '../import';
import { readCopilotFiles } from '../api/read-copilot';
import { formatError, type SpecError } from '../spec/types';

/** The subcommand's name, the CLI's first argument. */
export const IMPORT_COPILOT = 'import-copilot';

/** The exit code of an import whose spec is valid but whose report lists something left out or changed. */
export const EXIT_INCOMPLETE = 3;

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

export interface ImportIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
}

export const IMPORT_HELP = `Usage: create-fargate-connect import-copilot <path> [options]

Import an AWS Copilot application: read copilot/.workspace and the manifests under
copilot/ (<path> is the folder that holds copilot/, or copilot/ itself), and write a
spec for create-fargate-connect plus an import report: what was mapped, which calls
were inferred, and what was left out, why, and what to do about it.

Options:
  -o, --out <file>       Write the spec to <file> (default: print it; the report then
                         goes to stderr)
      --report <file>    Also write the report as Markdown to <file>
      --repo-dir <dir>   Where you will generate the repository (default: ${DEFAULT_REPOSITORY_DIR}/ beside
                         copilot/); services built from your Dockerfiles (dockerBuild)
                         name their code relative to it
      --name <name>      The project name (default: the Copilot application's)
  -h, --help             Show this help

Exit codes: 0 everything was mapped; 3 the spec is written, but the report lists
something left out or changed (read it); 1 invalid input, nothing written;
2 usage error.

Then: npx create-fargate-connect <repo-dir> --config <spec file> --yes --no-git
`;

/**
 * The workspace root for a path: the folder that holds copilot/, given that folder or
 * copilot/ itself.
 */
export function workspaceRoot(path: string): string {
  if (basename(path) === 'copilot' && !existsSync(join(path, 'copilot')) && existsSync(join(path, '.workspace'))) return dirname(path);
  return path;
}

/** Reads and imports the workspace at `path`, the repository to be generated at `repositoryDir`. */
export function importFromDisk(path: string, options: { readonly repositoryDir?: string; readonly name?: string } = {}): ImportResult {
  const root = workspaceRoot(path);
  if (!existsSync(root) || !statSync(root).isDirectory()) return { ok: false, errors: [{ path: '', message: `${path}: no such folder` }] };
  let files: CopilotFiles;
  try {
    files = readCopilotFiles(root);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `${path}: cannot read the Copilot files (${(err as Error).message})` }] };
  }
  return importCopilot(files, {
    workspaceDir: root,
    ...(options.repositoryDir !== undefined ? { repositoryDir: options.repositoryDir } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
  });
}

/** The report as the terminal shows it, after an import that worked. */
export function reportText(result: Extract<ImportResult, { ok: true }>): string {
  return formatReport(result.report, result.spec.name as string, (result.spec.services as unknown[]).length);
}

/** `dockerBuild` paths that do not exist from `repositoryDir`: the generated repository would not synthesize. */
export function missingBuildPaths(spec: Record<string, unknown>, repositoryDir: string): string[] {
  const out: string[] = [];
  for (const s of spec.services as { name: string; dockerBuild?: { context: string; dockerfile: string } }[]) {
    if (s.dockerBuild === undefined) continue;
    const file = resolve(repositoryDir, s.dockerBuild.context, s.dockerBuild.dockerfile);
    if (!existsSync(file)) out.push(`${s.name}: ${file}`);
  }
  return out;
}

/** The `import-copilot` subcommand. Returns the exit code. */
export function runImportCopilot(argv: readonly string[], io: ImportIo): number {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        report: { type: 'string' },
        'repo-dir': { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.err(`error: ${(err as Error).message}. Run create-fargate-connect import-copilot --help for the options.`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.out(IMPORT_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    io.err(
      positionals.length === 0
        ? 'error: no path. Usage: create-fargate-connect import-copilot <path> [--out spec.yaml] (the folder that holds copilot/, e.g. ".")'
        : `error: expected one path, got ${positionals.length}: ${positionals.join(' ')}`,
    );
    return EXIT_USAGE;
  }
  const path = resolve(io.cwd, positionals[0]);
  const root = workspaceRoot(path);
  const repositoryDir = values['repo-dir'] !== undefined ? resolve(io.cwd, values['repo-dir'] as string) : join(root, DEFAULT_REPOSITORY_DIR);
  const result = importFromDisk(path, { repositoryDir, ...(values.name !== undefined ? { name: values.name as string } : {}) });
  if (!result.ok) return fail(io, result.errors);

  const specYaml = formatSpecYaml(result.spec, result.report);
  const report = reportText(result);
  const out = values.out as string | undefined;
  const writes: [string | undefined, string][] = [
    [out, specYaml],
    [
      values.report as string | undefined,
      formatReportMarkdown(result.report, result.spec.name as string, (result.spec.services as unknown[]).length),
    ],
  ];
  for (const [file, contents] of writes) {
    if (file === undefined) continue;
    try {
      writeFileSync(resolve(io.cwd, file), contents);
    } catch (err) {
      return fail(io, [{ path: '', message: `${file}: cannot write (${(err as Error).message})` }]);
    }
  }
  // Without --out the spec goes to stdout (to redirect it), and everything else to stderr.
  const say = out === undefined ? io.err : io.out;
  if (out === undefined) io.out(specYaml.trimEnd());
  for (const line of report.trimEnd().split('\n')) say(line);
  const missing = missingBuildPaths(result.spec, repositoryDir);
  if (missing.length > 0) {
    say('');
    say(
      `warning: ${missing.length === 1 ? 'a Dockerfile' : `${missing.length} Dockerfiles`} not found from ${relative(io.cwd, repositoryDir) || '.'} (dockerBuild); generate the repository there, or pass --repo-dir:`,
    );
    for (const m of missing) say(`  ${m}`);
  }
  say('');
  if (out !== undefined) say(`Wrote the spec to ${out}${values.report !== undefined ? ` and the report to ${values.report}` : ''}.`);
  say(`Next: npx create-fargate-connect ${relative(io.cwd, repositoryDir) || '.'} --config ${out ?? '<spec file>'} --yes --no-git`);
  return result.report.complete ? EXIT_OK : EXIT_INCOMPLETE;
}

function fail(io: ImportIo, errors: readonly SpecError[]): number {
  io.err(`error: ${errors.length === 1 ? 'one problem' : `${errors.length} problems`}, nothing was written:`);
  for (const e of errors) io.err(`  ${formatError(e)}`);
  return EXIT_INVALID;
}
