import { describe, expect, it } from 'vitest';
import { estimateCost, type CostEstimate } from '../../src/cost/estimate';
import { formatUnitPrice, formatUsd, roundCents } from '../../src/cost/money';
import { formatCostTable } from '../../src/cost/markdown';
import { PRICES, type PriceSheet } from '../../src/cost/prices';
import { planPlatform, type Plan } from '../../src/plan';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { normalizeSpec } from '../../src/spec/normalize';
import { formatError, type Profile } from '../../src/spec/types';

// Expectations are computed by hand from the us-east-1 sheet, 730 hours a month:
//   interface endpoint  0.01 × 730             =  7.30 per endpoint per AZ
//   NAT gateway         0.045 × 730            = 32.85 per gateway
//   ALB                 0.0225 × 730 = 16.425  → 16.43;  1 LCU: 0.008 × 730 = 5.84
//   task 512 / 1024     0.5 × 0.04048 + 1 × 0.004445 = 0.024685 per hour → 18.02005 a month
//   task 1024 / 2048    1 × 0.04048 + 2 × 0.004445   = 0.04937  per hour → 36.0401 a month

/** A raw spec through the real `normalizeSpec` (it fills the defaults) and `planPlatform`. */
function plan(profile: Profile, azs: number, services: readonly Record<string, unknown>[]): Plan {
  return planOf({ name: 'shop', profile, azs, services });
}

function planOf(raw: unknown): Plan {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return planPlatform(result.spec);
}

/** web (client-only, public, default size → 512 / 1024) calls api (cpu 512 / 1024 MiB → 1024 / 2048). */
function small(profile: Profile, azs = 3, opts: { public?: boolean } = {}): Plan {
  return plan(profile, azs, [
    { name: 'web', role: 'client-only', port: 3000, public: opts.public ?? true, calls: ['api'] },
    { name: 'api', role: 'client-server', port: 8080, cpu: 512, memory: 1024 },
  ]);
}

function usd(e: CostEstimate, item: string): number | undefined {
  return e.lineItems.find((i) => i.item.startsWith(item))?.monthlyUsd;
}

describe('the price sheet', () => {
  it('is one region, one date, 730 hours', () => {
    expect(PRICES.region).toBe('us-east-1');
    expect(PRICES.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICES.hoursPerMonth).toBe(730);
    expect(PRICES.sources.length).toBeGreaterThan(0);
  });
});

