import type { Service } from '../spec/types';
import type { Placement } from './placement';

/**
 * A call left out of the deploy dependencies: its caller may start before its callee has
 * registered in the namespace, so the generated stacks redeploy the caller once the
 * callee exists.
 */
export interface DeferredCall {
  readonly from: string;
  readonly to: string;
  /**
   * `cycle`: the call closes a call cycle inside one stack.
   * `stack-order`: the callee is in a later stack (stacks deploy in placement order).
   */
  readonly reason: 'cycle' | 'stack-order';
}

export interface DeployOrder {
  /** Servers before their callers, stack by stack: the order CloudFormation will follow. */
  readonly order: readonly string[];
  readonly deferred: readonly DeferredCall[];
}

/**
 * Orders services so that every callee deploys before its callers.
 *
 * Stacks deploy in placement order. Inside a stack, a depth-first walk emits a service
 * after everything it calls in that stack: the post-order is a valid deploy order, and
 * the calls that point back into the walk's current path are exactly those that close a
 * cycle. Calls into an earlier stack are ordered by the stacks themselves; calls into a
 * later stack cannot be, so they are deferred like cycles.
 *
 * The walk starts from the client-server services in spec order, then the client-only
 * ones: a client-only service is never called, so this is still a valid order, and it
 * lets a new platform's first stack begin with services that register in the namespace.
 * Spec order decides which member of a cycle goes first.
 */
export function deployOrder(services: readonly Service[], placement?: Placement): DeployOrder {
  const byName = new Map(services.map((s) => [s.name, s]));
  const stackOf = new Map<string, number>();
  const groups = placement?.stacks.map((st) => st.services) ?? [services.map((s) => s.name)];
  groups.forEach((names, i) => names.forEach((n) => stackOf.set(n, i)));

  const order: string[] = [];
  const deferred: DeferredCall[] = [];
  const state = new Map<string, 'active' | 'done'>();
  groups.forEach((names, stackIndex) => {
    const members = new Set(names);
    const roots = services.filter((s) => members.has(s.name));
    const ordered = [...roots.filter((s) => s.role === 'client-server'), ...roots.filter((s) => s.role !== 'client-server')];
    for (const root of ordered) {
      if (state.has(root.name)) continue;
      // Iterative so a long chain of calls cannot overflow the stack.
      const path: { name: string; next: number }[] = [{ name: root.name, next: 0 }];
      state.set(root.name, 'active');
      while (path.length > 0) {
        const frame = path[path.length - 1]!;
        const calls = byName.get(frame.name)?.calls ?? [];
        if (frame.next < calls.length) {
          const callee = calls[frame.next++]!;
          const calleeStack = stackOf.get(callee);
          if (calleeStack === undefined || calleeStack < stackIndex) continue;
          if (calleeStack > stackIndex) {
            deferred.push({ from: frame.name, to: callee, reason: 'stack-order' });
          } else if (state.get(callee) === 'active') {
            deferred.push({ from: frame.name, to: callee, reason: 'cycle' });
          } else if (!state.has(callee)) {
            state.set(callee, 'active');
            path.push({ name: callee, next: 0 });
          }
          continue;
        }
        state.set(frame.name, 'done');
        order.push(frame.name);
        path.pop();
      }
    }
  });
  return { order, deferred };
}

/**
 * Whether `from -> to` is one of the deferred calls: the one answer to "does this call
 * order the deploy?", for the planner, the CDK app, the README and the tests alike.
 * Build it once for many questions.
 */
export function deferredCallTest(deferred: readonly DeferredCall[]): (from: string, to: string) => boolean {
  const keys = new Set(deferred.map((d) => `${d.from}\u0000${d.to}`));
  return (from, to) => keys.has(`${from}\u0000${to}`);
}

/** True when `from -> to` is one of the deferred calls (see deferredCallTest). */
export function isDeferred(deferred: readonly DeferredCall[], from: string, to: string): boolean {
  return deferredCallTest(deferred)(from, to);
}

/** One `calls` entry of a planned platform: `from` reaches `to` through Service Connect. */
export interface PlannedCall {
  readonly from: string;
  readonly to: string;
  /** Left out of the deploy dependencies: the callee's stack redeploys the caller instead. */
  readonly deferred: boolean;
}

/** Every call of a planned platform, callers in spec order, each caller's calls in order. */
export function plannedCalls(plan: {
  readonly services: readonly { readonly name: string; readonly calls: readonly string[] }[];
  readonly deferredCalls: readonly DeferredCall[];
}): PlannedCall[] {
  const deferred = deferredCallTest(plan.deferredCalls);
  return plan.services.flatMap((s) => s.calls.map((to) => ({ from: s.name, to, deferred: deferred(s.name, to) })));
}
