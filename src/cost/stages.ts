import type { Plan } from '../plan';
import { needsNewRegionEndpoints } from '../plan/regions';
import { estimateCost } from './estimate';
import { formatUsd } from './money';

/** One stage's baseline a month: its own profile, azs and counts, and its region's endpoints. */
export interface StageCost {
  readonly stage: string;
  readonly region: string;
  readonly monthlyUsd: number;
}

/**
 * The baseline of each stage (spec `stages`), at the estimate's price sheet: the plan of
 * the stage, plus `ecs` and `ecs-telemetry` where its region needs them (the estimate
 * leaves them out of its total, being region-agnostic). Empty without stages.
 */
export function stageCosts(plan: Plan): StageCost[] {
  return (plan.stages ?? []).map((st) => {
    const estimate = estimateCost(st.plan);
    const extra = needsNewRegionEndpoints(st.region) ? estimate.newRegionEndpoints.monthlyUsd : 0;
    return { stage: st.name, region: st.region, monthlyUsd: estimate.totalUsd + extra };
  });
}

/** `Per stage, ...: dev 105.53 USD, prod 254.03 USD.` for the terminal; undefined without stages. */
export function stageCostLine(plan: Plan): string | undefined {
  const costs = stageCosts(plan);
  if (costs.length === 0) return undefined;
  return `Per stage, at the same prices with each stage's profile, azs and counts: ${costs.map((c) => `${c.stage} (${c.region}) ${formatUsd(c.monthlyUsd)} USD`).join(', ')} a month.`;
}
