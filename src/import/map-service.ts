/**
 * One Load Balanced Web Service or Backend Service manifest → the fields of one spec
 * service, each with its report line. Roles and calls are decided across the workspace
 * (./import-copilot.ts), since they depend on who calls whom.
 */
import { isAbsolute, relative, resolve, sep } from 'path';
import { formatUsd } from '../cost/money';
import { PRICES } from '../cost/prices';
import { fargateTaskSize, SIDECAR_CPU, SIDECAR_MEMORY } from '../spec/fargate';
import { DEFAULTS } from '../spec/normalize';
import {
  LIMITS,
  validateBuildContext,
  validateBuildDockerfile,
  validateHealthCheckCommand,
  validateHealthCheckPath,
  validateImage,
  validatePublicPath,
} from '../spec/rules';
import type { ServiceBuild, SpecError } from '../spec/types';
import { mapSettings, type SettingsDraft } from './map-settings';
import { Notes, reportUnmappedFields } from './notes';
import { hasInterpolation, isMapping } from './values';
import { locatedError, type FieldPath, type ParsedManifest } from './yaml';

/** Copilot's task size when a manifest gives none. */
export const COPILOT_DEFAULT_TASK = { cpu: 256, memory: 512 } as const;

/** A port below 1024 becomes this much higher: 80 → 8080, 443 → 8443. */
export const PRIVILEGED_PORT_OFFSET = 8000;

/** The port of a service whose manifest gives none (it is declared, nothing listens on it). */
export const PORT_WHEN_NONE = 8080;

/** A mapped workload: the service's own fields, before roles and calls. */
export interface ServiceDraft {
  readonly copilotName: string;
  readonly name: string;
  readonly type: string;
  readonly notes: Notes;
  /** The port Copilot declared (`image.port`), if any: only such a service can be called. */
  readonly copilotPort?: number;
  readonly port: number;
  readonly isPublic: boolean;
  publicPath?: string;
  readonly cpu: number;
  readonly memory: number;
  readonly desiredCount: number;
  /** `count.spot`: every task on Spot in Copilot; here `spot: 100` (profile prod keeps one on Fargate). */
  readonly spot?: number;
  /** `platform`: the tasks' CPU architecture. */
  readonly arch?: 'x86_64' | 'arm64';
  readonly healthCheckPath?: string;
  readonly image?: string;
  readonly dockerBuild?: ServiceBuild;
  readonly healthCheckCommand?: string;
  /** `network.connect.alias`: the name callers used for it under Service Connect. */
  readonly connectAlias?: string;
  /** Why it cannot become a service (no image the platform can run); then it is left out. */
  readonly leftOut?: string;
  /** environment, secrets, exec and autoscaling. */
  readonly settings: SettingsDraft;
}

export interface MapContext {
  readonly workspaceDir: string;
  readonly repositoryDir: string;
}

type Read<T> = { readonly value: T } | { readonly interpolated: string } | undefined;

