/**
 * How the shared load balancer's listener routes to the public services: one rule per
 * public path, with its priority and path patterns. Computed once here, by the planner;
 * the CDK app (PublicRoute) and the local entry (`npx projen local`, docker compose) both
 * read the result from the plan, so the three cannot disagree.
 *
 * A priority is state, not a function of the spec: assigned once per (service, path), kept
 * in the committed stack-placement.json (`listenerRules`), and never given to another rule
 * while the rule it belonged to may still exist. A listener refuses two rules with one
 * priority (PriorityInUse), and CloudFormation creates a new rule before it deletes the old
 * one (in another stack, possibly much later), so a number that followed the path (a path
 * moving to another service) or the set of paths (a same-length path going away) failed
 * the deploy.
 */

/** Priority of the first catch-all `/` rule: evaluated after every other path. */
export const CATCH_ALL_PRIORITY = 50000;

/** Slots per band of equal-length paths. */
const BAND = 200;

/**
 * Lowest priority a catch-all `/` rule may take: above every band of longer paths. A `/`
 * that moves to another service takes the next free number below 50000.
 */
const CATCH_ALL_FLOOR = BAND * BAND;

/** A public service's rule on the shared listener. */
export interface ListenerRoute {
  /** Listener rule priority: lower is evaluated first; unique on the listener. */
  readonly priority: number;
  /** ALB path patterns (`*` and `?` wildcards, case-sensitive); any one matching is enough. */
  readonly pathPatterns: readonly string[];
}

/**
 * The priority of one listener rule, as stack-placement.json keeps it: the rule of
 * `service` for `path`.
 */
export interface ListenerRulePlacement {
  /** The public service the rule forwards to. */
  readonly service: string;
  /** Its public path, normalized (`/admin`, `/`). */
  readonly path: string;
  readonly priority: number;
  /**
   * The rule left the spec (its service was removed or made private, or its path changed
   * or moved to another service). The rule may still exist while the change deploys (in a
   * stack that deploys later, or until the cleanup phase), so its number is not given to
   * another rule. The same service and path coming back takes it again. Delete the entry
   * once the change is deployed everywhere, to free the number.
   */
  readonly retired?: boolean;
}

/** `/api` → `/api`, `/api/*`; `/` → `/*` (everything not matched by a longer path). */
export function pathPatterns(publicPath: string): string[] {
  const path = normalizePath(publicPath);
  return path === '/' ? ['/*'] : [path, `${path}/*`];
}

/**
 * Priorities of a new platform's paths: what {@link assignListenerRules} gives them with no
 * previous state (each path its own service).
 */
export function listenerRulePriorities(publicPaths: readonly string[]): Map<string, number> {
  const rules = assignListenerRules(publicPaths.map((p) => ({ service: p, path: p })));
  const byPath = new Map(rules.map((r) => [r.path, r.priority]));
  return new Map(publicPaths.map((p) => [p, byPath.get(normalizePath(p))!]));
}

/**
 * The listener rules of the public services `wanted`, given those assigned before
 * (`previous`, from stack-placement.json): every (service, path) keeps its number, active
 * or retired; rules no longer wanted are retired, keeping theirs; a new one takes a free
 * number, never one held by another entry.
 *
 * The order of evaluation follows from where numbers come from: a path of length n takes a
 * number in the band of n (`200 - n` hundreds of 200 slots, by hash, probing forward in
 * path order on collision), so a longer path is always evaluated before every shorter path
 * it extends; `/` takes 50000, or the next free number below it, above every band. Entries
 * come back sorted by priority.
 */
export function assignListenerRules(
  wanted: ReadonlyArray<{ readonly service: string; readonly path: string }>,
  previous: readonly ListenerRulePlacement[] = [],
): ListenerRulePlacement[] {
  const key = (service: string, path: string) => `${service}\u0000${path}`;
  const want = wanted.map((w) => ({ service: w.service, path: normalizePath(w.path) }));
  const paths = want.map((w) => w.path).sort();
  const duplicate = paths.find((p, i) => paths[i + 1] === p);
  if (duplicate) throw new Error(`public-route: two public services share the path ${duplicate}`);

  const wantedKeys = new Set(want.map((w) => key(w.service, w.path)));
  const result = new Map<string, ListenerRulePlacement>();
  for (const r of previous) {
    const k = key(r.service, r.path);
    result.set(k, wantedKeys.has(k) ? { service: r.service, path: r.path, priority: r.priority } : { ...r, retired: true });
  }
  const taken = new Set([...result.values()].map((r) => r.priority));
  const retired = new Set([...result.values()].filter((r) => r.retired).map((r) => r.priority));
  const fresh = want.filter((w) => !result.has(key(w.service, w.path))).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const w of fresh) {
    const priority = w.path === '/' ? catchAllPriority(taken, retired) : bandPriority(w.path, taken, retired);
    taken.add(priority);
    result.set(key(w.service, w.path), { service: w.service, path: w.path, priority });
  }
  return [...result.values()].sort((a, b) => a.priority - b.priority);
}

/** The numbers a rule for `path` may hold: its band, or for `/` the range above every band. */
export function priorityRange(path: string): { readonly min: number; readonly max: number } {
  if (normalizePath(path) === '/') return { min: CATCH_ALL_FLOOR, max: CATCH_ALL_PRIORITY };
  // Longer paths get lower bands (evaluated first). 200 bands x 200 slots < 50000.
  const band = BAND - Math.min(normalizePath(path).length, BAND - 1);
  return { min: band * BAND, max: band * BAND + BAND - 1 };
}

function bandPriority(path: string, taken: ReadonlySet<number>, retired: ReadonlySet<number>): number {
  const { min } = priorityRange(path);
  const start = fnv1a(path) % BAND;
  let slot = 0;
  while (slot < BAND && taken.has(min + ((start + slot) % BAND))) slot++;
  if (slot === BAND) {
    throw new Error(`public-route: more than ${BAND} public paths of length ${path.length}${retiredHint(retired, min, min + BAND - 1)}`);
  }
  return min + ((start + slot) % BAND);
}

function catchAllPriority(taken: ReadonlySet<number>, retired: ReadonlySet<number>): number {
  let priority = CATCH_ALL_PRIORITY;
  while (priority >= CATCH_ALL_FLOOR && taken.has(priority)) priority--;
  if (priority < CATCH_ALL_FLOOR)
    throw new Error(`public-route: no free priority for the path /${retiredHint(retired, CATCH_ALL_FLOOR, CATCH_ALL_PRIORITY)}`);
  return priority;
}

/** When retired numbers fill part of the range, how to free them. */
function retiredHint(retired: ReadonlySet<number>, min: number, max: number): string {
  return [...retired].some((p) => p >= min && p <= max)
    ? ` (counting the retired rules of stack-placement.json: delete the entries of rules whose removal is deployed everywhere)`
    : '';
}

/** `admin/` → `/admin`; `` → `/`. */
export function normalizePath(publicPath: string): string {
  const trimmed = publicPath.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** 32-bit FNV-1a: a small, stable string hash. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
