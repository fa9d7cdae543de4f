// The local wiring plan on small hand-written specs: loopback URLs, start order,
// call cycles, services that run a prebuilt image or build their own Dockerfile, and the
// entry's routes.
import { describe, expect, it } from 'vitest';
import type { Plan as PlatformSpec, PlannedService as ServiceSpec } from '../../src/plan';
import { localEntryRoutes, planLocal } from '../../src/tasks/local/plan';

function service(name: string, port: number, calls: Record<string, number>, extra: Partial<ServiceSpec> = {}): ServiceSpec {
  const upstreams = Object.entries(calls).map(([callee, p]) => ({ service: callee, port: p, env: `${callee.toUpperCase().replace(/-/g, '_')}_URL` }));
  const upstreamEnv = Object.fromEntries(upstreams.map((u) => [u.env, `http://${u.service}:${u.port}`]));
  return {
    name,
    role: 'client-server',
    port,
    public: false,
    publicPath: '/',
    calls: Object.keys(calls),
    cpu: 256,
    memory: 512,
    desiredCount: 1,
    healthCheckPath: '/health',
    arch: 'x86_64',
    taskCpu: 512,
    taskMemory: 1024,
    stack: 'services',
    upstreams,
    environment: { PORT: String(port), HEALTH_PATH: '/health', ...upstreamEnv },
    ...extra,
  };
}

function spec(services: ServiceSpec[], deployOrder: string[], deferredCalls: PlatformSpec['deferredCalls'] = []): PlatformSpec {
  return {
    name: 'p',
    namespace: 'p.local',
    azs: 2,
    profile: 'dev',
    services,
    deployOrder,
    deferredCalls,
    stacks: [{ name: 'services', services: deployOrder }],
  };
}

describe('planLocal', () => {
  it('points upstream variables at loopback ports and starts servers first', () => {
    const platform = spec(
      [service('web', 3000, { 'order-api': 8080 }, { role: 'client-only' }), service('order-api', 8080, {})],
      ['order-api', 'web'],
    );
    const plan = planLocal(
      platform,
      new Map([
        ['web', 4001],
        ['order-api', 4002],
      ]),
    );
    expect(plan.map((s) => s.name)).toEqual(['order-api', 'web']);
    expect(plan[1]).toMatchObject({
      url: 'http://127.0.0.1:4001',
      upstreamEnv: { ORDER_API_URL: 'http://127.0.0.1:4002' },
      startAfter: ['order-api'],
    });
  });

  it("gives each app its task definition's environment, with the local port and loopback upstreams", () => {
    const web = service(
      'web',
      3000,
      { api: 8080 },
      {
        public: true,
        publicPath: '/admin',
        environment: { PORT: '3000', HEALTH_PATH: '/healthz', PUBLIC_PATH: '/admin', API_URL: 'http://api:8080' },
      },
    );
    const [, local] = planLocal(
      spec([web, service('api', 8080, {})], ['api', 'web']),
      new Map([
        ['web', 4001],
        ['api', 4002],
      ]),
    );
    expect(local!.env).toEqual({ PORT: '4001', HEALTH_PATH: '/healthz', PUBLIC_PATH: '/admin', API_URL: 'http://127.0.0.1:4002' });
  });

  it('wires both directions of a cycle but waits only for the earlier service', () => {
    const platform = spec([service('a', 8080, { b: 8081 }), service('b', 8081, { a: 8080 })], ['a', 'b'], [{ from: 'a', to: 'b', reason: 'cycle' }]);
    const [a, b] = planLocal(
      platform,
      new Map([
        ['a', 5001],
        ['b', 5002],
      ]),
    );
    expect(a).toMatchObject({ upstreamEnv: { B_URL: 'http://127.0.0.1:5002' }, startAfter: [] });
    expect(b).toMatchObject({ upstreamEnv: { A_URL: 'http://127.0.0.1:5001' }, startAfter: ['a'] });
  });

  it('leaves out services that run an image, and unsets the variables that name them', () => {
    const platform = spec([service('api', 8080, { cache: 6379 }), service('cache', 6379, {}, { image: 'redis:7' })], ['cache', 'api']);
    const plan = planLocal(platform, new Map([['api', 6001]]));
    expect(plan.map((s) => s.name)).toEqual(['api']);
    expect(plan[0]).toMatchObject({ upstreamEnv: {}, startAfter: [], skipped: [{ env: 'CACHE_URL', target: 'cache' }] });
    expect(plan[0]!.env).not.toHaveProperty('CACHE_URL');
  });

  it('leaves out services built from their own Dockerfile, saying how to run them', () => {
    const platform = spec(
      [service('web', 3000, { api: 8080 }), service('api', 8080, {}, { dockerBuild: { context: '../api', dockerfile: 'Dockerfile' } })],
      ['api', 'web'],
    );
    const plan = planLocal(platform, new Map([['web', 6001]]));
    expect(plan.map((s) => s.name)).toEqual(['web']);
    expect(plan[0]!.skipped).toEqual([
      { env: 'API_URL', target: 'api', reason: 'is built from ../api, not started locally (docker compose up --build runs it)' },
    ]);
  });
});

describe('localEntryRoutes', () => {
  it("forwards each public service's route, as planned, to its loopback port; an image answers 503", () => {
    const web = service('web', 3000, {}, { public: true, route: { priority: 50000, pathPatterns: ['/*'] } });
    const admin = service(
      'admin',
      3001,
      {},
      { public: true, publicPath: '/admin', route: { priority: 38123, pathPatterns: ['/admin', '/admin/*'] } },
    );
    const shop = service(
      'shop',
      80,
      {},
      { public: true, publicPath: '/shop', image: 'nginx:1.27', route: { priority: 39001, pathPatterns: ['/shop', '/shop/*'] } },
    );
    const platform = spec([web, admin, shop, service('api', 8080, {})], ['api', 'shop', 'admin', 'web']);
    const local = planLocal(
      platform,
      new Map([
        ['web', 4001],
        ['admin', 4002],
        ['api', 4003],
      ]),
    );
    expect(localEntryRoutes(platform, local)).toEqual([
      { service: 'web', priority: 50000, pathPatterns: ['/*'], target: 'http://127.0.0.1:4001' },
      { service: 'admin', priority: 38123, pathPatterns: ['/admin', '/admin/*'], target: 'http://127.0.0.1:4002' },
      { service: 'shop', priority: 39001, pathPatterns: ['/shop', '/shop/*'], unavailable: 'runs the image nginx:1.27, not started locally' },
    ]);
  });
});
