/**
 * Shared by the fuzz tests: run counts and seeds, the valid-spec arbitrary, and the plan
 * invariants (checked against the plan by re-deriving them from `calls` alone).
 *
 * Environment:
 *   FUZZ_RUNS=<n>   runs per property instead of each property's default (CI keeps the defaults)
 *   FUZZ_SEED=<n>   replay a failure: the seed fast-check printed (with FUZZ_PATH for its path)
 */
import fc from 'fast-check';
import { FARGATE_TASK_SIZES, LIMITS, SIDECAR_CPU, SIDECAR_MEMORY } from '../../src/spec';
import {
  MAX_RESOURCES_PER_STACK,
  RESOURCES_PER_CALL,
  RESOURCES_PER_SERVICE,
  RESOURCES_PER_STACK,
  deferredCallTest,
  upstreamEnvName,
  type Plan,
} from '../../src/plan';

/** fast-check parameters: `defaultRuns` unless FUZZ_RUNS says otherwise; FUZZ_SEED replays. */
export function fuzzParameters<T>(defaultRuns: number): fc.Parameters<T> {
  const runs = Number(process.env.FUZZ_RUNS ?? '');
  const seed = process.env.FUZZ_SEED;
  return {
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(seed !== undefined && seed !== '' ? { seed: Number(seed), path: process.env.FUZZ_PATH, endOnFailure: true } : {}),
    // The failure message carries the seed, the path and the counterexample; print them
    // also on their own, so they show up even when a reporter cuts the message.
    reporter: (details) => {
      if (!details.failed) return;
      const line = `fuzz failure: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}`;
      console.error(line);
      throw new Error(`${line}\n${fc.defaultReportMessage(details) ?? ''}`);
    },
  };
}

// ---------------------------------------------------------------------------------------
// Valid specs
// ---------------------------------------------------------------------------------------

/** A raw spec as a user writes it. */
export type RawSpec = {
  name: string;
  namespace?: string;
  azs?: number;
  profile?: 'dev' | 'prod';
  domain?: string;
  certificateArn?: string;
  services: RawService[];
};
export type RawService = {
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
  image?: string;
  healthCheckCommand?: string;
};

const LABEL = /^[a-z][a-z0-9]{0,5}(?:-[a-z0-9]{1,4}){0,3}$/;

/** Service names: short, hyphenated, digits, and now and then the longest allowed. */
export const serviceNameArb: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 6, arbitrary: fc.stringMatching(LABEL) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z]$/) },
    // Few letters, many hyphens: names whose concatenations collide (a-b + c, a + b-c).
    { weight: 2, arbitrary: fc.stringMatching(/^[abc](?:-[abc]){0,2}$/) },
    {
      weight: 1,
      arbitrary: fc
        .stringMatching(/^[a-z][a-z0-9]{0,8}$/)
        .map((head) => `${head}-${'x9'.repeat(40)}`.slice(0, LIMITS.serviceNameMaxLength).replace(/-$/, 'z')),
    },
  )
  .filter((n) => n !== 'localhost' && !n.includes('--') && !n.endsWith('-'));

const pathSegmentArb = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/);

/** A public path: `/seg/seg`, never `/` (that is the default, given at most once). */
const publicPathArb = fc.array(pathSegmentArb, { minLength: 1, maxLength: 4 }).map((segs) => `/${segs.join('/')}`);

const healthPathArb = fc.oneof(
  fc.constantFrom('/', '/health', '/healthz', '/-/ready', '/.well-known/live/'),
  fc.array(pathSegmentArb, { minLength: 1, maxLength: 3 }).map((segs) => `/${segs.join('/')}`),
);

const HEX64 = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);
/** Images in ECR, all in eu-west-1: the region of the fuzzed certificate, and one region per platform. */
const imageArb = fc.constantFrom(
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1',
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-public/nginx/nginx:1.27',
  '210987654321.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/redis:7',
  `123456789012.dkr.ecr.eu-west-1.amazonaws.com/a/b_c.d-e:t_1.2@sha256:${HEX64}`,
  `123456789012.dkr.ecr.eu-west-1.amazonaws.com/xy@sha256:${HEX64}`,
);

/** Shell commands with the characters a shell, YAML and compose's interpolation care about. */
const healthCheckCommandArb = fc.constantFrom(
  'none',
  'curl -fs http://127.0.0.1:8080/health || exit 1',
  `wget -qO- "http://localhost:$PORT/health" | grep -q '"ok":true'`,
  'test -f /tmp/ready && echo ${HOME} {{x}} `id` \\ # é',
);

