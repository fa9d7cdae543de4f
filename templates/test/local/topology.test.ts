// Runs the whole platform on loopback, as `npx projen local` does, and proves every
// call edge of the spec is wired (each caller finds each of its upstreams up) and every
// public path answers through the entry, from the service that owns it.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platform } from '../../src/generated/platform';
import { LocalTopology, type ServiceStatus } from '../../scripts/topology/topology';

interface ReadyBody {
  upstreams: { name: string; env: string; url: string; state: string }[];
}

describe('local topology', () => {
  const topology = new LocalTopology(platform, { root: path.resolve(__dirname, '../..'), quiet: true, entryPort: 0 });
  let statuses: ServiceStatus[] = [];

  beforeAll(async () => {
    await topology.start();
    statuses = await topology.waitForReady(30_000);
  }, 120_000);
  afterAll(() => topology.stop(), 30_000);

  it('starts every service that has an app folder', () => {
    const expected = platform.services.filter((s) => !s.image && !s.dockerBuild).map((s) => s.name);
    expect(statuses.map((s) => s.name).sort()).toEqual([...expected].sort());
  });

  it('every service answers its health check and /ready with 200', () => {
    for (const s of statuses) expect({ name: s.name, health: s.health, ready: s.ready }).toEqual({ name: s.name, health: 200, ready: 200 });
  });

  it("wires each call edge to the callee's local port", () => {
    for (const service of topology.planned) {
      const body = statuses.find((s) => s.name === service.name)?.readyBody as ReadyBody;
      for (const [env, url] of Object.entries(service.upstreamEnv)) {
        expect(body.upstreams).toContainEqual(expect.objectContaining({ env, url, state: 'up' }));
      }
      const callees = Object.keys(service.upstreamEnv).length + service.skipped.length;
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

  it('answers every public path, bare and with a sub-path, through the entry from the service that owns it', async () => {
    const publicServices = platform.services.filter((s) => s.public);
    if (publicServices.length === 0) return expect(topology.entry).toBeUndefined();
    const entry = topology.entry!;
    for (const service of publicServices.filter((s) => !s.image && !s.dockerBuild)) {
      for (const p of [service.publicPath, subPath(service.publicPath)]) {
        // Derived from the paths alone, not from the priorities the entry routes by.
        expect(ownerOf(p), p).toBe(service.name);
        const res = await fetch(`${entry.url}${p}`, { signal: AbortSignal.timeout(10_000) });
        const body = (await res.json()) as { service?: string };
        expect({ path: p, status: res.status, service: body.service }).toEqual({ path: p, status: 200, service: service.name });
      }
    }
  });

  it("answers a path no public service owns with the listener's 404 (or, with a public `/`, from that service)", async () => {
    if (!topology.entry) return;
    const p = unownedPath();
    const res = await fetch(`${topology.entry.url}${p}`, { signal: AbortSignal.timeout(10_000) });
    const root = platform.services.find((s) => s.public && s.publicPath === '/');
    if (!root) {
      expect({ status: res.status, type: res.headers.get('content-type'), body: await res.text() }).toEqual({ status: 404, type: 'text/plain', body: 'Not found' });
    } else if (!root.image && !root.dockerBuild) {
      expect({ status: res.status, service: ((await res.json()) as { service?: string }).service }).toEqual({ status: 200, service: root.name });
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

/** The public service whose path is the longest prefix of `p` (the ALB's longer-path-first rule). */
function ownerOf(p: string): string | undefined {
  const owners = platform.services.filter((s) => s.public && (s.publicPath === '/' || p === s.publicPath || p.startsWith(`${s.publicPath}/`)));
  return owners.sort((a, b) => b.publicPath.length - a.publicPath.length)[0]?.name;
}

/** A path under `publicPath` that no longer public path claims. */
function subPath(publicPath: string): string {
  const base = publicPath === '/' ? '' : publicPath;
  for (let i = 0; ; i++) {
    const candidate = `${base}/entry-check${i || ''}/x`;
    if (!platform.services.some((s) => s.public && s.publicPath.length > publicPath.length && ownerOf(candidate) === s.name)) return candidate;
  }
}

/** A path under no public path other than `/`. */
function unownedPath(): string {
  for (let i = 0; ; i++) {
    const candidate = `/no-such-path${i || ''}`;
    if (!platform.services.some((s) => s.public && s.publicPath !== '/' && ownerOf(candidate) === s.name)) return candidate;
  }
}
