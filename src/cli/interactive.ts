/**
 * The interactive front door: `npx create-fargate-connect [dir]` (and `npm init
 * fargate-connect`) on a terminal. Validate, ask, then hand back a raw spec: `runCli`
 * takes it down exactly the path a `--config` file takes, so `--save-config`, `--dry-run`
 * and every later check behave the same.
 *
 * Every answer is checked at the prompt with the functions and messages the config file
 * is checked with (src/spec/rules.ts, src/spec/messages.ts), cross-service rules
 * included (./service-rules.ts). The assembled spec is normalized and settled in its
 * target (./settle.ts) before the summary (./summary.ts), once: the run writes the plan
 * the summary shows. How one question is asked and drawn is ./prompt-kit.ts.
 */
import { existsSync, statSync } from 'fs';
import { basename, join, resolve } from 'path';
import prompts from 'prompts';
import { checkTarget } from '../api';
import { showPath } from '../api/show-path';
import { normalizeInput } from '../api/pass';
import { DEFAULTS } from '../spec/normalize';
import { validateNamespace, validateProjectName, validateRole } from '../spec/rules';
import { formatError, type Role, type SpecError } from '../spec/types';
import type { Screen } from '../terminal';
import { importFromDisk, missingBuildPaths, reportText } from './import-copilot';
import { Asker, Cancelled, confirm, multiselect, portQuestion, select, text, type Message, type PromptFn } from './prompt-kit';
import { checkCallers, checkCalls, checkPublicPath, checkServiceName, type Draft } from './service-rules';
import { DEFAULT_PORTS, projectNameFromDir, type RawService, type RawSpec } from './starter';
import { settleTarget, type Settled } from './settle';
import { printSummary } from './summary';

export { DEFAULT_PORTS, projectNameFromDir, starterSpec, type RawService, type RawSpec } from './starter';
export type { PromptFn } from './prompt-kit';

/** The exit code of a run the user cancelled (Ctrl-C, Escape, or "quit" at the end). */
export const EXIT_CANCELLED = 130;

export interface InteractiveIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  /** The terminal the prompts draw on: their lines are fitted to its width. */
  readonly screen?: Screen;
}

export interface InteractiveOptions {
  /** The target directory from the command line; asked for when absent. */
  readonly dir?: string;
  readonly force: boolean;
  readonly dryRun: boolean;
}

export type InteractiveResult =
  /** The answers (a `RawSpec`), or the spec imported from a Copilot application, normalized and planned for the target. */
  | { readonly kind: 'spec'; readonly settled: Settled }
  | { readonly kind: 'invalid'; readonly errors: readonly SpecError[] }
  | { readonly kind: 'cancelled' };

const ROLE_CHOICES: readonly { readonly role: Role; readonly description: (name: string) => string }[] = [
  {
    role: 'client-only',
    description: () => 'calls others or serves the load balancer; cannot be called (no endpoint)',
  },
  {
    role: 'client-server',
    description: (name) => `others call it at http://${name}:<port> (a Service Connect endpoint)`,
  },
];

/**
 * Asks for the spec on a terminal. Returns the raw spec and the target directory, the
 * errors that stop the run before any question (a target that cannot be written), or
 * `cancelled` (Ctrl-C at any prompt, or "quit" at the end); nothing is written here.
 */
export async function runInteractive(options: InteractiveOptions, io: InteractiveIo, prompt: PromptFn = prompts): Promise<InteractiveResult> {
  // Validate: what the command line says is checked before the first question.
  if (options.dir !== undefined) {
    const problem = checkTarget(resolve(io.cwd, options.dir), options.force, options.dir);
    if (problem !== undefined) return { kind: 'invalid', errors: [problem] };
  }
  try {
    return await flow(options, io, new Asker(prompt, io));
  } catch (err) {
    if (err instanceof Cancelled) return { kind: 'cancelled' };
    throw err;
  }
}

