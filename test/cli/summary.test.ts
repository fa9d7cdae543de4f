/**
 * The prompts' summary shows the settings the prompts never ask (autoscaling, environment,
 * secrets, exec, arch, spot, timeouts, alarms: spec-file keys) and the endpoints they add,
 * so a spec imported or edited by hand says what it will build; nothing about them
 * otherwise. And the interactive flow asks a newcomer none of them.
 */
import prompts, { type PromptObject } from 'prompts';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeInput, planSpec } from '../../src/api/pass';
import { runInteractive, type PromptFn } from '../../src/cli/interactive';
import { printSummary, settingsLines } from '../../src/cli/summary';
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
  it('one line per service that has any setting, where alarms go, then the endpoints the settings add', () => {
    const raw: unknown = parse(readFileSync(join(__dirname, '..', 'fixtures', 'production.yaml'), 'utf8'));
    const lines: string[] = [];
    printSummary({ out: (l) => lines.push(l) }, planned(raw), 'bazaar');
    const text = lines.join('\n');
    const expected = [
      'web: autoscaling 2-10 on cpu 60%, 1000 requests/task/min, priced at 3; environment LOG_LEVEL, FEATURE_FLAGS; arm64 (Graviton); spot 50% (about 1 of 3 tasks on Fargate Spot, the first on regular Fargate)',
      'orders: autoscaling 2-6 on cpu 70%, memory 75%, priced at 3; secrets DB_PASSWORD (ssm), DB_USER (ssm); exec; arm64 (Graviton); timeouts per request 30s, idle 600s',
      'payments: environment PROVIDER; secrets STRIPE_KEY (secretsmanager), WEBHOOK_SECRET (secretsmanager); timeouts per request 10s',
      'inventory: autoscaling 1-4 on memory 80%, priced at 2; exec; spot 0% (about 0 of 2 tasks on Fargate Spot, the first on regular Fargate); timeouts idle 0s',
      'reports: environment REPORT_BUCKET; arm64 (Graviton); spot 100% (about 2 of 3 tasks on Fargate Spot, the first on regular Fargate)',
      'alarms: notify ops@example.com (a topic is created; confirm the mail SNS sends)',
      'endpoints they add (billed per AZ-hour): ssm (orders), secretsmanager (payments), ssmmessages (orders, inventory)',
    ];
    expect(settingsLines(planned(raw).plan)).toEqual(expected);
    expect(text).toContain(['  settings from the spec file (not asked here):', ...expected.map((l) => `    ${l}`)].join('\n'));
    expect(text).not.toContain('alarms notify nobody');
  });

  it('says nothing extra for defaults, and notes that alarms notify nobody without alarms', () => {
    const p = planned({ name: 'shop', services: [{ name: 'api', role: 'client-server', port: 8080 }] });
    expect(settingsLines(p.plan)).toEqual([]);
    const lines: string[] = [];
    printSummary({ out: (l) => lines.push(l) }, p, 'shop');
    expect(lines.join('\n')).not.toContain('settings');
    expect(lines.join('\n')).toMatch(/note: alarms notify nobody/);
  });
});

describe('the summary of a spec with stages', () => {
  it('one line per stage: where it deploys, what differs there, and whether a person approves it', () => {
    const raw: unknown = parse(readFileSync(join(__dirname, '..', 'fixtures', 'stages.yaml'), 'utf8'));
    expect(settingsLines(planned(raw).plan).filter((l) => l.startsWith('stage '))).toEqual([
      'stage dev: account 111111111111, eu-west-1; profile dev, 2 AZs; tasks web 1, api 1, store 1',
      'stage staging: account 111111111111, eu-west-1; profile prod, 3 AZs; tasks api 3',
      'stage prod: account 222222222222, ap-southeast-7; profile prod, 2 AZs; tasks api 4; approved before it deploys',
    ]);
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
    expect(asked).not.toMatch(/\b(arch|architecture|arm64|spot|timeout|alarm|autoscal|scaling|secret|exec)/i);
  });
});
