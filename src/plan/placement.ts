import type { Service, SpecError } from '../spec/types';
import { OPTIONAL_ENDPOINTS, type EndpointPlacement, type OptionalEndpoint } from './endpoints';
import { normalizePath, priorityRange, type ListenerRulePlacement } from './routing';

/**
 * Which services stack holds each service. Stored in the generated repository
 * (`stack-placement.json`, committed) and read back on every synthesis, so that a
 * service, once placed, never moves: an ECS service has a fixed name in a fixed-name
 * cluster, and CloudFormation would create the moved copy in its new stack before the old
 * stack (which `cdk deploy` never deletes) let go of the name.
 */
export interface Placement {
  /** Services stacks in deploy order; a stack that lost all its services stays, empty. */
  readonly stacks: readonly StackPlacement[];
  /**
   * The shared listener's rule priorities, one per (public service, path), retired ones
   * included, by priority (src/plan/routing.ts). Absent: none assigned yet.
   */
  readonly listenerRules?: readonly ListenerRulePlacement[];
  /**
   * The optional interface endpoints the network has (`ssm`, `secretsmanager`,
   * `ssmmessages`), retired ones included (src/plan/endpoints.ts). Absent: none yet.
   */
  readonly endpoints?: readonly EndpointPlacement[];
}

export interface StackPlacement {
  /** Plan name of the stack: `services`, `services-2`, ... (the CloudFormation name adds the project's). */
  readonly name: string;
  readonly services: readonly string[];
  /**
   * Services that left the spec whose security group stays in this stack. Rules in a later
   * stack may still name the group while this stack, deployed first, drops the service;
   * EC2 refuses to delete a group that another group's rule names. Empty groups cost
   * nothing; delete an entry once the removal is deployed everywhere. A service that comes
   * back under the same name returns to this stack and keeps its group.
   */
  readonly retired?: readonly string[];
}

/** Where the generated repository keeps its placement. */
export const PLACEMENT_FILE = 'stack-placement.json';

/**
 * CloudFormation resources one services stack may hold, by the estimate below, when new
 * services are placed. The hard limit is 500: the rest is headroom for calls added later
 * between services already placed (their rules land in an existing stack) and for what
 * the user adds from src/main.ts.
 */
export const MAX_RESOURCES_PER_STACK = 400;

/** CloudFormation's limit of resources per stack. */
export const CLOUDFORMATION_RESOURCE_LIMIT = 500;

/**
 * Resources of one service in its stack, at most: log group, task and execution roles,
 * the execution role's policy, task definition, security group, ECS service, alarm (8),
 * and for a public service its target group, listener rule and load-balancer ingress and
 * egress rules (4).
 */
export const RESOURCES_PER_SERVICE = 12;

/**
 * Resources of one call edge, at most: an ingress rule on the callee's group and an egress
 * rule on the caller's, both in whichever of the two stacks deploys later, and, when the
 * call is deferred, the custom resource that redeploys the caller once the callee exists.
 */
export const RESOURCES_PER_CALL = 3;

/** Per stack: the function, role and policy behind its redeploy custom resources. */
export const RESOURCES_PER_STACK = 3;

const STACK_NAME = /^services(?:-([1-9][0-9]{0,3}))?$/;

/** Index `i` (0-based) → `services`, `services-2`, `services-3`, ... */
export function stackName(index: number): string {
  return index === 0 ? 'services' : `services-${index + 1}`;
}

/**
 * Places the services of a spec in services stacks.
 *
 * With a previous placement, every service keeps its stack; services that left the spec
 * leave their stack, which stays (even empty) so that `cdk deploy` keeps updating it;
 * new services, in spec order, go to the last stack while it has room, then to a new
 * stack. Without one (a new platform), services are placed in `order` (callees first), so
 * that calls point to the same or an earlier stack and only real cycles are deferred.
 */
