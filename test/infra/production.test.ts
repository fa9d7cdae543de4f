/**
 * The production settings of issue 14 in synthesized templates (test/fixtures/production.yaml,
 * synthesized once with CloudFormation schema validation and cdk-nag on, as the generated
 * build runs them): autoscaling, environment, secrets as ValueFrom with least-privilege
 * grants, ECS Exec, and exactly the endpoints these need, each admitted only from the
 * services that need it.
 */
import { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlatform } from '../../src/infra';
import { platformEndpoints, serviceEndpoints, type Plan } from '../../src/plan';
import { fixturePlan, planOf, synthChecked } from '../support/synth-platform';
import type { Synthesized } from '../../src/infra/testing';
import { checkPlatform } from '../../src/infra/testing';

let plan: Plan;
let synth: Synthesized;

beforeAll(() => {
  plan = fixturePlan('production');
  synth = synthChecked(plan, { validate: true });
}, 120_000);

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

it('synthesizes with schema validation and cdk-nag, and passes every platform check', () => {
  expect(checkPlatform(synth)).toEqual({});
});

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
      DB_PASSWORD: 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/prodshop/orders/db-password',
      DB_USER: 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/orders-db-user',
    });
    expect(secrets('payments')).toEqual({
      STRIPE_KEY: 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prodshop/stripe:apiKey::',
      WEBHOOK_SECRET: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prodshop/webhook-AbCdEf',
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
          'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/orders-db-user',
          'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/prodshop/orders/db-password',
        ],
      },
    ]);
    expect(reads('payments')).toEqual([
      {
        Action: 'secretsmanager:GetSecretValue',
        Resource: [
          'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prodshop/stripe-??????',
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:prodshop/webhook-AbCdEf',
          'arn:aws:secretsmanager:us-east-1:123456789012:secret:prodshop/webhook-AbCdEf-??????',
        ],
      },
    ]);
    for (const name of ['web', 'catalog', 'reports']) expect(reads(name), name).toEqual([]);
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
    expect(admitted(synth, 'ssmmessages')).toEqual(['service/catalog', 'service/orders']);
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
