import { parseArgs } from 'util';
import { specHelp } from '../spec/reference';

/** Parsed command line. */
export interface CliArgs {
  readonly dir?: string;
  readonly config?: string;
  readonly yes: boolean;
  readonly force: boolean;
  readonly install: boolean;
  readonly git: boolean;
  readonly dryRun: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly saveConfig?: string;
  readonly generatorDependency?: string;
}

export type ParsedArgs = { readonly ok: true; readonly args: CliArgs } | { readonly ok: false; readonly message: string };

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        yes: { type: 'boolean', short: 'y' },
        force: { type: 'boolean' },
        'no-install': { type: 'boolean' },
        'no-git': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        'save-config': { type: 'string' },
        'generator-dependency': { type: 'string' },
      },
    });
  } catch (err) {
    // parseArgs says e.g. "Unknown option '--frce'": keep its words, add the way out.
    return { ok: false, message: `${(err as Error).message}. Run create-fargate-connect --help for the options.` };
  }
  const { values, positionals } = parsed;
  // `--config "$SPEC"` with SPEC unset must not quietly become "no spec".
  for (const key of ['config', 'save-config', 'generator-dependency'] as const) {
    if (values[key] === '')
      return {
        ok: false,
        message: `--${key} was given an empty value (an unset variable?); give it a ${key === 'generator-dependency' ? 'npm spec' : 'file name'}, or leave it out`,
      };
  }
  if (positionals.length > 1) {
    return { ok: false, message: `expected one target directory, got ${positionals.length}: ${positionals.join(' ')}` };
  }
  return {
    ok: true,
    args: {
      dir: positionals[0],
      config: values.config,
      yes: values.yes ?? false,
      force: values.force ?? false,
      install: !(values['no-install'] ?? false),
      git: !(values['no-git'] ?? false),
      dryRun: values['dry-run'] ?? false,
      help: values.help ?? false,
      version: values.version ?? false,
      saveConfig: values['save-config'],
      generatorDependency: values['generator-dependency'],
    },
  };
}

/** `--help`; its spec section comes from the table of spec fields (src/spec/fields.ts). */
export const HELP = `Usage: create-fargate-connect [dir] [options]
       create-fargate-connect import-copilot <path> [--out spec.yaml]
                              (import an AWS Copilot application; see
                              import-copilot --help)

Generate a projen-managed AWS CDK repository of ECS Fargate services wired by
ECS Service Connect, in private subnets with VPC endpoints instead of NAT.
On a terminal, without --config or --yes, asks for the spec (and for <dir>
if missing); --save-config keeps the answers for a replay in CI.

Options:
  -c, --config <file>   Read the spec from a YAML or JSON file (no prompts)
  -y, --yes             Never prompt; without --config, write the starter spec
                        (public client-only web calling client-server api,
                        named after <dir>)
      --force           Write into a non-empty directory: replaces the generator's
                        files, writes yours (services/<name>/, src/main.ts,
                        test/platform.test.ts, .projenrc.ts) only where missing,
                        keeps every other file
      --no-install      Do not run npm install in the new repository
      --no-git          Do not run git init and the first commit
      --dry-run         Print the files that would be written; write nothing
      --save-config <file>
                        Also write the spec to <file>, to replay the run in CI
      --generator-dependency <npm-spec>
                        How the new repository depends on create-fargate-connect
                        (default: this build: a file: tarball when run from a
                        checkout or tarball, else ^<version>)
  -h, --help            Show this help
  -v, --version         Print the version

Exit codes: 0 written; 1 invalid spec, target or environment, or a failed
write (nothing written unless it says so); 2 usage error (unknown flag, empty
value, no directory, no terminal to prompt on);
3 import-copilot wrote the spec but left something out (read its report);
130 cancelled (Ctrl-C, SIGTERM, SIGHUP).

${specHelp()}

Examples:
  npx create-fargate-connect shop --config platform.yaml --yes
  npx create-fargate-connect shop --config platform.yaml --dry-run
`;
