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

/** The ECS service an `updateService` custom resource forces a new deployment of. */
function updatedService(r: { resource: { Properties?: Record<string, any> } }): string | undefined {
  const create = JSON.stringify(r.resource.Properties?.Create ?? '');
  return /updateService.*?\\"service\\":\\"([a-z0-9-]+)\\".*?forceNewDeployment\\":true/.exec(create)?.[1];
}

/** Callers redeployed after `callee`: custom resources in its stack that depend on its ECS service. */
function redeploysOf(callee: string): string[] {
  const service = s.ecsService(callee);
  const resources = s.templates.get(service.stack)!.Resources;
  return Object.values(resources)
    .filter((r) => r.Type === 'Custom::AWS' && [r.DependsOn ?? []].flat().includes(service.logicalId))
    .map((r) => updatedService({ resource: r }))
    .filter((name): name is string => name !== undefined);
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

  it('makes every client-only service that waits for no callee wait for a registration', () => {
    for (const spec of s.platform.services) {
      const ordered = spec.calls.some((c) => !isDeferred(s.platform, spec.name, c));
      if (spec.role !== 'client-only' || ordered) {
        expect(spec.registrationWait, spec.name).toBeUndefined();
        continue;
      }
      const wait = spec.registrationWait;
      expect(wait, `${spec.name} waits for a registration`).toBeDefined();
      const target = s.platform.services.find((x) => x.name === wait!.service)!;
      expect(target.role).toBe('client-server');
      if (wait!.deferred) {
        expect(redeploysOf(wait!.service), `${wait!.service}'s stack redeploys ${spec.name}`).toContain(spec.name);
        continue;
      }
      const waiter = s.ecsService(spec.name);
      const registered = s.ecsService(wait!.service);
      if (waiter.stack === registered.stack) expect(dependsOnServices(spec.name)).toContain(wait!.service);
      else expect(stackDeploysAfter(waiter.stack, registered.stack)).toBe(true);
    }
  });

  it('redeploys the caller of each deferred call once its callee exists, from the callee stack', () => {
    for (const d of s.platform.deferredCalls) {
      expect(redeploysOf(d.to), `${d.to} redeploys ${d.from}`).toContain(d.from);
    }
    const expected = s.platform.deferredCalls.length +
      s.platform.services.filter((x) => x.registrationWait?.deferred).length;
    expect(s.resourcesOfType('Custom::AWS').filter((r) => updatedService(r) !== undefined)).toHaveLength(expected);
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
