import type { Service } from '../spec/types';
import { isDeferred, type DeferredCall } from './deploy-order';

/**
 * Most services a single services stack holds. A service with its roles, security group,
 * ingress rules, log group, alarm and load-balancer wiring is 15-20 CloudFormation
 * resources; 20 of them stay well under CloudFormation's 500-resource limit per stack.
 */
export const MAX_SERVICES_PER_STACK = 20;

export interface StackAssignment {
  readonly name: string;
  readonly services: readonly string[];
}

/**
 * Places services into services stacks, listed in deploy order.
 *
 * Up to MAX_SERVICES_PER_STACK services share one stack, so ordinary platforms never
 * move a service between stacks. Larger specs are layered by dependency depth (a service
 * sits one level above the deepest service it calls, deferred calls aside), so every
 * callee is in an earlier stack or the same one and stack dependencies never form a
 * cycle; a level larger than the limit is cut into chunks in spec order.
 */
export function assignStacks(
  services: readonly Service[],
  deferred: readonly DeferredCall[],
  order: readonly string[],
): StackAssignment[] {
  if (services.length <= MAX_SERVICES_PER_STACK) {
    return [{ name: 'services', services: [...order] }];
  }
  const byName = new Map(services.map((s) => [s.name, s]));
  const level = new Map<string, number>();
  // `order` puts callees first, so each callee's level is known before its caller's.
  for (const name of order) {
    const callees = (byName.get(name)?.calls ?? []).filter((c) => !isDeferred(deferred, name, c));
    level.set(name, callees.reduce((max, c) => Math.max(max, (level.get(c) ?? 0) + 1), 0));
  }
  const levels: string[][] = [];
  for (const s of services) {
    const l = level.get(s.name) ?? 0;
    (levels[l] ??= []).push(s.name);
  }
  const stacks: StackAssignment[] = [];
  levels.forEach((names, l) => {
    for (let i = 0; i < names.length; i += MAX_SERVICES_PER_STACK) {
      const chunk = names.slice(i, i + MAX_SERVICES_PER_STACK);
      const suffix = names.length > MAX_SERVICES_PER_STACK ? `-${i / MAX_SERVICES_PER_STACK + 1}` : '';
      stacks.push({ name: `services-l${l}${suffix}`, services: chunk });
    }
  });
  return stacks;
}