export function placeServices(services: readonly Service[], order: readonly string[], previous?: Placement): Placement {
  const known = new Set(services.map((s) => s.name));
  const stacks = (previous?.stacks ?? []).map((st) => {
    const retired = [...(st.retired ?? []), ...st.services].filter((n) => !known.has(n));
    // A retired service that is back returns to the stack that kept its group.
    const back = (st.retired ?? []).filter((n) => known.has(n));
    return { name: st.name, services: [...st.services.filter((n) => known.has(n)), ...back], retired: [...new Set(retired)] };
  });
  const index = new Map<string, number>();
  stacks.forEach((st, i) => st.services.forEach((n) => index.set(n, i)));
  const edges = callEdges(services);
  const load = estimateResources(stacks, edges);

  for (const name of (previous ? services.map((s) => s.name) : order).filter((n) => !index.has(n))) {
    // All its edges to placed services land in its stack: it is the last one.
    const cost = RESOURCES_PER_SERVICE + RESOURCES_PER_CALL * (edges.get(name) ?? []).filter((n) => index.has(n)).length;
    let last = stacks.length - 1;
    if (last < 0 || (stacks[last]!.services.length > 0 && load[last]! + cost > MAX_RESOURCES_PER_STACK)) {
      stacks.push({ name: nextStackName(stacks), services: [], retired: [] });
      load.push(RESOURCES_PER_STACK);
      last++;
    }
    stacks[last]!.services.push(name);
    load[last]! += cost;
    index.set(name, last);
  }
  return { stacks: stacks.map((st) => (st.retired.length > 0 ? st : { name: st.name, services: st.services })) };
}

/**
 * The estimate of each stack's resources: its services' own, every call edge in the later
 * of its two ends' stacks, and the per-stack redeployer.
 */
export function estimateResources(stacks: readonly StackPlacement[], edges: ReadonlyMap<string, readonly string[]>): number[] {
  const index = new Map<string, number>();
  stacks.forEach((st, i) => st.services.forEach((n) => index.set(n, i)));
  const load = stacks.map((st) => RESOURCES_PER_STACK + RESOURCES_PER_SERVICE * st.services.length + (st.retired?.length ?? 0));
  for (const [name, others] of edges) {
    for (const other of others) {
      // Each edge is listed at both ends: count it at the end that is later in spec order.
      if (name > other) continue;
      const a = index.get(name);
      const b = index.get(other);
      if (a !== undefined && b !== undefined) load[Math.max(a, b)]! += RESOURCES_PER_CALL;
    }
  }
  return load;
}

/** Every service's call partners, both directions (a call each way counts twice). */
export function callEdges(services: readonly Service[]): Map<string, string[]> {
  const edges = new Map<string, string[]>(services.map((s) => [s.name, []]));
  for (const s of services) {
    for (const c of s.calls) {
      edges.get(s.name)?.push(c);
      edges.get(c)?.push(s.name);
    }
  }
  return edges;
}

/**
 * Stacks whose estimate passes CloudFormation's limit: calls added between services that
 * are already placed land in existing stacks, which can outgrow it. Moving services is the
 * only way out, and it re-creates them, so it is the user's decision, not the planner's.
 */
export function placementErrors(services: readonly Service[], placement: Placement): SpecError[] {
  const load = estimateResources(placement.stacks, callEdges(services));
  return placement.stacks.flatMap((st, i) =>
    load[i]! > CLOUDFORMATION_RESOURCE_LIMIT
      ? [
          {
            path: `${PLACEMENT_FILE}: stacks[${i}]`,
            message:
              `stack "${st.name}" would hold about ${load[i]} CloudFormation resources (limit ${CLOUDFORMATION_RESOURCE_LIMIT}), ` +
              'mostly security group rules of calls between its services; move some of its services to a new stack ' +
              '(a new entry at the end of the file), knowing that a moved service is deleted and re-created (README.md, "Stacks")',
          },
        ]
      : [],
  );
}

