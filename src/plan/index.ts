import { fargateTaskSize } from '../spec/fargate';
import type { Service, Spec } from '../spec/types';
import { deployOrder, type DeferredCall } from './deploy-order';
import { listenerRulePriorities, pathPatterns, type ListenerRoute } from './routing';
import { assignStacks, type StackAssignment } from './stacks';

export { deployOrder, isDeferred, type DeferredCall } from './deploy-order';
export { CATCH_ALL_PRIORITY, listenerRulePriorities, pathPatterns, type ListenerRoute } from './routing';
export { assignStacks, MAX_SERVICES_PER_STACK, MAX_RESOURCES_PER_STACK, RESOURCES_PER_SERVICE, RESOURCES_PER_CALL, type StackAssignment } from './stacks';

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
export function planPlatform(spec: Spec): Plan {
  const { order, deferred } = deployOrder(spec.services);
  const stacks = assignStacks(spec.services, deferred, order);
  const stackOf = new Map(stacks.flatMap((st) => st.services.map((s) => [s, st.name] as const)));
  const byName = new Map(spec.services.map((s) => [s.name, s]));
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
    const environment: Record<string, string> = { PORT: String(s.port) };
    if (s.image === undefined) environment['HEALTH_PATH'] = s.healthCheckPath;
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
    };
  });

  return {
    name: spec.name,
    namespace: spec.namespace,
    azs: spec.azs,
    profile: spec.profile,
    ...(spec.domain !== undefined ? { domain: spec.domain } : {}),
    ...(spec.certificateArn !== undefined ? { certificateArn: spec.certificateArn } : {}),
    services,
    deployOrder: order,
    deferredCalls: deferred,
    stacks,
  };
}
