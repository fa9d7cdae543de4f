/**
 * What the production settings (issue 14) do to the bill: the cost table of the production
 * fixture, and the difference each setting makes on one service, by hand from the
 * us-east-1 sheet (730 hours a month):
 *   512 / 1024 task, x86 on demand  0.5 × 0.04048  + 1 × 0.004445 = 0.024685 /h → 18.02 a month
 *   512 / 1024 task, ARM on demand  0.5 × 0.03238  + 1 × 0.00356  = 0.01975  /h → 14.42 a month
 *   512 / 1024 task, x86 Spot       0.5 × 0.01214  + 1 × 0.00133  = 0.0074   /h →  5.40 a month
 *   512 / 1024 task, ARM Spot       0.5 × 0.00971  + 1 × 0.00107  = 0.005925 /h →  4.33 a month
 * Each endpoint that secrets or exec need is a line of its own (every AZ under prod, one
 * under dev), and environment and autoscaling change nothing but the words.
 */
import { describe, expect, it } from 'vitest';
import { estimateCost, taskHourUsd } from '../../src/cost/estimate';
import { formatCostTable } from '../../src/cost/markdown';
import { planPlatform, type Plan } from '../../src/plan';
import { formatError, normalizeSpec } from '../../src/spec';
import { fixturePlan } from '../support/synth-platform';

function planOf(raw: unknown): Plan {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return planPlatform(result.spec);
}

/** One client-server service of the default size (a 512 / 1024 task), with `over` on it. */
function one(over: Record<string, unknown> = {}, profile: 'dev' | 'prod' = 'prod'): Plan {
  return planOf({ name: 'shop', profile, services: [{ name: 'api', role: 'client-server', port: 8080, ...over }] });
}

const compute = (p: Plan) =>
  estimateCost(p)
    .lineItems.filter((i) => i.group === 'compute')
    .map((i) => [i.item, i.monthlyUsd]);

describe('the price of a task hour', () => {
  const task = { taskCpu: 512, taskMemory: 1024 };
  it('is lower on ARM64 than on x86, and lower on Spot than on demand, for either', () => {
    expect(taskHourUsd({ ...task, arch: 'x86_64' }, false)).toBeCloseTo(0.024685, 6);
    expect(taskHourUsd({ ...task, arch: 'arm64' }, false)).toBeCloseTo(0.01975, 6);
    expect(taskHourUsd({ ...task, arch: 'x86_64' }, true)).toBeCloseTo(0.0074, 6);
    expect(taskHourUsd({ ...task, arch: 'arm64' }, true)).toBeCloseTo(0.005925, 6);
  });
});

describe('the difference each setting makes (two prod tasks of 512 / 1024)', () => {
  it('x86_64 on demand is the baseline', () => {
    expect(compute(one())).toEqual([['Fargate `api`, 2 tasks of 0.5 vCPU / 1 GB', 36.04]]);
  });

  it('arm64 costs 20% less', () => {
    expect(compute(one({ arch: 'arm64' }))).toEqual([['Fargate `api`, 2 tasks of 0.5 vCPU / 1 GB ARM64', 28.84]]);
  });

  it('spot 100 under prod keeps one task on demand and puts the other on Spot', () => {
    expect(compute(one({ spot: 100 }))).toEqual([
      ['Fargate `api`, 1 task of 0.5 vCPU / 1 GB', 18.02],
      ['Fargate Spot `api`, 1 task of 0.5 vCPU / 1 GB', 5.4],
    ]);
  });

  it('spot 50 of four prod tasks: one on demand first, then the other three split evenly', () => {
    expect(compute(one({ spot: 50, desiredCount: 4 }))).toEqual([
      ['Fargate `api`, 2.5 tasks of 0.5 vCPU / 1 GB', 45.05],
      ['Fargate Spot `api`, 1.5 tasks of 0.5 vCPU / 1 GB', 8.1],
    ]);
  });

  it('spot 100 under dev puts every task on Spot', () => {
    expect(compute(one({ spot: 100, desiredCount: 2 }, 'dev'))).toEqual([['Fargate Spot `api`, 2 tasks of 0.5 vCPU / 1 GB', 10.8]]);
  });

  it('spot 0 costs what no spot costs', () => {
    expect(compute(one({ spot: 0 }))).toEqual(compute(one()));
  });

  it('arm64 and Spot together are the cheapest', () => {
    expect(compute(one({ arch: 'arm64', spot: 100, desiredCount: 2 }, 'dev'))).toEqual([
      ['Fargate Spot `api`, 2 tasks of 0.5 vCPU / 1 GB ARM64', 8.65],
    ]);
  });
});