describe('estimateCost, prod', () => {
  const e = estimateCost(small('prod'));

  it('puts each of the four interface endpoints in every AZ', () => {
    const endpoints = e.lineItems.filter((i) => i.item.startsWith('Interface endpoint'));
    expect(endpoints.map((i) => i.item)).toEqual([
      'Interface endpoint `ecr.api`, 3 AZs',
      'Interface endpoint `ecr.dkr`, 3 AZs',
      'Interface endpoint `logs`, 3 AZs',
      'Interface endpoint `ecs-agent`, 3 AZs',
    ]);
    for (const i of endpoints) {
      expect(i).toMatchObject({ quantity: 2190, unit: 'endpoint-AZ-hours', monthlyUsd: 21.9 });
    }
    expect(e.endpointAzs).toBe(3);
  });

  it('lists the S3 gateway endpoint as free', () => {
    expect(usd(e, 'Gateway endpoint `s3`')).toBe(0);
  });

  it('bills the load balancer hourly plus a 1 LCU baseline', () => {
    expect(e.lineItems.find((i) => i.item === 'Application Load Balancer')).toMatchObject({
      quantity: 730,
      unit: 'ALB-hours',
      monthlyUsd: 16.43,
    });
    expect(usd(e, 'Application Load Balancer capacity, baseline 1 LCU')).toBe(5.84);
  });

  it('bills each service at its task size (sidecar included) and desired count', () => {
    expect(e.lineItems.find((i) => i.item.startsWith('Fargate `web`'))).toEqual({
      item: 'Fargate `web`, 2 tasks of 0.5 vCPU / 1 GB',
      quantity: 1460,
      unit: 'task-hours',
      monthlyUsd: 36.04, // 2 × 18.02005
      group: 'compute',
    });
    expect(e.lineItems.find((i) => i.item.startsWith('Fargate `api`'))).toMatchObject({
      item: 'Fargate `api`, 2 tasks of 1 vCPU / 2 GB',
      quantity: 1460,
      monthlyUsd: 72.08, // 2 × 36.0401
    });
  });

  it('totals the rounded line items', () => {
    // 4 × 21.90 + 16.43 + 5.84 + 36.04 + 72.08
    expect(e.totalUsd).toBe(217.99);
  });

  it('prices the NAT alternative with one NAT gateway per AZ', () => {
    expect(e.natAlternative.natGateways).toBe(3);
    expect(e.natAlternative.lineItems[0]).toMatchObject({
      item: 'NAT gateways, 3 (one per AZ)',
      quantity: 2190,
      unit: 'NAT-gateway-hours',
      monthlyUsd: 98.55,
    });
    expect(e.natAlternative.lineItems.some((i) => i.item.startsWith('Interface endpoint'))).toBe(false);
    // 98.55 + 16.43 + 5.84 + 36.04 + 72.08
    expect(e.natAlternative.totalUsd).toBe(228.94);
    expect(e.natAlternative.differenceUsd).toBe(10.95);
  });

  it('states per-GB charges for logs, endpoints and NAT, not a total', () => {
    expect(e.perGb.map((c) => [c.item, c.usdPerGb, c.appliesTo])).toEqual([
      ['CloudWatch Logs ingestion', 0.5, 'both'],
      ['Interface endpoint data processed', 0.01, 'endpoints'],
      ['NAT gateway data processed', 0.045, 'nat'],
    ]);
  });
});

describe('estimateCost, dev', () => {
  const e = estimateCost(small('dev'));

  it('puts the interface endpoints in one AZ however many the VPC spans', () => {
    expect(e.azs).toBe(3);
    expect(e.endpointAzs).toBe(1);
    expect(e.lineItems.find((i) => i.item.startsWith('Interface endpoint `logs`'))).toMatchObject({
      item: 'Interface endpoint `logs`, 1 AZ',
      quantity: 730,
      monthlyUsd: 7.3,
    });
  });

  it('runs one task per service by default', () => {
    expect(usd(e, 'Fargate `web`, 1 task of 0.5 vCPU / 1 GB')).toBe(18.02);
    expect(usd(e, 'Fargate `api`, 1 task of 1 vCPU / 2 GB')).toBe(36.04);
  });

  it('totals and compares with a single NAT gateway', () => {
    // 4 × 7.30 + 16.43 + 5.84 + 18.02 + 36.04
    expect(e.totalUsd).toBe(105.53);
    expect(e.natAlternative.natGateways).toBe(1);
    expect(e.natAlternative.lineItems[0]).toMatchObject({ item: 'NAT gateway', quantity: 730, monthlyUsd: 32.85 });
    // 32.85 + 16.43 + 5.84 + 18.02 + 36.04
    expect(e.natAlternative.totalUsd).toBe(109.18);
    expect(e.natAlternative.differenceUsd).toBe(3.65);
  });

  it('notes the cross-AZ transfer to the single-AZ endpoints', () => {
    expect(e.perGb.find((c) => c.item === 'Cross-AZ data transfer')).toMatchObject({ usdPerGb: 0.01, appliesTo: 'both' });
    expect(estimateCost(small('prod')).perGb.some((c) => c.item === 'Cross-AZ data transfer')).toBe(false);
  });

  it('keeps an explicit desiredCount', () => {
    const p = plan('dev', 2, [{ name: 'api', role: 'client-server', port: 8080, desiredCount: 3 }]);
    expect(estimateCost(p).lineItems.find((i) => i.item.startsWith('Fargate'))).toMatchObject({
      item: 'Fargate `api`, 3 tasks of 0.5 vCPU / 1 GB',
      quantity: 2190,
      monthlyUsd: 54.06, // 3 × 18.02005 = 54.06015
    });
  });
});

