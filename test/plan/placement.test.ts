/**
 * Stable placement: once placed, a service never moves to another stack, whatever else
 * changes in the spec (day-two changes are fuzzed), and a new platform takes as many
 * stacks as its resources need, not as its call graph is deep.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLOUDFORMATION_RESOURCE_LIMIT,
  formatPlacement,
  placementErrors,
  planPlatform,
  readPlacement,
  type Placement,
  type Plan,
} from '../../src/plan';
import { normalizeSpec, type Spec } from '../../src/spec';
import { checkPlanInvariants, fuzzParameters, validSpecArb, type RawService, type RawSpec } from '../fuzz/support';

function plan(raw: RawSpec, previous?: Placement): Plan {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return planPlatform(result.spec, previous ? { placement: previous } : {});
}

function stackOf(p: Plan): Map<string, string> {
  return new Map(p.services.map((s) => [s.name, s.stack]));
}

/** A day-two edit of a valid spec: removals, renames, new services and calls. */
const dayTwoArb = (raw: RawSpec) =>
  fc
    .record({
      remove: fc.subarray(
        raw.services.map((s) => s.name),
        { maxLength: Math.max(0, raw.services.length - 1) },
      ),
      add: fc.integer({ min: 0, max: 30 }),
      newCalls: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 }),
      seed: fc.nat(),
    })
    .map(({ remove, add, newCalls, seed }) => {
      const kept = raw.services.filter((s) => !remove.includes(s.name)).map((s) => ({ ...s, calls: [...(s.calls ?? [])] }));
      const keptNames = new Set(kept.map((s) => s.name));
      for (const s of kept) s.calls = s.calls.filter((c) => keptNames.has(c));
      const added: RawService[] = Array.from({ length: add }, (_, i) => ({
        name: `new-${seed % 997}-${i}`,
        role: i % 3 === 0 ? 'client-only' : 'client-server',
        port: 20000 + i,
        calls: [],
      }));
      const all = [...kept, ...added];
      const servers = all.filter((s) => s.role === 'client-server');
      for (const [a, b] of newCalls) {
        const from = all[a % all.length]!;
        const to = servers[b % Math.max(1, servers.length)];
        if (!to || to.name === from.name || from.calls!.includes(to.name)) continue;
        from.calls!.push(to.name);
      }
      return { ...raw, services: all };
    });

describe('stable placement', () => {
  it('never moves a service that stays in the spec, whatever else changes', () => {
    fc.assert(
      fc.property(
        validSpecArb({ minServices: 1, maxServices: 60, maxCalls: 80 }).chain((raw) => fc.tuple(fc.constant(raw), dayTwoArb(raw))),
        ([before, after]) => {
          fc.pre(normalizeSpec(after).ok);
          const first = plan(before);
          const second = plan(after, first);
          const was = stackOf(first);
          for (const [name, stack] of stackOf(second)) {
            if (was.has(name)) expect(stack, name).toBe(was.get(name));
          }
          // Stacks are never dropped or renamed: `cdk deploy` keeps managing each one.
          expect(second.stacks.slice(0, first.stacks.length).map((s) => s.name)).toEqual(first.stacks.map((s) => s.name));
          checkPlanInvariants(second, { fresh: false });
          // And once more from the file the repository commits: the same placement.
          const reread = readPlacement(JSON.parse(formatPlacement(second)));
          expect(plan(after, reread.placement as Plan).stacks).toEqual(second.stacks);
        },
      ),
      fuzzParameters(150),
    );
  });

  it('puts the 21st service next to the first twenty while the stack has room, and a new stack after that', () => {
    const services = (n: number): RawService[] =>
      Array.from({ length: n }, (_, i) => ({ name: `s${i}`, role: 'client-server', port: 8000 + i, calls: i > 0 ? [`s${i - 1}`] : [] }));
    const twenty = plan({ name: 'grow', services: services(20) });
    expect(twenty.stacks.map((s) => s.services.length)).toEqual([20]);
    const twentyFive = plan({ name: 'grow', services: services(25) }, twenty);
    expect(twentyFive.stacks.map((s) => s.name)).toEqual(['services']);
    const many = plan({ name: 'grow', services: services(40) }, twentyFive);
    expect(many.stacks.map((s) => s.name)).toEqual(['services', 'services-2']);
    expect(stackOf(many).get('s24')).toBe('services');
  });

  it('defers a call from an old stack to a service placed in a later one, and only that call', () => {
    const base: RawService[] = Array.from({ length: 36 }, (_, i) => ({ name: `s${i}`, role: 'client-server' as const, port: 8000 + i, calls: [] }));
    const first = plan({ name: 'late', services: base });
    expect(first.stacks.length).toBe(2);
    const early = first.stacks[0]!.services[0]!;
    const late = first.stacks[1]!.services[0]!;
    const withCall = base.map((s) => (s.name === early ? { ...s, calls: [late] } : s));
    const second = plan({ name: 'late', services: withCall }, first);
    expect(second.deferredCalls).toEqual([{ from: early, to: late, reason: 'stack-order' }]);
    checkPlanInvariants(second, { fresh: false });
  });

  it('keeps a stack whose services all left, empty, so the deploy keeps managing it', () => {
    const base: RawService[] = Array.from({ length: 36 }, (_, i) => ({ name: `s${i}`, role: 'client-server' as const, port: 8000 + i, calls: [] }));
    const first = plan({ name: 'shrink', services: base });
    const gone = new Set(first.stacks[1]!.services);
    const second = plan({ name: 'shrink', services: base.filter((s) => !gone.has(s.name)) }, first);
    expect(second.stacks.map((s) => [s.name, s.services.length])).toEqual([
      ['services', first.stacks[0]!.services.length],
      ['services-2', 0],
    ]);
  });
});

