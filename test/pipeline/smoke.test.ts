/**
 * The smoke test after a stage's deploy: its checks from the plan and the stack outputs,
 * how it judges answers, and how it waits (with a fake clock, requests and ECS).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOAD_BALANCER_DNS_OUTPUT, type Plan } from '../../src/plan';
import {
  describeBatches,
  ecsFailures,
  httpFailure,
  loadBalancerDns,
  smokePlan,
  underPath,
  type DescribedService,
  type HttpCheck,
} from '../../src/tasks/pipeline/smoke';
import { runSmoke, smokeCommand, type SmokeIo } from '../../src/tasks/pipeline/smoke-run';
import { fixturePlan, planOf } from '../support/synth-platform';
import { PIPELINE_SPEC, pipelinePlan } from '../support/stages';

const OUTPUTS = { 'dev-ShopNetwork': { [LOAD_BALANCER_DNS_OUTPUT]: 'shop-123.eu-west-1.elb.amazonaws.com', Other: 'x' }, 'dev-ShopServices': {} };

describe('the checks of a stage', () => {
  const plan = planOf(PIPELINE_SPEC);

  it('probes each public service at its path through the load balancer: the path answers, <path>/ready is 200', () => {
    const smoke = smokePlan(plan, OUTPUTS, 'eu-west-1');
    expect(smoke.http.map((c) => [c.what, c.protocol, c.host, c.path, c.expect])).toEqual([
      ['web: GET / answers', 'http', 'shop-123.eu-west-1.elb.amazonaws.com', '/', 'answers'],
      ['web: GET /ready is 200 (ready)', 'http', 'shop-123.eu-west-1.elb.amazonaws.com', '/ready', 200],
      ['admin: GET /admin answers', 'http', 'shop-123.eu-west-1.elb.amazonaws.com', '/admin', 'answers'],
      ['admin: GET /admin/ready is 200 (ready)', 'http', 'shop-123.eu-west-1.elb.amazonaws.com', '/admin/ready', 200],
    ]);
    expect(smoke.ecs).toEqual({ cluster: 'shop', region: 'eu-west-1', services: ['web', 'admin', 'orders', 'catalog'] });
    expect(smoke.notes).toEqual([
      'Not probed over HTTP (private: nothing outside the VPC reaches them, and the test opens nothing): orders, catalog. Each is checked in ECS instead: running tasks = desired, one completed deployment.',
    ]);
  });

  it("asks ECS about the stage's own cluster (<name>-<stage>), not the unstaged one", () => {
    for (const stage of pipelinePlan().stages!) {
      expect(smokePlan(stage.plan, OUTPUTS, stage.region).ecs.cluster).toBe(`shop-${stage.name}`);
    }
  });

  it('with HTTPS, connects to the load balancer with the domain as TLS name and Host', () => {
    const https = { ...plan, domain: 'shop.example.com', certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/x' } as Plan;
    const [check] = smokePlan(https, OUTPUTS).http;
    expect(check).toMatchObject({ protocol: 'https', host: 'shop-123.eu-west-1.elb.amazonaws.com', hostHeader: 'shop.example.com' });
  });

  it('checks only ECS for a private platform, and says that it does not probe over HTTP', () => {
    const smoke = smokePlan(fixturePlan('single-server'), {});
    expect(smoke.http).toEqual([]);
    expect(smoke.ecs.services.length).toBeGreaterThan(0);
    expect(smoke.notes[0]).toMatch(/^Not probed over HTTP \(private: nothing outside the VPC reaches them, and the test opens nothing\)/);
  });

  it("only checks that an image service's path answers (its readiness route is unknown)", () => {
    const withImage = planOf({
      name: 'shop',
      services: [
        {
          name: 'api',
          role: 'client-server',
          port: 8080,
          public: true,
          image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/api:1',
          healthCheckPath: '/',
        },
      ],
    });
    expect(smokePlan(withImage, OUTPUTS).http.map((c) => c.what)).toEqual(['api: GET / answers']);
  });

  it('refuses outputs without the load balancer when a service is public', () => {
    expect(() => smokePlan(plan, { 'dev-ShopNetwork': {} })).toThrow(
      `no ${LOAD_BALANCER_DNS_OUTPUT} output in the deploy's outputs (stacks: dev-ShopNetwork); deploy with \`--outputs-file\``,
    );
    expect(loadBalancerDns(OUTPUTS)).toBe('shop-123.eu-west-1.elb.amazonaws.com');
  });

  it('joins paths under the public path', () => {
    expect(underPath('/', 'ready')).toBe('/ready');
    expect(underPath('/admin', 'ready')).toBe('/admin/ready');
    expect(underPath('/admin/', 'ready')).toBe('/admin/ready');
  });
});

describe('judging answers', () => {
  const entry = { expect: 'answers' } as HttpCheck;
  const ready = { expect: 200, bodyIncludes: '"status":"ready"' } as HttpCheck;

  it("an entry answers with any status below 500; the load balancer's 502/503 (no healthy target) is not an answer", () => {
    expect(httpFailure(entry, { status: 404, body: '' })).toBeUndefined();
    expect(httpFailure(entry, { status: 503, body: '' })).toBe('status 503');
    expect(httpFailure(entry, { error: 'connect ECONNREFUSED' })).toBe('connect ECONNREFUSED');
  });

  it('/ready must be 200 and say ready (not the sample route answering under the path)', () => {
    expect(httpFailure(ready, { status: 200, body: '{"status":"ready","service":"web"}' })).toBeUndefined();
    expect(httpFailure(ready, { status: 503, body: '{"status":"not-ready"}' })).toBe('status 503');
    expect(httpFailure(ready, { status: 200, body: '{"service":"admin","path":"/admin/ready"}' })).toMatch(/^no "status":"ready" in the body/);
  });

  it('a service is steady when it runs as many tasks as desired, in one completed deployment', () => {
    const steady: DescribedService = {
      serviceName: 'a',
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      deployments: [{ rolloutState: 'COMPLETED' }],
    };
    expect(ecsFailures(['a'], [steady])).toEqual(new Map());
    expect(ecsFailures(['a'], [{ ...steady, runningCount: 1 }])).toEqual(new Map([['a', '1 of 2 tasks running']]));
    expect(ecsFailures(['a'], [{ ...steady, deployments: [{}, {}] }])).toEqual(new Map([['a', '2 deployments in progress']]));
    expect(ecsFailures(['a'], [{ ...steady, deployments: [{ rolloutState: 'IN_PROGRESS' }] }])).toEqual(new Map([['a', 'deployment IN_PROGRESS']]));
    expect(ecsFailures(['a', 'b'], [steady])).toEqual(new Map([['b', 'not found in the cluster']]));
    expect(describeBatches(Array.from({ length: 23 }, (_, i) => `s${i}`)).map((b) => b.length)).toEqual([10, 10, 3]);
  });
});

/** A fake world: a clock, requests that fail until `healthyAfter` ms, ECS steady from `steadyAfter` ms. */
function world(opts: { healthyAfter: number; steadyAfter: number }) {
  let now = 0;
  const log: string[] = [];
  const io: SmokeIo = {
    probe: async () => (now >= opts.healthyAfter ? { status: 200, body: '{"status":"ready"}' } : { status: 503, body: '' }),
    describe: async (_cluster, services) =>
      services.map((name) => ({
        serviceName: name,
        status: 'ACTIVE',
        desiredCount: 1,
        runningCount: now >= opts.steadyAfter ? 1 : 0,
        deployments: [{ rolloutState: 'COMPLETED' }],
      })),
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    log: (line) => log.push(line),
  };
  return { io, log, elapsed: () => now };
}

