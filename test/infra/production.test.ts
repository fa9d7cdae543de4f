/**
 * The production settings of issue 14 (arch, spot, timeouts, alarms) as they reach the
 * templates: the production fixture synthesized once with strict CloudFormation validation
 * and cdk-nag on (as the generated build runs them), plus the alarms-by-topicArn variant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPlatform, fromAssembly, fromTemplates, PLATFORM_CHECKS, type CfnTemplate, type Synthesized } from '../../src/infra/testing';
import type { Plan } from '../../src/plan';
import { fixturePlan, planOf, synthChecked, synthPlatform } from '../support/synth-platform';

let plan: Plan;
let outdir: string;
let s: Synthesized;
beforeAll(() => {
  plan = fixturePlan('production');
  const synth = synthPlatform(plan, { validate: true });
  outdir = synth.outdir;
  s = fromAssembly(plan, synth.assembly);
}, 300_000);

const serviceProps = (name: string) => s.ecsService(name)!.resource.Properties!;
const taskDefinition = (name: string) => {
  const service = s.ecsService(name)!;
  return s.resolve(service.stack, service.resource.Properties?.TaskDefinition)!.resource.Properties!;
};

describe('the production fixture', () => {
  it('holds every platform check', () => {
    expect(checkPlatform(s)).toEqual({});
  });

  it('runs arm64 services on ARM64 and the others on X86_64', () => {
    const arch = (name: string) => taskDefinition(name).RuntimePlatform;
    for (const name of ['web', 'orders', 'reports']) expect(arch(name)).toEqual({ OperatingSystemFamily: 'LINUX', CpuArchitecture: 'ARM64' });
    for (const name of ['payments', 'inventory']) expect(arch(name)).toEqual({ OperatingSystemFamily: 'LINUX', CpuArchitecture: 'X86_64' });
  });

  it('builds each image for its arch (the asset platform)', () => {
    // The asset manifests say how `cdk deploy` builds each image, by the hash in its URI.
    const images: Record<string, { source: { platform?: string } }> = Object.assign(
      {},
      ...readdirSync(outdir)
        .filter((f) => f.endsWith('.assets.json'))
        .map((f) => JSON.parse(readFileSync(join(outdir, f), 'utf8')).dockerImages ?? {}),
    );
    const platformOf = (name: string) => {
      const hash = /:([0-9a-f]{64})/.exec(JSON.stringify(taskDefinition(name).ContainerDefinitions[0].Image))?.[1];
      return images[hash!]?.source.platform;
    };
    for (const name of ['web', 'orders', 'reports']) expect(platformOf(name), name).toBe('linux/arm64');
    for (const name of ['payments', 'inventory']) expect(platformOf(name), name).toBe('linux/amd64');
  });

  it('puts spot services on a FARGATE/FARGATE_SPOT strategy that keeps the first prod task on FARGATE, and forces a deployment when it changes', () => {
    expect(serviceProps('web').CapacityProviderStrategy).toEqual([
      { CapacityProvider: 'FARGATE', Base: 1, Weight: 50 },
      { CapacityProvider: 'FARGATE_SPOT', Base: 0, Weight: 50 },
    ]);
    expect(serviceProps('reports').CapacityProviderStrategy).toEqual([
      { CapacityProvider: 'FARGATE', Base: 1, Weight: 0 },
      { CapacityProvider: 'FARGATE_SPOT', Base: 0, Weight: 100 },
    ]);
    expect(serviceProps('inventory').CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }]);
    for (const name of ['web', 'reports', 'inventory']) {
      expect(serviceProps(name).LaunchType).toBeUndefined();
      expect(serviceProps(name).ForceNewDeployment).toEqual({
        EnableForceNewDeployment: true,
        ForceNewDeploymentNonce: expect.stringMatching(/^capacity: FARGATE base 1 weight /),
      });
    }
    // Never interrupted: no spot key, the FARGATE launch type, no forced deployments.
    for (const name of ['orders', 'payments']) {
      expect(serviceProps(name).LaunchType).toBe('FARGATE');
      expect(serviceProps(name).CapacityProviderStrategy).toBeUndefined();
      expect(serviceProps(name).ForceNewDeployment).toBeUndefined();
    }
    const [association] = s.resourcesOfType('AWS::ECS::ClusterCapacityProviderAssociations');
    expect(association?.resource.Properties?.CapacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
  });

  it("sets the Service Connect timeouts on each server's endpoint", () => {
    const timeout = (name: string) => serviceProps(name).ServiceConnectConfiguration.Services[0].Timeout;
    expect(timeout('orders')).toEqual({ PerRequestTimeoutSeconds: 30, IdleTimeoutSeconds: 600 });
    expect(timeout('payments')).toEqual({ PerRequestTimeoutSeconds: 10 });
    expect(timeout('inventory')).toEqual({ IdleTimeoutSeconds: 0 });
  });

  it('points every alarm, ALARM and OK, at the topic with the email subscription', () => {
    const alarms = s.resourcesOfType('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(plan.services.length);
    for (const { resource } of alarms) {
      const [action] = resource.Properties!.AlarmActions;
      expect(resource.Properties!.AlarmActions).toHaveLength(1);
      expect(resource.Properties!.OKActions).toEqual([action]);
      expect(JSON.stringify(action)).toMatch(/:sns:.*:bazaar-alarms/);
    }
    const [topic] = s.resourcesOfType('AWS::SNS::Topic');
    expect(topic?.resource.Properties?.TopicName).toBe('bazaar-alarms');
    expect(s.resourcesOfType('AWS::SNS::Subscription').map((x) => x.resource.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.com' }),
    ]);
  });
});

describe('the checks on the production fixture catch', () => {
  /** The check's violations on a copy of the synthesis with `change` made to the named service's ECS service. */
  const broken = (id: string, service: string, change: (props: Record<string, any>) => void) => {
    const templates = new Map<string, CfnTemplate>([...s.templates].map(([k, v]) => [k, structuredClone(v)]));
    for (const t of templates.values()) {
      for (const r of Object.values(t.Resources)) if (r.Type === 'AWS::ECS::Service' && r.Properties?.ServiceName === service) change(r.Properties);
    }
    return PLATFORM_CHECKS.find((c) => c.id === id)!.run(fromTemplates(plan, templates, s.stackDependencies));
  };

  it('a spot service without its forced deployment, or on another split', () => {
    expect(broken('services/capacity', 'web', (p) => delete p.ForceNewDeployment)).not.toEqual([]);
    expect(broken('services/capacity', 'web', (p) => (p.CapacityProviderStrategy[0].Base = 0))).not.toEqual([]);
    expect(
      broken('services/capacity', 'payments', (p) => (p.CapacityProviderStrategy = [{ CapacityProvider: 'FARGATE_SPOT', Base: 0, Weight: 1 }])),
    ).not.toEqual([]);
  });

  it('a server without its timeouts', () => {
    expect(broken('services/service-connect', 'orders', (p) => delete p.ServiceConnectConfiguration.Services[0].Timeout)).not.toEqual([]);
  });
});