async function flow(options: InteractiveOptions, io: InteractiveIo, asker: Asker): Promise<InteractiveResult> {
  io.out('create-fargate-connect: describe your services; nothing is written until you confirm (Ctrl-C quits).');
  const dir =
    options.dir ??
    ((await asker.ask(
      text('Directory to create the repository in', 'my-platform', (d) =>
        d === '' ? 'the directory is empty; give a path such as "my-platform"' : checkTarget(resolve(io.cwd, d), options.force, d)?.message,
      ),
    )) as string);

  if (hasCopilotFolder(io.cwd)) {
    const imported = await offerCopilotImport(asker, io, dir, options);
    if (imported !== undefined) return imported;
  }

  const name = (await asker.ask(
    text(
      { long: 'Project name (kebab-case; prefixes stacks and resources)', short: 'Project name (kebab-case)' },
      projectNameFromDir(basename(resolve(io.cwd, dir))),
      validateProjectName,
    ),
  )) as string;
  const defaultNamespace = `${name}${DEFAULTS.namespaceSuffix}`;
  const namespace = (await asker.ask(
    text({ long: 'Cloud Map namespace (services find each other in it)', short: 'Cloud Map namespace' }, defaultNamespace, validateNamespace),
  )) as string;

  let services = await askServices(asker, io, []);
  for (;;) {
    const raw = rawSpec(name, namespace === defaultNamespace ? undefined : namespace, services);
    const normalized = normalizeInput(raw);
    if (!normalized.ok) {
      // The prompts check every value and every rule between two services; what is left
      // is about the whole list (every service client-only). Say so and let the user add
      // the missing service, or start the list over.
      io.err(
        `The services do not make a valid spec yet (${normalized.errors.length === 1 ? 'one problem' : `${normalized.errors.length} problems`}):`,
      );
      for (const e of normalized.errors) io.err(`  ${formatError(e)}`);
      const next = await asker.ask(
        select('What now?', [
          { value: 'add', title: 'Add another service', description: `keep the ${services.length} entered so far` },
          { value: 'restart', title: 'Enter the services again', description: 'forget the services entered so far' },
        ]),
      );
      services = await askServices(asker, io, next === 'add' ? services : []);
      continue;
    }
    const settled = settleTarget(normalized, dir, io.cwd, options.force);
    if (!settled.ok) return { kind: 'invalid', errors: settled.errors };
    printSummary(io, settled.planned, dir);
    const go = await asker.ask(confirm(writeQuestion(showPath(dir), options.dryRun), true));
    if (go === true) return { kind: 'spec', settled };
    const next = await asker.ask(
      select('Nothing is written. What now?', [
        { value: 'restart', title: 'Enter the services again' },
        { value: 'quit', title: 'Quit', description: 'exit without writing anything' },
      ]),
    );
    if (next === 'quit') return { kind: 'cancelled' };
    services = await askServices(asker, io, []);
  }
}

/** The last question before writing. */
function writeQuestion(shown: string, dryRun: boolean): Message {
  return dryRun
    ? { long: `List the files this would write to ${shown} (--dry-run: nothing is written)?`, short: `List the files for ${shown} (--dry-run)?` }
    : { long: `Write the repository to ${shown}?` };
}

function hasCopilotFolder(cwd: string): boolean {
  const copilot = join(cwd, 'copilot');
  return existsSync(copilot) && statSync(copilot).isDirectory();
}

/**
 * A folder with a copilot/ folder: offers to import the Copilot application instead of
 * asking for the services. `undefined` when the user would rather describe them.
 */
async function offerCopilotImport(asker: Asker, io: InteractiveIo, dir: string, options: InteractiveOptions): Promise<InteractiveResult | undefined> {
  const importIt = await asker.ask(
    confirm(
      {
        long: 'This folder has a copilot/ folder. Import the AWS Copilot application from it instead of describing the services?',
        short: 'Import the Copilot application in copilot/?',
      },
      true,
    ),
  );
  if (importIt !== true) return undefined;
  const repositoryDir = resolve(io.cwd, dir);
  const result = importFromDisk(io.cwd, { repositoryDir });
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
  const normalized = normalizeInput(result.spec);
  if (!normalized.ok) return { kind: 'invalid', errors: normalized.errors };
  const settled = settleTarget(normalized, dir, io.cwd, options.force);
  if (!settled.ok) return { kind: 'invalid', errors: settled.errors };
  io.out('');
  for (const line of reportText(result).trimEnd().split('\n')) io.out(line);
  for (const missing of missingBuildPaths(result.spec, repositoryDir)) io.err(`warning: Dockerfile not found (dockerBuild) for ${missing}`);
  printSummary(io, settled.planned, dir);
  const go = await asker.ask(confirm(writeQuestion(dir, options.dryRun), true));
  if (go === true) return { kind: 'spec', settled };
  const next = await asker.ask(
    select('Nothing is written. What now?', [
      { value: 'describe', title: 'Describe the services instead' },
      { value: 'quit', title: 'Quit', description: 'exit without writing anything' },
    ]),
  );
  return next === 'quit' ? { kind: 'cancelled' } : undefined;
}