describe('waiting', () => {
  const smoke = smokePlan(planOf(PIPELINE_SPEC), OUTPUTS);

  it('retries until every check has passed once', async () => {
    const w = world({ healthyAfter: 40_000, steadyAfter: 20_000 });
    expect(await runSmoke(smoke, w.io, { timeoutMs: 120_000, intervalMs: 15_000 })).toBe(true);
    expect(w.elapsed()).toBe(45_000);
    expect(w.log.at(-1)).toBe('smoke test passed (round 4)');
  });

  it('gives up when the bounded wait ends, saying what never passed', async () => {
    const w = world({ healthyAfter: Infinity, steadyAfter: 0 });
    expect(await runSmoke(smoke, w.io, { timeoutMs: 60_000, intervalMs: 15_000 })).toBe(false);
    expect(w.elapsed()).toBe(60_000);
    expect(w.log).toContain('smoke test failed after 60 s:');
    expect(w.log).toContain('  web: GET /ready is 200 (ready): status 503');
  });
});

describe('npx projen smoke:<stage>', () => {
  const platform = pipelinePlan();
  const quiet = () => {
    const w = world({ healthyAfter: 0, steadyAfter: 0 });
    return { ...w.io, log: () => undefined };
  };

  it("reads the stage's outputs file and passes when everything answers", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-smoke-'));
    writeFileSync(join(dir, 'cdk-outputs-staging.json'), JSON.stringify(OUTPUTS));
    expect(await smokeCommand(['staging'], { dir, platform }, quiet())).toBe(0);
  });

  it('exits 2 for a stage the spec does not have, or a deploy that wrote no outputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-smoke-'));
    expect(await smokeCommand(['qa'], { dir, platform }, quiet())).toBe(2);
    expect(await smokeCommand(['dev'], { dir, platform }, quiet())).toBe(2);
    expect(await smokeCommand([], { dir, platform }, quiet())).toBe(2);
    expect(await smokeCommand(['dev', '--timeout', 'soon'], { dir, platform }, quiet())).toBe(2);
  });
});