function nextStackName(stacks: readonly StackPlacement[]): string {
  const used = stacks.map((st) => Number(STACK_NAME.exec(st.name)?.[1] ?? 1));
  return stacks.length === 0 ? stackName(0) : stackName(Math.max(...used));
}

/**
 * Reads a placement file's contents (already parsed JSON). Every problem comes back at
 * once, located in the file, so a hand edit that breaks it says exactly where.
 */
export function readPlacement(raw: unknown): { placement?: Placement; errors: SpecError[] } {
  const errors: SpecError[] = [];
  const at = (path: string, message: string) => errors.push({ path: `${PLACEMENT_FILE}: ${path}`, message });
  const stacksRaw = (raw as { stacks?: unknown } | null)?.stacks;
  if (typeof raw !== 'object' || raw === null || !Array.isArray(stacksRaw)) {
    at('stacks', 'expected { "stacks": [{ "name": "services", "services": [...] }, ...] }; restore the file from git');
    return { errors };
  }
  const seenStacks = new Set<string>();
  const seenServices = new Map<string, string>();
  const stacks: StackPlacement[] = [];
  stacksRaw.forEach((st: unknown, i) => {
    const name = (st as { name?: unknown } | null)?.name;
    const services = (st as { services?: unknown } | null)?.services;
    if (typeof name !== 'string' || !STACK_NAME.test(name)) {
      at(`stacks[${i}].name`, `${JSON.stringify(name)} is not a stack name ("services", "services-2", ...)`);
      return;
    }
    if (seenStacks.has(name)) at(`stacks[${i}].name`, `"${name}" is listed twice`);
    seenStacks.add(name);
    if (!Array.isArray(services) || !services.every((s): s is string => typeof s === 'string')) {
      at(`stacks[${i}].services`, 'expected a list of service names');
      return;
    }
    services.forEach((s, j) => {
      const other = seenServices.get(s);
      if (other !== undefined) at(`stacks[${i}].services[${j}]`, `"${s}" is already placed in ${other}; a service lives in one stack`);
      seenServices.set(s, name);
    });
    const retired = (st as { retired?: unknown }).retired;
    if (retired === undefined) {
      stacks.push({ name, services });
      return;
    }
    if (!Array.isArray(retired) || !retired.every((s): s is string => typeof s === 'string')) {
      at(`stacks[${i}].retired`, 'expected a list of names of removed services');
      return;
    }
    retired.forEach((s, j) => {
      const other = seenServices.get(s);
      if (other !== undefined) at(`stacks[${i}].retired[${j}]`, `"${s}" is also placed or retired in ${other}`);
      seenServices.set(s, name);
    });
    stacks.push({ name, services, retired });
  });
  const listenerRules = readListenerRules((raw as { listenerRules?: unknown }).listenerRules, at);
  const endpoints = readEndpoints((raw as { endpoints?: unknown }).endpoints, at);
  if (errors.length > 0) return { errors };
  return {
    placement: {
      stacks,
      ...(listenerRules && listenerRules.length > 0 ? { listenerRules } : {}),
      ...(endpoints && endpoints.length > 0 ? { endpoints } : {}),
    },
    errors,
  };
}

/** The `endpoints` of a placement file: known optional endpoints, each once. */
function readEndpoints(raw: unknown, at: (path: string, message: string) => void): EndpointPlacement[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    at('endpoints', 'expected a list of { "name" } entries; restore the file from git');
    return undefined;
  }
  const endpoints: EndpointPlacement[] = [];
  raw.forEach((e: unknown, i) => {
    const { name, retired } = (e ?? {}) as Record<string, unknown>;
    const where = `endpoints[${i}]`;
    if (typeof name !== 'string' || !(OPTIONAL_ENDPOINTS as readonly string[]).includes(name)) {
      return at(`${where}.name`, `${JSON.stringify(name)} is not an optional endpoint (${OPTIONAL_ENDPOINTS.join(', ')}); restore the file from git`);
    }
    if (retired !== undefined && retired !== true) return at(`${where}.retired`, 'expected true, or no "retired" key');
    if (endpoints.some((x) => x.name === name)) return at(where, `${name} is listed twice`);
    endpoints.push({ name: name as OptionalEndpoint, ...(retired ? { retired: true } : {}) });
  });
  return endpoints;
}

