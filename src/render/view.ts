import { estimateCost } from '../cost/estimate';
import { formatCostTable } from '../cost/markdown';
import { formatUsd } from '../cost/money';
import { stageCosts } from '../cost/stages';
import type { Plan, PlannedService, PlannedStage } from '../plan';
import { needsNewRegionEndpoints } from '../plan/regions';
import {
  alarmTopicName,
  clusterName,
  hasAppFolder,
  networkStackName,
  plannedCalls,
  platformEndpoints,
  serviceEndpoints,
  servicesStackName,
  strategyText,
  upstreamEnvName,
} from '../plan';
import { parseSecretRef } from '../spec/secrets';
import { PLATFORM_VARIABLES } from '../spec/variables';
import { TRANSITION_CATALOGUE, type CatalogueEntry } from '../transition/catalogue';
import { stagesView, type StageSummary, type StageView } from './stages-view';

/** A call edge as the README and compose file show it. */
export interface EdgeView {
  readonly from: string;
  readonly to: string;
  readonly env: string;
  /** Left out of the deploy dependencies to break a cycle. */
  readonly deferred: boolean;
}

/**
 * What templates see besides the plan: derived lists that would otherwise need logic in
 * Handlebars. Computed from the plan only, so templates stay declarative.
 */
export interface View {
  readonly platform: Plan;
  readonly edges: readonly EdgeView[];
  readonly publicServices: readonly PlannedService[];
  readonly hasPublic: boolean;
  /** Some call is deferred (a cycle, or a callee in a later stack). */
  readonly hasDeferred: boolean;
  readonly networkStack: string;
  /** The ECS cluster's name (`aws ecs execute-command --cluster`). */
  readonly cluster: string;
  /**
   * The day-two changes and what `npx projen plan` says of each (proven in the generator's
   * CI), as Markdown table rows: fixed text of the generator's, nothing from the spec.
   */
  readonly transitionTable: string;
  /** The services stacks with their CloudFormation names. */
  readonly stacks: readonly { readonly stackName: string; readonly services: readonly string[] }[];
  /** Services that get an app folder (neither an `image` nor a `dockerBuild`). */
  readonly appServices: readonly PlannedService[];
  /** Services built from the user's own Dockerfile (`dockerBuild`). */
  readonly buildServices: readonly PlannedService[];
  /** Services with no container health check (an `image` or `dockerBuild` by default, or `healthCheckCommand: none`). */
  readonly withoutContainerHealthCheck: readonly PlannedService[];
  /** Each service's container health check as docker compose's `test`, by service; absent for none. */
  readonly composeHealthTest: Readonly<Record<string, readonly string[]>>;
  /** Each service's calls with how docker compose waits for the callee, by caller. */
  readonly dependsOn: Readonly<Record<string, readonly { readonly to: string; readonly deferred: boolean; readonly condition: string }[]>>;
  /**
   * The load balancer in docker-compose.yml: the listener's rules (each public service's
   * `route`) forwarding to the compose services, as JSON for the entry's ENTRY_ROUTES;
   * and what it waits for. Undefined when no service is public.
   */
  readonly composeEntry?: {
    readonly routesJson: string;
    readonly dependsOn: readonly { readonly to: string; readonly condition: string }[];
  };
  /** The plan as TypeScript-safe JSON, for `src/generated/platform.ts`. */
  readonly platformJson: string;
  /** The baseline monthly cost estimate, as Markdown (numbers and fixed text only). */
  readonly costTable: string;
  /** Each service's production settings (arch, capacity, Service Connect timeouts), in words. */
  readonly productionRows: readonly { readonly name: string; readonly arch: string; readonly capacity: string; readonly timeouts: string }[];
  /** Some service runs on a capacity provider strategy (`spot`). */
  readonly hasSpot: boolean;
  /** Some service has `autoscaling` (its target tracking alarms are not routed). */
  readonly hasAutoscaling: boolean;
  /** The topic created for `alarms.email`. */
  readonly alarmTopicName: string;
  /** `alarms.email`, or '' (templates are strict: every key they read exists). */
  readonly alarmEmail: string;
  /** `alarms.topicArn`, or ''. */
  readonly alarmTopicArn: string;
  /** The services with production settings, as the README's table shows them (numbers and validated names only). */
  readonly settingsServices: readonly SettingsView[];
  /** The endpoints those settings add, with the services that need each. */
  readonly settingEndpoints: readonly { readonly endpoint: string; readonly services: readonly string[] }[];
  /** The spec has `stages`: the README's "Stages" and "Deploying" sections, and deploy:<stage> instead of deploy. */
  readonly hasStages: boolean;
  /** Each stage as the README (and the deploy role template) shows it, in deploy order; empty without stages. */
  readonly stages: readonly StageView[];
  /** Some stage's region is opt-in (the README says to enable it first). */
  readonly hasOptInRegion: boolean;
  /** The first stage, for the README's examples; undefined without stages. */
  readonly firstStage?: StageView;
}

