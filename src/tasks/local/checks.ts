/**
 * What a generated repository's local test checks (test/local.test.ts): the whole platform
 * started on loopback, as `npx projen local` starts it, proves that every call of the spec
 * is wired (each caller finds each of its upstreams up) and that every public path
 * answers through the entry, from the service that owns it.
 */
import type { Plan } from '../../plan';
import { LocalTopology, type ServiceStatus } from './topology';

/** A started topology and what its services answered once all were ready (or the time was up). */
export interface LocalRun {
  readonly platform: Plan;
  readonly topology: LocalTopology;
  readonly statuses: readonly ServiceStatus[];
}

/** One check of a running topology; its violations, none when it holds. */
export interface LocalCheck {
  readonly id: string;
  readonly title: string;
  readonly run: (r: LocalRun) => Promise<string[]>;
}

/** Starts every service with an app folder under `root` and waits for their /ready. */
export async function startLocal(platform: Plan, root: string, options: { readonly readyTimeoutMs?: number } = {}): Promise<LocalRun> {
  const topology = new LocalTopology(platform, { root, quiet: true, entryPort: 0 });
  await topology.start();
  const statuses = await topology.waitForReady(options.readyTimeoutMs ?? 30_000);
  return { platform, topology, statuses };
}

interface ReadyBody {
  upstreams?: { name: string; env: string; url: string; state: string }[];
}

const built = (p: Plan) => p.services.filter((s) => !s.image && !s.dockerBuild);

async function get(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

function serviceOf(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { service?: string }).service;
  } catch {
    return undefined;
  }
}

/** In order; the last one stops the topology. */
export const LOCAL_CHECKS: readonly LocalCheck[] = [
  {
    id: 'local/started',
    title: 'starts every service that has an app folder',
    run: async ({ platform, statuses }) => {
      const expected = built(platform)
        .map((s) => s.name)
        .sort();
      const started = statuses.map((s) => s.name).sort();
      return JSON.stringify(started) === JSON.stringify(expected) ? [] : [`started ${started.join(', ')}; expected ${expected.join(', ')}`];
    },
  },
  {
    id: 'local/ready',
    title: 'every service answers its health check and /ready with 200',
    run: async ({ statuses }) =>
      statuses.filter((s) => s.health !== 200 || s.ready !== 200).map((s) => `${s.name}: health ${s.health ?? 'down'}, ready ${s.ready ?? 'down'}`),
  },
  {
    id: 'local/calls-wired',
    title: "wires each call to the callee's local port",
    run: async ({ topology, statuses }) => {
      const out: string[] = [];
      for (const service of topology.planned) {
        const body = statuses.find((s) => s.name === service.name)?.readyBody as ReadyBody | undefined;
        for (const [env, url] of Object.entries(service.upstreamEnv)) {
          const found = body?.upstreams?.find((u) => u.env === env && u.url === url);
          if (found?.state !== 'up') out.push(`${service.name}: ${env}=${url} is ${found?.state ?? 'not reported'}`);
        }
        const callees = Object.keys(service.upstreamEnv).length + service.skipped.length;
        if (callees !== service.spec.calls.length) out.push(`${service.name}: ${callees} upstreams for ${service.spec.calls.length} calls`);
      }
      return out;
    },
  },
  {
    id: 'local/sample-route',
    title: "each service's sample route reaches all of its upstreams",
    run: async ({ topology }) => {
      const out: string[] = [];
      for (const service of topology.planned) {
        const { status } = await get(`${service.url}/`);
        if (status !== 200) out.push(`${service.name}: GET / answered ${status}`);
      }
      return out;
    },
  },
  {
    id: 'local/public-paths',
    title: 'answers every public path, bare and with a sub-path, through the entry from the service that owns it',
    run: async ({ platform, topology }) => {
      const publicServices = platform.services.filter((s) => s.public);
      if (publicServices.length === 0) return topology.entry ? ['an entry runs although no service is public'] : [];
      const entry = topology.entry;
      if (!entry) return ['no entry runs although a service is public'];
      const out: string[] = [];
      for (const service of publicServices.filter((s) => !s.image && !s.dockerBuild)) {
        for (const p of [service.publicPath, subPath(platform, service.publicPath)]) {
          // Derived from the paths alone, not from the priorities the entry routes by.
          if (ownerOf(platform, p) !== service.name) out.push(`${p} is not ${service.name}'s path`);
          const { status, text } = await get(`${entry.url}${p}`);
          const from = serviceOf(text);
          if (status !== 200 || from !== service.name) out.push(`${p}: ${status} from ${from ?? 'no service'}, expected 200 from ${service.name}`);
        }
      }
      return out;
    },
  },
  {
    id: 'local/not-found',
    title: "answers a path no public service owns with the listener's 404 (or, with a public `/`, from that service)",
    run: async ({ platform, topology }) => {
      if (!topology.entry) return [];
      const p = unownedPath(platform);
      const { status, type, text } = await get(`${topology.entry.url}${p}`);
      const root = platform.services.find((s) => s.public && s.publicPath === '/');
      if (!root) return status === 404 && type === 'text/plain' && text === 'Not found' ? [] : [`${p}: ${status} ${type} ${text.slice(0, 80)}`];
      if (root.image || root.dockerBuild) return [];
      return status === 200 && serviceOf(text) === root.name
        ? []
        : [`${p}: ${status} from ${serviceOf(text) ?? 'no service'}, expected 200 from ${root.name}`];
    },
  },
  {
    // Last: it stops them. Each real process (as ECS runs it) drains on SIGTERM and exits 0.
    id: 'local/stops-cleanly',
    title: 'stops every service cleanly: each drains on SIGTERM and exits 0',
    run: async ({ topology, statuses }) => {
      await topology.stop();
      const codes = await topology.exitCodes();
      return statuses.filter((s) => codes[s.name] !== 0).map((s) => `${s.name} exited with ${codes[s.name]}`);
    },
  },
];

/** The public service whose path is the longest prefix of `p` (the ALB's longer-path-first rule). */
function ownerOf(platform: Plan, p: string): string | undefined {
  const owners = platform.services.filter((s) => s.public && (s.publicPath === '/' || p === s.publicPath || p.startsWith(`${s.publicPath}/`)));
  return owners.sort((a, b) => b.publicPath.length - a.publicPath.length)[0]?.name;
}

/** A path under `publicPath` that no longer public path claims. */
function subPath(platform: Plan, publicPath: string): string {
  const base = publicPath === '/' ? '' : publicPath;
  for (let i = 0; ; i++) {
    const candidate = `${base}/entry-check${i || ''}/x`;
    if (!platform.services.some((s) => s.public && s.publicPath.length > publicPath.length && ownerOf(platform, candidate) === s.name))
      return candidate;
  }
}

/** A path under no public path other than `/`. */
function unownedPath(platform: Plan): string {
  for (let i = 0; ; i++) {
    const candidate = `/no-such-path${i || ''}`;
    if (!platform.services.some((s) => s.public && s.publicPath !== '/' && ownerOf(platform, candidate) === s.name)) return candidate;
  }
}
