/**
 * The spec-level change between two planned platforms (the `platform` constant of a
 * generated repository's src/generated/platform.ts, as recorded): per service what was
 * added, removed or changed, and the top-level settings. It says what the user changed;
 * the transition model (../transition) says what the deploy does with it.
 */

/** The fields of a planned service the diff reads; recorded platforms carry more. */
export interface PlannedService {
  readonly name: string;
  readonly role: string;
  readonly port: number;
  readonly public: boolean;
  readonly publicPath: string;
  readonly calls: readonly string[];
  readonly cpu: number;
  readonly memory: number;
  readonly desiredCount: number;
  readonly healthCheckPath?: string;
  readonly image?: string;
  readonly healthCheckCommand?: string;
  readonly taskCpu?: number;
  readonly taskMemory?: number;
  readonly stack?: string;
}

/** The fields of a planned platform the diff reads. */
export interface PlannedPlatform {
  readonly name: string;
  readonly namespace: string;
  readonly azs: number;
  readonly profile: string;
  readonly domain?: string;
  readonly certificateArn?: string;
  readonly services: readonly PlannedService[];
  /** The deploy targets, each with the platform it runs (spec `stages`); absent: one platform. */
  readonly stages?: readonly { readonly name: string; readonly plan: PlannedPlatform }[];
}

