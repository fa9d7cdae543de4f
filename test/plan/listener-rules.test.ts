/**
 * Listener rule priorities are state (review 14, finding 6): assigned once per (service,
 * path), kept in stack-placement.json, never given to another rule while the rule they
 * belonged to may still exist, and still ordered so a longer path is evaluated before a
 * shorter one it extends. What the deploy does with them is proven through the transition
 * model in test/transitions (catalogue and rename procedure).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignListenerRules,
  CATCH_ALL_PRIORITY,
  formatPlacement,
  listenerRulePriorities,
  planPlatform,
  priorityRange,
  readPlacement,
  type ListenerRulePlacement,
  type Plan,
} from '../../src/plan';
import { formatError, normalizeSpec } from '../../src/spec';
import { checkPlanInvariants, fuzzParameters, type RawService, type RawSpec } from '../fuzz/support';

function plan(raw: RawSpec, previous?: Plan): Plan {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return planPlatform(result.spec, previous ? { placement: previous } : {});
}

/** The plan a fresh clone computes: the placement read back from the committed file's text. */
function fromCommittedFile(raw: RawSpec, previous: Plan): Plan {
  const { placement, errors } = readPlacement(JSON.parse(formatPlacement(previous)));
  expect(errors).toEqual([]);
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return planPlatform(result.spec, { placement });
}

const priorities = (p: Plan) => Object.fromEntries(p.services.filter((s) => s.route).map((s) => [s.name, s.route!.priority]));
const pub = (name: string, publicPath: string, port: number): RawService => ({
  name,
  role: 'client-only',
  port,
  public: true,
  publicPath,
  calls: ['api'],
});
const API: RawService = { name: 'api', role: 'client-server', port: 8080 };

