/**
 * The plan of a spec with stages (issue 15): one plan per stage, the spec with the stage's
 * overrides, planned with the one placement; physical names that carry the stage.
 */
import { describe, expect, it } from 'vitest';
import { alarmTopicName, clusterName, networkStackName, planPlatform, servicesStackName, type Plan } from '../../src/plan';
import { normalizeSpec } from '../../src/spec';

function planOf(raw: object): Plan {
  const r = normalizeSpec(raw);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return planPlatform(r.spec);
}

const SPEC = {
  name: 'shop',
  profile: 'prod',
  azs: 2,
  alarms: { email: 'ops@example.com' },
  services: [
    { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
    { name: 'api', role: 'client-server', port: 8080 },
  ],
  stages: [
    { name: 'dev', account: '111111111111', region: 'eu-west-1', profile: 'dev', services: { api: { autoscaling: { min: 1, max: 3, cpu: 50 } } } },
    {
      name: 'prod',
      account: '222222222222',
      region: 'us-gov-west-1',
      approval: true,
      azs: 3,
      alarms: { topicArn: 'arn:aws-us-gov:sns:us-gov-west-1:222222222222:ops' },
    },
  ],
};

describe('a plan with stages', () => {
  const plan = planOf(SPEC);

  it('is the spec without overrides at the top, and one PlannedStage per stage in order', () => {
    expect(plan.stage).toBeUndefined();
    expect(plan.profile).toBe('prod');
    expect(plan.stages!.map(({ plan: _plan, ...target }) => target)).toEqual([
      {
        name: 'dev',
        account: '111111111111',
        region: 'eu-west-1',
        partition: 'aws',
        approval: false,
        deployRoleArn: 'arn:aws:iam::111111111111:role/shop-dev-deploy',
      },
      {
        name: 'prod',
        account: '222222222222',
        region: 'us-gov-west-1',
        partition: 'aws-us-gov',
        approval: true,
        deployRoleArn: 'arn:aws-us-gov:iam::222222222222:role/shop-prod-deploy',
      },
    ]);
  });

  it('plans each stage with its overrides, its stage name and namespace, and no stages of its own', () => {
    const [dev, prod] = plan.stages!.map((st) => st.plan);
    expect([dev.stage, dev.profile, dev.azs, dev.namespace, dev.alarms]).toEqual([
      'dev',
      'dev',
      2,
      'dev.shop.internal',
      { email: 'ops@example.com' },
    ]);
    expect([prod.stage, prod.profile, prod.azs, prod.namespace, prod.alarms]).toEqual([
      'prod',
      'prod',
      3,
      'prod.shop.internal',
      { topicArn: 'arn:aws-us-gov:sns:us-gov-west-1:222222222222:ops' },
    ]);
    expect(dev.services.map((s) => [s.name, s.desiredCount, s.autoscaling])).toEqual([
      ['web', 1, undefined],
      ['api', 1, { min: 1, max: 3, cpu: 50 }],
    ]);
    expect(prod.services.map((s) => s.desiredCount)).toEqual([2, 2]);
    expect(dev.stages).toBeUndefined();
  });

  it('places every service in the same stack, with the same listener rule, in every stage', () => {
    for (const st of plan.stages!) {
      expect(st.plan.stacks).toEqual(plan.stacks);
      expect(st.plan.listenerRules).toEqual(plan.listenerRules);
      expect(st.plan.services.map((s) => s.stack)).toEqual(plan.services.map((s) => s.stack));
    }
  });

  it('is absent without stages', () => {
    const { stages: _stages, ...unstaged } = SPEC;
    expect('stages' in planOf(unstaged)).toBe(false);
  });
});

describe('physical names', () => {
  it('carry the stage, so two stages can share an account and region', () => {
    expect([networkStackName('my-shop'), networkStackName('my-shop', 'dev')]).toEqual(['MyShopNetwork', 'dev-MyShopNetwork']);
    expect([servicesStackName('my-shop', 'services-2'), servicesStackName('my-shop', 'services-2', 'dev')]).toEqual([
      'MyShopServices-2',
      'dev-MyShopServices-2',
    ]);
    expect([clusterName('my-shop'), clusterName('my-shop', 'dev')]).toEqual(['my-shop', 'my-shop-dev']);
    expect([alarmTopicName('my-shop'), alarmTopicName('my-shop', 'dev')]).toEqual(['my-shop-alarms', 'my-shop-dev-alarms']);
  });
});