/** Asks for services, appending to `before`, until the user adds no more. */
async function askServices(asker: Asker, io: InteractiveIo, before: readonly Draft[]): Promise<Draft[]> {
  const services = before.map((s) => ({ ...s, calls: [...s.calls] }));
  for (;;) {
    io.out('');
    io.out(`Service ${services.length + 1}`);
    await askService(asker, services);
    const another = await asker.ask(confirm('Add another service?', !services.some((s) => s.role === 'client-server')));
    if (another !== true) return services;
  }
}

/** Asks for one service and appends it to `services` (and itself to its callers' `calls`). */
async function askService(asker: Asker, services: Draft[]): Promise<void> {
  const index = services.length;
  const name = (await asker.ask(
    text({ long: 'Service name (a lowercase DNS label, e.g. "orders")', short: 'Service name' }, undefined, (n) => checkServiceName(n, services)),
  )) as string;

  const role = (await asker.ask(
    select(
      `Role of ${name} in Service Connect`,
      ROLE_CHOICES.map((c) => ({ value: c.role, title: c.role, description: c.description(name) })),
      ROLE_CHOICES.findIndex((c) => c.role === 'client-server'),
      validateRole,
    ),
  )) as Role;

  const firstFrontEnd = role === 'client-only' && !services.some((s) => s.public);
  const isPublic =
    (await asker.ask(
      confirm(
        { long: `Is ${name} public (reached from the internet through the load balancer)?`, short: `Is ${name} public (load balancer)?` },
        firstFrontEnd,
      ),
    )) === true;

  let publicPath: string = DEFAULTS.publicPath;
  if (isPublic) {
    const rootTaken = services.some((s) => s.public && s.publicPath === DEFAULTS.publicPath);
    publicPath = (await asker.ask(
      text(`Path of ${name} on the load balancer`, rootTaken ? `/${name}` : DEFAULTS.publicPath, (p) => checkPublicPath(p, services)),
    )) as string;
  }

  const port = (await asker.ask(portQuestion(`Port ${name} listens on`, isPublic ? DEFAULT_PORTS.public : DEFAULT_PORTS.private))) as number;

  const servers = services.filter((s) => s.role === 'client-server');
  let calls: string[] = [];
  if (servers.length > 0) {
    calls = (await asker.ask(
      multiselect(
        `Which services does ${name} call?`,
        servers.map((s) => ({ title: s.name, value: s.name, description: `client-server, port ${s.port}` })),
        (names) => checkCalls(names, name, index, services),
      ),
    )) as string[];
  }

  let callers: string[] = [];
  if (role === 'client-server' && services.length > 0) {
    callers = (await asker.ask(
      multiselect(
        `Which of the services before it call ${name}?`,
        services.map((s) => ({ title: s.name, value: s.name, description: s.role })),
        (names) => checkCallers(names, name, services),
      ),
    )) as string[];
  }

  services.push({ name, role, port, public: isPublic, publicPath, calls: [...calls] });
  for (const caller of new Set(callers)) services.find((s) => s.name === caller)?.calls.push(name);
}

/** The spec with only the keys whose value is not the default, in the schema's key order. */
function rawSpec(name: string, namespace: string | undefined, services: readonly Draft[]): RawSpec {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    services: services.map((s): RawService => ({
      name: s.name,
      role: s.role,
      port: s.port,
      ...(s.public ? { public: true as const } : {}),
      ...(s.public && s.publicPath !== DEFAULTS.publicPath ? { publicPath: s.publicPath } : {}),
      ...(s.calls.length > 0 ? { calls: [...s.calls] } : {}),
    })),
  };
}