/** One service's production settings, as text of numbers and validated names. */
export interface SettingsView {
  readonly name: string;
  /** `2-10 tasks: cpu 60%, 1000 requests per task per minute`, or empty. */
  readonly autoscaling: string;
  /** Variable names of `environment`. */
  readonly environment: readonly string[];
  /** Variable names of `secrets` with the service each is read from. */
  readonly secrets: readonly { readonly name: string; readonly from: string }[];
  readonly exec: boolean;
}

export function buildView(plan: Plan): View {
  const edges = plannedCalls(plan).map((c) => ({ ...c, env: upstreamEnvName(c.to) }));
  const publicServices = plan.services.filter((s) => s.public);
  // No prototype: service names such as "constructor" are valid DNS labels.
  const composeHealthTest: Record<string, readonly string[]> = Object.create(null);
  for (const s of plan.services) {
    // Compose interpolates "$" everywhere in the file; "$$" passes one through to the shell.
    if (s.containerHealthCheck !== undefined) composeHealthTest[s.name] = s.containerHealthCheck.map((arg) => arg.replace(/\$/g, '$$$$'));
  }
  const dependsOn: Record<string, { to: string; deferred: boolean; condition: string }[]> = Object.create(null);
  for (const e of edges) {
    // A service without a container health check never becomes "healthy": wait for its start.
    const condition = e.to in composeHealthTest ? 'service_healthy' : 'service_started';
    (dependsOn[e.from] ??= []).push({ to: e.to, deferred: e.deferred, condition });
  }
  const routes = publicServices.flatMap((s) =>
    s.route ? [{ service: s.name, priority: s.route.priority, pathPatterns: s.route.pathPatterns, target: `http://${s.name}:${s.port}` }] : [],
  );
  const composeEntry =
    routes.length === 0
      ? undefined
      : {
          routesJson: JSON.stringify(routes),
          dependsOn: publicServices.map((s) => ({ to: s.name, condition: s.name in composeHealthTest ? 'service_healthy' : 'service_started' })),
        };
  const costs = stageCosts(plan);
  const summaries = (plan.stages ?? []).map((st, i) => stageSummary(plan, st, costs[i]!.monthlyUsd));
  const stages: StageView[] = stagesView(plan).map((v, i) => ({ ...v, ...summaries[i]! }));
  return {
    ...(composeEntry ? { composeEntry } : {}),
    dependsOn,
    composeHealthTest,
    withoutContainerHealthCheck: plan.services.filter((s) => s.containerHealthCheck === undefined),
    platform: plan,
    edges,
    publicServices,
    hasPublic: publicServices.length > 0,
    hasDeferred: plan.deferredCalls.length > 0,
    networkStack: networkStackName(plan.name),
    cluster: clusterName(plan.name),
    transitionTable: TRANSITION_CATALOGUE.map((e: CatalogueEntry) => `| ${e.change} | ${e.verdict} | ${e.note} |`).join('\n'),
    stacks: plan.stacks.map((st) => ({ stackName: servicesStackName(plan.name, st.name), services: st.services })),
    appServices: plan.services.filter(hasAppFolder),
    buildServices: plan.services.filter((s) => s.dockerBuild !== undefined),
    platformJson: JSON.stringify(plan, null, 2),
    costTable: formatCostTable(estimateCost(plan)).trimEnd(),
    productionRows: plan.services.map((s) => ({
      name: s.name,
      arch: s.arch === 'arm64' ? 'arm64 (linux/arm64)' : 'x86_64 (linux/amd64)',
      capacity:
        s.capacityProviderStrategy === undefined ? 'FARGATE launch type (no Spot)' : `${s.spot}% Spot: ${strategyText(s.capacityProviderStrategy)}`,
      timeouts:
        s.timeouts === undefined
          ? s.role === 'client-server'
            ? 'defaults (15 s per request, 5 min idle)'
            : '- (registers no endpoint)'
          : [
              ...(s.timeouts.perRequest !== undefined ? [`per request ${s.timeouts.perRequest} s`] : []),
              ...(s.timeouts.idle !== undefined ? [`idle ${s.timeouts.idle} s`] : []),
            ].join(', '),
    })),
    hasSpot: plan.services.some((s) => s.capacityProviderStrategy !== undefined),
    hasAutoscaling: plan.services.some((s) => s.autoscaling !== undefined),
    alarmTopicName: alarmTopicName(plan.name),
    alarmEmail: plan.alarms?.email ?? '',
    alarmTopicArn: plan.alarms?.topicArn ?? '',
    settingsServices: plan.services.flatMap((s) => {
      const view = settingsView(s);
      return view.autoscaling || view.environment.length > 0 || view.secrets.length > 0 || view.exec ? [view] : [];
    }),
    settingEndpoints: platformEndpoints(plan.services).map((endpoint) => ({
      endpoint,
      services: plan.services.filter((s) => serviceEndpoints(s).includes(endpoint)).map((s) => s.name),
    })),
    hasStages: stages.length > 0,
    hasOptInRegion: stages.some((st) => st.enablesRegion),
    stages,
    ...(stages.length > 0 ? { firstStage: stages[0] } : {}),
  };
}

