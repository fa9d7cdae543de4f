/**
 * Deterministic spec generator for the benchmarks: `benchSpec(n)` is the same object on
 * every machine and every run (no Math.random, no clock).
 *
 * Shape, for any n >= 5:
 * - ~20% client-only services (front ends, workers), the rest client-server;
 * - client-server services sit in tiers (0 = leaves); a service calls only services of
 *   lower tiers, so the graph is a DAG apart from the deliberate cycles below;
 * - calls mix fan-out (3-5 callees), chains (one callee in the tier just below) and
 *   leaves (no calls);
 * - a few cycles: every 40th client-server service is called back by one of its callees
 *   (2-cycles), plus one 3-cycle when n >= 30;
 * - ~1 in 10 client-only services and ~1 in 25 client-server services is public, each
 *   with a distinct path (the first front end gets `/`);
 * - sizes, desired counts and health paths vary a little.
 */

export interface RawService {
  name: string;
  role: 'client-only' | 'client-server';
  port: number;
  public?: boolean;
  publicPath?: string;
  calls?: string[];
  cpu?: number;
  memory?: number;
  desiredCount?: number;
  healthCheckPath?: string;
}

export interface RawSpec {
  name: string;
  profile: 'prod' | 'dev';
  services: RawService[];
}

const WORDS = [
  'web',
  'api',
  'orders',
  'payments',
  'inventory',
  'catalog',
  'search',
  'users',
  'auth',
  'cart',
  'shipping',
  'billing',
  'notify',
  'reviews',
  'pricing',
  'ledger',
  'media',
  'report',
  'worker',
  'gateway',
];

/** mulberry32: a tiny seeded PRNG, so the same n always gives the same spec. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tiers of client-server services (0 = leaves). */
const TIERS = 6;

export function benchSpec(n: number, seed = 20_251_122): RawSpec {
  if (n < 5) throw new Error('benchSpec: n >= 5');
  const rand = prng(seed + n);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

  const services: RawService[] = [];
  for (let i = 0; i < n; i++) {
    const clientOnly = i % 5 === 0;
    const pad = String(i).padStart(3, '0');
    services.push({
      name: `${WORDS[i % WORDS.length]}-${pad}`,
      role: clientOnly ? 'client-only' : 'client-server',
      port: 3000 + i,
    });
  }
  const servers = services.filter((s) => s.role === 'client-server');
  const tierOf = new Map<string, number>();
  servers.forEach((s, rank) => tierOf.set(s.name, Math.floor((rank * TIERS) / servers.length)));
  const byTier: RawService[][] = Array.from({ length: TIERS }, () => []);
  for (const s of servers) byTier[tierOf.get(s.name)!].push(s);
  const below = (t: number) => byTier.slice(0, t).flat();

  const addCall = (from: RawService, to: RawService) => {
    if (from === to) return;
    from.calls ??= [];
    if (!from.calls.includes(to.name)) from.calls.push(to.name);
  };

  services.forEach((s, i) => {
    const tier = s.role === 'client-only' ? TIERS : tierOf.get(s.name)!;
    const lower = below(tier);
    if (lower.length === 0) return; // leaves
    const kind = i % 7;
    if (kind === 1 || kind === 4 || s.role === 'client-only') {
      // fan-out: 3-5 callees among the lower tiers
      const k = Math.min(lower.length, 3 + Math.floor(rand() * 3));
      for (let j = 0; j < k; j++) addCall(s, pick(lower));
    } else if (kind === 2 || kind === 5 || kind === 6) {
      // chain link: one callee in the tier just below
      addCall(s, pick(byTier[tier - 1].length ? byTier[tier - 1] : lower));
    }
    // kind 0, 3: no calls of their own
  });

  // A few cycles: a callee calls back its caller (2-cycle), every 40th server that calls.
  const callers = servers.filter((s) => (s.calls?.length ?? 0) > 0);
  callers.forEach((s, k) => {
    if (k % 40 !== 0) return;
    const callee = services.find((x) => x.name === s.calls![0])!;
    addCall(callee, s);
  });
  // One 3-cycle on bigger specs: a -> b -> c -> a.
  if (n >= 30 && byTier[3].length && byTier[2].length && byTier[1].length) {
    const [a, b, c] = [byTier[3][0], byTier[2][0], byTier[1][0]];
    addCall(a, b);
    addCall(b, c);
    addCall(c, a);
  }

  // Public entries: distinct paths.
  let publicCount = 0;
  services.forEach((s, i) => {
    const front = s.role === 'client-only' && i % 10 === 0;
    const api = s.role === 'client-server' && i % 25 === 3;
    if (!front && !api) return;
    s.public = true;
    if (publicCount > 0) s.publicPath = front ? `/app/${s.name}` : `/api/${s.name}`;
    publicCount++;
  });

  // A little variety in sizes and health checks.
  services.forEach((s, i) => {
    if (i % 9 === 4) Object.assign(s, { cpu: 512, memory: 1024 });
    if (i % 11 === 7) s.memory = 2048;
    if (i % 13 === 5) s.desiredCount = 3;
    if (i % 17 === 8) s.healthCheckPath = '/healthz';
  });

  return { name: `bench-${n}`, profile: 'prod', services };
}

/** Facts about a spec, for the report. */
export function describeSpec(spec: RawSpec): string {
  const edges = spec.services.reduce((sum, s) => sum + (s.calls?.length ?? 0), 0);
  const pub = spec.services.filter((s) => s.public).length;
  const co = spec.services.filter((s) => s.role === 'client-only').length;
  return `${spec.services.length} services (${co} client-only, ${pub} public), ${edges} calls`;
}

/**
 * A deep call graph: `n` services in chains of `depth` (each calls the one before it in its
 * chain), with a public front end per chain calling its deepest service. Layering stacks by
 * call depth once turned 120 services in chains of 100 into 101 stacks; placement by
 * resources keeps it to a handful.
 */
export function deepSpec(n: number, depth: number): RawSpec {
  const services: RawService[] = [];
  for (let i = 0; i < n; i++) {
    const head = i % depth === 0;
    services.push({ name: `d${i}`, role: 'client-server', port: 8000 + (i % 50000), calls: head ? [] : [`d${i - 1}`] });
  }
  const chains = Math.ceil(n / depth);
  for (let c = 0; c < chains; c++) {
    const last = Math.min(n, (c + 1) * depth) - 1;
    services.push({
      name: `front${c}`,
      role: 'client-only',
      port: 3000 + c,
      public: true,
      publicPath: c === 0 ? '/' : `/f${c}`,
      calls: [`d${last}`],
    });
  }
  return { name: `deep${n}`, profile: 'dev', services };
}
