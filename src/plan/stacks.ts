import type { Service } from '../spec/types';
import type { DeferredCall } from './deploy-order';

/**
 * Most services a single services stack holds. A service with its roles, security group,
 * ingress rules, log group, alarm and load-balancer wiring is 15-20 CloudFormation
 * resources; 20 of them stay well under CloudFormation's 500-resource limit per stack.
 */
export const MAX_SERVICES_PER_STACK = 20;

/**
 * CloudFormation resources a services stack may hold, by the estimate below: the hard
 * limit is 500, the rest is headroom for what the generated app or the user adds.
 */
export const MAX_RESOURCES_PER_STACK = 400;

/**
 * Resources of one service in its stack, at most: log group, task and execution roles,
 * the execution role's policy, task definition, security group, ECS service, alarm (8),
 * and for a public service its target group, listener rule and load-balancer ingress and
 * egress rules (4).
 */
export const RESOURCES_PER_SERVICE = 12;

/**
 * Resources of one call edge: an ingress rule on the callee's group and an egress rule on
 * the caller's, both in whichever of the two stacks deploys later.
 */
export const RESOURCES_PER_CALL = 2;

export interface StackAssignment {
  readonly name: string;
  readonly services: readonly string[];
}

/**
 * Places services into services stacks, listed in deploy order.
 *
 * Up to MAX_SERVICES_PER_STACK services share one stack while their resources fit it, so
 * ordinary platforms never move a service between stacks. Larger (or densely calling)
 * specs are layered by dependency depth (a service sits one level above the deepest
 * service it calls, deferred calls aside), so every callee is in an earlier stack or the
 * same one and stack dependencies never form a cycle; a level larger than a stack is cut
 * into chunks in spec order.
 *
 * The resources of a call edge land in the later of the two stacks: the caller's for an
 * ordinary call (its callee is on a lower level), the callee's for a deferred one (the
 * callee reaches the caller through the calls the cycle is made of, so it is on a higher
 * level). Each service is charged for the edges that land in its stack.
 */
export function assignStacks(
  services: readonly Service[],
  deferred: readonly DeferredCall[],
  order: readonly string[],
): StackAssignment[] {
  const deferredKeys = new Set(deferred.map((d) => `${d.from}\u0000${d.to}`));
  const isDeferredCall = (from: string, to: string) => deferredKeys.has(`${from}\u0000${to}`);
  const deferredIn = new Map<string, number>();
  for (const d of deferred) deferredIn.set(d.to, (deferredIn.get(d.to) ?? 0) + 1);
  const cost = new Map<string, number>();
  for (const s of services) {
    const ordinary = s.calls.filter((c) => !isDeferredCall(s.name, c)).length;
    cost.set(s.name, RESOURCES_PER_SERVICE + RESOURCES_PER_CALL * (ordinary + (deferredIn.get(s.name) ?? 0)));
  }
  const costOf = (name: string) => cost.get(name) ?? RESOURCES_PER_SERVICE;
  const total = services.reduce((sum, s) => sum + costOf(s.name), 0);

  if (services.length <= MAX_SERVICES_PER_STACK && total <= MAX_RESOURCES_PER_STACK) {
    return [{ name: 'services', services: [...order] }];
  }
  const byName = new Map(services.map((s) => [s.name, s]));
  const level = new Map<string, number>();
  // `order` puts callees first, so each callee's level is known before its caller's.
  for (const name of order) {
    const callees = (byName.get(name)?.calls ?? []).filter((c) => !isDeferredCall(name, c));
    level.set(name, callees.reduce((max, c) => Math.max(max, (level.get(c) ?? 0) + 1), 0));
  }
  const levels: string[][] = [];
  for (const s of services) {
    const l = level.get(s.name) ?? 0;
    (levels[l] ??= []).push(s.name);
  }
  const stacks: StackAssignment[] = [];
  levels.forEach((names, l) => {
    // Chunks in spec order, each within both limits (a service too large for any stack
    // still gets one of its own).
    const chunks: string[][] = [];
    let current: string[] = [];
    let resources = 0;
    for (const name of names) {
      if (current.length > 0 && (current.length >= MAX_SERVICES_PER_STACK || resources + costOf(name) > MAX_RESOURCES_PER_STACK)) {
        chunks.push(current);
        current = [];
        resources = 0;
      }
      current.push(name);
      resources += costOf(name);
    }
    if (current.length > 0) chunks.push(current);
    chunks.forEach((chunk, i) => {
      const suffix = chunks.length > 1 ? `-${i + 1}` : '';
      stacks.push({ name: `services-l${l}${suffix}`, services: chunk });
    });
  });
  return stacks;
}
