/**
 * The estimate for a terminal: `npx projen cost` in a generated repository, and the CLI's
 * three lines after a write. The Markdown for the README is test/cost/estimate.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { estimateCost, formatCostTable } from '../../src/cost/estimate';
import { costSummary, formatCostForTerminal } from '../../src/cost/terminal';
import { planPlatform, type Plan } from '../../src/plan';
import { normalizeSpec } from '../../src/spec/normalize';
import { displayWidth, stripAnsi, styleFor } from '../../src/terminal';

function planOf(raw: unknown): Plan {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return planPlatform(result.spec);
}

const ESTIMATE = estimateCost(
  planOf({
    name: 'shop',
    profile: 'dev',
    services: [
      { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
      { name: 'api', role: 'client-server', port: 8080, cpu: 512, memory: 1024 },
    ],
  }),
);

describe('the estimate on a terminal', () => {
  for (const columns of [80, 120]) {
    it(`at ${columns} columns: every line fits, no Markdown, the USD column aligned on the right`, () => {
      const lines = formatCostForTerminal(ESTIMATE, { columns, color: false }).trimEnd().split('\n');
      for (const l of lines) expect(displayWidth(l), l).toBeLessThan(columns);
      const text = lines.join('\n');
      expect(text).not.toMatch(/\|---|\*\*|`/);
      // header, rule, rows: the amounts end in one column
      const header = lines.findIndex((l) => l.startsWith('item '));
      expect(lines[header + 1]).toMatch(/^─+$/);
      const total = lines.findIndex((l) => l.startsWith('total '));
      expect(lines[total].endsWith('105.53')).toBe(true);
      expect(lines[header].length).toBe(lines[total].length);
      expect(lines[header].endsWith('USD / month')).toBe(true);
    });
  }

  it('wraps at word boundaries only: the words are those of the unwrapped text, in order', () => {
    const words = (s: string) => s.split(/\s+/).filter((w) => w !== '' && !/^─+$/.test(w));
    const prose = (s: string) => s.split('\n\n').filter((block) => !block.startsWith('item '));
    expect(prose(formatCostForTerminal(ESTIMATE, { columns: 80, color: false })).map(words)).toEqual(
      prose(formatCostForTerminal(ESTIMATE, { color: false })).map(words),
    );
  });

  it("shows emphasis with the terminal's means only where colour is on", () => {
    const colored = formatCostForTerminal(ESTIMATE, { columns: 100, color: true });
    expect(colored).toContain('\x1b[1m105.53\x1b[22m');
    expect(colored).toContain('\x1b[36mecr.api\x1b[39m');
    expect(stripAnsi(colored)).toBe(formatCostForTerminal(ESTIMATE, { columns: 100, color: false }));
  });

  it('in a pipe: the same aligned text, unwrapped, without escape codes', () => {
    const piped = formatCostForTerminal(ESTIMATE, { color: false });
    expect(piped).not.toMatch(/\x1b|─/);
    expect(piped).toContain('Interface endpoint ecr.api, 1 AZ                         730  endpoint-AZ-hours         7.30');
    expect(piped.split('\n')[0]).toBe(
      'Estimated baseline in USD per month: us-east-1 on-demand list prices taken ' +
        `${ESTIMATE.pricesTakenOn}, 730 hours a month, profile dev. These are estimates, not a quote: ` +
        'region, usage, free tiers, Savings Plans and price changes move the real bill.',
    );
  });

  it('says what the README says: the same rows and amounts', () => {
    const md = formatCostTable(ESTIMATE);
    for (const item of ESTIMATE.lineItems) expect(formatCostForTerminal(ESTIMATE, { color: false })).toContain(item.item.replace(/`/g, ''));
    expect(md).toContain('**105.53**');
    expect(md).toContain('**109.18** (+3.65)');
    expect(formatCostForTerminal(ESTIMATE, { color: false })).toMatch(/\ntotal +109\.18 \(\+3\.65\)\n/);
  });
});

describe('the three lines after a write', () => {
  it('give the total, the difference against NAT, and where the whole table is', () => {
    expect(costSummary(ESTIMATE)).toEqual([
      'Estimated baseline: 105.53 USD a month (us-east-1 list prices, profile dev; traffic is charged on top).',
      'With NAT gateways instead of the VPC endpoints: 109.18 USD a month (+3.65).',
      'The full table: npx projen cost (after npm install), or README.md.',
    ]);
    expect(costSummary(ESTIMATE, styleFor(true))[0]).toContain('\x1b[1m105.53 USD\x1b[22m');
  });
});
