/**
 * The summary before the write shows the production settings the prompts never ask
 * (autoscaling, environment, secrets, exec) and the endpoints they add, for a spec that
 * has them (from --config, or an import); nothing about them otherwise.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printSummary, settingsLines } from '../../src/cli/summary';
import { planPlatform } from '../../src/plan';
import { formatError, loadSpecFile, normalizeSpec } from '../../src/spec';

function planned(raw: unknown) {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return { spec: result.spec, plan: planPlatform(result.spec) };
}

describe('the summary of the production settings', () => {
  it('one line per service that has any, then the endpoints they add', () => {
    const loaded = loadSpecFile(join(__dirname, '..', 'fixtures', 'production.yaml'));
    if (!loaded.ok) throw new Error(loaded.errors.map(formatError).join('\n'));
    const lines: string[] = [];
    printSummary({ out: (l) => lines.push(l) }, { spec: loaded.spec, plan: planPlatform(loaded.spec) } as never, 'prodshop');
    const text = lines.join('\n');
    expect(text).toContain(
      [
        '  settings from the spec file (not asked here):',
        '    web: autoscaling 2-10 on cpu 60%, 1000 requests/task/min, priced at 2; environment LOG_LEVEL, FEATURE_FLAGS',
        '    orders: autoscaling 2-6 on cpu 70%, memory 75%, priced at 3; secrets DB_PASSWORD (ssm), DB_USER (ssm); exec',
        '    payments: environment PROVIDER; secrets STRIPE_KEY (secretsmanager), WEBHOOK_SECRET (secretsmanager)',
        '    catalog: autoscaling 1-4 on memory 80%, priced at 2; exec',
        '    reports: environment REPORT_BUCKET',
        '    endpoints they add (billed per AZ-hour): ssm (orders), secretsmanager (payments), ssmmessages (orders, catalog)',
      ].join('\n'),
    );
  });

  it('nothing when no service has one', () => {
    const p = planned({ name: 'shop', services: [{ name: 'api', role: 'client-server', port: 8080 }] });
    expect(settingsLines(p.plan.services)).toEqual([]);
    const lines: string[] = [];
    printSummary({ out: (l) => lines.push(l) }, p as never, 'shop');
    expect(lines.join('\n')).not.toContain('settings');
  });
});
