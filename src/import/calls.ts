/**
 * Who calls whom, read from what the manifests show: environment variables whose value
 * names another workload's endpoint. Nothing is guessed from names alone: a call is
 * inferred only from a URL (`http://orders:8080`), a host and port (`orders:8080`), or a
 * service discovery name (`orders.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}`,
 * `orders.test.shop.local`), matched against each workload's name and Service Connect
 * alias as written (interpolations are matched as text, never evaluated).
 */
import { isMapping, stringLeaves } from './values';

/** A workload others could call: it declares a port. */
export interface Callee {
  readonly name: string;
  /** Its Service Connect alias as written, when it has one. */
  readonly alias?: string;
}

/** A workload whose variables may name a callee. */
export interface Caller {
  readonly name: string;
  readonly manifest: unknown;
}

/** One inferred call and the evidence for it. */
export interface InferredCall {
  readonly from: string;
  readonly to: string;
  /** Where the endpoint was seen, e.g. `variables.ORDERS_URL`. */
  readonly path: readonly (string | number)[];
  /** The value, as written. */
  readonly value: string;
  /** The endpoint it named, as written. */
  readonly endpoint: string;
}

/** The environment variables of a manifest, and of its per-environment overrides. */
function variableLeaves(manifest: unknown): { path: (string | number)[]; value: string }[] {
  if (!isMapping(manifest)) return [];
  const out = stringLeaves(manifest.variables, ['variables']);
  if (isMapping(manifest.environments)) {
    for (const [env, overrides] of Object.entries(manifest.environments)) {
      if (isMapping(overrides)) out.push(...stringLeaves(overrides.variables, ['environments', env, 'variables']));
    }
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The names under which Copilot let others reach `callee`. */
function endpointNames(callee: Callee, application: string, environments: readonly string[]): { host: string; discovery: boolean }[] {
  const names = [{ host: callee.name, discovery: false }];
  if (callee.alias !== undefined && callee.alias !== callee.name) names.push({ host: callee.alias, discovery: callee.alias.includes('.') });
  const suffixes = [
    '${COPILOT_SERVICE_DISCOVERY_ENDPOINT}',
    '${COPILOT_ENVIRONMENT_NAME}.${COPILOT_APPLICATION_NAME}.local',
    ...environments.map((env) => `${env}.${application}.local`),
    // Environments created before Copilot v1.9 used one namespace per application.
    `${application}.local`,
  ];
  for (const suffix of suffixes) names.push({ host: `${callee.name}.${suffix}`, discovery: true });
  return names;
}

/**
 * Every call visible in the callers' variables, in caller order, then variable order.
 * A bare name counts only with a scheme (`http://orders`) or a port (`orders:8080`); a
 * service discovery name counts on its own.
 */
export function inferCalls(
  callers: readonly Caller[],
  callees: readonly Callee[],
  application: string,
  environments: readonly string[],
): InferredCall[] {
  const hosts: { host: string; discovery: boolean; to: string }[] = [];
  for (const callee of callees) for (const n of endpointNames(callee, application, environments)) hosts.push({ ...n, to: callee.name });
  if (hosts.length === 0) return [];
  // Longest first, so `orders.test.shop.local` wins over `orders`.
  hosts.sort((a, b) => b.host.length - a.host.length);
  const byHost = new Map(hosts.map((h) => [h.host, h]));
  const pattern = new RegExp(
    `(?:([A-Za-z][A-Za-z0-9+.-]*)://)?(?<![A-Za-z0-9_.$}-])(${hosts.map((h) => escapeRegExp(h.host)).join('|')})(?::(\\d{1,5}))?(?![A-Za-z0-9_-]|\\.[A-Za-z0-9$])`,
    'g',
  );
  const calls: InferredCall[] = [];
  for (const caller of callers) {
    const seen = new Set<string>();
    for (const leaf of variableLeaves(caller.manifest)) {
      for (const match of leaf.value.matchAll(pattern)) {
        const [endpoint, scheme, host, port] = match;
        const h = byHost.get(host);
        if (h === undefined || h.to === caller.name) continue;
        if (!h.discovery && scheme === undefined && port === undefined) continue;
        const key = `${h.to}\u0000${leaf.path.join('.')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        calls.push({ from: caller.name, to: h.to, path: leaf.path, value: leaf.value, endpoint });
      }
    }
  }
  return calls;
}
