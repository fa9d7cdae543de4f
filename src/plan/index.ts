import { fargateTaskSize } from '../spec/fargate';
import { partitionOf } from '../spec/partition';
import { stageNamespace } from '../spec/stage-names';
import type { Service, Spec, Stage } from '../spec/types';
import { urlVariable } from '../spec/variables';
import { hasAppFolder } from './app-folder';
import { capacityStrategy, type CapacityShare } from './capacity';
import { deferredCallTest, deployOrder, type DeferredCall } from './deploy-order';
import { containerHealthCheck } from './health-check';
import { placeEndpoints, platformEndpoints, type EndpointPlacement } from './endpoints';
import { placeServices, type Placement, type StackPlacement } from './placement';
import { assignListenerRules, pathPatterns, type ListenerRoute, type ListenerRulePlacement } from './routing';
import type { PlannedStage } from './stages';

export { hasAppFolder } from './app-folder';
export { capacityStrategy, spotTaskShare, strategyText, type CapacityShare } from './capacity';
export { deferredCallTest, deployOrder, isDeferred, plannedCalls, type DeferredCall, type PlannedCall } from './deploy-order';
export { containerHealthCheck, nodeHealthProbe, NO_HEALTH_CHECK } from './health-check';
export { alarmTopicName, clusterName, LOAD_BALANCER_DNS_OUTPUT, networkStackName, servicesStackName, pascalCase } from './names';
export { interfaceEndpointAzs } from './network';
export {
  networkEndpoints,
  OPTIONAL_ENDPOINTS,
  placeEndpoints,
  platformEndpoints,
  serviceEndpoints,
  type EndpointPlacement,
  type OptionalEndpoint,
} from './endpoints';
export type { PlannedStage } from './stages';
export { stageAssemblyId, stageOutputsFile, stageStackPattern } from './stage-assembly';
export {
  assignListenerRules,
  CATCH_ALL_PRIORITY,
  listenerRulePriorities,
  pathPatterns,
  priorityRange,
  type ListenerRoute,
  type ListenerRulePlacement,
} from './routing';
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

/**
 * A services stack of the plan, in deploy order: the services it holds (possibly none) and
 * the removed services whose security group it keeps (`retired`, see stack-placement.json).
 */
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

/** A service this one calls, as its app finds it. */
export interface Upstream {
  /** The callee: its name is its Service Connect alias. */
  readonly service: string;
  /** The callee's port. */
  readonly port: number;
  /** The environment variable holding `http://<service>:<port>`, e.g. `ORDERS_URL`. */
  readonly env: string;
}

/**
 * One service of the platform, normalized (every default filled in), with everything the
 * CDK app, the local runner and docker compose need, derived once here.
 */
export interface PlannedService extends Service {
  /** Task CPU units: app + Service Connect sidecar headroom, rounded up to a Fargate size. */
  readonly taskCpu: number;
  /** Task memory in MiB: app + sidecar headroom, rounded up to a Fargate size. */
  readonly taskMemory: number;
  /** The services this one calls, in `calls` order, with the variable naming each. */
  readonly upstreams: readonly Upstream[];
  /**
   * The app container's environment, the same on ECS, in docker-compose.yml and (with
   * loopback addresses) under `npx projen local`:
   * - `PORT`: the container port;
   * - `HEALTH_PATH`: the liveness path, for services built from `services/<name>` (the
   *   app also serves it; an `image` or a `dockerBuild` gets none);
   * - `PUBLIC_PATH`: for every public service, its `publicPath`. The load balancer
   *   forwards `/admin` and `/admin/...` unchanged, so the app serves its routes there.
   *   Unset for private services;
   * - one `http://<service>:<port>` per upstream, under the upstream's `env`;
   * - then the spec's own `environment` (whose names never clash with the above).
   * Secrets are not here: they reach the container on ECS only (`secrets`).
   */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * The shared listener's rule for this service; public services only. The local entry
   * (`npx projen local`, docker compose) routes by the same data.
   */
  readonly route?: ListenerRoute;
  /** Name of the services stack this service is placed in (stack-placement.json). */
  readonly stack: string;
  /**
   * The container health check as the ECS command array: `['CMD', 'node', '-e', ...]` (the
   * node probe of `healthCheckPath`, for apps built from services/<name>) or
   * `['CMD-SHELL', '<healthCheckCommand>']`. Absent for none (`image` services by default,
   * or `healthCheckCommand: none`): ECS then only checks that the container keeps running,
   * and the load balancer still checks `healthCheckPath` of a public service.
   */
  readonly containerHealthCheck?: readonly string[];
  /** Set for client-only services none of whose calls is an ordering dependency. */
  readonly registrationWait?: RegistrationWait;
  /** With `spot`: the capacity provider strategy (./capacity.ts); absent: the FARGATE launch type. */
  readonly capacityProviderStrategy?: readonly CapacityShare[];
}