const CPU_CHOICES = [128, 256, 512, 768, 1024, 1792, 2048, 3840, 4096, 8192, LIMITS.maxCpu];
const MEMORY_CHOICES = [128, 448, 512, 960, 1024, 2048, 3000, 8192, 30656, 61440, LIMITS.maxMemory];

const cpuArb = fc.oneof(fc.constantFrom(...CPU_CHOICES), fc.integer({ min: LIMITS.minCpu, max: LIMITS.maxCpu }));
const memoryArb = fc.oneof(fc.constantFrom(...MEMORY_CHOICES), fc.integer({ min: LIMITS.minMemory, max: LIMITS.maxMemory }));

interface ServiceDraft {
  server: boolean;
  port: number;
  public: boolean;
  defaultPath: boolean;
  path: string;
  /** Indices (mod n) of services this one calls; non-servers and itself are dropped. */
  calls: number[];
  cpu?: number;
  memory?: number;
  desiredCount?: number;
  healthCheckPath?: string;
  image?: string;
  healthCheckCommand?: string;
}

const draftArb = (maxCalls: number): fc.Arbitrary<ServiceDraft> =>
  fc.record(
    {
      server: fc.boolean(),
      port: fc.oneof(fc.integer({ min: LIMITS.minUnprivilegedPort, max: LIMITS.maxPort }), fc.constantFrom(1024, 3000, 8080, 8443, 65535)),
      public: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      defaultPath: fc.boolean(),
      path: publicPathArb,
      calls: fc.array(fc.nat(), { maxLength: maxCalls, size: 'max' }),
      cpu: cpuArb,
      memory: memoryArb,
      desiredCount: fc.integer({ min: LIMITS.minDesiredCount, max: LIMITS.maxDesiredCount }),
      healthCheckPath: healthPathArb,
      image: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: imageArb }),
      healthCheckCommand: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: healthCheckCommandArb }),
    },
    { requiredKeys: ['server', 'port', 'public', 'defaultPath', 'path', 'calls', 'image'] },
  );

export interface ValidSpecOptions {
  readonly minServices?: number;
  readonly maxServices?: number;
  /** Most `calls` entries drawn per service (before dropping the ones that cannot be called). */
  readonly maxCalls?: number;
}

/**
 * Valid specs: 1-40 services with random roles (at least one client-server), ports, public
 * services with distinct paths, call graphs to client-server services (cycles and diamonds
 * come from the random choice of callees), sizes within limits, profile, azs, domain.
 */
export function validSpecArb(options: ValidSpecOptions = {}): fc.Arbitrary<RawSpec> {
  const minServices = options.minServices ?? 1;
  const maxServices = options.maxServices ?? 40;
  return fc
    .record({
      name: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,7}(?:-[a-z0-9]{1,7}){0,2}$/), fc.constant('shop')),
      names: fc.uniqueArray(serviceNameArb, { minLength: minServices, maxLength: maxServices, size: 'max' }),
      drafts: fc.array(draftArb(options.maxCalls ?? 8), { minLength: maxServices, maxLength: maxServices }),
      firstServer: fc.nat(),
      namespace: fc.option(fc.constantFrom('shop.internal', 'a', 'x-1.y-2.z-3', 'svc.local'), { nil: undefined }),
      azs: fc.option(fc.integer({ min: LIMITS.minAzs, max: LIMITS.maxAzs }), { nil: undefined }),
      profile: fc.option(fc.constantFrom('dev' as const, 'prod' as const), { nil: undefined }),
      https: fc.boolean(),
    })
    .map(({ name, names, drafts, firstServer, namespace, azs, profile, https }) => {
      const n = names.length;
      const server = names.map((_, i) => drafts[i].server);
      if (!server.some(Boolean)) server[firstServer % n] = true;
      let defaultPathTaken = false;
      const services = names.map((serviceName, i): RawService => {
        const d = drafts[i];
        const s: RawService = { name: serviceName, role: server[i] ? 'client-server' : 'client-only', port: d.port };
        if (d.public) {
          s.public = true;
          if (d.defaultPath && !defaultPathTaken) defaultPathTaken = true;
          else s.publicPath = `${d.path}-${i}`; // the index keeps paths distinct
        } else if (d.defaultPath) {
          s.public = false;
        }
        const calls = [...new Set(d.calls.map((c) => c % n))].filter((c) => c !== i && server[c]).map((c) => names[c]);
        if (calls.length > 0 || d.defaultPath) s.calls = calls;
        if (d.cpu !== undefined) s.cpu = d.cpu;
        if (d.memory !== undefined) s.memory = d.memory;
        if (d.desiredCount !== undefined) s.desiredCount = d.desiredCount;
        if (d.healthCheckPath !== undefined) s.healthCheckPath = d.healthCheckPath;
        if (d.image !== undefined) s.image = d.image;
        // The load balancer checks a public image's own path: the spec requires one.
        if (s.public === true && s.image !== undefined && s.healthCheckPath === undefined) s.healthCheckPath = '/';
        if (d.healthCheckCommand !== undefined) s.healthCheckCommand = d.healthCheckCommand;
        return s;
      });
      const spec: RawSpec = { name, services };
      if (namespace !== undefined) spec.namespace = namespace;
      if (azs !== undefined) spec.azs = azs;
      if (profile !== undefined) spec.profile = profile;
      if (https && services.some((s) => s.public)) {
        spec.domain = `${name}.example.com`;
        spec.certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab';
      }
      return spec;
    });
}

