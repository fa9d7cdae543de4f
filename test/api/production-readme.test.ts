/**
 * The generated README documents the production settings (issue 14): each service's
 * arch, capacity and Service Connect timeouts, how a service avoids Spot, and where the
 * alarms go, or that they notify nobody.
 */
import { describe, expect, it } from 'vitest';
import { planPlatform } from '../../src/plan';
import { renderFiles } from '../../src/render/render-files';
import { normalizeSpec } from '../../src/spec';
import { fixturePlan } from '../support/synth-platform';

const readme = (plan: ReturnType<typeof planPlatform>) => renderFiles(plan).find((f) => f.path === 'README.md')!.contents;

describe('the generated README', () => {
  it('tables the production settings of the production fixture and says where alarms go', () => {
    const text = readme(fixturePlan('production'));
    expect(text).toContain('## Production settings');
    expect(text).toContain(
      '| `web` | arm64 (linux/arm64) | 50% Spot: FARGATE base 1 weight 50, FARGATE_SPOT weight 50 | - (registers no endpoint) |',
    );
    expect(text).toContain('| `orders` | arm64 (linux/arm64) | FARGATE launch type (no Spot) | per request 30 s, idle 600 s |');
    expect(text).toContain('| `payments` | x86_64 (linux/amd64) | FARGATE launch type (no Spot) | per request 10 s |');
    expect(text).toContain(
      '| `reports` | arm64 (linux/arm64) | 100% Spot: FARGATE base 1 weight 0, FARGATE_SPOT weight 100 | - (registers no endpoint) |',
    );
    expect(text).toContain('**A service that must never be interrupted has no `spot` key**');
    expect(text).toContain('the SNS topic `bazaar-alarms`, created in the network stack with an email\nsubscription for ops@example.com');
    expect(text).not.toContain('Alarms notify nobody');
    // Autoscaling's target tracking alarms are Application Auto Scaling's: not routed.
    expect(text).toContain('The alarms of autoscaling are not among them');
    expect(text).toContain('They are scaling signals, not pages');
  });

  it('says that alarms notify nobody without alarms, and names an existing topic', () => {
    const plan = (raw: object) => {
      const r = normalizeSpec(raw);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return planPlatform(r.spec);
    };
    const services = [{ name: 'api', role: 'client-server', port: 8080 }];
    expect(readme(plan({ name: 'shop', services }))).toContain('**Alarms notify nobody.**');
    // No autoscaling, no word about its alarms.
    expect(readme(plan({ name: 'shop', services }))).not.toContain('The alarms of autoscaling');
    const topic = 'arn:aws:sns:us-east-1:123456789012:ops';
    expect(readme(plan({ name: 'shop', alarms: { topicArn: topic }, services }))).toContain(`the existing SNS topic \`${topic}\``);
  });
});
