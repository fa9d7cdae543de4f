/**
 * Property-based: arbitrary VALID specs normalize, generate without throwing, and plan into
 * something that holds the deploy-order, cycle-break, task-size, alias and stack invariants.
 * See ./support.ts for FUZZ_RUNS and FUZZ_SEED.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/api';
import { deployOrder, planPlatform } from '../../src/plan';
import { normalizeSpec, type Service } from '../../src/spec';
import { checkPlanInvariants, edgesOf, fuzzParameters, graphShape, validSpecArb } from './support';

describe('arbitrary valid specs', () => {
  it('the generator reaches cycles, diamonds, public services, images and multi-stack layouts', () => {
    const samples = fc.sample(validSpecArb(), { numRuns: 300, seed: 20240601 });
    const share = (p: (s: (typeof samples)[number]) => boolean) => samples.filter(p).length / samples.length;
    expect(share((s) => graphShape(s).cycle)).toBeGreaterThan(0.2);
    expect(share((s) => graphShape(s).diamond)).toBeGreaterThan(0.2);
    expect(share((s) => s.services.some((x) => x.public))).toBeGreaterThan(0.5);
    expect(share((s) => s.services.some((x) => x.image !== undefined))).toBeGreaterThan(0.5);
    expect(share((s) => planPlatform(normalizeSpec(s).spec!).stacks.length > 1)).toBeGreaterThan(0.2);
    expect(share((s) => s.services.length === 1)).toBeGreaterThan(0);
    expect(share((s) => s.domain !== undefined)).toBeGreaterThan(0.1);
  });

  it('normalize, and plan into a platform that holds every invariant', () => {
    fc.assert(
      fc.property(validSpecArb(), (raw) => {
        const result = normalizeSpec(raw);
        expect(result.errors).toEqual([]);
        const plan = planPlatform(result.spec!);
        checkPlanInvariants(plan);
        // Deterministic, and plain data (it is serialized into the generated repository).
        expect(planPlatform(normalizeSpec(structuredClone(raw)).spec!)).toEqual(plan);
        expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
      }),
      fuzzParameters(300),
    );
  });

  it('plan dense graphs (every server called by everyone) into stacks that hold every invariant', () => {
    fc.assert(
      fc.property(validSpecArb({ minServices: 10, maxServices: 40, maxCalls: 60 }), (raw) => {
        const result = normalizeSpec(raw);
        expect(result.errors).toEqual([]);
        checkPlanInvariants(planPlatform(result.spec!));
      }),
      fuzzParameters(60),
    );
  });

  it('generate the repository without throwing, with an app folder for each service without an image', () => {
    fc.assert(
      fc.property(validSpecArb(), (raw) => {
        const result = generate(raw, { generatorDependency: '^0.0.0' });
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.plan).toEqual(planPlatform(result.spec));
        const folders = new Set(result.files.filter((f) => f.path.startsWith('services/')).map((f) => f.path.split('/')[1]));
        expect([...folders].sort()).toEqual(
          raw.services
            .filter((s) => s.image === undefined)
            .map((s) => s.name)
            .sort(),
        );
        expect(result.files.some((f) => f.path === 'src/generated/platform.ts')).toBe(true);
      }),
      fuzzParameters(25),
    );
  });
});

describe('the plan at its limits', () => {
  const server = (name: string, calls: string[] = []): Service => ({
    name,
    role: 'client-server',
    port: 8080,
    public: false,
    publicPath: '/',
    calls,
    cpu: 256,
    memory: 512,
    desiredCount: 1,
    healthCheckPath: '/health',
    arch: 'x86_64',
  });

  it('splits twenty services that all call each other into stacks CloudFormation accepts', () => {
    // Found by the synth fuzz: one stack of 20 fully connected services is 920 resources.
    const names = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const spec = normalizeSpec({
      name: 'dense',
      services: names.map((n) => ({ name: n, role: 'client-server', port: 8080, calls: names.filter((x) => x !== n) })),
    });
    const plan = planPlatform(spec.spec!);
    checkPlanInvariants(plan);
    expect(plan.stacks.length).toBeGreaterThan(1);
  });

  it('keeps small, sparse platforms in the one `services` stack', () => {
    const services = [server('a', ['b']), server('b', ['c']), server('c')];
    const plan = planPlatform({ name: 'small', namespace: 'small.internal', azs: 2, profile: 'dev', services });
    expect(plan.stacks).toEqual([{ name: 'services', services: ['c', 'b', 'a'] }]);
  });

  it('orders a chain of 500 calls without overflowing the stack', () => {
    const services = Array.from({ length: 500 }, (_, i) => server(`s${i}`, i < 499 ? [`s${i + 1}`] : ['s0']));
    const { order, deferred } = deployOrder(services);
    expect(order[0]).toBe('s499');
    expect(deferred).toEqual([{ from: 's499', to: 's0', reason: 'cycle' }]);
    expect(edgesOf({ services }).length).toBe(500);
  });
});
