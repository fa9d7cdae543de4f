/**
 * `importCopilot(files)`: a Copilot workspace (its files, as data) in, a spec and an
 * import report out. Pure: the CLI reads the files and writes the results.
 *
 * Load Balanced Web Services and Backend Services become services; every other workload
 * type, and every field the spec cannot hold yet, is a line in the report (./field-map.ts
 * is the table). Calls are inferred from endpoints named in variables (./calls.ts) and
 * marked as inferred. The spec is validated by the normalizer before it is returned.
 */
import { isAbsolute, resolve } from 'path';
import { DEFAULTS, normalizeSpec } from '../spec/normalize';
import { LIMITS, suggest } from '../spec/rules';
import type { SpecError } from '../spec/types';
import { inferCalls, type InferredCall } from './calls';
import { settleVariables } from './map-settings';
import { MAPPED_WORKLOADS, UNMAPPED_WORKLOADS, WORKLOAD_TYPES } from './field-map';
import { mapService, type ServiceDraft } from './map-service';
import { Notes, reportUnmappedFields } from './notes';
import type { CopilotFiles, ImportOptions, ImportReport, ImportResult, ReportEntry, ReportSubject } from './types';
import { isMapping, shown } from './values';
import { locatedError, parseManifest, type ParsedManifest } from './yaml';

export const WORKSPACE_FILE = 'copilot/.workspace';
const WORKLOAD_MANIFEST = /^copilot\/([^/]+)\/manifest\.yml$/;
const ENVIRONMENT_MANIFEST = /^copilot\/environments\/([^/]+)\/manifest\.yml$/;
/** Folders under copilot/ that hold no workload. */
const NOT_WORKLOADS = new Set(['environments', 'pipelines']);

/** The default folder, beside copilot/, that `dockerBuild` paths are written relative to. */
export const DEFAULT_REPOSITORY_DIR = 'platform';

interface Workload {
  readonly folder: string;
  readonly manifest: ParsedManifest;
  readonly name: string;
  readonly type: string;
}