describe('listener rule priorities', () => {
  // /aaz and /acd have the same length and hash to the same slot: /acd steps aside to the next one.
  const both: RawSpec = { name: 'p', services: [pub('a', '/aaz', 3000), pub('c', '/acd', 3001), API] };
  const aPrivate: RawSpec = { name: 'p', services: [{ ...both.services[0]!, public: false, publicPath: undefined }, both.services[1]!, API] };

  it("keeps a rule's number when a same-length path that pushed it aside goes private (/aaz and /acd)", () => {
    const first = plan(both);
    // The collision is real: with /acd alone, a new platform would give it /aaz's slot.
    expect(priorities(first).c).toBe(priorities(first).a! + 1);
    expect(listenerRulePriorities(['/acd']).get('/acd')).toBe(priorities(first).a);
    const second = plan(aPrivate, first);
    expect(priorities(second)).toEqual({ c: priorities(first).c });
    // /aaz's number stays taken while its rule may still exist.
    expect(second.listenerRules).toContainEqual({ service: 'a', path: '/aaz', priority: priorities(first).a, retired: true });
  });

  it('gives a path that moves to another service a new number, the old one retired', () => {
    const first = plan({
      name: 'p',
      services: [pub('catalog', '/catalog', 3000), { name: 'products', role: 'client-only', port: 3001, calls: ['api'] }, API],
    });
    const second = plan(
      { name: 'p', services: [{ name: 'catalog', role: 'client-only', port: 3000, calls: ['api'] }, pub('products', '/catalog', 3001), API] },
      first,
    );
    expect(priorities(second).products).not.toBe(priorities(first).catalog);
    // In the same band: still before every shorter path it extends.
    expect(priorityRange('/catalog').min).toBeLessThanOrEqual(priorities(second).products!);
    expect(priorityRange('/catalog').max).toBeGreaterThanOrEqual(priorities(second).products!);
    expect(second.listenerRules).toEqual(
      expect.arrayContaining([
        { service: 'catalog', path: '/catalog', priority: priorities(first).catalog, retired: true },
        { service: 'products', path: '/catalog', priority: priorities(second).products },
      ]),
    );
    // The catch-all moves the same way: below 50000, above every band.
    const root = plan({ name: 'p', services: [pub('web', '/', 3000), { name: 'site', role: 'client-only', port: 3001, calls: ['api'] }, API] });
    const moved = plan(
      { name: 'p', services: [{ name: 'web', role: 'client-only', port: 3000, calls: ['api'] }, pub('site', '/', 3001), API] },
      root,
    );
    expect([priorities(root).web, priorities(moved).site]).toEqual([CATCH_ALL_PRIORITY, CATCH_ALL_PRIORITY - 1]);
  });

  it('gives a service that comes back with its path its old number', () => {
    const first = plan(both);
    const back = plan(both, plan(aPrivate, first));
    expect(priorities(back)).toEqual(priorities(first));
    expect(back.listenerRules!.some((r) => r.retired)).toBe(false);
  });

  it('reads back from the committed file: a fresh clone plans the same priorities', () => {
    const first = plan(both);
    const second = plan(aPrivate, first);
    expect(JSON.parse(formatPlacement(second)).listenerRules).toEqual(second.listenerRules);
    expect(fromCommittedFile(aPrivate, second)).toEqual(plan(aPrivate, second));
    // Without the file's listenerRules (a new clone of a platform that had none), /acd would take /aaz's slot.
    const withoutRules = readPlacement(JSON.parse(formatPlacement({ stacks: second.stacks }))).placement!;
    expect(priorities(planPlatform(normalizeSpec(aPrivate).spec!, { placement: withoutRules })).c).toBe(priorities(first).a);
    // A platform with no public service writes no listenerRules at all.
    expect(formatPlacement(plan({ name: 'p', services: [API] }))).not.toContain('listenerRules');
  });

  it('refuses a hand-edited file that would break the order or reuse a number', () => {
    const file = (rules: unknown) => readPlacement({ stacks: [{ name: 'services', services: ['a'] }], listenerRules: rules }).errors.map(formatError);
    expect(file([{ service: 'a', path: '/a', priority: 100 }])).toEqual([
      expect.stringMatching(/listenerRules\[0\]\.priority: 100 is not a priority for \/a: a path of its length takes 39600 to 39799/),
    ]);
    expect(file([{ service: 'a', path: '/', priority: 39999 }])).toEqual([expect.stringMatching(/takes 40000 to 50000/)]);
    expect(
      file([
        { service: 'a', path: '/ab', priority: 39500 },
        { service: 'b', path: '/cd', priority: 39500 },
      ]),
    ).toEqual([expect.stringMatching(/listenerRules\[1\]\.priority: 39500 is also the priority of a \/ab/)]);
    expect(file([{ service: 'a', path: 'admin/', priority: 39000 }])).toEqual([
      expect.stringMatching(/listenerRules\[0\]\.path: "admin\/" is not a normalized public path/),
    ]);
    expect(file({})).toEqual([expect.stringMatching(/listenerRules: expected a list/)]);
    expect(file([{ service: 'a', path: '/ab', priority: 39500, retired: true }])).toEqual([]);
  });

  it('never reuses a number and keeps longer paths first, over any sequence of day-two changes', () => {
    // Services s0..s5 with paths from a small set (shared prefixes, equal lengths), public or not, step after step.
    const paths = ['/', '/a', '/b', '/a/b', '/a/c', '/aaz', '/acd', '/a/b/c'];
    const stepArb = fc.array(fc.option(fc.constantFrom(...paths), { nil: undefined }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 2, maxLength: 8 }), (steps) => {
        let previous: Plan | undefined;
        const ever = new Map<number, string>();
        for (const step of steps) {
          const used = new Set<string>();
          const services: RawService[] = step.map((path, i) => {
            const free = path !== undefined && !used.has(path);
            if (free) used.add(path);
            return free ? pub(`s${i}`, path, 3000 + i) : { name: `s${i}`, role: 'client-only', port: 3000 + i, calls: ['api'] };
          });
          const next = plan({ name: 'p', services: [...services, API] }, previous);
          checkPlanInvariants(next, { fresh: previous === undefined });
          const rules: readonly ListenerRulePlacement[] = next.listenerRules ?? [];
          // One number per (service, path), for ever: a number never changes hands.
          for (const r of rules) {
            const owner = `${r.service} ${r.path}`;
            expect(ever.get(r.priority) ?? owner, `priority ${r.priority}`).toBe(owner);
            ever.set(r.priority, owner);
          }
          expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
          // Every rule ever assigned is still listed (active or retired) until someone deletes it.
          expect(rules.length).toBe(ever.size);
          previous = next;
        }
      }),
      fuzzParameters(150),
    );
  });

  it('is the function of a new platform when nothing was assigned before', () => {
    const wanted = [
      { service: 'x', path: '/acd' },
      { service: 'y', path: '/aaz' },
      { service: 'z', path: '/' },
    ];
    const fresh = new Map(listenerRulePriorities(['/acd', '/aaz', '/']));
    expect(assignListenerRules(wanted).map((r) => [r.path, r.priority])).toEqual([...fresh].sort((a, b) => a[1] - b[1]));
  });
});
