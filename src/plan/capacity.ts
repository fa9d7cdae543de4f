/**
 * Where a service's tasks run: the FARGATE launch type, or (with `spot`) a capacity
 * provider strategy over FARGATE and FARGATE_SPOT. Pure, so the CDK app, the cost
 * estimate and the README read the same numbers.
 */
import type { Profile, Service } from '../spec/types';

/** One entry of an ECS capacity provider strategy. */
export interface CapacityShare {
  readonly capacityProvider: 'FARGATE' | 'FARGATE_SPOT';
  /** Tasks placed on this provider before any weight applies. */
  readonly base: number;
  /** Its share of the tasks above the bases, relative to the other weights. */
  readonly weight: number;
}

/**
 * The strategy for `spot` percent of the tasks on Spot; undefined without `spot` (the
 * FARGATE launch type). Under profile prod the first task stays on regular Fargate:
 * FARGATE gets base 1, and the weights split the tasks above it, so a Spot interruption
 * never takes every task at once. `spot: 0` keeps a strategy with no Spot share: leaving
 * Spot that way needs no switch back to the launch type.
 */
export function capacityStrategy(service: Pick<Service, 'spot'>, profile: Profile): readonly CapacityShare[] | undefined {
  const spot = service.spot;
  if (spot === undefined) return undefined;
  const base = profile === 'prod' ? 1 : 0;
  if (spot === 0) return [{ capacityProvider: 'FARGATE', base, weight: 1 }];
  if (spot === 100 && base === 0) return [{ capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }];
  return [
    { capacityProvider: 'FARGATE', base, weight: 100 - spot },
    { capacityProvider: 'FARGATE_SPOT', base: 0, weight: spot },
  ];
}

/**
 * How many of `desiredCount` tasks the strategy puts on Spot, as ECS splits them: the
 * bases first, then the rest by weight. ECS rounds per placement; this is the share the
 * weights give (the cost estimate's expectation, possibly fractional).
 */
export function spotTaskShare(strategy: readonly CapacityShare[] | undefined, desiredCount: number): number {
  if (strategy === undefined) return 0;
  const bases = strategy.reduce((n, s) => n + s.base, 0);
  const rest = Math.max(0, desiredCount - bases);
  const total = strategy.reduce((n, s) => n + s.weight, 0);
  const spot = strategy.filter((s) => s.capacityProvider === 'FARGATE_SPOT');
  const spotBase = spot.reduce((n, s) => n + s.base, 0);
  const spotWeight = spot.reduce((n, s) => n + s.weight, 0);
  return Math.min(desiredCount, spotBase) + (total === 0 ? 0 : (rest * spotWeight) / total);
}

/** The strategy as one line of text (`FARGATE base 1 weight 50, FARGATE_SPOT weight 50`): README, nonce. */
export function strategyText(strategy: readonly CapacityShare[]): string {
  return strategy.map((s) => `${s.capacityProvider}${s.base > 0 ? ` base ${s.base}` : ''} weight ${s.weight}`).join(', ');
}