describe('the load balancer', () => {
  it('is billed only when a service is public', () => {
    const e = estimateCost(small('prod', 3, { public: false }));
    expect(e.hasLoadBalancer).toBe(false);
    expect(e.lineItems.some((i) => i.group === 'load-balancer')).toBe(false);
    // 4 × 21.90 + 36.04 + 72.08
    expect(e.totalUsd).toBe(195.72);
    // 98.55 + 36.04 + 72.08
    expect(e.natAlternative.totalUsd).toBe(206.67);
    expect(e.notIncluded.join(' ')).not.toContain('LCU');
  });

  it('is one load balancer however many services are public', () => {
    const p = plan('prod', 2, [
      { name: 'a', role: 'client-server', port: 8080, public: true, publicPath: '/a' },
      { name: 'b', role: 'client-server', port: 8081, public: true, publicPath: '/b' },
    ]);
    expect(estimateCost(p).lineItems.filter((i) => i.group === 'load-balancer')).toHaveLength(2);
  });
});

describe('the five-service platform (test/fixtures/five-services.yaml)', () => {
  // web (client-only, public) → orders, catalog; orders cpu 512 / memory 1024 → task 1024 / 2048;
  // the others default to cpu 256 / memory 512 → task 512 / 1024; inventory desiredCount 3.
  function five(profile: Profile): Plan {
    const raw = parse(readFileSync(join(__dirname, '..', 'fixtures', 'five-services.yaml'), 'utf8'));
    return planOf({ ...raw, profile });
  }

  it('prod: 314.93 with endpoints, 322.23 with NAT', () => {
    const e = estimateCost(five('prod'));
    expect(e.azs).toBe(2);
    // 4 × 14.60 + 16.43 + 5.84 + 3 × 36.04 + 72.08 + 54.06
    expect(e.totalUsd).toBe(314.93);
    // 65.70 + 16.43 + 5.84 + 3 × 36.04 + 72.08 + 54.06
    expect(e.natAlternative.totalUsd).toBe(322.23);
  });

  it('dev: 195.63 with endpoints, 199.28 with NAT', () => {
    const e = estimateCost(five('dev'));
    // 4 × 7.30 + 16.43 + 5.84 + 3 × 18.02 + 36.04 + 54.06
    expect(e.totalUsd).toBe(195.63);
    // 32.85 + 16.43 + 5.84 + 3 × 18.02 + 36.04 + 54.06
    expect(e.natAlternative.totalUsd).toBe(199.28);
  });
});

describe('prices come from the sheet', () => {
  it('uses the sheet it is given', () => {
    const doubled: PriceSheet = {
      ...PRICES,
      interfaceEndpointHour: { ...PRICES.interfaceEndpointHour, usd: 0.02 },
      albBaselineLcus: 2,
    };
    const e = estimateCost(small('dev'), doubled);
    expect(usd(e, 'Interface endpoint `logs`')).toBe(14.6);
    expect(usd(e, 'Application Load Balancer capacity, baseline 2 LCU')).toBe(11.68);
  });
});

describe('rounding and number formatting', () => {
  it('rounds half up to cents despite binary floating point', () => {
    expect(Math.round(1.005 * 100) / 100).toBe(1); // naive: 1.005 × 100 is 100.4999…
    expect(roundCents(0.0225 * 730)).toBe(16.43);
    expect(roundCents(18.02005)).toBe(18.02);
    expect(roundCents(1.005)).toBe(1.01);
  });

  it('formats without locale', () => {
    expect(formatUsd(0)).toBe('0.00');
    expect(formatUsd(1234.5)).toBe('1234.50');
    expect(formatUnitPrice(0.5)).toBe('$0.50');
    expect(formatUnitPrice(0.045)).toBe('$0.045');
    expect(formatUnitPrice(0.004445)).toBe('$0.004445');
  });
});