export interface PlanOptions {
  /**
   * Where services were placed before, and the listener rule priorities assigned before
   * (the generated repository's stack-placement.json).
   * @default - a new platform: services are placed callees first, priorities assigned anew
   */
  readonly placement?: Placement;
}

/**
 * The platform as planned: the normalized spec plus everything derived from it (deploy
 * order, cycle breaks, task sizes, stack layout, listener rules). The one type of it:
 * the generator plans it, the generated repository holds it as data
 * (`src/generated/platform.ts`) and the infrastructure library (src/infra) builds it.
 */
export interface Plan {
  /** Kebab-case project name; prefix of stack names, and the cluster's name. */
  readonly name: string;
  /** Cloud Map HTTP namespace, the cluster's Service Connect default. */
  readonly namespace: string;
  /** Availability Zones the VPC spans. */
  readonly azs: number;
  /** `prod`: endpoints in every AZ, >= 2 tasks. `dev`: endpoints in one AZ, 1 task. */
  readonly profile: Spec['profile'];
  /** Public DNS name of the load balancer; with `certificateArn` turns on HTTPS. */
  readonly domain?: string;
  /** ACM certificate for `domain`. */
  readonly certificateArn?: string;
  /** The Copilot application the platform replaces: the README gets the migration runbook. */
  readonly copilotMigration?: Spec['copilotMigration'];
  /** Where every alarm notifies; absent: nobody. */
  readonly alarms?: Spec['alarms'];
  /** Services in spec order. */
  readonly services: readonly PlannedService[];
  /** Service names, servers before their callers (the order CloudFormation will follow). */
  readonly deployOrder: readonly string[];
  /** Calls left out of the deploy dependencies; the deploy redeploys each caller once its callee exists. */
  readonly deferredCalls: readonly DeferredCall[];
  /** Services stacks in deploy order. */
  readonly stacks: readonly StackAssignment[];
  /**
   * Listener rule priorities by public service and path, retired ones included
   * (stack-placement.json); each public service's `route` holds its own. Absent when no
   * rule was ever assigned.
   */
  readonly listenerRules?: readonly ListenerRulePlacement[];
  /**
   * The optional interface endpoints the network has (stack-placement.json): the ones the
   * services need, and retired ones kept until their removal is deployed. Absent: none.
   */
  readonly endpoints?: readonly EndpointPlacement[];
  /**
   * The deploy targets (spec `stages`), in deploy order, each with the platform as it runs
   * there. Absent: one region-agnostic platform, this one. Present: this plan is the spec
   * without any stage's overrides (what the README and the cost estimate describe first),
   * and the CDK app builds the stages' plans instead (`buildStages`).
   */
  readonly stages?: readonly PlannedStage[];
  /**
   * Set in a stage's plan only: the stage's name, which its physical names carry (stack
   * names `<stage>-<Name>...`, cluster `<name>-<stage>`, namespace `<stage>.<namespace>`, topic).
   */
  readonly stage?: string;
}

export { upperSnake } from '../spec/variables';

/** The environment variable through which a service finds one upstream. */
export function upstreamEnvName(name: string): string {
  return urlVariable(name);
}

/** Where an app reaches an upstream on ECS: its Service Connect alias and port. */
export function upstreamUrl(upstream: Pick<Upstream, 'service' | 'port'>): string {
  return `http://${upstream.service}:${upstream.port}`;
}

/**
 * Derives the plan of a valid spec. Pure and deterministic. With `stages`, each stage's
 * plan is the spec with the stage's overrides, planned with this plan's placement, so a
 * service is in the same stack, and a public service has the same rule, in every stage.
 */
export function planPlatform(spec: Spec, options: PlanOptions = {}): Plan {
  const { stages, ...unstaged } = spec;
  const plan = planUnstaged(unstaged, options);
  if (stages === undefined || stages.length === 0) return plan;
  const placement: Placement = {
    stacks: plan.stacks,
    ...(plan.listenerRules ? { listenerRules: plan.listenerRules } : {}),
    ...(plan.endpoints ? { endpoints: plan.endpoints } : {}),
  };
  return { ...plan, stages: stages.map((st) => planStage(unstaged, st, placement)) };
}