// ---------------------------------------------------------------------------------------
// Graphs
// ---------------------------------------------------------------------------------------

export interface Edge {
  readonly from: string;
  readonly to: string;
}

export function edgesOf(spec: { services: readonly { name: string; calls?: readonly string[] }[] }): Edge[] {
  return spec.services.flatMap((s) => (s.calls ?? []).map((to) => ({ from: s.name, to })));
}

/** Whether `to` is reachable from `from` along `edges` (a path of length >= 0). */
export function reachable(edges: readonly Edge[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const x = queue.shift()!;
    if (x === to) return true;
    for (const y of next.get(x) ?? []) if (!seen.has(y)) (seen.add(y), queue.push(y));
  }
  return false;
}

/** Whether the graph has no cycle (Kahn's algorithm). */
export function isAcyclic(nodes: readonly string[], edges: readonly Edge[]): boolean {
  const indegree = new Map(nodes.map((n) => [n, 0]));
  for (const e of edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const queue = nodes.filter((n) => indegree.get(n) === 0);
  let removed = 0;
  while (queue.length > 0) {
    const x = queue.pop()!;
    removed++;
    for (const e of edges) {
      if (e.from !== x) continue;
      const d = indegree.get(e.to)! - 1;
      indegree.set(e.to, d);
      if (d === 0) queue.push(e.to);
    }
  }
  return removed === nodes.length;
}

/** Shape of a spec's call graph, to show what the generator reaches. */
export function graphShape(spec: RawSpec): { cycle: boolean; diamond: boolean } {
  const edges = edgesOf(spec);
  const names = spec.services.map((s) => s.name);
  const cycle = !isAcyclic(names, edges);
  // A diamond: two distinct paths a -> b -> d and a -> c -> d.
  const calls = new Map(spec.services.map((s) => [s.name, s.calls ?? []]));
  const diamond = names.some((a) => {
    const mids = calls.get(a)!;
    const seen = new Set<string>();
    for (const m of mids) {
      for (const d of calls.get(m) ?? []) {
        if (d === a) continue;
        if (seen.has(d)) return true;
        seen.add(d);
      }
    }
    return false;
  });
  return { cycle, diamond };
}

// ---------------------------------------------------------------------------------------
// Plan invariants
// ---------------------------------------------------------------------------------------

function fails(message: string): never {
  throw new Error(message);
}

/**
 * Checks the plan against the invariants, re-derived from the spec's calls alone. Throws
 * on the first broken one. `fresh`: the plan was made without a previous placement, so
 * services were placed callees first and only real cycles may be deferred.
 */
export function checkPlanInvariants(plan: Plan, options: { fresh?: boolean } = {}): void {
  const fresh = options.fresh ?? true;
  const names = plan.services.map((s) => s.name);
  const nameSet = new Set(names);
  const byName = new Map(plan.services.map((s) => [s.name, s]));
  const edges = edgesOf(plan);
  const isDeferredCall = deferredCallTest(plan.deferredCalls);
  const ordinary = edges.filter((e) => !isDeferredCall(e.from, e.to));

  // Service Connect aliases (the service names) are unique, and so are upstream variables.
  if (nameSet.size !== names.length) fails(`duplicate service names: ${names.join(', ')}`);

  // Stacks: each service in exactly one, named uniquely.
  const stackIndex = new Map<string, number>();
  plan.stacks.forEach((st, i) => {
    if (st.services.length === 0 && fresh) fails(`stack ${st.name} is empty in a new platform`);
    for (const n of st.services) {
      if (stackIndex.has(n)) fails(`${n} is in two stacks`);
      if (!nameSet.has(n)) fails(`stack ${st.name} holds unknown ${n}`);
      stackIndex.set(n, i);
    }
  });
  if (new Set(plan.stacks.map((s) => s.name)).size !== plan.stacks.length) fails('stack names repeat');
  for (const s of plan.services) {
    if (!stackIndex.has(s.name)) fails(`${s.name} is in no stack`);
    if (plan.stacks[stackIndex.get(s.name)!].name !== s.stack) fails(`${s.name}.stack says ${s.stack}`);
  }

  // deployOrder is a permutation of the services, stack by stack.
  const order = plan.deployOrder;
  if (order.length !== names.length || new Set(order).size !== order.length || !order.every((n) => nameSet.has(n))) {
    fails(`deployOrder ${order.join(',')} is not a permutation of ${names.join(',')}`);
  }
  const position = new Map(order.map((n, i) => [n, i]));
  for (let i = 1; i < order.length; i++) {
    if (stackIndex.get(order[i]!)! < stackIndex.get(order[i - 1]!)!) fails(`deployOrder goes back a stack at ${order[i]}`);
  }

  // Every ordinary call: the callee deploys before the caller, in the same or an earlier stack.
  for (const e of ordinary) {
    if (position.get(e.to)! >= position.get(e.from)!) fails(`${e.from} -> ${e.to}: callee does not deploy before its caller`);
    if (stackIndex.get(e.to)! > stackIndex.get(e.from)!) fails(`${e.from} -> ${e.to}: callee is in a later stack`);
  }

  // Deferred calls are calls, each once, each for its reason; without them the graph is a DAG.
  for (const d of plan.deferredCalls) {
    if (!edges.some((e) => e.from === d.from && e.to === d.to)) fails(`deferred ${d.from} -> ${d.to} is not a call`);
    const from = stackIndex.get(d.from)!;
    const to = stackIndex.get(d.to)!;
    if (d.reason === 'stack-order' && !(to > from)) fails(`deferred ${d.from} -> ${d.to} for stack order, but the callee is not in a later stack`);
    if (d.reason === 'cycle') {
      if (to !== from) fails(`deferred ${d.from} -> ${d.to} as a cycle across stacks`);
      const inStack = ordinary.filter((e) => stackIndex.get(e.from) === from && stackIndex.get(e.to) === from);
      if (!reachable(inStack, d.to, d.from)) fails(`deferred ${d.from} -> ${d.to} closes no cycle: adding it back keeps a DAG`);
    }
    // A new platform is placed callees first: it defers only calls that close a cycle
    // (in its stack, or across stacks when the cycle spans them).
    if (fresh && !reachable(edges, d.to, d.from)) fails(`a new platform defers ${d.from} -> ${d.to}, which closes no cycle`);
  }
  if (new Set(plan.deferredCalls.map((d) => `${d.from}>${d.to}`)).size !== plan.deferredCalls.length) fails('a call is deferred twice');
  if (!isAcyclic(names, ordinary)) fails('the calls that are not deferred still form a cycle');
  if (plan.deferredCalls.length > 0 && isAcyclic(names, edges) && fresh) fails('calls are deferred although the graph has no cycle');

  // A client-only service that nothing orders waits for a registration, else none does.
  for (const s of plan.services) {
    const ordered = ordinary.some((e) => e.from === s.name);
    const wait = s.registrationWait;
    if (s.role === 'client-only' && !ordered) {
      if (!wait) fails(`${s.name} waits for no registration`);
      const target = byName.get(wait.service);
      if (target?.role !== 'client-server') fails(`${s.name} waits for ${wait.service}, which is not client-server`);
      const later = stackIndex.get(wait.service)! > stackIndex.get(s.name)!;
      if (later !== wait.deferred) fails(`${s.name} waits for ${wait.service}: deferred should be ${later}`);
      if (!later && position.get(wait.service)! >= position.get(s.name)!) fails(`${s.name} deploys before ${wait.service}, which it waits for`);
      if (fresh && later) fails(`a new platform makes ${s.name} wait for a later stack`);
    } else if (wait) {
      fails(`${s.name} waits for ${wait.service} although ${s.role === 'client-only' ? 'a call orders it' : 'it is client-server'}`);
    }
  }

  // Task sizes: a valid Fargate pair with room for the sidecar, and the smallest such.
  for (const s of plan.services) {
    const valid = FARGATE_TASK_SIZES.some((t) => t.cpu === s.taskCpu && t.memory === s.taskMemory);
    if (!valid) fails(`${s.name}: ${s.taskCpu}/${s.taskMemory} is not a Fargate task size`);
    if (s.taskCpu < s.cpu + SIDECAR_CPU || s.taskMemory < s.memory + SIDECAR_MEMORY) {
      fails(`${s.name}: task ${s.taskCpu}/${s.taskMemory} has no room for app ${s.cpu}/${s.memory} and the sidecar`);
    }
    const fits = FARGATE_TASK_SIZES.filter((t) => t.cpu >= s.cpu + SIDECAR_CPU && t.memory >= s.memory + SIDECAR_MEMORY);
    const minCpu = Math.min(...fits.map((t) => t.cpu));
    const minMemory = Math.min(...fits.filter((t) => t.cpu === minCpu).map((t) => t.memory));
    if (s.taskCpu !== minCpu || s.taskMemory !== minMemory)
      fails(`${s.name}: ${s.taskCpu}/${s.taskMemory} is not the smallest fit ${minCpu}/${minMemory}`);

    // Upstreams: one per callee, in calls order, with its port and variable; the
    // variable holds the alias and port.
    const upstreams = s.calls.map((c) => ({ service: c, port: byName.get(c)!.port, env: upstreamEnvName(c) }));
    if (JSON.stringify(s.upstreams) !== JSON.stringify(upstreams)) fails(`${s.name}: upstreams ${JSON.stringify(s.upstreams)}`);
    const expected = Object.fromEntries(s.calls.map((c) => [upstreamEnvName(c), `http://${c}:${byName.get(c)!.port}`]));

    // The container environment: its port, the app's liveness path, the public path the
    // load balancer forwards unchanged, then the upstreams; nothing else.
    const environment = {
      PORT: String(s.port),
      ...(s.image === undefined ? { HEALTH_PATH: s.healthCheckPath } : {}),
      ...(s.public ? { PUBLIC_PATH: s.publicPath } : {}),
      ...expected,
    };
    if (JSON.stringify(s.environment) !== JSON.stringify(environment)) fails(`${s.name}: environment ${JSON.stringify(s.environment)}`);

    // Container health check: the given command, else the node probe for a generated app and none for an image.
    const command = s.healthCheckCommand;
    const check = s.containerHealthCheck;
    if (command === 'none' || (command === undefined && s.image !== undefined)) {
      if (check !== undefined) fails(`${s.name}: a container health check ${JSON.stringify(check)} where there should be none`);
    } else if (command !== undefined) {
      if (JSON.stringify(check) !== JSON.stringify(['CMD-SHELL', command]))
        fails(`${s.name}: health check ${JSON.stringify(check)} is not CMD-SHELL ${command}`);
    } else if (check?.[0] !== 'CMD' || check[1] !== 'node' || !check[3]?.includes(JSON.stringify(`http://127.0.0.1:${s.port}${s.healthCheckPath}`))) {
      fails(`${s.name}: health check ${JSON.stringify(check)} is not the node probe of port ${s.port} and ${s.healthCheckPath}`);
    }
  }

  // Listener rules: exactly the public services have one, with the patterns of their path,
  // a distinct priority, and every path before the shorter paths it extends.
  for (const s of plan.services) {
    if (s.public !== (s.route !== undefined)) fails(`${s.name}: public ${s.public} but route ${JSON.stringify(s.route)}`);
    const expected = s.publicPath === '/' ? ['/*'] : [s.publicPath, `${s.publicPath}/*`];
    if (s.route && JSON.stringify(s.route.pathPatterns) !== JSON.stringify(expected))
      fails(`${s.name}: patterns ${JSON.stringify(s.route.pathPatterns)}`);
  }
  const routed = plan.services.filter((s) => s.route);
  if (new Set(routed.map((s) => s.route!.priority)).size !== routed.length) fails('two listener rules share a priority');
  for (const a of routed) {
    for (const b of routed) {
      const extendsB = a !== b && (b.publicPath === '/' || a.publicPath.startsWith(`${b.publicPath}/`));
      if (extendsB && a.route!.priority >= b.route!.priority) fails(`${a.publicPath} is not matched before ${b.publicPath}`);
    }
  }

  // Resources per stack, by where the generated app puts them: each service's own, and each
  // call's rules in the later of the two stacks. New platforms respect the budget (a single
  // service too large for it gets a stack of its own).
  const resources = plan.stacks.map(() => RESOURCES_PER_STACK);
  for (const s of plan.services) resources[stackIndex.get(s.name)!] += RESOURCES_PER_SERVICE;
  for (const e of edges) resources[Math.max(stackIndex.get(e.from)!, stackIndex.get(e.to)!)] += RESOURCES_PER_CALL;
  plan.stacks.forEach((st, i) => {
    if (fresh && resources[i] > MAX_RESOURCES_PER_STACK && st.services.length > 1) fails(`stack ${st.name}: about ${resources[i]} resources`);
  });
}