describe('alarms with an existing topic', () => {
  const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ops-alarms';
  it('notifies that topic from every alarm, creates none, and refuses a deploy to another region', () => {
    const p = planOf({
      name: 'kiosk',
      alarms: { topicArn: TOPIC },
      services: [
        { name: 'api', role: 'client-server', port: 8080 },
        { name: 'web', role: 'client-only', port: 3000, calls: ['api'] },
      ],
    });
    const t = synthChecked(p);
    expect(checkPlatform(t)).toEqual({});
    const alarms = t.resourcesOfType('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(2);
    for (const { resource } of alarms) {
      expect(resource.Properties?.AlarmActions).toEqual([TOPIC]);
      expect(resource.Properties?.OKActions).toEqual([TOPIC]);
    }
    expect(t.resourcesOfType('AWS::SNS::Topic')).toEqual([]);
    const rules = [...t.templates.values()].flatMap((tpl) => Object.entries((tpl.Rules ?? {}) as Record<string, unknown>));
    expect(rules.map(([id]) => id)).toContain('AlarmTopicRegion');
  });

  it('without alarms, no alarm has an action', () => {
    const t = synthChecked(planOf({ name: 'quiet', services: [{ name: 'api', role: 'client-server', port: 8080 }] }));
    for (const { resource } of t.resourcesOfType('AWS::CloudWatch::Alarm')) {
      expect(resource.Properties?.AlarmActions).toBeUndefined();
      expect(resource.Properties?.OKActions).toBeUndefined();
    }
  });
});