/** Imports a Copilot workspace; see the module comment. */
export function importCopilot(files: CopilotFiles, options: ImportOptions = {}): ImportResult {
  const errors: SpecError[] = [];
  const workspaceDir = options.workspaceDir ?? '/workspace';
  const repositoryDir = resolve(workspaceDir, options.repositoryDir ?? DEFAULT_REPOSITORY_DIR);
  if (!isAbsolute(workspaceDir)) return fail([{ path: '', message: `workspaceDir must be an absolute path, got ${JSON.stringify(workspaceDir)}` }]);

  // The workspace summary: the application's name.
  const summaryText = files[WORKSPACE_FILE];
  if (summaryText === undefined) {
    const hasCopilot = Object.keys(files).some((f) => f.startsWith('copilot/'));
    return fail([
      {
        path: '',
        message: hasCopilot
          ? `${WORKSPACE_FILE}: not found; Copilot writes it with "copilot app init" (one line: application: <name>): run the import from the folder that holds copilot/, or restore the file`
          : 'no copilot/ folder: give the folder that holds copilot/ (or copilot/ itself)',
      },
    ]);
  }
  const summary = parseManifest(summaryText, WORKSPACE_FILE);
  let application: string | undefined;
  if (!summary.ok) errors.push(...summary.errors);
  else {
    const app = isMapping(summary.manifest.value) ? summary.manifest.value.application : undefined;
    if (typeof app !== 'string' || !/^[a-z][a-z0-9-]+$/.test(app)) {
      errors.push(
        locatedError(
          summary.manifest,
          ['application'],
          app === undefined
            ? 'application: is required (the Copilot application\'s name, e.g. "application: kudos")'
            : `application: ${JSON.stringify(app)} is not a Copilot application name`,
        ),
      );
    } else application = app;
  }

  // Workloads and environments, in a stable order.
  const workloads: Workload[] = [];
  const environmentManifests: { name: string; manifest: ParsedManifest }[] = [];
  for (const file of Object.keys(files).sort()) {
    const env = ENVIRONMENT_MANIFEST.exec(file);
    const workload = WORKLOAD_MANIFEST.exec(file);
    if (!env && !(workload && !NOT_WORKLOADS.has(workload[1]))) continue;
    const parsed = parseManifest(files[file], file);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    const m = parsed.manifest;
    if (!isMapping(m.value)) {
      errors.push(locatedError(m, [], 'a manifest is a mapping with at least name and type'));
      continue;
    }
    const folder = env ? env[1] : workload![1];
    const { name, type } = m.value;
    if (typeof name !== 'string' || name === '') {
      errors.push(locatedError(m, ['name'], `name: is required: the ${env ? 'environment' : 'workload'}'s name, "name: ${folder}"`));
    } else if (name !== folder) {
      errors.push(
        locatedError(
          m,
          ['name'],
          `name: ${JSON.stringify(name)} is not the name of its folder, ${JSON.stringify(folder)}; Copilot requires them to match`,
        ),
      );
    }
    if (env) {
      environmentManifests.push({ name: folder, manifest: m });
      continue;
    }
    if (typeof type !== 'string') {
      errors.push(locatedError(m, ['type'], `type: is required: one of ${WORKLOAD_TYPES.join(', ')}`));
    } else if (!WORKLOAD_TYPES.includes(type)) {
      const guess = suggest(type, WORKLOAD_TYPES);
      errors.push(
        locatedError(
          m,
          ['type'],
          `type: ${JSON.stringify(type)} is not a Copilot workload type; ${guess !== undefined ? `did you mean ${JSON.stringify(guess)}?` : `use one of ${WORKLOAD_TYPES.join(', ')}`}`,
        ),
      );
    }
    if (typeof name === 'string' && name !== '' && typeof type === 'string' && WORKLOAD_TYPES.includes(type))
      workloads.push({ folder: workload![1], manifest: m, name, type });
  }
  if (workloads.length === 0 && errors.length === 0) {
    return fail([{ path: '', message: 'copilot/: no workload manifest (copilot/<name>/manifest.yml); there is nothing to import' }]);
  }

  // Services, before roles and calls.
  const ctx = { workspaceDir, repositoryDir };
  const drafts: ServiceDraft[] = [];
  const others: Workload[] = [];
  for (const w of workloads) {
    if ((MAPPED_WORKLOADS as readonly string[]).includes(w.type)) drafts.push(mapService(w.manifest, w.name, w.type, ctx, errors));
    else others.push(w);
  }
  // Every problem at once: those of the manifests that parsed, too.
  if (errors.length > 0 || application === undefined) return fail(errors);
  const names = new Map<string, string>();
  for (const d of drafts) {
    const first = names.get(d.name);
    if (first !== undefined) {
      errors.push({
        path: '',
        message: `${d.notes.manifest.file}: "${d.copilotName}" and "${first}" both become the service name "${d.name}"; rename one of them in its manifest`,
      });
    }
    names.set(d.name, d.copilotName);
  }
  if (errors.length > 0) return fail(errors);

  const environments = environmentNames(
    environmentManifests.map((e) => e.name),
    workloads,
  );
  const services = drafts.filter((d) => d.leftOut === undefined);

  // Calls, from what the variables show; only a workload with a port can be called.
  const callees = drafts
    .filter((d) => d.copilotPort !== undefined)
    .map((d) => ({ name: d.copilotName, ...(d.connectAlias ? { alias: d.connectAlias } : {}) }));
  const calls = inferCalls(
    workloads.map((w) => ({ name: w.name, manifest: w.manifest.value })),
    callees,
    application,
    environments,
  );
  const byCopilotName = new Map(drafts.map((d) => [d.copilotName, d]));
  const called = new Set(calls.map((c) => c.to));
  const callsOf = new Map<string, string[]>();
  for (const c of calls) {
    const from = byCopilotName.get(c.from);
    const to = byCopilotName.get(c.to)!;
    if (from === undefined || from.leftOut !== undefined || to.leftOut !== undefined) continue;
    const list = callsOf.get(from.copilotName) ?? [];
    if (!list.includes(to.name)) list.push(to.name);
    callsOf.set(from.copilotName, list);
  }

  // Roles: client-server when something calls it. Service Connect refuses a namespace
  // with no client-server service at all: then the first service that can be called
  // (a Backend Service with a port, else any) registers an endpoint nobody calls yet.
  const roles = new Map(services.map((d) => [d.copilotName, called.has(d.copilotName) ? 'client-server' : 'client-only']));
  let registered: ServiceDraft | undefined;
  if (services.length > 0 && ![...roles.values()].includes('client-server')) {
    registered =
      services.find((d) => d.type === 'Backend Service' && d.copilotPort !== undefined) ??
      services.find((d) => d.copilotPort !== undefined) ??
      services[0];
    roles.set(registered.copilotName, 'client-server');
  }
  for (const d of services) reportRole(d, roles.get(d.copilotName)!, d === registered, calls);
  for (const c of calls) {
    const from = byCopilotName.get(c.from);
    const to = byCopilotName.get(c.to)!;
    if (from !== undefined && from.leftOut === undefined && to.leftOut !== undefined) {
      from.notes.add(c.path, 'not-mapped', {
        value: c.value,
        target: 'calls',
        note: `names ${to.copilotName}'s endpoint (${c.endpoint}), but ${to.copilotName} is left out of the spec`,
        todo: `once ${to.name} is in the spec, add it to calls`,
      });
    } else if (from !== undefined && from.leftOut === undefined) {
      from.notes.add(c.path, 'inferred', {
        value: c.value,
        target: `calls: ${to.name}`,
        note: `names ${to.copilotName}'s endpoint (${c.endpoint}); here the variable ${to.name.replace(/-/g, '_').toUpperCase()}_URL holds http://${to.name}:${to.port}`,
      });
    }
  }

  settleVariables(
    services,
    services.map((d) => d.name),
    calls,
  );

  // One public path per service on the load balancer (Copilot could also route by host).
  const taken = new Set<string>();
  for (const d of services) {
    if (!d.isPublic || d.publicPath === undefined) continue;
    if (!taken.has(d.publicPath)) {
      taken.add(d.publicPath);
      continue;
    }
    let path = `/${d.name}`;
    for (let i = 2; taken.has(path); i++) path = `/${d.name}-${i}`;
    d.notes.drop((e) => e.field === 'http.path' && e.status === 'mapped');
    d.notes.add(isMapping((d.notes.manifest.value as Record<string, unknown>).http) ? ['http', 'path'] : [], 'adjusted', {
      field: 'http.path',
      value: d.publicPath,
      target: 'publicPath',
      note: `another service already has ${d.publicPath} on the load balancer (Copilot can tell them apart by host alias; this load balancer routes by path only): ${path}`,
      todo: `serve the app under ${path} (PUBLIC_PATH tells it), or give the services distinct paths`,
    });
    d.publicPath = path;
    taken.add(path);
  }

  // The spec, in the schema's key order.
  const name = projectName(options.name, application);
  const spec: Record<string, unknown> = {
    name: name.value,
    copilotMigration: { application, environments },
    services: services.map((d) => ({
      name: d.name,
      role: roles.get(d.copilotName),
      port: d.port,
      ...(d.isPublic ? { public: true } : {}),
      ...(d.isPublic && d.publicPath !== DEFAULTS.publicPath ? { publicPath: d.publicPath } : {}),
      ...(callsOf.has(d.copilotName) ? { calls: callsOf.get(d.copilotName) } : {}),
      cpu: d.cpu,
      memory: d.memory,
      desiredCount: d.desiredCount,
      ...(d.arch === 'arm64' ? { arch: d.arch } : {}),
      ...(d.spot !== undefined ? { spot: d.spot } : {}),
      ...(d.healthCheckPath !== undefined ? { healthCheckPath: d.healthCheckPath } : {}),
      ...(d.image !== undefined ? { image: d.image } : {}),
      ...(d.dockerBuild !== undefined ? { dockerBuild: d.dockerBuild } : {}),
      ...(d.healthCheckCommand !== undefined ? { healthCheckCommand: d.healthCheckCommand } : {}),
      ...(d.settings.autoscaling !== undefined ? { autoscaling: d.settings.autoscaling } : {}),
      ...(Object.keys(d.settings.environment).length > 0 ? { environment: d.settings.environment } : {}),
      ...(Object.keys(d.settings.secrets).length > 0 ? { secrets: d.settings.secrets } : {}),
      ...(d.settings.exec ? { exec: true } : {}),
    })),
  };
  if (services.length === 0) {
    return fail([
      {
        path: '',
        message: `nothing to import: no Load Balanced Web Service or Backend Service that the platform can run (${drafts.length > 0 ? drafts.map((d) => `${d.copilotName}: ${d.leftOut}`).join('; ') : `the workloads are ${others.map((w) => `${w.name} (${w.type})`).join(', ')}`})`,
      },
    ]);
  }
  const normalized = normalizeSpec(spec);
  if (!normalized.ok) {
    return fail(normalized.errors.map((e) => ({ path: e.path, message: `${e.message} (in the imported spec)` })));
  }

  // The report.
  const subjects: ReportSubject[] = [];
  subjects.push(workspaceSubject(files, application, name, summary.ok ? summary.manifest : undefined));
  for (const d of drafts) {
    const index = services.indexOf(d);
    subjects.push({
      name: d.copilotName,
      type: d.type,
      file: d.notes.manifest.file,
      ...(index >= 0 ? { mappedTo: `services[${index}] "${d.name}"` } : {}),
      entries: [...(d.leftOut !== undefined ? [leftOutEntry(d)] : []), ...sortByLine(d.notes.entries), ...folderEntries(files, d.copilotName)],
    });
  }
  for (const w of others) subjects.push(unmappedWorkload(w, calls, byCopilotName, files));
  for (const e of environmentManifests) subjects.push(environmentSubject(e.name, e.manifest));
  for (const env of environments.filter((n) => !environmentManifests.some((e) => e.name === n))) {
    subjects.push({
      name: `environment ${env}`,
      type: 'Environment',
      file: `no manifest; named in environments.${env} of a workload`,
      entries: [environmentEntry(env, `environments.${env} of a workload manifest`)],
    });
  }
  const complete = subjects.every((s) => s.entries.every((e) => e.status === 'mapped' || e.status === 'inferred'));
  const report: ImportReport = { application, environments, subjects, complete };
  return { ok: true, spec, report, errors: [] };
}

