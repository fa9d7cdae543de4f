import { isDeferred } from '../../plan';
import { check, type PlatformCheck } from './check';
import { specCalls } from './security-group-checks';
import type { CfnResource, Synthesized } from './synthesized';

/** Names of the ECS services an ECS service's DependsOn lists (same stack only). */
function dependsOnServices(s: Synthesized, name: string): string[] {
  const service = s.ecsService(name);
  if (!service) return [];
  return [service.resource.DependsOn ?? []]
    .flat()
    .map((id) => s.templates.get(service.stack)?.Resources[id])
    .filter((r): r is CfnResource => r?.Type === 'AWS::ECS::Service')
    .map((r) => r.Properties!.ServiceName as string);
}

/** Whether stack `from` deploys after stack `to`, following stack dependencies transitively. */
function stackDeploysAfter(s: Synthesized, from: string, to: string): boolean {
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
function updatedService(resource: CfnResource): string | undefined {
  const create = JSON.stringify(resource.Properties?.Create ?? '');
  return /updateService.*?\\"service\\":\\"([a-z0-9-]+)\\".*?forceNewDeployment\\":true/.exec(create)?.[1];
}

/** Callers redeployed after `callee`: custom resources in its stack that depend on its ECS service. */
function redeploysOf(s: Synthesized, callee: string): string[] {
  const service = s.ecsService(callee);
  if (!service) return [];
  return Object.values(s.templates.get(service.stack)?.Resources ?? {})
    .filter((r) => r.Type === 'Custom::AWS' && [r.DependsOn ?? []].flat().includes(service.logicalId))
    .map(updatedService)
    .filter((name): name is string => name !== undefined);
}

/**
 * Deploy order follows the call graph: Service Connect clients only learn the endpoints
 * that exist when their tasks start.
 */
export const DEPLOY_ORDER_CHECKS: readonly PlatformCheck[] = [
  check('deploy-order/callers-wait', 'makes each caller wait for the services it calls (except deferred calls)', (s, v) => {
    for (const e of specCalls(s)) {
      if (isDeferred(s.platform.deferredCalls, e.from, e.to)) continue;
      const caller = s.ecsService(e.from);
      const callee = s.ecsService(e.to);
      if (!caller || !callee) {
        v.check(false, `no ECS service for ${e.from} or ${e.to}`);
      } else if (caller.stack === callee.stack) {
        v.check(dependsOnServices(s, e.from).includes(e.to), `${e.from} does not DependsOn ${e.to}`);
      } else {
        v.check(stackDeploysAfter(s, caller.stack, callee.stack), `${caller.stack} does not deploy after ${callee.stack} (${e.from} calls ${e.to})`);
      }
    }
  }),

  check('deploy-order/no-extra-depends-on', 'adds no DependsOn between services that the call graph does not ask for', (s, v) => {
    for (const spec of s.platform.services) {
      const allowed = [...spec.calls.filter((c) => !isDeferred(s.platform.deferredCalls, spec.name, c))];
      const wait = spec.registrationWait;
      if (wait && !wait.deferred) allowed.push(wait.service);
      for (const dep of dependsOnServices(s, spec.name)) v.check(allowed.includes(dep), `${spec.name} DependsOn ${dep}, which it does not call`);
    }
  }),

  check('deploy-order/registration-wait', 'makes every client-only service that waits for no callee wait for a registration', (s, v) => {
    for (const spec of s.platform.services) {
      const ordered = spec.calls.some((c) => !isDeferred(s.platform.deferredCalls, spec.name, c));
      const wait = spec.registrationWait;
      if (spec.role !== 'client-only' || ordered) {
        v.equal(wait, undefined, `registration wait of ${spec.name}`);
        continue;
      }
      if (!wait) {
        v.check(false, `${spec.name} waits for no registration`);
        continue;
      }
      v.equal(s.platform.services.find((x) => x.name === wait.service)?.role, 'client-server', `role of the service ${spec.name} waits for`);
      if (wait.deferred) {
        v.check(redeploysOf(s, wait.service).includes(spec.name), `${wait.service}'s stack does not redeploy ${spec.name}`);
        continue;
      }
      const waiter = s.ecsService(spec.name);
      const registered = s.ecsService(wait.service);
      if (!waiter || !registered) continue;
      if (waiter.stack === registered.stack)
        v.check(dependsOnServices(s, spec.name).includes(wait.service), `${spec.name} does not DependsOn ${wait.service}`);
      else v.check(stackDeploysAfter(s, waiter.stack, registered.stack), `${waiter.stack} does not deploy after ${registered.stack}`);
    }
  }),

  check('deploy-order/redeploys', 'redeploys the caller of each deferred call once its callee exists, from the callee stack', (s, v) => {
    for (const d of s.platform.deferredCalls) v.check(redeploysOf(s, d.to).includes(d.from), `${d.to}'s stack does not redeploy ${d.from}`);
    const expected = s.platform.deferredCalls.length + s.platform.services.filter((x) => x.registrationWait?.deferred).length;
    const redeploys = s.resourcesOfType('Custom::AWS').filter((r) => updatedService(r.resource) !== undefined);
    v.equal(redeploys.length, expected, 'redeploy custom resources');
  }),

  check('deploy-order/deferred-left-out', 'leaves deferred calls out of the deploy order', (s, v) => {
    for (const d of s.platform.deferredCalls) {
      v.check(!dependsOnServices(s, d.from).includes(d.to), `${d.from} DependsOn ${d.to}, a deferred call`);
      const caller = s.ecsService(d.from);
      const callee = s.ecsService(d.to);
      if (!caller || !callee || caller.stack === callee.stack) continue;
      // A deferred callee may sit in a later stack; the caller's stack must not wait for it.
      const calleeLater = s.stackNames.indexOf(callee.stack) > s.stackNames.indexOf(caller.stack);
      if (calleeLater)
        v.check(!stackDeploysAfter(s, caller.stack, callee.stack), `${caller.stack} waits for ${callee.stack} (${d.from} -> ${d.to} is deferred)`);
    }
  }),

  check('deploy-order/stacks', 'deploys the network stack first and the services stacks in plan order', (s, v) => {
    const [network, ...services] = s.stackNames;
    for (const stack of services) v.check(stackDeploysAfter(s, stack, network!), `${stack} does not deploy after ${network}`);
    for (let i = 0; i < services.length; i++) {
      for (let j = i + 1; j < services.length; j++) {
        v.check(!stackDeploysAfter(s, services[i]!, services[j]!), `${services[i]} deploys after ${services[j]}, a later stack of the plan`);
      }
    }
  }),
];
