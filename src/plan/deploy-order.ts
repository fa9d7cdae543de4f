import type { Service } from '../spec/types';

/** A call edge left out of the dependency graph so that the rest can be ordered. */
export interface DeferredCall {
  readonly from: string;
  readonly to: string;
}

export interface DeployOrder {
  /** Servers before their callers: the order CloudFormation will follow. */
  readonly order: readonly string[];
  /** Back edges of the call graph; each `from` must be redeployed once `to` exists. */
  readonly deferred: readonly DeferredCall[];
}

/**
 * Orders services so that every callee deploys before its callers.
 *
 * A depth-first walk in spec order, emitting a service after everything it calls: the
 * post-order is a valid deploy order, and the edges that point back into the walk's
 * current path are exactly the calls that close a cycle. Those are deferred: their caller
 * starts before its callee has registered in the namespace, so (per the ECS docs) it
 * cannot resolve it until it is redeployed. Walking in spec order makes the choice
 * deterministic and lets the user pick which member of a cycle goes first by ordering
 * the spec.
 */
export function deployOrder(services: readonly Service[]): DeployOrder {
  const byName = new Map(services.map((s) => [s.name, s]));
  const state = new Map<string, 'active' | 'done'>();
  const order: string[] = [];
  const deferred: DeferredCall[] = [];

  // Iterative so a long chain of calls cannot overflow the stack.
  for (const root of services) {
    if (state.has(root.name)) continue;
    const stack: { name: string; next: number }[] = [{ name: root.name, next: 0 }];
    state.set(root.name, 'active');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const calls = byName.get(frame.name)?.calls ?? [];
      if (frame.next < calls.length) {
        const callee = calls[frame.next++];
        const seen = state.get(callee);
        if (seen === 'active') {
          deferred.push({ from: frame.name, to: callee });
        } else if (seen === undefined && byName.has(callee)) {
          state.set(callee, 'active');
          stack.push({ name: callee, next: 0 });
        }
        continue;
      }
      state.set(frame.name, 'done');
      order.push(frame.name);
      stack.pop();
    }
  }
  return { order, deferred };
}

/** True when `from -> to` is one of the deferred (cycle-breaking) calls. */
export function isDeferred(deferred: readonly DeferredCall[], from: string, to: string): boolean {
  return deferred.some((d) => d.from === from && d.to === to);
}
