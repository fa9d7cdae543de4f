// Runs the whole platform on loopback, as `npx projen local` does, and proves every
// call edge of the spec is wired: each caller finds each of its upstreams up.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platform } from '../../src/generated/platform';
import { LocalTopology, type ServiceStatus } from '../../scripts/topology/topology';

interface ReadyBody {
  upstreams: { name: string; env: string; url: string; state: string }[];
}

describe('local topology', () => {
  const topology = new LocalTopology(platform, { root: path.resolve(__dirname, '../..'), quiet: true });
  let statuses: ServiceStatus[] = [];

  beforeAll(async () => {
    await topology.start();
    statuses = await topology.waitForReady(30_000);
  }, 120_000);
  afterAll(() => topology.stop(), 30_000);

  it('starts every service that has an app folder', () => {
    const expected = platform.services.filter((s) => !s.image).map((s) => s.name);
    expect(statuses.map((s) => s.name).sort()).toEqual([...expected].sort());
  });

  it('every service answers its health check and /ready with 200', () => {
    for (const s of statuses) expect({ name: s.name, health: s.health, ready: s.ready }).toEqual({ name: s.name, health: 200, ready: 200 });
  });

  it("wires each call edge to the callee's local port", () => {
    for (const service of topology.planned) {
      const body = statuses.find((s) => s.name === service.name)?.readyBody as ReadyBody;
      for (const [env, url] of Object.entries(service.env)) {
        expect(body.upstreams).toContainEqual(expect.objectContaining({ env, url, state: 'up' }));
      }
      const callees = Object.keys(service.env).length + service.skipped.length;
      expect(callees).toBe(service.spec.calls.length);
    }
  });

  it("each service's sample route reaches all of its upstreams", async () => {
    for (const service of topology.planned) {
      const res = await fetch(`${service.url}/`, { signal: AbortSignal.timeout(10_000) });
      expect({ name: service.name, status: res.status }).toEqual({ name: service.name, status: 200 });
      await res.arrayBuffer();
    }
  });

  // Last: it stops them. Each real process (as ECS runs it) drains on SIGTERM and exits 0.
  it('stops every service cleanly: each drains on SIGTERM and exits 0', async () => {
    await topology.stop();
    const codes = await topology.exitCodes();
    const expected = Object.fromEntries(statuses.map((s) => [s.name, 0]));
    expect(codes).toEqual(expected);
  }, 30_000);
});
