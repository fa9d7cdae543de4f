// The local wiring plan on small hand-written specs: loopback URLs, start order,
// call cycles and services that run a prebuilt image.
import { describe, expect, it } from 'vitest';
import type { PlatformSpec, ServiceSpec } from '../../src/infra/platform-spec';
import { planLocal } from '../../scripts/topology/plan';

function service(name: string, port: number, calls: Record<string, number>, extra: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name, role: 'client-server', port, public: false, publicPath: '/', calls: Object.keys(calls), cpu: 256, memory: 512,
    desiredCount: 1, healthCheckPath: '/health', taskCpu: 512, taskMemory: 1024, stack: 'services',
    upstreamEnv: Object.fromEntries(Object.entries(calls).map(([callee, p]) => [`${callee.toUpperCase().replace(/-/g, '_')}_URL`, `http://${callee}:${p}`])),
    ...extra,
  };
}

function spec(services: ServiceSpec[], deployOrder: string[], deferredCalls: PlatformSpec['deferredCalls'] = []): PlatformSpec {
  return { name: 'p', namespace: 'p.local', azs: 2, profile: 'dev', services, deployOrder, deferredCalls, stacks: [{ name: 'services', services: deployOrder }] };
}

describe('planLocal', () => {
  it('points upstream variables at loopback ports and starts servers first', () => {
    const platform = spec([service('web', 3000, { 'order-api': 8080 }, { role: 'client-only' }), service('order-api', 8080, {})], ['order-api', 'web']);
    const plan = planLocal(platform, new Map([['web', 4001], ['order-api', 4002]]));
    expect(plan.map((s) => s.name)).toEqual(['order-api', 'web']);
    expect(plan[1]).toMatchObject({ url: 'http://127.0.0.1:4001', env: { ORDER_API_URL: 'http://127.0.0.1:4002' }, startAfter: ['order-api'] });
  });

  it('wires both directions of a cycle but waits only for the earlier service', () => {
    const platform = spec([service('a', 8080, { b: 8081 }), service('b', 8081, { a: 8080 })], ['a', 'b'], [{ from: 'a', to: 'b' }]);
    const [a, b] = planLocal(platform, new Map([['a', 5001], ['b', 5002]]));
    expect(a).toMatchObject({ env: { B_URL: 'http://127.0.0.1:5002' }, startAfter: [] });
    expect(b).toMatchObject({ env: { A_URL: 'http://127.0.0.1:5001' }, startAfter: ['a'] });
  });

  it('leaves out services that run an image, and unsets the variables that name them', () => {
    const platform = spec([service('api', 8080, { cache: 6379 }), service('cache', 6379, {}, { image: 'redis:7' })], ['cache', 'api']);
    const plan = planLocal(platform, new Map([['api', 6001]]));
    expect(plan.map((s) => s.name)).toEqual(['api']);
    expect(plan[0]).toMatchObject({ env: {}, startAfter: [], skipped: [{ env: 'CACHE_URL', target: 'cache' }] });
  });
});
