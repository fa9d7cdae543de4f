/**
 * The production settings of issue 14 as they reach the templates: the production fixture
 * (test/fixtures/production.yaml) synthesized once with strict CloudFormation validation and
 * cdk-nag on (as the generated build runs them): autoscaling, environment, secrets as
 * ValueFrom with least-privilege grants, ECS Exec, exactly the endpoints these need (each
 * admitted only from the services that need it), arch, spot, timeouts and alarms; plus the
 * alarms-by-topicArn variant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlatform } from '../../src/infra';
import { checkPlatform, fromAssembly, fromTemplates, PLATFORM_CHECKS, type CfnTemplate, type Synthesized } from '../../src/infra/testing';
import { platformEndpoints, serviceEndpoints, type Plan } from '../../src/plan';
import { fixturePlan, planOf, synthChecked, synthPlatform } from '../support/synth-platform';

let plan: Plan;
let outdir: string;
let synth: Synthesized;
beforeAll(() => {
  plan = fixturePlan('production');
  const synthesized = synthPlatform(plan, { validate: true });
  outdir = synthesized.outdir;
  synth = fromAssembly(plan, synthesized.assembly);
}, 300_000);

const serviceProps = (name: string) => synth.ecsService(name)!.resource.Properties!;
const taskProps = (name: string) => {
  const service = synth.ecsService(name)!;
  return synth.resolve(service.stack, service.resource.Properties?.TaskDefinition)!.resource.Properties!;
};

describe('the production fixture', () => {
  it('holds every platform check', () => {
    expect(checkPlatform(synth)).toEqual({});
  });

  it('runs arm64 services on ARM64 and the others on X86_64', () => {
    const arch = (name: string) => taskProps(name).RuntimePlatform;
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
      const hash = /:([0-9a-f]{64})/.exec(JSON.stringify(taskProps(name).ContainerDefinitions[0].Image))?.[1];
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
    const [association] = synth.resourcesOfType('AWS::ECS::ClusterCapacityProviderAssociations');
    expect(association?.resource.Properties?.CapacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
  });

  it("sets the Service Connect timeouts on each server's endpoint", () => {
    const timeout = (name: string) => serviceProps(name).ServiceConnectConfiguration.Services[0].Timeout;
    expect(timeout('orders')).toEqual({ PerRequestTimeoutSeconds: 30, IdleTimeoutSeconds: 600 });
    expect(timeout('payments')).toEqual({ PerRequestTimeoutSeconds: 10 });
    expect(timeout('inventory')).toEqual({ IdleTimeoutSeconds: 0 });
  });

  it('points every alarm, ALARM and OK, at the topic with the email subscription', () => {
    const alarms = synth.resourcesOfType('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(plan.services.length);
    for (const { resource } of alarms) {
      const [action] = resource.Properties!.AlarmActions;
      expect(resource.Properties!.AlarmActions).toHaveLength(1);
      expect(resource.Properties!.OKActions).toEqual([action]);
      expect(JSON.stringify(action)).toMatch(/:sns:.*:bazaar-alarms/);
    }
    const [topic] = synth.resourcesOfType('AWS::SNS::Topic');
    expect(topic?.resource.Properties?.TopicName).toBe('bazaar-alarms');
    expect(synth.resourcesOfType('AWS::SNS::Subscription').map((x) => x.resource.Properties)).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.com' }),
    ]);
  });

  it("routes only the running-tasks alarms: autoscaling's target tracking adds no alarm to the templates", () => {
    // Application Auto Scaling creates the target tracking alarms itself, outside
    // CloudFormation: scaling signals, never routed to the topic (README, "Alarms").
    const policies = synth.resourcesOfType('AWS::ApplicationAutoScaling::ScalingPolicy');
    expect(policies).toHaveLength(5);
    for (const { resource } of policies) {
      expect(resource.Properties!.PolicyType).toBe('TargetTrackingScaling');
      expect(resource.Properties!.StepScalingPolicyConfiguration).toBeUndefined();
    }
    const alarms = synth.resourcesOfType('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(plan.services.length);
    for (const a of alarms) expect(a.logicalId).toMatch(/RunningTasksAlarm/);
    const policyIds = new Set(policies.map((p) => p.logicalId));
    for (const { resource } of alarms) {
      for (const action of [...resource.Properties!.AlarmActions, ...resource.Properties!.OKActions]) {
        expect(JSON.stringify(action)).not.toMatch(/ScalingPolicy|autoscaling/);
        expect(policyIds.has((action as { Ref?: string }).Ref ?? '')).toBe(false);
      }
    }
  });
});

describe('the checks on the production fixture catch', () => {
  /** The check's violations on a copy of the synthesis with `change` made to the named service's ECS service. */
  const broken = (id: string, service: string, change: (props: Record<string, any>) => void) => {
    const templates = new Map<string, CfnTemplate>([...synth.templates].map(([k, v]) => [k, structuredClone(v)]));
    for (const t of templates.values()) {
      for (const r of Object.values(t.Resources)) if (r.Type === 'AWS::ECS::Service' && r.Properties?.ServiceName === service) change(r.Properties);
    }
    return PLATFORM_CHECKS.find((c) => c.id === id)!.run(fromTemplates(plan, templates, synth.stackDependencies));
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

function resourcesOf(type: string) {
  return synth.resourcesOfType(type);
}

function service(name: string) {
  const s = synth.ecsService(name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
}

function taskDefinition(name: string) {
  const ref = synth.resolve(service(name).stack, service(name).resource.Properties!.TaskDefinition);
  return ref!;
}

function container(name: string): any {
  return taskDefinition(name).resource.Properties!.ContainerDefinitions.find((c: any) => c.Name === 'app');
}

/** Every statement of the inline policies attached to a role (by its Ref in a stack). */
function statementsOf(stack: string, roleValue: unknown): any[] {
  const role = synth.resolve(stack, roleValue)!;
  const policies = synth
    .resourcesOfType('AWS::IAM::Policy')
    .filter(
      (p) => p.stack === stack && (p.resource.Properties!.Roles as unknown[]).some((r) => synth.resolve(stack, r)?.logicalId === role.logicalId),
    );
  return policies.flatMap((p) => p.resource.Properties!.PolicyDocument.Statement);
}

/** A template value as text, with pseudo parameters named: `arn:${AWS::Partition}:ssm:...`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as any;
  if (v?.Ref) return `\${${v.Ref}}`;
  if (v?.['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(text).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}

describe('autoscaling', () => {
  it('a scalable target per scaling service, between min and max, and no DesiredCount in its template', () => {
    const targets = resourcesOf('AWS::ApplicationAutoScaling::ScalableTarget');
    const byService = new Map(
      targets.map(
        (t) =>
          [
            text(t.resource.Properties!.ResourceId)
              .split('/')
              .pop()!
              .replace(/^\$\{|\}$/g, ''),
            t,
          ] as const,
      ),
    );
    expect(targets).toHaveLength(3);
    for (const s of plan.services) {
      const ecs = service(s.name).resource.Properties!;
      if (s.autoscaling === undefined) {
        expect(ecs.DesiredCount, s.name).toBe(s.desiredCount);
        continue;
      }
      // CloudFormation would send DesiredCount with every update of the service and reset the count.
      expect(ecs.DesiredCount, s.name).toBeUndefined();
      const target = targets.find(
        (t) => t.stack === service(s.name).stack && JSON.stringify(t.resource.Properties!.ResourceId).includes(service(s.name).logicalId),
      );
      expect(target, s.name).toBeDefined();
      expect(target!.resource.Properties).toMatchObject({
        MinCapacity: s.autoscaling.min,
        MaxCapacity: s.autoscaling.max,
        ScalableDimension: 'ecs:service:DesiredCount',
      });
    }
    expect(byService.size).toBe(3);
  });

  it('one target-tracking policy per target, scale-in cooldown longer than scale-out', () => {
    const policies = resourcesOf('AWS::ApplicationAutoScaling::ScalingPolicy').map(
      (p) => p.resource.Properties!.TargetTrackingScalingPolicyConfiguration,
    );
    const kinds = policies.map((c) => `${c.PredefinedMetricSpecification.PredefinedMetricType}:${c.TargetValue}`).sort();
    expect(kinds).toEqual([
      'ALBRequestCountPerTarget:1000',
      'ECSServiceAverageCPUUtilization:60',
      'ECSServiceAverageCPUUtilization:70',
      'ECSServiceAverageMemoryUtilization:75',
      'ECSServiceAverageMemoryUtilization:80',
    ]);
    for (const c of policies) expect(c.ScaleInCooldown).toBeGreaterThan(c.ScaleOutCooldown);
  });

  it('requests scale on the public route of the service (its target group behind the load balancer)', () => {
    const requests = resourcesOf('AWS::ApplicationAutoScaling::ScalingPolicy').find(
      (p) =>
        p.resource.Properties!.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType ===
        'ALBRequestCountPerTarget',
    )!;
    const label = JSON.stringify(requests.resource.Properties!.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.ResourceLabel);
    const targetGroup = synth.resourcesOfType('AWS::ElasticLoadBalancingV2::TargetGroup').find((t) => t.logicalId.startsWith('webPublicRoute'))!;
    expect(label).toContain(`{"Fn::GetAtt":["${targetGroup.logicalId}","TargetGroupFullName"]}`);
    expect(label).toContain('PublicEntryLoadBalancer');
  });
});

describe('environment and secrets', () => {
  it('plain variables beside the generated ones', () => {
    const env = Object.fromEntries(container('web').Environment.map((e: any) => [e.Name, e.Value]));
    expect(env).toMatchObject({ PORT: '3000', LOG_LEVEL: 'info', FEATURE_FLAGS: 'checkout-v2', ORDERS_URL: 'http://orders:8080' });
    expect(container('web').Secrets).toBeUndefined();
  });

  it('secrets as ValueFrom: SSM by ARN (made from a name), Secrets Manager by partial ARN, JSON key, or the ARN given', () => {
    const secrets = (name: string) => Object.fromEntries(container(name).Secrets.map((e: any) => [e.Name, text(e.ValueFrom)]));
    expect(secrets('orders')).toEqual({
      DB_PASSWORD: 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/bazaar/orders/db-password',
      DB_USER: 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/orders-db-user',
    });
    expect(secrets('payments')).toEqual({
      STRIPE_KEY: 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:bazaar/stripe:apiKey::',
      WEBHOOK_SECRET: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bazaar/webhook-AbCdEf',
    });
  });

  it('the execution role reads exactly those parameters and secrets', () => {
    const reads = (name: string) =>
      statementsOf(service(name).stack, taskDefinition(name).resource.Properties!.ExecutionRoleArn)
        .filter((st) => [st.Action].flat().some((a: string) => /^(ssm|secretsmanager):/.test(a)))
        .map((st) => ({ Action: st.Action, Resource: [st.Resource].flat().map(text).sort() }));
    expect(reads('orders')).toEqual([
      {
        Action: 'ssm:GetParameters',
        Resource: [
          'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/bazaar/orders/db-password',
          'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/orders-db-user',
        ],
      },
    ]);
    expect(reads('payments')).toEqual([
      {
        Action: 'secretsmanager:GetSecretValue',
        Resource: [
          'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:bazaar/stripe-??????',
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:bazaar/webhook-AbCdEf',
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:bazaar/webhook-AbCdEf-??????',
        ],
      },
    ]);
    for (const name of ['web', 'inventory', 'reports']) expect(reads(name), name).toEqual([]);
  });

  it('a secret ARN in a region stops a deploy to any other region, before anything is created', () => {
    const rules = synth.templates.get(synth.networkStack)!.Rules ?? {};
    expect(JSON.stringify((rules as Record<string, unknown>).SecretRegionUsEast1)).toContain('us-east-1');
  });
});

describe('exec', () => {
  it('ExecuteCommand on, an init process, ssmmessages and logging to its own log group for the task role', () => {
    for (const s of plan.services) {
      const ecs = service(s.name).resource.Properties!;
      const statements = statementsOf(service(s.name).stack, taskDefinition(s.name).resource.Properties!.TaskRoleArn);
      const actions = statements.flatMap((st) => [st.Action].flat());
      if (!s.exec) {
        expect(ecs.EnableExecuteCommand ?? false, s.name).toBe(false);
        expect(
          actions.filter((a) => a.startsWith('ssmmessages:')),
          s.name,
        ).toEqual([]);
        continue;
      }
      expect(ecs.EnableExecuteCommand, s.name).toBe(true);
      expect(container(s.name).LinuxParameters).toMatchObject({ InitProcessEnabled: true });
      expect(actions).toEqual(expect.arrayContaining(['ssmmessages:CreateControlChannel', 'ssmmessages:OpenDataChannel', 'logs:PutLogEvents']));
      const logStatement = statements.find((st) => [st.Action].flat().includes('logs:PutLogEvents'))!;
      const logGroup = synth.resolve(service(s.name).stack, [logStatement.Resource].flat()[0]);
      expect(logGroup?.resource.Type).toBe('AWS::Logs::LogGroup');
      expect(container(s.name).LogConfiguration.Options['awslogs-group']).toEqual({ Ref: logGroup!.logicalId });
    }
  });
});

describe('the endpoints follow the settings', () => {
  const endpointTag = (name: string) => `endpoint/${name}`;

  /** The interface endpoints of the network, by the tag of their security group. */
  function endpoints(s: Synthesized): string[] {
    return s
      .resourcesOfType('AWS::EC2::VPCEndpoint')
      .filter((e) => e.resource.Properties!.VpcEndpointType === 'Interface')
      .map((e) => s.securityGroupTag(e.stack, e.resource.Properties!.SecurityGroupIds[0])!.replace(/^endpoint\//, ''))
      .sort();
  }

  /** Which groups an endpoint admits: the tags of the source groups of its ingress rules. */
  function admitted(s: Synthesized, name: string): string[] {
    return s
      .resourcesOfType('AWS::EC2::SecurityGroupIngress')
      .filter((r) => s.securityGroupTag(r.stack, r.resource.Properties!.GroupId) === endpointTag(name))
      .map((r) => s.securityGroupTag(r.stack, r.resource.Properties!.SourceSecurityGroupId)!)
      .sort();
  }

  it('exactly the needed ones: the base set plus ssm, secretsmanager and ssmmessages', () => {
    expect(endpoints(synth)).toEqual(['ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']);
  });

  it('each admitted only from the services that need it, and the service waits for its rule', () => {
    expect(admitted(synth, 'ssm')).toEqual(['service/orders']);
    expect(admitted(synth, 'secretsmanager')).toEqual(['service/payments']);
    expect(admitted(synth, 'ssmmessages')).toEqual(['service/inventory', 'service/orders']);
    expect(admitted(synth, 'logs')).toEqual(['tasks']);
    const orders = service('orders');
    const rules = synth
      .resourcesOfType('AWS::EC2::SecurityGroupIngress')
      .filter(
        (r) =>
          r.stack === orders.stack &&
          synth.securityGroupTag(r.stack, r.resource.Properties!.SourceSecurityGroupId) === 'service/orders' &&
          ['ssm', 'ssmmessages'].some((e) => synth.securityGroupTag(r.stack, r.resource.Properties!.GroupId) === endpointTag(e)),
      );
    expect(rules).toHaveLength(2);
    for (const r of rules) expect([orders.resource.DependsOn].flat()).toContain(r.logicalId);
  });

  it('both ways, over every combination of settings: each needed endpoint is there, and no other', () => {
    const base = ['ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry', 'logs'];
    const settings: Record<string, object> = {
      none: {},
      ssm: { secrets: { A: 'ssm:/a' } },
      secretsmanager: { secrets: { A: 'secretsmanager:a' } },
      exec: { exec: true },
      all: { secrets: { A: 'ssm:/a', B: 'secretsmanager:b#k' }, exec: true },
    };
    for (const [label, extra] of Object.entries(settings)) {
      const p = planOf({
        name: 'ep',
        profile: 'dev',
        services: [
          { name: 'api', role: 'client-server', port: 8080, ...extra },
          { name: 'idle', role: 'client-server', port: 8081 },
        ],
      });
      const s = synthChecked(p);
      const wanted = platformEndpoints(p.services);
      expect(endpoints(s), label).toEqual([...base, ...wanted].sort());
      for (const e of wanted) expect(admitted(s, e), `${label} ${e}`).toEqual(['service/api']);
      expect(serviceEndpoints(p.services[1])).toEqual([]);
      expect(checkPlatform(s), label).toEqual({});
    }
  }, 120_000);
});

it('adding an endpoint the settings already added fails the synth with what to do; for every task, it is not added twice', () => {
  const p = planOf({ name: 'dup', profile: 'dev', services: [{ name: 'api', role: 'client-server', port: 8080, secrets: { A: 'ssm:/a' } }] });
  const built = buildPlatform(new App(), p, { nag: false, image: () => ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1') });
  expect(() => built.network.addInterfaceEndpoint('ssm', ec2.InterfaceVpcEndpointAwsService.SSM)).toThrow(
    'the interface endpoint "ssm" is already in the network (the spec\'s secrets or exec need it, and it admits only their services: drop this call, or give "ssm" to buildPlatform\'s additionalInterfaceEndpoints to admit every task)',
  );
  const everyTask = synthChecked(p, { build: { additionalInterfaceEndpoints: ['ssm'] } });
  const ssm = everyTask.resourcesOfType('AWS::EC2::VPCEndpoint').filter((e) => JSON.stringify(e.resource.Properties!.ServiceName).includes('.ssm"'));
  expect(ssm).toHaveLength(1);
  expect(checkPlatform(everyTask)).toEqual({});
}, 120_000);

it('a service without the settings synthesizes as before: no new property in its template (an upgrade changes no deployed service)', () => {
  const s = synthChecked(planOf({ name: 'plain', services: [{ name: 'api', role: 'client-server', port: 8080 }] }));
  const api = s.ecsService('api')!;
  expect(Object.keys(api.resource.Properties!)).not.toContain('EnableExecuteCommand');
  expect(api.resource.Properties!.DesiredCount).toBe(2);
  const td = s.resolve(api.stack, api.resource.Properties!.TaskDefinition)!;
  const app = td.resource.Properties!.ContainerDefinitions[0];
  expect(Object.keys(app)).not.toEqual(expect.arrayContaining(['Secrets']));
  expect(Object.keys(app)).not.toContain('LinuxParameters');
  expect(s.resourcesOfType('AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
}, 120_000);