describe('formatCostTable', () => {
  it('renders the dev estimate of the small plan exactly', () => {
    expect(formatCostTable(estimateCost(small('dev')))).toBe(
      [
        'Estimated baseline in USD per month: us-east-1 on-demand list prices taken ' +
          `${PRICES.takenOn}, 730 hours a month, profile \`dev\`. These are estimates, not a quote: ` +
          'region, usage, free tiers, Savings Plans and price changes move the real bill.',
        '',
        '| item | quantity | unit | USD / month |',
        '|---|---:|---|---:|',
        '| Interface endpoint `ecr.api`, 1 AZ | 730 | endpoint-AZ-hours | 7.30 |',
        '| Interface endpoint `ecr.dkr`, 1 AZ | 730 | endpoint-AZ-hours | 7.30 |',
        '| Interface endpoint `logs`, 1 AZ | 730 | endpoint-AZ-hours | 7.30 |',
        '| Interface endpoint `ecs-agent`, 1 AZ | 730 | endpoint-AZ-hours | 7.30 |',
        '| Gateway endpoint `s3` (free) | 1 | endpoint | 0.00 |',
        '| Application Load Balancer | 730 | ALB-hours | 16.43 |',
        '| Application Load Balancer capacity, baseline 1 LCU | 730 | LCU-hours | 5.84 |',
        '| Fargate `web`, 1 task of 0.5 vCPU / 1 GB | 730 | task-hours | 18.02 |',
        '| Fargate `api`, 1 task of 1 vCPU / 2 GB | 730 | task-hours | 36.04 |',
        '| **total** | | | **105.53** |',
        '',
        'In a region opened since 23 December 2023 (e.g. ca-west-1, mx-central-1, ap-southeast-7) the network also gets the ' +
          '`ecs` and `ecs-telemetry` interface endpoints, which Service Connect needs there without NAT: +14.60 a month at these prices.',
        '',
        'The same layout with NAT gateways instead of the interface endpoints (one NAT gateway for profile `dev`):',
        '',
        '| item | quantity | unit | USD / month |',
        '|---|---:|---|---:|',
        '| NAT gateway | 730 | NAT-gateway-hours | 32.85 |',
        '| Gateway endpoint `s3` (free) | 1 | endpoint | 0.00 |',
        '| Load balancer and Fargate tasks, as above | | | 76.33 |',
        '| **total** | | | **109.18** (+3.65) |',
        '',
        'Charged per GB on top of the baseline, not estimated:',
        '',
        "- CloudWatch Logs ingestion, either layout: $0.50 per GB (the services' logs and the VPC flow log).",
        '- Interface endpoint data processed, with the interface endpoints: $0.01 per GB (ECR API calls, image ' +
          'manifests, log delivery and agent traffic; image layers come through the free S3 gateway endpoint).',
        '- NAT gateway data processed, with NAT gateways instead: $0.045 per GB (everything the tasks send to or ' +
          'receive from outside the VPC except S3, in either direction).',
        '- Cross-AZ data transfer, either layout: $0.01 per GB (each way, for tasks outside the one AZ that holds ' +
          'the endpoints or the NAT gateway).',
        '',
        'Not included: public IPv4 addresses ($0.005 per hour each: the load balancer holds at least one per AZ, ' +
          'a NAT gateway one); load balancer capacity above the 1 LCU baseline ($0.008 per LCU-hour; one LCU is ' +
          '1 GB processed per hour, 25 new connections per second, 3,000 active connections per minute or 1,000 ' +
          'rule evaluations per second, whichever is highest); the load balancer access logs in S3; Container ' +
          'Insights metrics and the per-service CloudWatch alarms; data transfer out to the internet.',
        '',
      ].join('\n'),
    );
  });

  it('shows the prod NAT comparison per AZ and only Fargate when nothing is public', () => {
    const md = formatCostTable(estimateCost(small('prod', 3, { public: false })));
    expect(md).toContain('(one NAT gateway per AZ):');
    expect(md).toContain('| NAT gateways, 3 (one per AZ) | 2190 | NAT-gateway-hours | 98.55 |');
    expect(md).toContain('| Fargate tasks, as above | | | 108.12 |');
    expect(md).toContain('| **total** | | | **206.67** (+10.95) |');
    expect(md).not.toContain('Load Balancer');
    expect(md).toContain('Not included: public IPv4 addresses ($0.005 per hour each: a NAT gateway holds one);');
  });

  it('is deterministic and escapes pipes', () => {
    const e = estimateCost(small('prod'));
    expect(formatCostTable(e)).toBe(formatCostTable(estimateCost(small('prod'))));
    const odd: CostEstimate = { ...e, lineItems: [{ ...e.lineItems[0], item: 'a | b' }] };
    expect(formatCostTable(odd)).toContain('| a \\| b | 2190 |');
  });
});

