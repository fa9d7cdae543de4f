import { fargateTaskSize } from '../spec/fargate';
import type { Service, Spec } from '../spec/types';
import { hasAppFolder } from './app-folder';
import { deployOrder, type DeferredCall } from './deploy-order';
import { containerHealthCheck } from './health-check';
import { placeServices, type Placement, type StackPlacement } from './placement';
import { listenerRulePriorities, pathPatterns, type ListenerRoute } from './routing';

export { hasAppFolder } from './app-folder';
export { deployOrder, isDeferred, type DeferredCall } from './deploy-order';
export { containerHealthCheck, nodeHealthProbe, NO_HEALTH_CHECK } from './health-check';
export { networkStackName, servicesStackName, pascalCase } from './names';
export { CATCH_ALL_PRIORITY, listenerRulePriorities, pathPatterns, type ListenerRoute } from './routing';
export {
  CLOUDFORMATION_RESOURCE_LIMIT,
  MAX_RESOURCES_PER_STACK,
  PLACEMENT_FILE,
  RESOURCES_PER_CALL,
  RESOURCES_PER_SERVICE,
  RESOURCES_PER_STACK,
  callEdges,
  estimateResources,
  formatPlacement,
  placeServices,
  placementErrors,
  readPlacement,
  stackName,
  type Placement,
  type StackPlacement,
} from './placement';

/** A services stack of the plan. */
export type StackAssignment = StackPlacement;

/**
 * A client-only service that calls nothing it can wait for still waits for one
 * registration in the namespace (AWS: start with a client-server service, and make front
 * ends depend on the servers they connect to), so it never starts in an empty namespace.
 */
export interface RegistrationWait {
  /** The client-server service it waits for. */
  readonly service: string;
  /**
   * The only candidates are in later stacks: it cannot wait, and is redeployed once
   * that service exists instead (like a deferred call).
   */
  readonly deferred: boolean;
}

/** A service with everything the generated CDK app needs, derived once here. */
export interface PlannedService extends Service {
  readonly taskCpu: number;
  readonly taskMemory: number;
  readonly upstreamEnv: Readonly<Record<string, string>>;
  /**
   * The app container's environment, the same on ECS, in docker compose and (with local
   * addresses) under `npx projen local`: `PORT`; `HEALTH_PATH` for services with an app
   * folder; `PUBLIC_PATH` for every public service (the load balancer forwards the path
   * unchanged, so the app serves its routes under it; unset means the service is not
   * public); then `upstreamEnv`.
   */
  readonly environment: Readonly<Record<string, string>>;
  /** The shared listener's rule for this service; only public services have one. */
  readonly route?: ListenerRoute;
  readonly stack: string;
  /**
   * The container health check as the ECS command array (`['CMD', 'node', '-e', ...]` or
   * `['CMD-SHELL', '...']`); absent for none (ECS then only checks that the container keeps running).
   */
  readonly containerHealthCheck?: readonly string[];
  /** Set for client-only services none of whose calls is an ordering dependency. */
  readonly registrationWait?: RegistrationWait;
}

export interface PlanOptions {
  /**
   * Where services were placed before (the generated repository's stack-placement.json).
   * @default - a new platform: services are placed callees first
   */
  readonly placement?: Placement;
}

/**
 * The data the generated repository is built from: the spec plus its derivations.
 * Serialized verbatim into the generated `src/generated/platform.ts`, whose type is
 * `PlatformSpec` in templates/src/infra/platform-spec.ts; keep the two in step.
 */
export interface Plan {
  readonly name: string;
  readonly namespace: string;
  readonly azs: number;
  readonly profile: Spec['profile'];
  readonly domain?: string;
  readonly certificateArn?: string;
  /** The Copilot application the platform replaces: the README gets the migration runbook. */
  readonly copilotMigration?: Spec['copilotMigration'];
  readonly services: readonly PlannedService[];
  readonly deployOrder: readonly string[];
  readonly deferredCalls: readonly DeferredCall[];
  readonly stacks: readonly StackAssignment[];
}