/** Reads the value at `path` when it has the expected JSON type; `undefined` when absent. */
function read<T>(m: ParsedManifest, path: FieldPath, check: (v: unknown) => v is T, expected: string, errors: SpecError[]): Read<T> {
  let v: unknown = m.value;
  for (const p of path) v = isMapping(v) ? v[p as string] : undefined;
  if (v === undefined || v === null) return undefined;
  if (check(v)) return { value: v };
  if (hasInterpolation(v)) return { interpolated: v as string };
  errors.push(locatedError(m, path, `${path.join('.')}: ${JSON.stringify(v)} is not ${expected}`));
  return undefined;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function interpolatedLine(notes: Notes, path: FieldPath, value: string, target: string, fallback: string): void {
  notes.add(path, 'not-mapped', {
    value,
    target,
    note: `an interpolation, which Copilot resolves at deploy and the importer keeps as written; ${fallback}`,
    todo: `put the value you deploy with in ${target}`,
  });
}

/** A Copilot name made a spec service name (a DNS label without `--`, at most 63 characters). */
export function specServiceName(copilotName: string): string {
  let name = copilotName.toLowerCase().replace(/-+/g, '-').slice(0, LIMITS.serviceNameMaxLength).replace(/-+$/, '');
  if (name === 'localhost') name = 'localhost-svc';
  return name;
}

/** Maps the service fields of one manifest; located errors for values of the wrong type. */
export function mapService(manifest: ParsedManifest, copilotName: string, type: string, ctx: MapContext, errors: SpecError[]): ServiceDraft {
  const notes = new Notes(manifest);
  const isWeb = type === 'Load Balanced Web Service';
  const name = specServiceName(copilotName);
  if (name !== copilotName) {
    notes.add(['name'], 'adjusted', {
      value: copilotName,
      target: 'name',
      note: `became "${name}": a service name here is a DNS label without "--", at most ${LIMITS.serviceNameMaxLength} characters`,
      todo: `callers reach it as http://${name}:<port>`,
    });
  }

  // image: an ECR image, or the user's own Dockerfile
  const source = mapImage(manifest, notes, ctx, errors);

  // port
  const portRead = read(manifest, ['image', 'port'], isInt, 'a port number', errors);
  let copilotPort: number | undefined;
  let port: number = PORT_WHEN_NONE;
  if (portRead !== undefined && 'interpolated' in portRead) {
    interpolatedLine(notes, ['image', 'port'], portRead.interpolated, 'port', `port ${PORT_WHEN_NONE} is written instead`);
  } else if (portRead === undefined) {
    notes.add(['image'], isWeb ? 'adjusted' : 'mapped', {
      field: 'image.port',
      target: 'port',
      note: `no port in the manifest; ${PORT_WHEN_NONE} is declared (the spec needs one)${isWeb ? '' : ', and nothing can call the service'}`,
      ...(isWeb ? { todo: `make the app listen on ${PORT_WHEN_NONE}, or set port` } : {}),
    });
  } else {
    copilotPort = portRead.value;
    if (copilotPort < 1 || copilotPort > LIMITS.maxPort) {
      errors.push(locatedError(manifest, ['image', 'port'], `image.port: ${copilotPort} is not a port (1-65535)`));
    } else if (copilotPort < LIMITS.minUnprivilegedPort) {
      port = copilotPort + PRIVILEGED_PORT_OFFSET;
      notes.add(['image', 'port'], 'adjusted', {
        value: copilotPort,
        target: 'port',
        note:
          `became ${port}: a port below ${LIMITS.minUnprivilegedPort} needs root to bind, and the spec runs every container as a non-root user on Fargate ` +
          `(the load balancer still listens on 80/443; callers use http://${name}:${port})`,
        todo: `make the container listen on ${port} (e.g. its PORT setting, or "listen ${port};" for nginx), then deploy`,
      });
    } else {
      port = copilotPort;
      notes.add(['image', 'port'], 'mapped', { value: copilotPort, target: 'port', note: 'the container port' });
    }
  }

  // public entry
  const http = (manifest.value as Record<string, unknown>).http;
  let isPublic = false;
  let publicPath: string | undefined;
  if (isWeb) {
    if (http === false) {
      notes.add(['http'], 'not-mapped', {
        value: false,
        target: 'public',
        note: 'no load balancer in Copilot (http: false, usually for an NLB): the service is private here',
        todo: 'set public: true once it serves HTTP behind the load balancer',
      });
    } else {
      isPublic = true;
      publicPath = mapPublicPath(manifest, notes, name, errors);
    }
  }

  const healthCheckPath = mapHealthCheckPath(manifest, notes, isPublic, errors);
  const healthCheckCommand = mapHealthCheckCommand(manifest, notes, copilotPort, port, errors);
  const { cpu, memory } = mapTaskSize(manifest, notes, errors, name);
  const { desiredCount, spot } = mapCount(manifest, notes, errors);
  const arch = mapPlatform(manifest, notes);
  const connectAlias = mapConnect(manifest, notes, name, errors);
  const settings = mapSettings(manifest.value as Record<string, unknown>, notes, isPublic);

  reportUnmappedFields(notes, type, manifest.value);

  return {
    copilotName,
    name,
    type,
    notes,
    ...(copilotPort !== undefined ? { copilotPort } : {}),
    port,
    isPublic,
    ...(publicPath !== undefined ? { publicPath } : {}),
    cpu,
    memory,
    desiredCount,
    ...(spot !== undefined ? { spot } : {}),
    ...(arch !== undefined ? { arch } : {}),
    ...(healthCheckPath !== undefined ? { healthCheckPath } : {}),
    ...(source.image !== undefined ? { image: source.image } : {}),
    ...(source.dockerBuild !== undefined ? { dockerBuild: source.dockerBuild } : {}),
    ...(healthCheckCommand !== undefined ? { healthCheckCommand } : {}),
    ...(connectAlias !== undefined ? { connectAlias } : {}),
    ...(source.leftOut !== undefined ? { leftOut: source.leftOut } : {}),
    settings,
  };
}

// ---------------------------------------------------------------------------------------

function mapImage(
  manifest: ParsedManifest,
  notes: Notes,
  ctx: MapContext,
  errors: SpecError[],
): { image?: string; dockerBuild?: ServiceBuild; leftOut?: string } {
  const image = (manifest.value as Record<string, unknown>).image;
  if (!isMapping(image)) {
    if (image !== undefined)
      errors.push(locatedError(manifest, ['image'], `image: expected a mapping with build or location, got ${JSON.stringify(image)}`));
    else notes.add([], 'not-mapped', { field: 'image', note: 'no image in the manifest', todo: 'add image (ECR) or dockerBuild to the service' });
    return { leftOut: 'it has no image' };
  }
  const location = image.location;
  if (location !== undefined) {
    if (typeof location !== 'string') {
      errors.push(locatedError(manifest, ['image', 'location'], `image.location: expected an image reference, got ${JSON.stringify(location)}`));
      return { leftOut: 'its image is invalid' };
    }
    const problem = hasInterpolation(location) ? 'an interpolation, which the importer keeps as written and never resolves' : validateImage(location);
    if (problem !== undefined) {
      notes.add(['image', 'location'], 'not-mapped', {
        value: location,
        target: 'image',
        note: `${problem}; the service is left out of the spec`,
        todo: 'push the image to ECR in the region you deploy to (or use an ECR pull-through cache rule), then add the service with image: <its ECR URI>',
      });
      return { leftOut: 'its image is not one the platform can pull' };
    }
    notes.add(['image', 'location'], 'mapped', {
      value: location,
      target: 'image',
      note: 'an image in Amazon ECR, pulled through the VPC endpoints',
    });
    return { image: location };
  }
  const build = image.build;
  if (build === undefined) {
    notes.add(['image'], 'not-mapped', {
      field: 'image',
      note: 'neither image.build nor image.location',
      todo: 'add image (ECR) or dockerBuild to the service',
    });
    return { leftOut: 'it has no image' };
  }
  let dockerfile: string | undefined;
  let context: string | undefined;
  if (typeof build === 'string') dockerfile = build;
  else if (isMapping(build)) {
    for (const key of ['dockerfile', 'context'] as const) {
      const v = build[key];
      if (v !== undefined && typeof v !== 'string')
        errors.push(locatedError(manifest, ['image', 'build', key], `image.build.${key}: expected a path, got ${JSON.stringify(v)}`));
    }
    dockerfile = typeof build.dockerfile === 'string' ? build.dockerfile : undefined;
    context = typeof build.context === 'string' ? build.context : undefined;
  } else {
    errors.push(locatedError(manifest, ['image', 'build'], `image.build: expected a Dockerfile path or a mapping, got ${JSON.stringify(build)}`));
    return { leftOut: 'its image.build is invalid' };
  }
  if (dockerfile === undefined && context === undefined) {
    errors.push(locatedError(manifest, ['image', 'build'], 'image.build: needs dockerfile or context'));
    return { leftOut: 'its image.build is invalid' };
  }
  if (hasInterpolation(dockerfile) || hasInterpolation(context)) {
    interpolatedLine(notes, ['image', 'build'], JSON.stringify(build), 'dockerBuild', 'the service is left out of the spec');
    return { leftOut: 'its image.build uses an interpolation' };
  }
  // As Copilot reads it: paths from the workspace root; the context defaults to the
  // Dockerfile's folder, the Dockerfile to "Dockerfile" in the context.
  const root = ctx.workspaceDir;
  const contextAbs = resolve(root, context ?? posixDirname(dockerfile!));
  const dockerfileAbs = resolve(root, dockerfile ?? `${context}/Dockerfile`);
  const contextRel = toPosix(relative(ctx.repositoryDir, contextAbs)) || '.';
  const dockerfileRel = toPosix(relative(contextAbs, dockerfileAbs));
  const value =
    typeof build === 'string' ? build : { ...(dockerfile !== undefined ? { dockerfile } : {}), ...(context !== undefined ? { context } : {}) };
  const problem =
    dockerfileRel.startsWith('..') || isAbsolute(dockerfileRel)
      ? `the Dockerfile ${dockerfileRel} is outside its build context, which dockerBuild does not allow (the image is built from a copy of the context)`
      : (validateBuildContext(contextRel) ?? validateBuildDockerfile(dockerfileRel));
  if (problem !== undefined) {
    notes.add(['image', 'build'], 'not-mapped', {
      value,
      target: 'dockerBuild',
      note: `${problem}; the service is left out of the spec`,
      todo: 'move the Dockerfile into its context (or rename the folders), then import again',
    });
    return { leftOut: 'its Dockerfile cannot be built as it is' };
  }
  const dockerBuild = { context: contextRel, dockerfile: dockerfileRel };
  notes.add(['image', 'build'], 'mapped', {
    value,
    target: 'dockerBuild',
    note: `built from your code where it is: context ${contextRel}, Dockerfile ${dockerfileRel} (relative to the repository at ${toPosix(relative(root, ctx.repositoryDir)) || '.'}); no app folder is generated`,
  });
  return { dockerBuild };
}

function posixDirname(p: string): string {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

function mapPublicPath(manifest: ParsedManifest, notes: Notes, name: string, errors: SpecError[]): string {
  const http = (manifest.value as Record<string, unknown>).http;
  if (!isMapping(http) || http.path === undefined) {
    notes.add(http === undefined ? [] : ['http'], 'mapped', {
      field: 'http.path',
      target: 'public, publicPath',
      note: 'public behind the load balancer at "/" (Copilot\'s default path)',
    });
    return DEFAULTS.publicPath;
  }
  const path = http.path;
  if (typeof path !== 'string') {
    errors.push(locatedError(manifest, ['http', 'path'], `http.path: expected a path such as "/" or "api", got ${JSON.stringify(path)}`));
    return DEFAULTS.publicPath;
  }
  const fallback = `/${name}`;
  if (hasInterpolation(path)) {
    interpolatedLine(notes, ['http', 'path'], path, 'publicPath', `${fallback} is written instead`);
    return fallback;
  }
  // Copilot takes "api" and "/api" alike.
  const normalized = path === '/' ? '/' : `/${path.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  const problem = validatePublicPath(normalized);
  if (problem !== undefined) {
    notes.add(['http', 'path'], 'adjusted', {
      value: path,
      target: 'publicPath',
      note: `${problem}; ${fallback} is written instead`,
      todo: `serve the app under ${fallback}, or set another publicPath`,
    });
    return fallback;
  }
  notes.add(['http', 'path'], 'mapped', { value: path, target: 'public, publicPath', note: `public behind the load balancer at ${normalized}` });
  return normalized;
}

function mapHealthCheckPath(manifest: ParsedManifest, notes: Notes, isPublic: boolean, errors: SpecError[]): string | undefined {
  const http = (manifest.value as Record<string, unknown>).http;
  const hc = isMapping(http) ? http.healthcheck : undefined;
  const at: FieldPath = isMapping(hc) ? ['http', 'healthcheck', 'path'] : ['http', 'healthcheck'];
  const raw = isMapping(hc) ? hc.path : hc;
  if (raw === undefined) {
    if (!isPublic) return undefined;
    notes.add(isMapping(http) ? ['http'] : [], 'mapped', {
      field: 'http.healthcheck',
      target: 'healthCheckPath',
      note: 'the load balancer checks "/", Copilot\'s default (the spec\'s own default, /health, is for generated apps)',
    });
    return '/';
  }
  if (typeof raw !== 'string') {
    errors.push(locatedError(manifest, at, `${at.join('.')}: expected a path such as "/healthz", got ${JSON.stringify(raw)}`));
    return undefined;
  }
  if (hasInterpolation(raw)) {
    interpolatedLine(notes, at, raw, 'healthCheckPath', isPublic ? '"/" is written instead' : 'none is written');
    return isPublic ? '/' : undefined;
  }
  const path = raw.startsWith('/') ? raw : `/${raw}`;
  const problem = validateHealthCheckPath(path);
  if (problem !== undefined) {
    notes.add(at, 'not-mapped', {
      value: raw,
      target: 'healthCheckPath',
      note: `${problem}${isPublic ? '; "/" is written instead' : ''}`,
      todo: 'serve a plain path for the health check and set healthCheckPath to it',
    });
    return isPublic ? '/' : undefined;
  }
  notes.add(at, 'mapped', {
    value: raw,
    target: 'healthCheckPath',
    note: isPublic ? 'the path the load balancer checks' : 'kept, although only a public service uses it (the load balancer checks it)',
  });
  return path;
}

/** `["CMD", "curl", "-f", "x"]` → `curl -f x`, each argument quoted for /bin/sh when it needs to be. */
export function shellJoin(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function mapHealthCheckCommand(
  manifest: ParsedManifest,
  notes: Notes,
  copilotPort: number | undefined,
  port: number,
  errors: SpecError[],
): string | undefined {
  const image = (manifest.value as Record<string, unknown>).image;
  const hc = isMapping(image) ? image.healthcheck : undefined;
  if (hc === undefined) return undefined;
  const at: FieldPath = ['image', 'healthcheck', 'command'];
  const command = isMapping(hc) ? hc.command : undefined;
  if (command === undefined) return undefined;
  if (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === 'string')) {
    errors.push(
      locatedError(
        manifest,
        at,
        `image.healthcheck.command: expected a list of strings such as ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], got ${JSON.stringify(command)}`,
      ),
    );
    return undefined;
  }
  const [kind, ...args] = command as string[];
  let value: string | undefined;
  if (kind === 'NONE') value = 'none';
  else if (kind === 'CMD-SHELL' && args.length === 1) value = args[0];
  else if (kind === 'CMD' && args.length > 0) value = shellJoin(args);
  const problem = value === undefined ? 'not a CMD, CMD-SHELL or NONE health check' : validateHealthCheckCommand(value);
  if (problem !== undefined || value === undefined) {
    notes.add(at, 'not-mapped', {
      value: command,
      target: 'healthCheckCommand',
      note: `${problem}; the service gets no container health check`,
      todo: 'set healthCheckCommand to a shell command the image can run',
    });
    return undefined;
  }
  const stalePort = copilotPort !== undefined && copilotPort !== port && new RegExp(`:${copilotPort}(?![0-9])`).test(value);
  notes.add(at, stalePort ? 'adjusted' : 'mapped', {
    value: command,
    target: 'healthCheckCommand',
    note: `${kind === 'CMD' ? 'as one shell command (CMD-SHELL)' : 'the container health check'}${stalePort ? `; it still names port ${copilotPort}, and the container now listens on ${port}` : ''}`,
    ...(stalePort ? { todo: `change :${copilotPort} to :${port} in healthCheckCommand` } : {}),
  });
  return value;
}

/** Copilot's task size → the app's share here: the task minus the Service Connect sidecar's headroom. */
export function appShare(taskCpu: number, taskMemory: number): { cpu: number; memory: number } {
  return { cpu: Math.max(LIMITS.minCpu, taskCpu - SIDECAR_CPU), memory: Math.max(LIMITS.minMemory, taskMemory - SIDECAR_MEMORY) };
}

function mapTaskSize(manifest: ParsedManifest, notes: Notes, errors: SpecError[], name: string): { cpu: number; memory: number } {
  const cpuRead = read(manifest, ['cpu'], isInt, 'a number of CPU units', errors);
  const memRead = read(manifest, ['memory'], isInt, 'a number of MiB', errors);
  if (cpuRead !== undefined && 'interpolated' in cpuRead)
    interpolatedLine(notes, ['cpu'], cpuRead.interpolated, 'cpu', `Copilot's default, ${COPILOT_DEFAULT_TASK.cpu}, is used instead`);
  if (memRead !== undefined && 'interpolated' in memRead)
    interpolatedLine(notes, ['memory'], memRead.interpolated, 'memory', `Copilot's default, ${COPILOT_DEFAULT_TASK.memory}, is used instead`);
  const task = {
    cpu: cpuRead !== undefined && 'value' in cpuRead ? cpuRead.value : COPILOT_DEFAULT_TASK.cpu,
    memory: memRead !== undefined && 'value' in memRead ? memRead.value : COPILOT_DEFAULT_TASK.memory,
  };
  const share = appShare(task.cpu, task.memory);
  const ours = fargateTaskSize(share.cpu, share.memory);
  const given = cpuRead !== undefined || memRead !== undefined;
  const at: FieldPath = cpuRead !== undefined ? ['cpu'] : memRead !== undefined ? ['memory'] : [];
  const field = 'cpu, memory';
  const value = `${task.cpu} CPU / ${task.memory} MiB${given ? '' : " (Copilot's default)"}`;
  if (ours === undefined) {
    notes.add(at, 'not-mapped', {
      field,
      value,
      target: 'cpu, memory',
      note: 'no Fargate task size holds it with the Service Connect sidecar',
      todo: 'set cpu and memory to what the app needs',
    });
    return { cpu: DEFAULTS.cpu, memory: DEFAULTS.memory };
  }
  // The app gets the whole task but the agent's reservation: the same task size as in
  // Copilot when that holds both, else the smallest one that does.
  const app = { cpu: ours.cpu - SIDECAR_CPU, memory: ours.memory - SIDECAR_MEMORY };
  const note =
    `the app's share is ${app.cpu} CPU / ${app.memory} MiB: the task also runs the Service Connect agent ` +
    `(${SIDECAR_CPU} CPU / ${SIDECAR_MEMORY} MiB reserved), in the smallest Fargate size that holds the app's ${share.cpu} / ${share.memory} and the agent`;
  if (ours.cpu === task.cpu && ours.memory === task.memory) {
    notes.add(at, 'mapped', { field, value, target: 'cpu, memory', note: `${note}: ${ours.cpu} / ${ours.memory}, as in Copilot` });
  } else {
    const perTaskMonth =
      ((ours.cpu - task.cpu) / 1024) * PRICES.fargateVcpuHour.usd * PRICES.hoursPerMonth +
      ((ours.memory - task.memory) / 1024) * PRICES.fargateGbHour.usd * PRICES.hoursPerMonth;
    const sign = perTaskMonth >= 0 ? '+' : '-';
    notes.add(at, 'adjusted', {
      field,
      value,
      target: 'cpu, memory',
      note:
        `${note}: ${ours.cpu} CPU / ${ours.memory} MiB, so the bill changes by ${sign}$${formatUsd(Math.abs(perTaskMonth))} a month per task ` +
        `(Fargate on demand, ${PRICES.region} list prices, an estimate)`,
      todo:
        ours.cpu > task.cpu || ours.memory > task.memory
          ? `nothing, if the new size is acceptable: the agent needs its room; or lower ${name}'s cpu/memory in the spec if the app needs less`
          : `check that ${name} fits in its new share`,
    });
  }
  return app;
}

function mapCount(manifest: ParsedManifest, notes: Notes, errors: SpecError[]): { desiredCount: number; spot?: number } {
  const n = (desiredCount: number) => ({ desiredCount });
  const count = (manifest.value as Record<string, unknown>).count;
  const clamp = (n: number) => Math.min(LIMITS.maxDesiredCount, Math.max(LIMITS.minDesiredCount, n));
  const line = (path: FieldPath, value: unknown, n: number, how: string) => {
    const c = clamp(n);
    notes.add(path, c === n ? 'mapped' : 'adjusted', {
      value,
      target: 'desiredCount',
      note: c === n ? how : `${how}; the spec runs ${LIMITS.minDesiredCount}-${LIMITS.maxDesiredCount} tasks, so ${c}`,
      ...(c === n ? {} : { todo: 'set desiredCount to what you need' }),
    });
    return c;
  };
  if (count === undefined) {
    notes.add([], 'mapped', { field: 'count', target: 'desiredCount', note: "1 task, Copilot's default (the spec's prod default would be 2)" });
    return n(1);
  }
  if (isInt(count)) return n(line(['count'], count, count, 'tasks kept running'));
  if (isMapping(count)) {
    const range = count.range;
    if (typeof range === 'string' && /^\d+-\d+$/.test(range))
      return n(
        line(
          ['count', 'range'],
          range,
          Number(range.split('-')[0]),
          'the range minimum: the count the cost table prices (autoscaling keeps the range when the manifest gives a target)',
        ),
      );
    if (isMapping(range) && isInt(range.min))
      return n(
        line(
          ['count', 'range'],
          range,
          range.min,
          'the range minimum: the count the cost table prices (autoscaling keeps the range when the manifest gives a target)',
        ),
      );
    if (isInt(count.spot)) return mapSpotCount(notes, count.spot, line);
    if (range !== undefined && !hasInterpolation(range)) {
      errors.push(locatedError(manifest, ['count', 'range'], `count.range: expected "min-max" or { min, max }, got ${JSON.stringify(range)}`));
      return n(1);
    }
    notes.add(['count'], 'adjusted', {
      value: count,
      target: 'desiredCount',
      note: '1 task: the manifest gives no number the importer can read',
      todo: 'set desiredCount',
    });
    return n(1);
  }
  if (hasInterpolation(count)) {
    interpolatedLine(notes, ['count'], count as string, 'desiredCount', '1 task is written instead');
    return n(1);
  }
  errors.push(locatedError(manifest, ['count'], `count: expected a number of tasks or a mapping, got ${JSON.stringify(count)}`));
  return n(1);
}

/**
 * `count.spot: N`: Copilot runs N tasks, all on Fargate Spot. The imported spec is profile
 * prod, which keeps the first task of a spot service on regular Fargate: N >= 2 becomes
 * `spot: 100` (N - 1 on Spot), and a single task stays on demand (spot on one prod task is
 * refused).
 */
function mapSpotCount(
  notes: Notes,
  tasks: number,
  line: (path: FieldPath, value: unknown, n: number, how: string) => number,
): { desiredCount: number; spot?: number } {
  const desiredCount = line(['count', 'spot'], tasks, tasks, 'tasks kept running');
  if (desiredCount < 2) {
    notes.add(['count', 'spot'], 'adjusted', {
      value: tasks,
      target: 'spot',
      note: 'runs on demand: profile prod keeps the first task of a Spot service on regular Fargate, and this service has one',
      todo: 'set desiredCount to 2 or more and spot: 100, or profile: dev with spot: 100, to run on Spot again',
    });
    return { desiredCount };
  }
  notes.add(['count', 'spot'], 'adjusted', {
    value: tasks,
    target: 'spot',
    note: `spot: 100; profile prod keeps the first task on regular Fargate, so ${desiredCount - 1} of ${desiredCount} run on Spot (Copilot ran all on Spot)`,
    todo: 'nothing, if one task on demand is acceptable (it is what keeps the service up through a Spot interruption)',
  });
  return { desiredCount, spot: 100 };
}

/** `platform`: `linux/arm64` (or `{ osfamily, architecture }`) becomes arch; Windows has no equivalent. */
function mapPlatform(manifest: ParsedManifest, notes: Notes): 'x86_64' | 'arm64' | undefined {
  const platform = (manifest.value as Record<string, unknown>).platform;
  if (platform === undefined || platform === null) return undefined;
  const [os, arch] = isMapping(platform)
    ? [String(platform.osfamily ?? 'linux').toLowerCase(), String(platform.architecture ?? 'x86_64').toLowerCase()]
    : typeof platform === 'string'
      ? (platform.toLowerCase().split('/') as [string, string | undefined])
      : ['', undefined];
  const mapped = arch === 'arm64' || arch === 'arm' ? 'arm64' : arch === 'x86_64' || arch === 'amd64' ? 'x86_64' : undefined;
  if (os !== 'linux' || mapped === undefined) {
    notes.add(['platform'], 'not-mapped', {
      value: platform,
      target: 'arch',
      note: 'every task here runs Linux, on x86_64 or arm64',
      todo: 'rebuild the image for Linux (x86_64 or arm64) and set arch',
    });
    return undefined;
  }
  notes.add(['platform'], 'mapped', {
    value: platform,
    target: 'arch',
    note: mapped === 'arm64' ? 'AWS Graviton: the image is built for linux/arm64' : 'the default',
  });
  return mapped;
}

function mapConnect(manifest: ParsedManifest, notes: Notes, name: string, errors: SpecError[]): string | undefined {
  const network = (manifest.value as Record<string, unknown>).network;
  const connect = isMapping(network) ? network.connect : undefined;
  if (connect === undefined) return undefined;
  if (typeof connect === 'boolean') {
    notes.add(['network', 'connect'], 'mapped', {
      value: connect,
      target: 'role, calls',
      note: connect
        ? "Service Connect, in the platform's own namespace (every service here is in it)"
        : 'Service Connect is on for every service here; it changes nothing for a service nobody calls',
    });
    return undefined;
  }
  if (isMapping(connect) && (connect.alias === undefined || typeof connect.alias === 'string')) {
    const alias = connect.alias as string | undefined;
    if (alias === undefined || alias === name) {
      notes.add(['network', 'connect'], 'mapped', {
        value: connect,
        target: 'role, calls',
        note: "Service Connect, in the platform's own namespace",
      });
      return alias;
    }
    notes.add(['network', 'connect', 'alias'], 'adjusted', {
      value: alias,
      target: 'name',
      note: `Service Connect alias; here a service is called by its name: http://${name}:<port>`,
      todo: `callers that used ${alias} use their ${name.replace(/-/g, '_').toUpperCase()}_URL variable (or http://${name}:<port>)`,
    });
    return alias;
  }
  errors.push(locatedError(manifest, ['network', 'connect'], `network.connect: expected true, false or { alias }, got ${JSON.stringify(connect)}`));
  return undefined;
}
