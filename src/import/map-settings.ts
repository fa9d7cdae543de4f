/**
 * A manifest's production settings → the spec's: `variables` → environment, `secrets` →
 * secrets, `exec` → exec, `count.range` with its targets → autoscaling. Each field gets its
 * report line here; the names the platform sets, and the variables that became calls, are
 * settled across the workspace (./import-copilot.ts, `settleVariables`).
 */
import { validateEnvName, validateEnvValue } from '../spec/rules';
import { validateSecretRef } from '../spec/secrets';
import type { ServiceAutoscaling } from '../spec/types';
import { reservedVariables } from '../spec/variables';
import type { InferredCall } from './calls';
import type { Notes } from './notes';
import { hasInterpolation, isMapping } from './values';

export interface SettingsDraft {
  /** Variables, by name; some are dropped later (calls, names the platform sets). */
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, string>;
  readonly exec: boolean;
  readonly autoscaling?: ServiceAutoscaling;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function mapSettings(manifest: Record<string, unknown>, notes: Notes, isPublic: boolean): SettingsDraft {
  const environment = mapVariables(manifest.variables, notes);
  const secrets = mapSecrets(manifest.secrets, notes);
  for (const name of Object.keys(secrets)) {
    if (environment[name] === undefined) continue;
    delete environment[name];
    notes.drop((e) => e.field === `variables.${name}`);
    notes.add(['variables', name], 'not-mapped', {
      target: 'environment',
      note: `${name} is also a secret; the secret is kept`,
      todo: 'rename one of them if the app reads both',
    });
  }
  const exec = mapExec(manifest.exec, notes);
  const autoscaling = mapAutoscaling(manifest.count, notes, isPublic);
  return { environment, secrets, exec, ...(autoscaling ? { autoscaling } : {}) };
}

function mapVariables(variables: unknown, notes: Notes): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMapping(variables)) return out;
  for (const [name, raw] of Object.entries(variables)) {
    const at = ['variables', name];
    const value = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : raw;
    const problem =
      validateEnvName(name) ??
      (typeof value !== 'string'
        ? isMapping(raw) && 'from_cfn' in raw
          ? 'from_cfn reads a CloudFormation export of a Copilot stack, which this platform does not read'
          : 'not a text value'
        : hasInterpolation(value)
          ? 'an interpolation, which Copilot resolves at deploy and the importer keeps as written'
          : validateEnvValue(value));
    if (problem !== undefined) {
      notes.add(at, 'not-mapped', {
        value: raw,
        target: `environment.${name}`,
        note: problem,
        todo: `set environment.${name} to the value you deploy with`,
      });
      continue;
    }
    out[name] = value as string;
    notes.add(at, 'mapped', { value: raw, target: `environment.${name}`, note: 'a plain environment variable' });
  }
  return out;
}

/**
 * Copilot's secret forms: an SSM parameter name or ARN, a Secrets Manager ARN (optionally
 * `:<json-key>::`), or `{ secretsmanager: '<name>[:<json-key>::]' }`.
 */
function mapSecrets(secrets: unknown, notes: Notes): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMapping(secrets)) return out;
  for (const [name, raw] of Object.entries(secrets)) {
    const at = ['secrets', name];
    const ref = secretRef(raw);
    const problem =
      validateEnvName(name) ??
      (hasInterpolation(isMapping(raw) ? raw.secretsmanager : raw)
        ? 'an interpolation, which Copilot resolves at deploy and the importer keeps as written'
        : ref === undefined
          ? isMapping(raw) && 'from_cfn' in raw
            ? 'from_cfn reads a CloudFormation export of a Copilot stack, which this platform does not read'
            : 'not a reference the importer can read (a version or staging label is not kept)'
          : validateSecretRef(ref));
    if (problem !== undefined || ref === undefined) {
      notes.add(at, 'not-mapped', {
        value: raw,
        target: `secrets.${name}`,
        note: problem ?? 'not mapped',
        todo: `set secrets.${name} to ssm:<parameter> or secretsmanager:<secret>[#<json-key>] as you deploy it`,
      });
      continue;
    }
    out[name] = ref;
    notes.add(at, 'mapped', {
      value: raw,
      target: `secrets.${name}`,
      note: `${ref}: the parameter or secret stays where it is; the task reads it at start through the ${ref.split(':')[0]} endpoint`,
    });
  }
  return out;
}

function secretRef(raw: unknown): string | undefined {
  if (isMapping(raw)) {
    if (typeof raw.secretsmanager !== 'string') return undefined;
    return secretsManagerRef(raw.secretsmanager);
  }
  if (typeof raw !== 'string') return undefined;
  if (/^arn:[^:]+:secretsmanager:/.test(raw)) return secretsManagerRef(raw);
  return `ssm:${raw}`;
}

/** `<name or ARN>[:<json-key>[:<stage>:<id>]]` → `secretsmanager:<name or ARN>[#<json-key>]`; undefined with a stage or version. */
function secretsManagerRef(value: string): string | undefined {
  const arn = /^(arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:[^:]+)(?::(.*))?$/.exec(value);
  const [base, rest] = arn ? [arn[1], arn[2]] : [value.split(':')[0], value.includes(':') ? value.slice(value.indexOf(':') + 1) : undefined];
  const [key, stage, id] = (rest ?? '').split(':');
  if ((stage ?? '') !== '' || (id ?? '') !== '') return undefined;
  return `secretsmanager:${base}${key ? `#${key}` : ''}`;
}