describe('the modules the cost task loads', () => {
  it("export what src/tasks' cost task requires", async () => {
    const source = readFileSync(join(__dirname, '..', '..', 'src', 'tasks', 'index.ts'), 'utf-8');
    const cost = source.slice(source.indexOf('  cost: '), source.indexOf('  plan: '));
    const requires = [...cost.matchAll(/const \{([^}]+)\} = require\('\.\.\/([^']+)'\)/g)].map((m) => ({
      path: m[2],
      names: m[1].split(',').map((n) => n.trim()),
    }));
    const modules: Record<string, () => Promise<Record<string, unknown>>> = {
      'cost/estimate': () => import('../../src/cost/estimate'),
      'cost/terminal': () => import('../../src/cost/terminal'),
      terminal: () => import('../../src/terminal'),
      'cost/stages': () => import('../../src/cost/stages'),
    };
    expect(requires.map((r) => r.path)).toEqual(Object.keys(modules));
    for (const { path, names } of requires) {
      const module = await modules[path]!();
      for (const name of names) expect(typeof module[name], `${path}: ${name}`).toBe('function');
    }
  });

  it('keeps formatCostTable where repositories generated before the terminal layout import it', async () => {
    const module: Record<string, unknown> = await import('../../src/cost/estimate');
    expect(typeof module.formatCostTable).toBe('function');
  });
});

describe('the cost of each stage', () => {
  const plan = (stages: unknown) => {
    const r = normalizeSpec({
      name: 'shop',
      profile: 'prod',
      services: [{ name: 'api', role: 'client-server', port: 8080 }],
      stages,
    });
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
    return planPlatform(r.spec);
  };

  it("prices each stage's own plan, and adds ecs and ecs-telemetry where its region needs them", async () => {
    const { stageCosts, stageCostLine } = await import('../../src/cost/stages');
    const p = plan([
      { name: 'dev', account: '111111111111', region: 'eu-west-1', profile: 'dev' },
      { name: 'prod', account: '222222222222', region: 'mx-central-1' },
    ]);
    const [dev, prod] = p.stages!;
    const devEstimate = estimateCost(dev.plan);
    const prodEstimate = estimateCost(prod.plan);
    expect(stageCosts(p)).toEqual([
      { stage: 'dev', region: 'eu-west-1', monthlyUsd: devEstimate.totalUsd },
      { stage: 'prod', region: 'mx-central-1', monthlyUsd: prodEstimate.totalUsd + prodEstimate.newRegionEndpoints.monthlyUsd },
    ]);
    // prod: 2 AZs of two more endpoints at 7.30 each.
    expect(prodEstimate.newRegionEndpoints.monthlyUsd).toBe(29.2);
    expect(devEstimate.totalUsd).toBeLessThan(estimateCost(p).totalUsd);
    expect(stageCostLine(p)).toBe(
      `Per stage, at the same prices with each stage's profile, azs and counts: dev (eu-west-1) ${formatUsd(devEstimate.totalUsd)} USD, prod (mx-central-1) ${formatUsd(prodEstimate.totalUsd + 29.2)} USD a month.`,
    );
    const { stages: _s, ...unstaged } = p;
    expect(stageCostLine(unstaged)).toBeUndefined();
  });
});