/** One field that changed, both sides as display text. */
export interface FieldChange {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

export type ServiceChange =
  | { readonly name: string; readonly kind: 'added'; readonly summary: string }
  | { readonly name: string; readonly kind: 'removed'; readonly summary: string }
  | { readonly name: string; readonly kind: 'changed'; readonly fields: readonly FieldChange[] };

export interface SpecChanges {
  /** Project-wide settings: name, namespace, azs, profile, domain, certificate. */
  readonly platform: readonly FieldChange[];
  /** Changed and added services in the new spec's order, then removed ones in the old order. */
  readonly services: readonly ServiceChange[];
}

const NONE = '(none)';

export function diffPlatforms(before: PlannedPlatform, after: PlannedPlatform): SpecChanges {
  const platform = fields([
    ['name', before.name, after.name],
    ['namespace', before.namespace, after.namespace],
    ['azs', before.azs, after.azs],
    ['profile', before.profile, after.profile],
    ['domain', before.domain, after.domain],
    ['certificateArn', before.certificateArn, after.certificateArn],
  ]);

  const old = new Map(before.services.map((s) => [s.name, s]));
  const current = new Set(after.services.map((s) => s.name));
  const services: ServiceChange[] = [];
  for (const s of after.services) {
    const was = old.get(s.name);
    if (!was) {
      services.push({ name: s.name, kind: 'added', summary: summary(s) });
      continue;
    }
    const changed = serviceFields(was, s);
    if (changed.length > 0) services.push({ name: s.name, kind: 'changed', fields: changed });
  }
  for (const s of before.services) {
    if (!current.has(s.name)) services.push({ name: s.name, kind: 'removed', summary: summary(s) });
  }
  return { platform, services };
}

function serviceFields(a: PlannedService, b: PlannedService): FieldChange[] {
  const out = fields([
    ['role', a.role, b.role],
    ['port', a.port, b.port],
    ['public', access(a), access(b)],
  ]);
  const added = b.calls.filter((c) => !a.calls.includes(c));
  const removed = a.calls.filter((c) => !b.calls.includes(c));
  if (added.length || removed.length) {
    out.push({
      field: 'calls',
      before: list(a.calls),
      after: `${list(b.calls)} (${[...added.map((c) => `+${c}`), ...removed.map((c) => `-${c}`)].join(' ')})`,
    });
  }
  out.push(
    ...fields([
      ['cpu', withTask(a.cpu, a.taskCpu, b.taskCpu), withTask(b.cpu, b.taskCpu, a.taskCpu)],
      ['memory', withTask(a.memory, a.taskMemory, b.taskMemory), withTask(b.memory, b.taskMemory, a.taskMemory)],
      ['desiredCount', a.desiredCount, b.desiredCount],
      ['image', imageOf(a), imageOf(b)],
      ['healthCheckPath', a.healthCheckPath, b.healthCheckPath],
      ['healthCheckCommand', a.healthCheckCommand, b.healthCheckCommand],
      ['stack', a.stack, b.stack],
    ]),
  );
  // Task sizes follow cpu and memory, but a changed rounding alone is still a change.
  if (a.cpu === b.cpu && a.taskCpu !== b.taskCpu) out.push({ field: 'task cpu', before: text(a.taskCpu), after: text(b.taskCpu) });
  if (a.memory === b.memory && a.taskMemory !== b.taskMemory)
    out.push({ field: 'task memory', before: text(a.taskMemory), after: text(b.taskMemory) });
  return out;
}

type Row = readonly [field: string, before: string | number | undefined, after: string | number | undefined];

function fields(rows: readonly Row[]): FieldChange[] {
  return rows.filter(([, a, b]) => a !== b).map(([field, a, b]) => ({ field, before: text(a), after: text(b) }));
}

function text(v: string | number | undefined): string {
  return v === undefined ? NONE : String(v);
}

function access(s: PlannedService): string {
  return s.public ? `yes, at ${s.publicPath}` : 'no';
}

function imageOf(s: PlannedService): string {
  return s.image ?? `built from services/${s.name}`;
}

function list(calls: readonly string[]): string {
  return calls.length ? calls.join(', ') : NONE;
}

/** `256` or, when the task size changes with it, `256 (task 512)`. */
function withTask(app: number, task: number | undefined, otherTask: number | undefined): string {
  return task !== undefined && task !== otherTask ? `${app} (task ${task})` : String(app);
}

function summary(s: PlannedService): string {
  const parts = [`${s.role} on port ${s.port}`];
  if (s.public) parts.push(`public at ${s.publicPath}`);
  parts.push(s.calls.length ? `calls ${s.calls.join(', ')}` : 'calls nothing');
  parts.push(`${s.cpu} CPU, ${s.memory} MiB, ${s.desiredCount} task${s.desiredCount === 1 ? '' : 's'}`);
  if (s.image) parts.push(`image ${s.image}`);
  if (s.stack) parts.push(`in ${s.stack}`);
  return parts.join('; ');
}

/** The changes as terminal text, one line per field; a note when a removal and an addition may be a rename. */
export function formatSpecChanges(changes: SpecChanges): string {
  const lines: string[] = [];
  if (changes.platform.length === 0 && changes.services.length === 0) {
    return 'Spec changes: none.\n';
  }
  lines.push('Spec changes:');
  for (const f of changes.platform) lines.push(`  ${f.field}: ${f.before} -> ${f.after}`);
  for (const s of changes.services) {
    if (s.kind === 'added') lines.push(`  + ${s.name}: added (${s.summary})`);
    else if (s.kind === 'removed') lines.push(`  - ${s.name}: removed (was ${s.summary})`);
    else for (const f of s.fields) lines.push(`  ~ ${s.name}: ${f.field} ${f.before} -> ${f.after}`);
  }
  const removed = changes.services.filter((s) => s.kind === 'removed').map((s) => s.name);
  const added = changes.services.filter((s) => s.kind === 'added').map((s) => s.name);
  if (removed.length > 0 && added.length > 0) {
    const [from, to] = [removed[0], added[0]];
    lines.push(
      '',
      ...wrap(
        `${removed.join(', ')} removed and ${added.join(', ')} added: if that is a rename (${from} -> ${to}), the deploy ` +
          `deletes the ECS service ${from}, whose tasks stop, and starts ${to} from nothing. To rename without downtime, ` +
          `make it three changes, each planned and deployed (README, "Rename a service"): add ${to} beside ${from}; ` +
          `move every caller's calls, and the public path of ${from} if it has one, to ${to}; then remove ${from}.`,
      ).map((l) => `  ${l}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Words in lines of at most `width` characters. */
function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