/** `order-api` -> `ORDER_API`: how a service name becomes an environment variable name. */
export function upperSnake(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

/** The environment variable through which a service finds one upstream. */
export function upstreamEnvName(name: string): string {
  return `${upperSnake(name)}_URL`;
}

/** Derives the plan of a valid spec. Pure and deterministic. */
export function planPlatform(spec: Spec, options: PlanOptions = {}): Plan {
  const placement = placeServices(spec.services, deployOrder(spec.services).order, options.placement);
  const { order, deferred } = deployOrder(spec.services, placement);
  const stacks = placement.stacks;
  const stackOf = new Map(stacks.flatMap((st) => st.services.map((s) => [s, st.name] as const)));
  const byName = new Map(spec.services.map((s) => [s.name, s]));
  const waits = registrationWaits(spec.services, stacks, order, deferred);
  const priorities = listenerRulePriorities(spec.services.filter((s) => s.public).map((s) => s.publicPath));

  const services = spec.services.map((s): PlannedService => {
    const size = fargateTaskSize(s.cpu, s.memory);
    if (!size) {
      // normalizeSpec rejects these; reaching here means the spec skipped validation.
      throw new Error(`services.${s.name}: no Fargate task size fits cpu ${s.cpu} / memory ${s.memory}`);
    }
    const upstreamEnv: Record<string, string> = {};
    for (const callee of s.calls) {
      upstreamEnv[upstreamEnvName(callee)] = `http://${callee}:${byName.get(callee)?.port}`;
    }
    const healthCheck = containerHealthCheck(s);
    const environment: Record<string, string> = { PORT: String(s.port) };
    if (hasAppFolder(s)) environment['HEALTH_PATH'] = s.healthCheckPath;
    if (s.public) environment['PUBLIC_PATH'] = s.publicPath;
    Object.assign(environment, upstreamEnv);
    return {
      ...s,
      taskCpu: size.cpu,
      taskMemory: size.memory,
      upstreamEnv,
      environment,
      ...(s.public ? { route: { priority: priorities.get(s.publicPath)!, pathPatterns: pathPatterns(s.publicPath) } } : {}),
      stack: stackOf.get(s.name) ?? 'services',
      ...(healthCheck !== undefined ? { containerHealthCheck: healthCheck } : {}),
      ...(waits.has(s.name) ? { registrationWait: waits.get(s.name)! } : {}),
    };
  });

  return {
    name: spec.name,
    namespace: spec.namespace,
    azs: spec.azs,
    profile: spec.profile,
    ...(spec.domain !== undefined ? { domain: spec.domain } : {}),
    ...(spec.certificateArn !== undefined ? { certificateArn: spec.certificateArn } : {}),
    ...(spec.copilotMigration !== undefined ? { copilotMigration: spec.copilotMigration } : {}),
    services,
    deployOrder: order,
    deferredCalls: deferred,
    stacks,
  };
}

/**
 * For each client-only service with no call that orders it: the client-server service it
 * waits for, the first in deploy order of its own stack, else of the nearest earlier
 * stack, else (deferred) of the first later one.
 */
function registrationWaits(
  services: readonly Service[],
  stacks: readonly StackPlacement[],
  order: readonly string[],
  deferred: readonly DeferredCall[],
): Map<string, RegistrationWait> {
  const byName = new Map(services.map((s) => [s.name, s]));
  const position = new Map(order.map((n, i) => [n, i]));
  const firstServer = stacks.map(
    (st) =>
      st.services
        .filter((n) => byName.get(n)?.role === 'client-server')
        .sort((a, b) => position.get(a)! - position.get(b)!)[0],
  );
  const deferredKeys = new Set(deferred.map((d) => `${d.from}\u0000${d.to}`));
  const waits = new Map<string, RegistrationWait>();
  stacks.forEach((st, i) => {
    for (const name of st.services) {
      const s = byName.get(name);
      if (!s || s.role !== 'client-only') continue;
      if (s.calls.some((c) => !deferredKeys.has(`${name}\u0000${c}`))) continue;
      const earlier = firstServer.slice(0, i + 1).reverse().find((n) => n !== undefined);
      const later = firstServer.slice(i + 1).find((n) => n !== undefined);
      if (earlier !== undefined) waits.set(name, { service: earlier, deferred: false });
      else if (later !== undefined) waits.set(name, { service: later, deferred: true });
    }
  });
  return waits;
}
