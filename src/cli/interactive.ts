/**
 * The interactive front door: `npx create-fargate-connect [dir]` (and `npm init
 * fargate-connect`) on a terminal. Validate, ask, then hand back a raw spec: `runCli`
 * takes it down exactly the path a `--config` file takes, so `--save-config`, `--dry-run`
 * and every later check behave the same.
 *
 * Every answer is checked at the prompt with the functions and messages the config file
 * is checked with (src/spec/rules.ts, src/spec/messages.ts), cross-service rules
 * included, and the assembled spec goes through `normalizeSpec` before the summary.
 *
 * The prompt function is injectable; `prompts` itself is the default. Its `inject()`
 * skips the prompt's own `validate`, so every answer is checked again here and a rejected
 * one is reported (on `io.err`) and asked again: on a terminal that second check never
 * fires, because the prompt does not let an invalid answer through.
 */
import { existsSync, statSync } from 'fs';
import { basename, join, resolve } from 'path';
import prompts, { type Answers, type Choice, type Options, type PromptObject } from 'prompts';
import { checkTarget } from '../api';
import { showPath } from '../api/show-path';
import { planPlatform } from '../plan';
import * as m from '../spec/messages';
import { DEFAULTS, normalizeSpec } from '../spec/normalize';
import {
  LIMITS,
  suggest,
  validateInteger,
  validateNamespace,
  validatePort,
  validateProjectName,
  validatePublicPath,
  validateRole,
  validateServiceName,
} from '../spec/rules';
import { STARTER_SERVICES } from '../spec/starter';
import { formatError, type Role, type Spec, type SpecError } from '../spec/types';
import { importFromDisk, missingBuildPaths, reportText } from './import-copilot';
import { summaryWarnings } from './warnings';

/** The exit code of a run the user cancelled (Ctrl-C, Escape, or "quit" at the end). */
export const EXIT_CANCELLED = 130;

/** What the flow needs of `prompts`: one question at a time, answered under `value`. */
export type PromptFn = (question: PromptObject<'value'>, options: Options) => Promise<Answers<'value'>>;

export interface InteractiveIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
}

export interface InteractiveOptions {
  /** The target directory from the command line; asked for when absent. */
  readonly dir?: string;
  readonly force: boolean;
  readonly dryRun: boolean;
}

/** A service as the user gave it: only the keys whose value is not the default. */
export interface RawService {
  readonly name: string;
  readonly role: Role;
  readonly port: number;
  readonly public?: true;
  readonly publicPath?: string;
  readonly calls?: readonly string[];
}

/** A spec as the user gave it: what `--save-config` writes and `--config` reads back. */
export interface RawSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly services: readonly RawService[];
}

export type InteractiveResult =
  /** The answers (a `RawSpec`), or the spec imported from a Copilot application. */
  | { readonly kind: 'spec'; readonly dir: string; readonly spec: RawSpec | Readonly<Record<string, unknown>> }
  | { readonly kind: 'invalid'; readonly errors: readonly SpecError[] }
  | { readonly kind: 'cancelled' };

/** The port offered for a public front end and for everything else. */
export const DEFAULT_PORTS = { public: 3000, private: 8080 } as const;

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

// ---------------------------------------------------------------------------------------
// The starter spec (--yes without --config)
// ---------------------------------------------------------------------------------------

/**
 * A valid project name derived from a directory name, or `undefined`: lowercase, runs of
 * other characters become one hyphen, leading digits and hyphens are dropped, and the
 * result is cut to the maximum length. `My_Shop` gives `my-shop`; `2024` gives nothing.
 */
export function projectNameFromDir(dirName: string): string | undefined {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, LIMITS.projectNameMaxLength)
    .replace(/-+$/, '');
  return validateProjectName(name) === undefined ? name : undefined;
}