describe('the production fixture', () => {
  const e = estimateCost(fixturePlan('production'));

  it('prices each service by its arch and its Spot share', () => {
    expect(e.lineItems.filter((i) => i.group === 'compute').map((i) => [i.item, i.monthlyUsd])).toEqual([
      ['Fargate `web`, 2 tasks of 0.5 vCPU / 1 GB ARM64 (autoscaling 2-10)', 28.84],
      ['Fargate Spot `web`, 1 task of 0.5 vCPU / 1 GB ARM64 (autoscaling 2-10)', 4.33],
      ['Fargate `orders`, 3 tasks of 0.5 vCPU / 1 GB ARM64 (autoscaling 2-6)', 43.25],
      ['Fargate `payments`, 2 tasks of 0.5 vCPU / 1 GB', 36.04],
      ['Fargate `inventory`, 2 tasks of 0.5 vCPU / 1 GB (autoscaling 1-4)', 36.04],
      ['Fargate `reports`, 1 task of 0.5 vCPU / 1 GB ARM64', 14.42],
      ['Fargate Spot `reports`, 2 tasks of 0.5 vCPU / 1 GB ARM64', 8.65],
    ]);
    expect(e.notIncluded).toContain('SNS notifications of the alarms (the first 1,000 emails a month are free)');
  });

  it('is a table', () => {
    const table = formatCostTable(e);
    expect(table).toContain('| Fargate Spot `reports`, 2 tasks of 0.5 vCPU / 1 GB ARM64 |');
  });

  it('has a line for each endpoint the settings need: ssm, secretsmanager and ssmmessages, each for its users', () => {
    const table = formatCostTable(e);
    expect(table).toContain('Interface endpoint `ssm`, 2 AZs (secrets of `orders`)');
    expect(table).toContain('Interface endpoint `secretsmanager`, 2 AZs (secrets of `payments`)');
    expect(table).toContain('Interface endpoint `ssmmessages`, 2 AZs (exec of `orders`, `inventory`)');
  });
});

const base = (profile: 'dev' | 'prod', extra: object = {}) =>
  planOf({
    name: 'shop',
    profile,
    azs: 3,
    services: [
      { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
      { name: 'api', role: 'client-server', port: 8080, ...extra },
    ],
  });

describe('endpoints cost extra', () => {
  it.each([
    ['ssm secrets', { secrets: { A: 'ssm:/a' } }, ['ssm']],
    ['secretsmanager secrets', { secrets: { A: 'secretsmanager:a#k' } }, ['secretsmanager']],
    ['exec', { exec: true }, ['ssmmessages']],
    ['all three', { exec: true, secrets: { A: 'ssm:/a', B: 'secretsmanager:b' } }, ['ssm', 'secretsmanager', 'ssmmessages']],
  ] as const)('%s: one line per endpoint, 7.30 per AZ a month (us-east-1), and nothing else changes', (_, extra, endpoints) => {
    for (const [profile, azs] of [
      ['prod', 3],
      ['dev', 1],
    ] as const) {
      const without = estimateCost(base(profile));
      const withIt = estimateCost(base(profile, extra));
      const added = withIt.lineItems.filter((i) => !without.lineItems.some((j) => j.item === i.item && j.monthlyUsd === i.monthlyUsd));
      expect(added.map((i) => i.item)).toEqual(
        endpoints.map(
          (e) => `Interface endpoint \`${e}\`, ${azs === 1 ? '1 AZ' : `${azs} AZs`} (${e === 'ssmmessages' ? 'exec' : 'secrets'} of \`api\`)`,
        ),
      );
      for (const i of added) expect(i.monthlyUsd).toBe(Math.round(7.3 * azs * 100) / 100);
      expect(withIt.totalUsd).toBeCloseTo(without.totalUsd + endpoints.length * 7.3 * azs, 2);
      // The NAT layout needs no endpoint: the comparison moves by the same amount.
      expect(withIt.natAlternative.totalUsd).toBe(without.natAlternative.totalUsd);
    }
  });

  it('environment and autoscaling add no line; autoscaling says its range and what the total leaves out', () => {
    const without = estimateCost(base('prod'));
    const withIt = estimateCost(base('prod', { environment: { A: 'b' }, autoscaling: { min: 2, max: 5, cpu: 60 } }));
    expect(withIt.totalUsd).toBe(without.totalUsd);
    expect(withIt.lineItems.map((i) => i.item)).toContain('Fargate `api`, 2 tasks of 0.5 vCPU / 1 GB (autoscaling 2-5)');
    expect(withIt.notIncluded.join('\n')).toMatch(/tasks that autoscaling runs above desiredCount/);
  });
});
