/**
 * The listener rules the planner gives public services. Deployed platforms depend on the
 * exact numbers (a changed priority is a changed rule on the next deploy), so the output
 * for a few hundred generated path sets is pinned by digest. The digest was taken while a
 * test compared every one of these outcomes with the algorithm's previous home, the
 * generated repo's templates/src/infra/public-route.ts (commit 8f2da40), before that copy
 * was deleted.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CATCH_ALL_PRIORITY, listenerRulePriorities, pathPatterns, planPlatform } from '../../src/plan';
import { normalizeSpec } from '../../src/spec';

/**
 * A seeded PRNG (mulberry32), not a property-testing library: the sets, and so the digest
 * below, must not change when a dependency is upgraded.
 */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 400 sets of up to 60 paths: short segments from a small alphabet, so shared prefixes
 * and equal lengths (slot collisions) are common; `/` in about half of them.
 */
function pathSets(): string[][] {
  const next = random(20251126);
  const pick = (n: number) => Math.floor(next() * n);
  const chars = 'abc0._~-';
  const segment = () => 'abc'[pick(3)]! + Array.from({ length: pick(3) }, () => chars[pick(chars.length)]).join('');
  const sets: string[][] = [];
  for (let i = 0; i < 400; i++) {
    const set = new Set<string>();
    if (next() < 0.5) set.add('/');
    const size = pick(61);
    while (set.size < size) set.add(`/${Array.from({ length: 1 + pick(4) }, segment).join('/')}`);
    // Spec order is arbitrary: the priorities must not depend on it.
    sets.push([...set].sort(() => next() - 0.5));
  }
  // Edge cases: 200 paths of one length fill its band (every probe wraps), 201 overflow it.
  const threeChars = Array.from(
    { length: 26 * 26 },
    (_, i) => `/${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`,
  );
  return [...sets, threeChars.slice(0, 200), threeChars.slice(0, 201), ['/', '/a', '/a/b', '/a/b/c'], []];
}

type Outcome = { priorities: [string, number][]; patterns: string[][] } | { error: string };

function outcome(paths: string[]): Outcome {
  try {
    return { priorities: [...listenerRulePriorities(paths)], patterns: paths.map((p) => pathPatterns(p)) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** sha256 of every outcome, equal to the previous implementation's when it moved into the planner. */
const PINNED_DIGEST = '174032ef5564e2cddfa66322ad7b1cf0075a74656499907c71515496c2b6cd34';

describe('listener routing', () => {
  const sets = pathSets();

  it('gives the same priorities and patterns as when it moved (pinned digest)', () => {
    expect(sets.length).toBeGreaterThan(300);
    const outcomes = sets.map((paths) => outcome(paths));
    // The sample reaches the cases that matter: collisions probed forward, an overflowing band.
    expect(outcomes.filter((o) => 'error' in o)).toHaveLength(1);
    expect(sets.filter((s) => s.includes('/')).length).toBeGreaterThan(150);
    expect(sets.filter((s) => s.length > 40).length).toBeGreaterThan(100);
    const digest = createHash('sha256').update(JSON.stringify(outcomes)).digest('hex');
    expect(digest).toBe(PINNED_DIGEST);
  });

  it('orders a path before every shorter path it extends, with distinct priorities', () => {
    for (const paths of sets) {
      const o = outcome(paths);
      if ('error' in o) continue;
      const priorities = new Map(o.priorities);
      expect(new Set(priorities.values()).size).toBe(priorities.size);
      for (const [a, pa] of priorities) {
        for (const [b, pb] of priorities) {
          if (a !== b && (b === '/' || a.startsWith(`${b}/`))) expect(pa, `${a} before ${b}`).toBeLessThan(pb);
        }
        expect(pa).toBeGreaterThanOrEqual(1);
        expect(pa).toBeLessThanOrEqual(CATCH_ALL_PRIORITY);
      }
    }
  });
});

describe('planPlatform routes', () => {
  it('gives each public service its rule and private ones none', () => {
    const { spec } = normalizeSpec({
      name: 'p',
      services: [
        { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
        { name: 'admin', role: 'client-only', port: 3001, public: true, publicPath: '/admin' },
        { name: 'api', role: 'client-server', port: 8080 },
      ],
    });
    const plan = planPlatform(spec!);
    const priorities = listenerRulePriorities(['/', '/admin']);
    expect(plan.services.map((s) => [s.name, s.route])).toEqual([
      ['web', { priority: CATCH_ALL_PRIORITY, pathPatterns: ['/*'] }],
      ['admin', { priority: priorities.get('/admin'), pathPatterns: ['/admin', '/admin/*'] }],
      ['api', undefined],
    ]);
    expect('route' in plan.services[2]!).toBe(false);
  });
});
