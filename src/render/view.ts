import { estimateCost, formatCostTable } from '../cost/estimate';
import type { Plan, PlannedService } from '../plan';
import { isDeferred, upstreamEnvName } from '../plan';

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
  readonly hasCycle: boolean;
  /** Services that get an app folder (those without an `image`). */
  readonly appServices: readonly PlannedService[];
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
}

export function buildView(plan: Plan): View {
  const edges = plan.services.flatMap((s) =>
    s.calls.map((to) => ({ from: s.name, to, env: upstreamEnvName(to), deferred: isDeferred(plan.deferredCalls, s.name, to) })),
  );
  const publicServices = plan.services.filter((s) => s.public);
  const hasImage = new Set(plan.services.filter((s) => s.image !== undefined).map((s) => s.name));
  // No prototype: service names such as "constructor" are valid DNS labels.
  const dependsOn: Record<string, { to: string; deferred: boolean; condition: string }[]> = Object.create(null);
  for (const e of edges) {
    // An image of someone else's has no health check of ours to wait for.
    const condition = hasImage.has(e.to) ? 'service_started' : 'service_healthy';
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
          dependsOn: publicServices.map((s) => ({ to: s.name, condition: hasImage.has(s.name) ? 'service_started' : 'service_healthy' })),
        };
  return {
    ...(composeEntry ? { composeEntry } : {}),
    dependsOn,
    platform: plan,
    edges,
    publicServices,
    hasPublic: publicServices.length > 0,
    hasCycle: plan.deferredCalls.length > 0,
    appServices: plan.services.filter((s) => s.image === undefined),
    platformJson: JSON.stringify(plan, null, 2),
    costTable: formatCostTable(estimateCost(plan)).trimEnd(),
  };
}
