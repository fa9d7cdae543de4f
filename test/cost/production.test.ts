/**
 * What the production settings of issue 14 add to the bill: each endpoint that secrets or
 * exec need is a line of its own (every AZ under prod, one under dev), and nothing else
 * changes; the table of test/fixtures/production.yaml names them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/cost/estimate';
import { formatCostTable } from '../../src/cost/markdown';
import { planPlatform, type Plan } from '../../src/plan';
import { formatError, loadSpecFile, normalizeSpec } from '../../src/spec';

function planOf(raw: unknown): Plan {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return planPlatform(result.spec);
}

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

  it('the table of the production fixture: ssm, secretsmanager and ssmmessages, each for its users', () => {
    const loaded = loadSpecFile(join(__dirname, '..', 'fixtures', 'production.yaml'));
    if (!loaded.ok) throw new Error(loaded.errors.map(formatError).join('\n'));
    const table = formatCostTable(estimateCost(planPlatform(loaded.spec)));
    expect(table).toContain('Interface endpoint `ssm`, 2 AZs (secrets of `orders`)');
    expect(table).toContain('Interface endpoint `secretsmanager`, 2 AZs (secrets of `payments`)');
    expect(table).toContain('Interface endpoint `ssmmessages`, 2 AZs (exec of `orders`, `catalog`)');
  });
});