describe('a new platform', () => {
  const chainSpec = (n: number, depth: number): RawSpec => ({
    name: 'deep',
    services: Array.from({ length: n }, (_, i) => ({
      name: `s${i}`,
      role: 'client-server' as const,
      port: 8000 + i,
      // Chains of `depth` services: s0 <- s1 <- ... <- s(depth-1), then the next chain.
      calls: i % depth === 0 ? [] : [`s${i - 1}`],
    })),
  });

  it('takes stacks by resources, not by depth: 120 services in chains of 100 fit 8 stacks with nothing deferred', () => {
    const p = plan(chainSpec(120, 100));
    expect(p.stacks.length).toBeLessThanOrEqual(8);
    expect(p.deferredCalls).toEqual([]);
    checkPlanInvariants(p);
  });

  it('places callees first, so calls never point to a later stack', () => {
    const p = plan(chainSpec(300, 300));
    checkPlanInvariants(p);
    expect(p.deferredCalls).toEqual([]);
  });
});

describe('the placement file', () => {
  it('reports every problem of a hand edit at once, located', () => {
    const { errors } = readPlacement({
      stacks: [
        { name: 'services', services: ['a', 'b'] },
        { name: 'other', services: ['c'] },
        { name: 'services-2', services: ['a', 3] },
        { name: 'services', services: [] },
      ],
    });
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'stack-placement.json: stacks[1].name: "other" is not a stack name ("services", "services-2", ...)',
      'stack-placement.json: stacks[2].services: expected a list of service names',
      'stack-placement.json: stacks[3].name: "services" is listed twice',
    ]);
    expect(
      readPlacement({
        stacks: [
          { name: 'services', services: ['a'] },
          { name: 'services-2', services: ['a'] },
        ],
      }).errors,
    ).toEqual([{ path: 'stack-placement.json: stacks[1].services[0]', message: '"a" is already placed in services; a service lives in one stack' }]);
    expect(readPlacement([]).errors[0]?.path).toBe('stack-placement.json: stacks');
  });

  it('refuses a placement whose stack outgrew CloudFormation’s limit, and says how to get out', () => {
    // Forty services placed in one stack by hand, then every one calls every server.
    const names = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const spec: Spec = normalizeSpec({
      name: 'dense',
      services: names.map((n) => ({ name: n, role: 'client-server', port: 8080, calls: names.filter((x) => x !== n) })),
    }).spec!;
    const errors = placementErrors(spec.services, { stacks: [{ name: 'services', services: names }] });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(new RegExp(`about \\d+ CloudFormation resources \\(limit ${CLOUDFORMATION_RESOURCE_LIMIT}\\)`));
    expect(placementErrors(spec.services, planPlatform(spec))).toEqual([]);
  });
});

describe('optional endpoints in the placement', () => {
  const withSecret: RawSpec = {
    name: 'vault',
    services: [
      { name: 'api', role: 'client-server', port: 8080, secrets: { DB: 'ssm:/vault/db' } } as RawService,
      { name: 'worker', role: 'client-server', port: 8081, exec: true } as RawService,
    ],
  };
  const without: RawSpec = { name: 'vault', services: withSecret.services.map(({ name, role, port }) => ({ name, role, port })) };

  it('keeps an endpoint whose last user went, retired, and forgets it once its entry is deleted', () => {
    const first = plan(withSecret);
    expect(first.endpoints).toEqual([{ name: 'ssm' }, { name: 'ssmmessages' }]);
    const second = plan(without, first);
    expect(second.endpoints).toEqual([
      { name: 'ssm', retired: true },
      { name: 'ssmmessages', retired: true },
    ]);
    // Read back from the file as `npx projen` does: the retired entries survive the round trip.
    const file = JSON.parse(formatPlacement(second));
    expect(file.endpoints).toEqual([
      { name: 'ssm', retired: true },
      { name: 'ssmmessages', retired: true },
    ]);
    expect(file['//']).toContain('a retired one is no longer needed and stays (and costs) until you delete its entry');
    const back = readPlacement(file).placement!;
    expect(plan(without, back).endpoints).toEqual(second.endpoints);
    // A user coming back takes the retired endpoint back in use.
    expect(plan(withSecret, back).endpoints).toEqual([{ name: 'ssm' }, { name: 'ssmmessages' }]);
    // Entries deleted by hand: the endpoints go.
    expect(plan(without, { ...back, endpoints: [] }).endpoints).toBeUndefined();
  });

  it('reports a hand-edited endpoints list, located', () => {
    const { errors } = readPlacement({
      stacks: [{ name: 'services', services: [] }],
      endpoints: [{ name: 'kms' }, { name: 'ssm', retired: 'yes' }, { name: 'ssm' }, { name: 'ssm' }],
    });
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'stack-placement.json: endpoints[0].name: "kms" is not an optional endpoint (ssm, secretsmanager, ssmmessages); restore the file from git',
      'stack-placement.json: endpoints[1].retired: expected true, or no "retired" key',
      'stack-placement.json: endpoints[3]: ssm is listed twice',
    ]);
  });
});
