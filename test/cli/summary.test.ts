/**
 * The prompts' summary shows the settings the prompts never ask (arch, spot, timeouts,
 * alarms: spec-file keys), so a spec imported or edited by hand says what it will build;
 * and the interactive flow asks a newcomer none of them.
 */
import prompts, { type PromptObject } from 'prompts';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeInput, planSpec } from '../../src/api/pass';
import { runInteractive, type PromptFn } from '../../src/cli/interactive';
import { advancedSettings, printSummary } from '../../src/cli/summary';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { scratch } from './helpers';

afterEach(() => {
  (prompts as unknown as { _injected?: unknown[] })._injected = undefined;
});

function planned(raw: unknown) {
  const n = normalizeInput(raw);
  if (!n.ok) throw new Error(JSON.stringify(n.errors));
  const p = planSpec(n, undefined);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p;
}

describe('the summary', () => {
  it("lists each service's arch, spot share and timeouts, and where alarms go", () => {
    const raw: unknown = parse(readFileSync(join(__dirname, '..', 'fixtures', 'production.yaml'), 'utf8'));
    const lines: string[] = [];
    printSummary({ out: (l) => lines.push(l) }, planned(raw), 'bazaar');
    const text = lines.join('\n');
    expect(advancedSettings(planned(raw).plan)).toEqual([
      '  web: arm64 (Graviton); spot 50% (about 1 of 3 tasks on Fargate Spot, the first on regular Fargate)',
      '  orders: arm64 (Graviton); timeouts per request 30s, idle 600s',
      '  payments: timeouts per request 10s',
      '  inventory: spot 0% (about 0 of 2 tasks on Fargate Spot, the first on regular Fargate); timeouts idle 0s',
      '  reports: arm64 (Graviton); spot 100% (about 2 of 3 tasks on Fargate Spot, the first on regular Fargate)',
      '  alarms: notify ops@example.com (a topic is created; confirm the mail SNS sends)',
    ]);
    for (const line of advancedSettings(planned(raw).plan)) expect(text).toContain(line);
    expect(text).not.toContain('alarms notify nobody');
  });

  it('says nothing extra for defaults, and notes that alarms notify nobody without alarms', () => {
    const p = planned({ name: 'shop', services: [{ name: 'api', role: 'client-server', port: 8080 }] });
    expect(advancedSettings(p.plan)).toEqual([]);
    const lines: string[] = [];
    printSummary({ out: (l) => lines.push(l) }, p, 'shop');
    expect(lines.join('\n')).toMatch(/note: alarms notify nobody/);
  });
});

describe('the interactive flow', () => {
  it('asks none of the advanced keys', async () => {
    const questions: PromptObject<'value'>[] = [];
    const prompt: PromptFn = (q, options) => {
      questions.push(q);
      return prompts(q, options);
    };
    prompts.inject(['shop', undefined, 'api', 'client-server', false, undefined, false, true]);
    const r = await runInteractive({ dir: 'shop', force: false, dryRun: false }, { out: () => {}, err: () => {}, cwd: scratch() }, prompt);
    expect(r.kind).toBe('spec');
    const asked = questions.map((q) => String(q.message)).join('\n');
    expect(asked).not.toMatch(/\b(arch|architecture|arm64|spot|timeout|alarm)/i);
  });
});
