/**
 * How the shared load balancer's listener routes to the public services: one rule per
 * public path, with its priority and path patterns. Computed once here, by the planner;
 * the CDK app (PublicRoute) and the local entry (`npx projen local`, docker compose) both
 * read the result from the plan, so the three cannot disagree.
 *
 * Deployed platforms depend on these numbers: a changed priority or pattern is a changed
 * listener rule on the next deploy. Change the algorithm only on purpose
 * (test/plan/routing.test.ts pins its output).
 */

/** Priority of the catch-all `/` rule: evaluated after every other path. */
export const CATCH_ALL_PRIORITY = 50000;

/** A public service's rule on the shared listener. */
export interface ListenerRoute {
  /** Listener rule priority: lower is evaluated first; unique on the listener. */
  readonly priority: number;
  /** ALB path patterns (`*` and `?` wildcards, case-sensitive); any one matching is enough. */
  readonly pathPatterns: readonly string[];
}

/** `/api` → `/api`, `/api/*`; `/` → `/*` (everything not matched by a longer path). */
export function pathPatterns(publicPath: string): string[] {
  const path = normalizePath(publicPath);
  return path === '/' ? ['/*'] : [path, `${path}/*`];
}

/**
 * One priority per public path, stable when other public services come and go (so an
 * update never has two rules wanting the same number) and ordered so a longer path wins
 * over a shorter one it extends. Paths of equal length share a band of 200 slots and take
 * a slot by hash, probing forward on collision in path order.
 */
export function listenerRulePriorities(publicPaths: readonly string[]): Map<string, number> {
  const result = new Map<string, number>();
  const taken = new Set<number>();
  const paths = publicPaths.map(normalizePath).sort();
  const duplicate = paths.find((p, i) => paths[i + 1] === p);
  if (duplicate) throw new Error(`public-route: two public services share the path ${duplicate}`);
  for (const path of paths) {
    if (path === '/') {
      result.set(path, CATCH_ALL_PRIORITY);
      continue;
    }
    // Longer paths get lower bands (evaluated first). 200 bands x 200 slots < 50000.
    const band = 200 - Math.min(path.length, 199);
    const start = fnv1a(path) % 200;
    let slot = 0;
    while (slot < 200 && taken.has(band * 200 + ((start + slot) % 200))) slot++;
    if (slot === 200) throw new Error(`public-route: more than 200 public paths of length ${path.length}`);
    const priority = band * 200 + ((start + slot) % 200);
    taken.add(priority);
    result.set(path, priority);
  }
  return new Map(publicPaths.map((p) => [p, result.get(normalizePath(p))!]));
}

function normalizePath(publicPath: string): string {
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