/**
 * The `listenerRules` of a placement file: each number within the range its path may take
 * (what keeps a longer path evaluated before a shorter one it extends), no number twice,
 * one entry per service and path.
 */
function readListenerRules(raw: unknown, at: (path: string, message: string) => void): ListenerRulePlacement[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    at('listenerRules', 'expected a list of { "service", "path", "priority" } entries; restore the file from git');
    return undefined;
  }
  const rules: ListenerRulePlacement[] = [];
  const byPriority = new Map<number, string>();
  const seen = new Set<string>();
  raw.forEach((r: unknown, i) => {
    const { service, path, priority, retired } = (r ?? {}) as Record<string, unknown>;
    const where = `listenerRules[${i}]`;
    if (typeof service !== 'string' || service === '') return at(`${where}.service`, 'expected the name of a service');
    if (typeof path !== 'string' || normalizePath(path) !== path) {
      return at(`${where}.path`, `${JSON.stringify(path)} is not a normalized public path ("/", "/admin"); restore the file from git`);
    }
    const range = priorityRange(path);
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < range.min || priority > range.max) {
      return at(
        `${where}.priority`,
        `${JSON.stringify(priority)} is not a priority for ${path}: a path of its length takes ${range.min} to ${range.max}, ` +
          'which keeps longer paths evaluated first; restore the file from git, or delete the entry to assign a new one (a changed priority is a changed rule)',
      );
    }
    if (retired !== undefined && retired !== true) return at(`${where}.retired`, 'expected true, or no "retired" key');
    const other = byPriority.get(priority);
    if (other !== undefined)
      return at(`${where}.priority`, `${priority} is also the priority of ${other}; a listener refuses two rules with one priority`);
    byPriority.set(priority, `${service} ${path}`);
    if (seen.has(`${service} ${path}`)) return at(where, `${service} ${path} is listed twice`);
    seen.add(`${service} ${path}`);
    rules.push({ service, path, priority, ...(retired ? { retired: true } : {}) });
  });
  return rules;
}

/** The placement file's text: stable key order, one stack per line group, a note for readers. */
export function formatPlacement(placement: Placement): string {
  return `${JSON.stringify(
    {
      '//':
        'Which services stack holds each service, and (retired) the removed services whose security group it keeps. Written by `npx projen`; commit it. A service never moves once placed (moving it deletes and re-creates it); see README.md, "Stacks".' +
        (placement.listenerRules && placement.listenerRules.length > 0
          ? ' listenerRules: the load balancer rule priority of each public service and path, assigned once; a retired one stays taken while its rule may exist (delete the entry once the change is deployed everywhere).'
          : '') +
        (placement.endpoints?.some((e) => e.retired)
          ? ' endpoints: the optional interface endpoints the network has; a retired one is no longer needed and stays (and costs) until you delete its entry, once its removal is deployed everywhere.'
          : ''),
      stacks: placement.stacks.map((st) => ({
        name: st.name,
        services: st.services,
        ...(st.retired && st.retired.length > 0 ? { retired: st.retired } : {}),
      })),
      ...(placement.listenerRules && placement.listenerRules.length > 0
        ? {
            listenerRules: placement.listenerRules.map((r) => ({
              service: r.service,
              path: r.path,
              priority: r.priority,
              ...(r.retired ? { retired: true } : {}),
            })),
          }
        : {}),
      ...(placement.endpoints && placement.endpoints.length > 0
        ? { endpoints: placement.endpoints.map((e) => ({ name: e.name, ...(e.retired ? { retired: true } : {}) })) }
        : {}),
    },
    null,
    2,
  )}\n`;
}