function stageSummary(plan: Plan, stage: PlannedStage, monthlyUsd: number): StageSummary {
  const p = stage.plan;
  const newRegion = needsNewRegionEndpoints(stage.region);
  const counts = new Map(plan.services.map((s) => [s.name, s.desiredCount]));
  return {
    stackNames: [networkStackName(p.name, p.stage), ...p.stacks.map((st) => servicesStackName(p.name, st.name, p.stage))],
    cluster: clusterName(p.name, p.stage),
    namespace: p.namespace,
    profile: p.profile,
    azs: p.azs,
    domain: p.domain ?? '',
    newRegionEndpoints: newRegion,
    counts: p.services.filter((s) => s.desiredCount !== counts.get(s.name)).map((s) => `${s.name} ${s.desiredCount}`),
    monthly: formatUsd(monthlyUsd),
  };
}

function settingsView(s: PlannedService): SettingsView {
  const a = s.autoscaling;
  const targets = a
    ? [
        ...(a.cpu !== undefined ? [`cpu ${a.cpu}%`] : []),
        ...(a.memory !== undefined ? [`memory ${a.memory}%`] : []),
        ...(a.requests !== undefined ? [`${a.requests} requests per task per minute`] : []),
      ]
    : [];
  return {
    name: s.name,
    autoscaling: a ? `${a.min}-${a.max} tasks: ${targets.join(', ')}` : '',
    environment: Object.keys(s.environment).filter(
      (n) => !Object.prototype.hasOwnProperty.call(PLATFORM_VARIABLES, n) && !s.upstreams.some((u) => u.env === n),
    ),
    secrets: Object.entries(s.secrets ?? {}).map(([name, ref]) => ({ name, from: parseSecretRef(ref).service })),
    exec: s.exec === true,
  };
}
