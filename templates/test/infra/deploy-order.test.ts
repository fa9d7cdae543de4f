import { beforeAll, describe, expect, it } from 'vitest';
import { isDeferred, specEdges, synth, SYNTH_TIMEOUT_MS, type Synthesized } from './synth';

let s: Synthesized;
beforeAll(() => {
  s = synth();
}, SYNTH_TIMEOUT_MS);

/** Names of the ECS services an ECS service's DependsOn lists (same stack only). */
function dependsOnServices(name: string): string[] {
  const service = s.ecsService(name);
  const ids = [service.resource.DependsOn ?? []].flat();
  return ids
    .map((id) => s.templates.get(service.stack)!.Resources[id])
    .filter((r) => r?.Type === 'AWS::ECS::Service')
    .map((r) => r.Properties!.ServiceName as string);
}

/** Whether `from` deploys after `to`, following stack dependencies transitively. */
function stackDeploysAfter(from: string, to: string): boolean {
  const seen = new Set<string>();
  const walk = (stack: string): boolean => {
    for (const dep of s.stackDependencies.get(stack) ?? []) {
      if (dep === to) return true;
      if (!seen.has(dep)) {
        seen.add(dep);
        if (walk(dep)) return true;
      }
    }
    return false;
  };
  return walk(from);
}

describe('deploy order follows the call graph', () => {
  it('makes each caller wait for the services it calls (except cycle breaks)', () => {
    for (const e of specEdges(s.platform)) {
      if (isDeferred(s.platform, e.from, e.to)) continue;
      const caller = s.ecsService(e.from);
      const callee = s.ecsService(e.to);
      if (caller.stack === callee.stack) {
        expect(dependsOnServices(e.from), `${e.from} DependsOn ${e.to}`).toContain(e.to);
      } else {
        expect(stackDeploysAfter(caller.stack, callee.stack), `${caller.stack} after ${callee.stack}`).toBe(true);
      }
    }
  });

  it('adds no DependsOn between services that the call graph does not ask for', () => {
    for (const spec of s.platform.services) {
      const allowed = spec.calls.filter((c) => !isDeferred(s.platform, spec.name, c));
      for (const dep of dependsOnServices(spec.name)) {
        expect(allowed, `${spec.name} DependsOn ${dep}`).toContain(dep);
      }
    }
  });

  it('leaves cycle breaks out of the deploy order', () => {
    for (const d of s.platform.deferredCalls) {
      expect(dependsOnServices(d.from)).not.toContain(d.to);
      const caller = s.ecsService(d.from);
      const callee = s.ecsService(d.to);
      if (caller.stack !== callee.stack) {
        // A deferred callee may sit in a later stack; the caller's stack must not wait for it.
        const calleeLater = s.stackNames.indexOf(callee.stack) > s.stackNames.indexOf(caller.stack);
        if (calleeLater) expect(stackDeploysAfter(caller.stack, callee.stack)).toBe(false);
      }
    }
  });

  it('deploys the network stack first and the services stacks in plan order', () => {
    const [network, ...services] = s.stackNames;
    for (const stack of services) expect(stackDeploysAfter(stack, network), stack).toBe(true);
    for (let i = 0; i < services.length; i++) {
      for (let j = i + 1; j < services.length; j++) {
        expect(stackDeploysAfter(services[i], services[j]), `${services[i]} before ${services[j]}`).toBe(false);
      }
    }
  });
});
