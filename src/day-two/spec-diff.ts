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
  /** The deploy targets (spec `stages`), each with the platform as it runs there. */
  readonly stages?: readonly PlannedStagePlatform[];
}

/** The fields of a planned stage the diff reads. */
export interface PlannedStagePlatform {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** `aws`, `aws-cn`, ...; records made before it was recorded have it only in deployRoleArn. */
  readonly partition?: string;
  readonly approval: boolean;
  readonly deployRoleArn: string;
  readonly plan: PlannedPlatform;
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
  platform.push(...stageChanges(before.stages ?? [], after.stages ?? []));

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

/**
 * Stages added, removed or retargeted, and what differs in a stage's own plan: its
 * settings, and each service's count there (the rest follows the spec's services, above).
 */
function stageChanges(before: readonly PlannedStagePlatform[], after: readonly PlannedStagePlatform[]): FieldChange[] {
  const out: FieldChange[] = [];
  const names = (list: readonly PlannedStagePlatform[]) => list.map((st) => st.name).join(', ') || undefined;
  if (names(before) !== names(after)) out.push({ field: 'stages', before: text(names(before)), after: text(names(after)) });
  const old = new Map(before.map((st) => [st.name, st]));
  for (const st of after) {
    const was = old.get(st.name);
    if (!was) continue;
    const at = `stages.${st.name}`;
    out.push(
      ...stageTargetChanges(was, st, `${at}.`),
      ...fields([
        [`${at}.azs`, was.plan.azs, st.plan.azs],
        [`${at}.profile`, was.plan.profile, st.plan.profile],
        [`${at}.domain`, was.plan.domain, st.plan.domain],
        [`${at}.certificateArn`, was.plan.certificateArn, st.plan.certificateArn],
      ]),
    );
    const counts = new Map(was.plan.services.map((s) => [s.name, s.desiredCount]));
    for (const s of st.plan.services) {
      const count = counts.get(s.name);
      if (count !== undefined && count !== s.desiredCount)
        out.push({ field: `${at}.${s.name}.desiredCount`, before: text(count), after: text(s.desiredCount) });
    }
  }
  return out;
}

/** Where and how a stage deploys: its account, region, approval and deploy role (`prefix` names the fields). */
export function stageTargetChanges(was: PlannedStagePlatform, st: PlannedStagePlatform, prefix = ''): FieldChange[] {
  return fields([
    [`${prefix}account`, was.account, st.account],
    [`${prefix}region`, was.region, st.region],
    [`${prefix}approval`, String(was.approval), String(st.approval)],
    [`${prefix}deployRoleArn`, was.deployRoleArn, st.deployRoleArn],
  ]);
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