function fail(errors: readonly SpecError[]): ImportResult {
  return { ok: false, errors };
}

function sortByLine(entries: readonly ReportEntry[]): ReportEntry[] {
  return [...entries].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** The environments: those with a manifest, and those named in workload overrides. */
function environmentNames(withManifest: readonly string[], workloads: readonly Workload[]): string[] {
  const names = new Set(withManifest);
  for (const w of workloads) {
    const envs = (w.manifest.value as Record<string, unknown>).environments;
    if (isMapping(envs)) for (const e of Object.keys(envs)) if (/^[a-z][a-z0-9-]+$/.test(e)) names.add(e);
  }
  return [...names].sort();
}

interface ProjectName {
  readonly value: string;
  /** Not the application's name as it is. */
  readonly derived: boolean;
  /** From the options (--name). */
  readonly given: boolean;
}

function projectName(given: string | undefined, application: string): ProjectName {
  if (given !== undefined) return { value: given, derived: false, given: true };
  const value = application.replace(/-+/g, '-').slice(0, LIMITS.projectNameMaxLength).replace(/-+$/, '');
  return { value, derived: value !== application, given: false };
}

function reportRole(d: ServiceDraft, role: string, registered: boolean, calls: readonly InferredCall[]): void {
  const callers = [...new Set(calls.filter((c) => c.to === d.copilotName).map((c) => c.from))];
  const at = ['type'];
  if (role === 'client-server' && !registered) {
    d.notes.add(at, 'inferred', {
      value: d.type,
      target: 'role: client-server',
      note: `called by ${callers.join(', ')} (inferred from their variables): it registers a Service Connect endpoint, http://${d.name}:${d.port}`,
    });
  } else if (registered) {
    d.notes.add(at, 'mapped', {
      value: d.type,
      target: 'role: client-server',
      note:
        'no manifest shows a caller, but a namespace needs one client-server service before clients start, so this one registers an endpoint ' +
        `(http://${d.name}:${d.port}); Copilot registered it for service discovery too`,
    });
  } else if (d.type === 'Backend Service' && d.copilotPort !== undefined) {
    d.notes.add(at, 'adjusted', {
      value: d.type,
      target: 'role: client-only',
      note: `no manifest shows a caller (no variable names its endpoint), so it registers nothing: Copilot let any service call it (${d.copilotName}.\${COPILOT_SERVICE_DISCOVERY_ENDPOINT})`,
      todo: `if code calls it, set role: client-server and add ${d.name} to the callers' calls (they then read ${d.name.replace(/-/g, '_').toUpperCase()}_URL)`,
    });
  } else {
    d.notes.add(at, 'mapped', {
      value: d.type,
      target: `role: client-only${d.isPublic ? ', public: true' : ''}`,
      note: d.isPublic ? 'reached through the load balancer; no manifest shows another service calling it' : 'no manifest shows a caller',
    });
  }
}

function leftOutEntry(d: ServiceDraft): ReportEntry {
  return {
    file: d.notes.manifest.file,
    line: d.notes.manifest.position(['type']).line,
    field: 'type',
    value: shown(d.type),
    status: 'not-mapped',
    note: `${d.copilotName} is left out of the spec: ${d.leftOut}; calls to it are left out too`,
    todo: 'fix what its lines below say, then import again (or add the service to the spec by hand)',
  };
}

/** Addons and overrides next to a workload's manifest. */
function folderEntries(files: CopilotFiles, folder: string): ReportEntry[] {
  const out: ReportEntry[] = [];
  const list = (sub: string) =>
    Object.keys(files)
      .filter((f) => f.startsWith(`copilot/${folder}/${sub}/`))
      .sort();
  const addons = list('addons');
  if (addons.length > 0) {
    out.push({
      file: `copilot/${folder}/addons/`,
      field: 'addons',
      value: addons.map((f) => f.slice(`copilot/${folder}/addons/`.length)).join(', '),
      status: 'not-mapped',
      note: "CloudFormation addons (databases, buckets, tables, policies) are not created here; the service's task role starts with no permissions",
      todo: 'keep the resources (DeletionPolicy: Retain before retiring Copilot), add them to a stack of your own, and grant the task role what the app calls',
    });
  }
  const overrides = list('overrides');
  if (overrides.length > 0) {
    out.push({
      file: `copilot/${folder}/overrides/`,
      field: 'overrides',
      value: overrides.map((f) => f.slice(`copilot/${folder}/overrides/`.length)).join(', '),
      status: 'not-mapped',
      note: "Copilot CloudFormation overrides patch Copilot's templates, not these stacks",
      todo: 'make the same change in src/infra',
    });
  }
  return out;
}

function unmappedWorkload(
  w: Workload,
  calls: readonly InferredCall[],
  drafts: ReadonlyMap<string, ServiceDraft>,
  files: CopilotFiles,
): ReportSubject {
  const notes = new Notes(w.manifest);
  const rule = UNMAPPED_WORKLOADS[w.type];
  notes.add(['type'], 'not-mapped', { value: workloadSummary(w), note: rule.why, todo: rule.todo });
  for (const c of calls.filter((x) => x.from === w.name)) {
    const to = drafts.get(c.to)!;
    notes.add(c.path, 'inferred', {
      value: c.value,
      target: `(a future service's calls: ${to.name})`,
      note: `names ${to.copilotName}'s endpoint (${c.endpoint}), so ${to.name} is client-server`,
      todo: `when ${w.name} moves here, give it calls: [${to.name}]`,
    });
  }
  return { name: w.name, type: w.type, file: w.manifest.file, entries: [...sortByLine(notes.entries), ...folderEntries(files, w.folder)] };
}

/** What an unmapped workload was, in a few fields: its type, image, port and trigger. */
function workloadSummary(w: Workload): Record<string, unknown> {
  const m = w.manifest.value as Record<string, unknown>;
  const image = isMapping(m.image) ? m.image : {};
  const on = isMapping(m.on) ? m.on : {};
  const subscribe = isMapping(m.subscribe) ? m.subscribe : {};
  const topics = Array.isArray(subscribe.topics) ? subscribe.topics.map((t) => (isMapping(t) ? t.name : t)) : undefined;
  const files = Array.isArray(m.files) ? m.files.map((f) => (isMapping(f) ? f.source : f)) : undefined;
  const summary: Record<string, unknown> = { type: w.type };
  for (const [k, v] of Object.entries({ build: image.build, location: image.location, port: image.port, schedule: on.schedule, topics, files })) {
    if (v !== undefined) summary[k] = v;
  }
  return summary;
}

function environmentEntry(env: string, file: string, line?: number): ReportEntry {
  return {
    file,
    ...(line !== undefined ? { line } : {}),
    field: '(environment)',
    value: shown(env),
    status: 'not-mapped',
    target: 'stages',
    note: "a Copilot environment manifest does not name the environment's account and region, which a stage needs; the per-environment values of each workload are listed under it",
    todo: `add { name: ${env}, account: "<12 digits>", region: <region> } to stages (copilot env show -n ${env} prints them); each stage deploys with npx projen deploy:<name>`,
  };
}

function environmentSubject(env: string, manifest: ParsedManifest): ReportSubject {
  const notes = new Notes(manifest);
  reportUnmappedFields(notes, 'Environment', manifest.value);
  const entries = [environmentEntry(env, manifest.file, 1), ...sortByLine(notes.entries)];
  return { name: `environment ${env}`, type: 'Environment', file: manifest.file, entries };
}

function workspaceSubject(files: CopilotFiles, application: string, name: ProjectName, summary: ParsedManifest | undefined): ReportSubject {
  const entries: ReportEntry[] = [
    {
      file: WORKSPACE_FILE,
      line: summary?.position(['application']).line,
      field: 'application',
      value: shown(application),
      status: name.derived ? 'adjusted' : 'mapped',
      target: 'name, copilotMigration.application',
      note: name.given
        ? `the project is named "${name.value}" (given); the README's migration runbook names the Copilot application`
        : name.derived
          ? `the project is named "${name.value}": a project name is kebab-case without "--", at most ${LIMITS.projectNameMaxLength} characters; the README's migration runbook names the Copilot application`
          : "the project's name; the README's migration runbook names the Copilot application",
    },
  ];
  const under = (prefix: string) =>
    Object.keys(files)
      .filter((f) => f.startsWith(prefix))
      .sort();
  const pipelines = [...under('copilot/pipelines/').filter((f) => f.endsWith('/manifest.yml')), ...under('copilot/pipeline.yml')];
  for (const p of pipelines) {
    entries.push({
      file: p,
      field: '(pipeline)',
      status: 'not-mapped',
      note: 'a Copilot pipeline (CodePipeline); the repository has a CI workflow that builds, and deploys nothing',
      todo: 'deploy from your CI with npx projen deploy --require-approval never, using credentials for the target account',
    });
  }
  for (const [sub, what] of [
    ['addons', 'environment addons (shared resources) are not created here'],
    ['overrides', "environment overrides patch Copilot's templates, not these stacks"],
  ] as const) {
    const list = under(`copilot/environments/${sub}/`);
    if (list.length === 0) continue;
    entries.push({
      file: `copilot/environments/${sub}/`,
      field: sub,
      value: list.map((f) => f.slice(`copilot/environments/${sub}/`.length)).join(', '),
      status: 'not-mapped',
      note: what,
      todo:
        sub === 'addons'
          ? 'keep them (DeletionPolicy: Retain before retiring Copilot) and reach them from a stack of your own'
          : 'make the same change in src/infra',
    });
  }
  return { name: 'workspace', type: 'Copilot application', file: WORKSPACE_FILE, entries };
}