/** The spec `--yes` uses when no `--config` is given: the starter services, named after the target directory. */
export function starterSpec(dir: string, cwd: string): { readonly ok: true; readonly spec: RawSpec } | { readonly ok: false; readonly errors: readonly SpecError[] } {
  const base = basename(resolve(cwd, dir));
  const name = projectNameFromDir(base);
  if (name === undefined) {
    const problem = validateProjectName(base) ?? m.notValid(base);
    return {
      ok: false,
      errors: [{ path: 'name', message: `${problem} (without --config the project is named after the directory; rename it or pass --config <file>)` }],
    };
  }
  return {
    ok: true,
    spec: {
      name,
      services: STARTER_SERVICES,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Asking one question
// ---------------------------------------------------------------------------------------

class Cancelled extends Error {}

/** One question: how to ask it, how to read the answer, and the rule it must meet. */
interface Question<T> {
  readonly prompt: Omit<PromptObject<'value'>, 'name' | 'validate' | 'format'>;
  /** From the prompt's answer to the value (a text prompt answers "" for "the default"). */
  readonly parse: (answer: unknown) => T;
  /** The message of the first rule the value breaks, or `undefined`. */
  readonly check: (value: T) => string | undefined;
}

/** A run of rejected answers this long means the answers are scripted and stuck. */
const MAX_REJECTED = 10;

class Asker {
  constructor(
    private readonly prompt: PromptFn,
    private readonly io: InteractiveIo,
  ) {}

  async ask<T>(q: Question<T>): Promise<T> {
    const validate = (answer: unknown): string | true => q.check(q.parse(answer)) ?? true;
    const onCancel = (): never => {
      throw new Cancelled();
    };
    for (let rejected = 0; ; rejected++) {
      if (rejected === MAX_REJECTED) throw new Error(`${MAX_REJECTED} answers in a row were rejected: ${String(q.prompt.message)}`);
      const question = { ...q.prompt, name: 'value', ...(q.prompt.type === 'text' ? { validate } : {}) } as PromptObject<'value'>;
      const answers = await this.prompt(question, { onCancel });
      if (!Object.prototype.hasOwnProperty.call(answers, 'value')) throw new Cancelled();
      const value = q.parse(answers.value);
      const problem = q.check(value);
      if (problem === undefined) return value;
      this.io.err(`✖ ${problem}`);
    }
  }
}

/** A text answer, trimmed; empty means the default. */
function textAnswer(answer: unknown, initial: string | undefined): unknown {
  if (answer === undefined) return initial ?? '';
  if (typeof answer !== 'string') return answer;
  const s = answer.trim();
  return s === '' ? (initial ?? '') : s;
}

function text(message: string, initial: string | undefined, rule: (s: string) => string | undefined): Question<unknown> {
  return {
    prompt: { type: 'text', message, ...(initial !== undefined ? { initial } : {}) },
    parse: (answer) => textAnswer(answer, initial),
    check: (value) => (typeof value === 'string' ? rule(value) : m.typeMismatch(value, m.EXPECT.string)),
  };
}

function confirm(message: string, initial: boolean): Question<unknown> {
  return {
    prompt: { type: 'confirm', message, initial },
    parse: (answer) => answer,
    check: (value) => (typeof value === 'boolean' ? undefined : m.typeMismatch(value, m.EXPECT.boolean)),
  };
}

function select<V extends string>(
  message: string,
  choices: readonly { value: V; title: string; description?: string }[],
  initial = 0,
  rule?: (value: string) => string | undefined,
): Question<unknown> {
  const values: readonly string[] = choices.map((c) => c.value);
  const notAChoice = (value: unknown): string => `${m.show(value)} is not one of the choices: ${values.join(', ')}`;
  return {
    prompt: { type: 'select', message, choices: choices.map((c) => ({ ...c })), initial },
    parse: (answer) => answer,
    check: (value) => {
      if (typeof value !== 'string') return m.typeMismatch(value, m.EXPECT.string);
      if (rule !== undefined) return rule(value);
      return values.includes(value) ? undefined : notAChoice(value);
    },
  };
}

/** The port, typed as text: digits become a number, anything else stays text for the message. */
function portQuestion(message: string, initial: number): Question<unknown> {
  const base = text(message, String(initial), () => undefined);
  return {
    prompt: base.prompt,
    parse: (answer) => {
      const value = typeof answer === 'number' ? answer : base.parse(answer);
      return typeof value === 'string' && /^[+-]?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
    },
    check: (value) => validateInteger(value) ?? validatePort(value as number),
  };
}

function multiselect(message: string, choices: readonly Choice[], check: (names: readonly string[]) => string | undefined): Question<unknown> {
  return {
    prompt: { type: 'multiselect', message, choices: [...choices], instructions: false, hint: '- Space to select, Enter when done (none is fine)' },
    parse: (answer) => answer ?? [],
    check: (value) =>
      Array.isArray(value) && value.every((v) => typeof v === 'string') ? check(value as string[]) : m.typeMismatch(value, m.EXPECT.calls),
  };
}

// ---------------------------------------------------------------------------------------
// The rules across services, with the normalizer's messages
// ---------------------------------------------------------------------------------------

/** A service while the spec is being assembled. */
interface Draft {
  name: string;
  role: Role;
  port: number;
  public: boolean;
  publicPath: string;
  calls: string[];
}

function checkServiceName(name: string, services: readonly Draft[]): string | undefined {
  const problem = validateServiceName(name);
  if (problem !== undefined) return problem;
  const first = services.findIndex((s) => s.name === name);
  return first >= 0 ? m.duplicateServiceName(name, `services[${first}]`) : undefined;
}

function checkPublicPath(path: string, services: readonly Draft[]): string | undefined {
  const problem = validatePublicPath(path);
  if (problem !== undefined) return problem;
  const first = services.findIndex((s) => s.public && s.publicPath === path);
  return first >= 0 ? m.duplicatePublicPath(path, false, `services[${first}]`, services[first].name) : undefined;
}

/** `calls` of the service at `index` (named `self`), against the services before it. */
function checkCalls(calls: readonly string[], self: string, index: number, services: readonly Draft[]): string | undefined {
  const known = services.map((s) => s.name);
  const seen = new Map<string, number>();
  for (const [i, call] of calls.entries()) {
    const problem = validateServiceName(call);
    if (problem !== undefined) return problem;
    const first = seen.get(call);
    if (first !== undefined) return m.callDuplicate(call, `services[${index}].calls[${first}]`);
    seen.set(call, i);
    if (call === self) return m.callSelf(call);
    const target = services.find((s) => s.name === call);
    if (target === undefined) return m.callNotAService(call, suggest(call, known), known);
    if (target.role === 'client-only') return m.callClientOnly(call);
  }
  return undefined;
}

/** The services before this one that call it (each gets `self` appended to its `calls`). */
function checkCallers(callers: readonly string[], self: string, services: readonly Draft[]): string | undefined {
  const known = services.map((s) => s.name);
  for (const caller of callers) {
    if (caller === self) return m.callSelf(caller);
    if (!known.includes(caller)) return m.callNotAService(caller, suggest(caller, known), known);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------------------

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

  const name = (await asker.ask(text('Project name (kebab-case; prefixes stacks and resources)', projectNameFromDir(basename(resolve(io.cwd, dir))), validateProjectName))) as string;
  const defaultNamespace = `${name}${DEFAULTS.namespaceSuffix}`;
  const namespace = (await asker.ask(text('Cloud Map namespace (services find each other in it)', defaultNamespace, validateNamespace))) as string;

  let services = await askServices(asker, io, []);
  for (;;) {
    const raw = rawSpec(name, namespace === defaultNamespace ? undefined : namespace, services);
    const normalized = normalizeSpec(raw);
    if (!normalized.ok) {
      // The prompts check every value and every rule between two services; what is left
      // is about the whole list (every service client-only). Say so and let the user add
      // the missing service, or start the list over.
      io.err(`The services do not make a valid spec yet (${normalized.errors.length === 1 ? 'one problem' : `${normalized.errors.length} problems`}):`);
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
    printSummary(io, normalized.spec, dir);
    const go = await asker.ask(confirm(options.dryRun ? `List the files this would write to ${showPath(dir)} (--dry-run: nothing is written)?` : `Write the repository to ${showPath(dir)}?`, true));
    if (go === true) return { kind: 'spec', dir, spec: raw };
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

function hasCopilotFolder(cwd: string): boolean {
  const copilot = join(cwd, 'copilot');
  return existsSync(copilot) && statSync(copilot).isDirectory();
}

/**
 * A folder with a copilot/ folder: offers to import the Copilot application instead of
 * asking for the services. `undefined` when the user would rather describe them.
 */
async function offerCopilotImport(asker: Asker, io: InteractiveIo, dir: string, options: InteractiveOptions): Promise<InteractiveResult | undefined> {
  const importIt = await asker.ask(confirm('This folder has a copilot/ folder. Import the AWS Copilot application from it instead of describing the services?', true));
  if (importIt !== true) return undefined;
  const repositoryDir = resolve(io.cwd, dir);
  const result = importFromDisk(io.cwd, { repositoryDir });
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
  const normalized = normalizeSpec(result.spec);
  if (!normalized.ok) return { kind: 'invalid', errors: normalized.errors };
  io.out('');
  for (const line of reportText(result).trimEnd().split('\n')) io.out(line);
  for (const missing of missingBuildPaths(result.spec, repositoryDir)) io.err(`warning: Dockerfile not found (dockerBuild) for ${missing}`);
  printSummary(io, normalized.spec, dir);
  const go = await asker.ask(confirm(options.dryRun ? `List the files this would write to ${dir} (--dry-run: nothing is written)?` : `Write the repository to ${dir}?`, true));
  if (go === true) return { kind: 'spec', dir, spec: result.spec };
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
  const name = (await asker.ask(text('Service name (a lowercase DNS label, e.g. "orders")', undefined, (n) => checkServiceName(n, services)))) as string;

  const role = (await asker.ask(
    select(
      `Role of ${name} in Service Connect`,
      ROLE_CHOICES.map((c) => ({ value: c.role, title: c.role, description: c.description(name) })),
      ROLE_CHOICES.findIndex((c) => c.role === 'client-server'),
      validateRole,
    ),
  )) as Role;

  const firstFrontEnd = role === 'client-only' && !services.some((s) => s.public);
  const isPublic = (await asker.ask(confirm(`Is ${name} public (reached from the internet through the load balancer)?`, firstFrontEnd))) === true;

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
    services: services.map(
      (s): RawService => ({
        name: s.name,
        role: s.role,
        port: s.port,
        ...(s.public ? { public: true as const } : {}),
        ...(s.public && s.publicPath !== DEFAULTS.publicPath ? { publicPath: s.publicPath } : {}),
        ...(s.calls.length > 0 ? { calls: [...s.calls] } : {}),
      }),
    ),
  };
}

// ---------------------------------------------------------------------------------------
// The summary
// ---------------------------------------------------------------------------------------

/** Left-aligned columns, two spaces apart. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

function printSummary(io: InteractiveIo, spec: Spec, dir: string): void {
  const plan = planPlatform(spec);
  io.out('');
  io.out(`Project ${spec.name} in ${showPath(dir)} (namespace ${spec.namespace}, profile ${spec.profile}, ${spec.azs} AZs):`);
  io.out('');
  const rows = [
    ['service', 'role', 'port', 'public', 'calls'],
    ...spec.services.map((s) => [s.name, s.role, String(s.port), s.public ? s.publicPath : '-', s.calls.length > 0 ? s.calls.join(', ') : '-']),
  ];
  for (const line of table(rows)) io.out(`  ${line}`);
  io.out('');
  io.out(`  deploy order: ${plan.deployOrder.join(' → ')}`);
  for (const d of plan.deferredCalls) {
    io.out(`  deferred: ${d.from} starts before ${d.to} exists; the deploy redeploys ${d.from} once ${d.to} is registered`);
  }
  io.out('');
  const warnings = summaryWarnings(plan);
  for (const line of warnings) io.out(line);
  if (warnings.length > 0) io.out('');
}