function mapExec(exec: unknown, notes: Notes): boolean {
  if (exec === undefined) return false;
  if (typeof exec === 'boolean') {
    notes.add(['exec'], 'mapped', {
      value: exec,
      target: 'exec',
      note: exec ? 'ECS Exec, through the ssmmessages endpoint, sessions logged to the service log group' : 'off',
    });
    return exec;
  }
  notes.add(['exec'], 'not-mapped', { value: exec, target: 'exec', note: 'exec here is true or false', todo: 'set exec: true to keep ECS Exec' });
  return false;
}

/** `count: { range, cpu_percentage, memory_percentage, requests }` → autoscaling. */
function mapAutoscaling(count: unknown, notes: Notes, isPublic: boolean): ServiceAutoscaling | undefined {
  if (!isMapping(count) || count.range === undefined) return undefined;
  const range = count.range;
  const parsed =
    typeof range === 'string' && /^\d+-\d+$/.test(range)
      ? { min: Number(range.split('-')[0]), max: Number(range.split('-')[1]) }
      : isMapping(range) && isInt(range.min) && isInt(range.max)
        ? { min: range.min, max: range.max }
        : undefined;
  const target = (key: string): number | undefined => {
    const v = count[key];
    const n = isInt(v) ? v : isMapping(v) && isInt(v.value) ? v.value : undefined;
    return n;
  };
  // Copilot's Spot for a range is a task count to start from; the spec's spot is a share.
  if (isMapping(range) && range.spot_from !== undefined) {
    notes.add(['count', 'range', 'spot_from'], 'not-mapped', {
      value: range.spot_from,
      target: 'spot',
      note: "every task runs on regular Fargate: the spec's spot is the share of tasks on Fargate Spot, not the count they start from",
      todo: 'set spot if the service tolerates interruptions (under profile prod with autoscaling.min 2 or more)',
    });
  }
  const cpu = target('cpu_percentage');
  const memory = target('memory_percentage');
  let requests = target('requests');
  if (requests !== undefined && !isPublic) {
    notes.add(['count', 'requests'], 'not-mapped', {
      value: count.requests,
      target: 'autoscaling.requests',
      note: 'scaling on requests needs the load balancer, and this service is private here',
      todo: 'scale on cpu or memory instead',
    });
    requests = undefined;
  }
  for (const key of ['response_time', 'queue_delay', 'cooldown']) {
    if (count[key] === undefined) continue;
    notes.add(['count', key], 'not-mapped', {
      value: count[key],
      target: 'autoscaling',
      note: key === 'cooldown' ? 'cooldowns are fixed here: 60 s out, 300 s in' : 'the spec scales on cpu, memory and requests only',
      todo: key === 'cooldown' ? 'change them in src/infra/service.ts if you depend on them' : 'scale on requests or cpu instead',
    });
  }
  if (parsed === undefined || parsed.min < 1 || parsed.max > 100 || parsed.min > parsed.max) return undefined;
  if (cpu === undefined && memory === undefined && requests === undefined) return undefined;
  const autoscaling = {
    ...parsed,
    ...(cpu !== undefined ? { cpu } : {}),
    ...(memory !== undefined ? { memory } : {}),
    ...(requests !== undefined ? { requests } : {}),
  };
  notes.add(['count', 'range'], 'mapped', {
    value: range,
    target: 'autoscaling.min, autoscaling.max',
    note: 'autoscaling keeps the task count in this range (scaling out waits 60 s, in 300 s)',
  });
  for (const key of ['cpu_percentage', 'memory_percentage', 'requests'] as const) {
    const spec = { cpu_percentage: 'cpu', memory_percentage: 'memory', requests: 'requests' }[key];
    if (autoscaling[spec as 'cpu'] === undefined) continue;
    notes.add(['count', key], 'mapped', { value: count[key], target: `autoscaling.${spec}`, note: 'a target-tracking policy' });
  }
  return autoscaling;
}

/**
 * Across the workspace: a variable that became a call is not also an environment variable
 * (the platform sets `<SERVICE>_URL`), and no name the platform sets stays.
 */
export function settleVariables(
  drafts: readonly { readonly copilotName: string; readonly notes: Notes; readonly settings: SettingsDraft }[],
  serviceNames: readonly string[],
  calls: readonly InferredCall[],
): void {
  const reserved = reservedVariables(serviceNames);
  for (const d of drafts) {
    for (const c of calls) {
      if (c.from !== d.copilotName || c.path[0] !== 'variables' || c.path.length !== 2) continue;
      const name = String(c.path[1]);
      delete d.settings.environment[name];
      // Its line is the call's (inferred, or not mapped when the callee is left out).
      d.notes.drop((e) => e.field === `variables.${name}` && e.target?.startsWith('calls') !== true);
    }
    for (const name of Object.keys(d.settings.environment)) {
      const why = reserved.get(name);
      if (why === undefined) continue;
      delete d.settings.environment[name];
      d.notes.drop((e) => e.field === `variables.${name}` && e.status === 'mapped');
      d.notes.add(['variables', name], 'not-mapped', {
        value: name,
        target: `environment.${name}`,
        note: `the platform sets ${name} (${why})`,
        todo: "read the platform's value, or rename the variable",
      });
    }
  }
}