/** One stage: its target, and the spec with its overrides planned. */
function planStage(spec: Spec, stage: Stage, placement: Placement): PlannedStage {
  const overrides = stage.services ?? {};
  const staged: Spec = {
    ...spec,
    namespace: stageNamespace(stage.name, spec.namespace),
    profile: stage.profile ?? spec.profile,
    azs: stage.azs ?? spec.azs,
    ...(stage.domain !== undefined ? { domain: stage.domain } : {}),
    ...(stage.certificateArn !== undefined ? { certificateArn: stage.certificateArn } : {}),
    ...(stage.alarms !== undefined ? { alarms: stage.alarms } : {}),
    services: spec.services.map((s) => {
      const o = overrides[s.name];
      if (o === undefined) return s;
      return {
        ...s,
        ...(o.desiredCount !== undefined ? { desiredCount: o.desiredCount } : {}),
        ...(o.autoscaling !== undefined ? { autoscaling: o.autoscaling } : {}),
      };
    }),
  };
  return {
    name: stage.name,
    account: stage.account,
    region: stage.region,
    partition: partitionOf(stage.region),
    approval: stage.approval,
    deployRoleArn: stage.deployRoleArn,
    plan: { ...planUnstaged(staged, { placement }), stage: stage.name },
  };
}

function planUnstaged(spec: Spec, options: PlanOptions): Plan {
  const placement = placeServices(spec.services, deployOrder(spec.services).order, options.placement);
  const { order, deferred } = deployOrder(spec.services, placement);
  const stacks = placement.stacks;
  const stackOf = new Map(stacks.flatMap((st) => st.services.map((s) => [s, st.name] as const)));
  const byName = new Map(spec.services.map((s) => [s.name, s]));
  const waits = registrationWaits(spec.services, stacks, order, deferred);
  const listenerRules = assignListenerRules(
    spec.services.filter((s) => s.public).map((s) => ({ service: s.name, path: s.publicPath })),
    options.placement?.listenerRules,
  );
  const priorities = new Map(listenerRules.filter((r) => !r.retired).map((r) => [r.service, r.priority]));
  const endpoints = placeEndpoints(platformEndpoints(spec.services), options.placement?.endpoints);

  const services = spec.services.map((s): PlannedService => {
    const size = fargateTaskSize(s.cpu, s.memory);
    if (!size) {
      // normalizeSpec rejects these; reaching here means the spec skipped validation.
      throw new Error(`services.${s.name}: no Fargate task size fits cpu ${s.cpu} / memory ${s.memory}`);
    }
    const upstreams = s.calls.map((callee): Upstream => ({ service: callee, port: byName.get(callee)!.port, env: upstreamEnvName(callee) }));
    const healthCheck = containerHealthCheck(s);
    const strategy = capacityStrategy(s, spec.profile);
    const environment: Record<string, string> = { PORT: String(s.port) };
    if (hasAppFolder(s)) environment['HEALTH_PATH'] = s.healthCheckPath;
    if (s.public) environment['PUBLIC_PATH'] = s.publicPath;
    for (const u of upstreams) environment[u.env] = upstreamUrl(u);
    Object.assign(environment, s.environment);
    return {
      ...s,
      taskCpu: size.cpu,
      taskMemory: size.memory,
      upstreams,
      environment,
      ...(s.public ? { route: { priority: priorities.get(s.name)!, pathPatterns: pathPatterns(s.publicPath) } } : {}),
      stack: stackOf.get(s.name) ?? 'services',
      ...(healthCheck !== undefined ? { containerHealthCheck: healthCheck } : {}),
      ...(waits.has(s.name) ? { registrationWait: waits.get(s.name)! } : {}),
      ...(strategy !== undefined ? { capacityProviderStrategy: strategy } : {}),
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
    ...(spec.alarms !== undefined ? { alarms: spec.alarms } : {}),
    services,
    deployOrder: order,
    deferredCalls: deferred,
    stacks,
    ...(listenerRules.length > 0 ? { listenerRules } : {}),
    ...(endpoints.length > 0 ? { endpoints } : {}),
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
    (st) => st.services.filter((n) => byName.get(n)?.role === 'client-server').sort((a, b) => position.get(a)! - position.get(b)!)[0],
  );
  const isDeferredCall = deferredCallTest(deferred);
  const waits = new Map<string, RegistrationWait>();
  stacks.forEach((st, i) => {
    for (const name of st.services) {
      const s = byName.get(name);
      if (!s || s.role !== 'client-only') continue;
      if (s.calls.some((c) => !isDeferredCall(name, c))) continue;
      const earlier = firstServer
        .slice(0, i + 1)
        .reverse()
        .find((n) => n !== undefined);
      const later = firstServer.slice(i + 1).find((n) => n !== undefined);
      if (earlier !== undefined) waits.set(name, { service: earlier, deferred: false });
      else if (later !== undefined) waits.set(name, { service: later, deferred: true });
    }
  });
  return waits;
}
