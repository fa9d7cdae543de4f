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
  return {
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
