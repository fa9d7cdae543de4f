/**
 * Each platform check (src/infra/testing) catches the breakage it is about: a synthesized
 * platform that holds every check is broken one way at a time (a copy of its templates
 * edited), and the check named must report it. A check with no breakage here fails the
 * last test, so none can be added that could not fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPlatform, fromTemplates, PLATFORM_CHECKS, tagOf, type CfnResource, type CfnTemplate, type Synthesized } from '../../src/infra/testing';
import { planOf, synthChecked } from '../support/synth-platform';

// Public services (one at a path, one client-only with nothing to call, so it waits for
// a registration), a call cycle (one call deferred), a database-like server that reads a
// secret from SSM and takes ECS Exec (the ssm and ssmmessages endpoints).
const PLAN = planOf({
  name: 'bite',
  services: [
    { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
    { name: 'admin', role: 'client-only', port: 3001, public: true, publicPath: '/admin' },
    { name: 'api', role: 'client-server', port: 8080, calls: ['db'] },
    { name: 'db', role: 'client-server', port: 5432, calls: ['api'], secrets: { DB_PASSWORD: 'ssm:/bite/db' }, exec: true },
  ],
});

let good: Synthesized;
beforeAll(() => {
  good = synthChecked(PLAN);
}, 300_000);

type Templates = Map<string, CfnTemplate>;
type Dependencies = Map<string, Set<string>>;

/** A copy of the good synthesis with `change` applied to its templates and stack dependencies. */
function broken(change: (t: Templates, deps: Dependencies) => void): Synthesized {
  const templates: Templates = new Map([...good.templates].map(([k, v]) => [k, structuredClone(v)]));
  const deps: Dependencies = new Map([...good.stackDependencies].map(([k, v]) => [k, new Set(v)]));
  change(templates, deps);
  return fromTemplates(PLAN, templates, deps);
}

/** Every resource of a type (with a predicate), with its stack's template. */
function all(t: Templates, type: string, p: (r: CfnResource) => boolean = () => true): { id: string; r: CfnResource; template: CfnTemplate }[] {
  return [...t.values()].flatMap((template) =>
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === type && p(r))
      .map(([id, r]) => ({ id, r, template })),
  );
}
function one(t: Templates, type: string, p: (r: CfnResource) => boolean = () => true): { id: string; r: CfnResource; template: CfnTemplate } {
  const found = all(t, type, p);
  if (found.length === 0) throw new Error(`no ${type} to break`);
  return found[0]!;
}
const ecs = (t: Templates, name: string) => one(t, 'AWS::ECS::Service', (r) => r.Properties?.ServiceName === name);
const sgTagged = (value: string) => (r: CfnResource) => tagOf(r, 'fargate-connect:security-group') === value;
/** The task definition of a service (same stack, by Ref). */
const taskDefinition = (t: Templates, name: string) => {
  const service = ecs(t, name);
  return service.template.Resources[service.r.Properties!.TaskDefinition.Ref]!;
};
const appContainer = (t: Templates, name: string) => taskDefinition(t, name).Properties!.ContainerDefinitions[0];
/** Standalone ingress rules on the given port. */
const ingressOn = (t: Templates, port: number) => all(t, 'AWS::EC2::SecurityGroupIngress', (r) => r.Properties?.FromPort === port);

const BREAKAGES: Record<string, (t: Templates, deps: Dependencies) => void> = {
  'network/no-nat': (t) => (one(t, 'AWS::EC2::VPC').template.Resources.Nat = { Type: 'AWS::EC2::NatGateway' }),
  'network/subnets': (t) => (one(t, 'AWS::EC2::Subnet').r.Properties!.MapPublicIpOnLaunch = true),
  'network/no-route-out': (t) => (one(t, 'AWS::EC2::Route').r.Properties!.NatGatewayId = 'nat-0123'),
  'network/endpoints': (t) =>
    (one(t, 'AWS::EC2::VPCEndpoint', (r) => r.Properties?.VpcEndpointType === 'Interface').r.Properties!.PrivateDnsEnabled = false),
  'network/s3-gateway': (t) => one(t, 'AWS::EC2::VPCEndpoint', (r) => r.Properties?.VpcEndpointType === 'Gateway').r.Properties!.RouteTableIds.pop(),
  'network/endpoint-ingress': (t) => (ingressOn(t, 443)[0]!.r.Properties!.FromPort = 80),
  'network/endpoints-follow-settings': (t) => {
    const ssm = one(t, 'AWS::EC2::VPCEndpoint', (r) => JSON.stringify(r.Properties?.ServiceName).includes('.ssm"'));
    delete ssm.template.Resources[ssm.id];
  },
  'network/tasks-egress': (t) => (one(t, 'AWS::EC2::SecurityGroupEgress', (r) => r.Properties?.FromPort === 443).r.Properties!.ToPort = 8443),
  'network/flow-logs': (t) => (one(t, 'AWS::EC2::FlowLog').r.Properties!.TrafficType = 'REJECT'),
  'network/cluster': (t) => (one(t, 'AWS::ECS::Cluster').r.Properties!.ClusterSettings = []),
  'public-entry/load-balancer': (t) => {
    const attributes = one(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer').r.Properties!.LoadBalancerAttributes as { Key: string; Value: string }[];
    attributes.find((a) => a.Key === 'access_logs.s3.enabled')!.Value = 'false';
  },
  'public-entry/listeners': (t) => (one(t, 'AWS::ElasticLoadBalancingV2::Listener').r.Properties!.Protocol = 'HTTPS'),
  'public-entry/routes': (t) => (one(t, 'AWS::ElasticLoadBalancingV2::ListenerRule').r.Properties!.Priority = 1),
  'public-entry/not-found': (t) =>
    (one(t, 'AWS::ElasticLoadBalancingV2::Listener').r.Properties!.DefaultActions[0].FixedResponseConfig.StatusCode = '200'),
  'security-groups/tagged': (t) => (one(t, 'AWS::EC2::SecurityGroup', sgTagged('service/db')).r.Properties!.Tags = []),
  'security-groups/ingress': (t) => {
    const rule = ingressOn(t, 5432)[0]!;
    delete rule.template.Resources[rule.id];
  },
  'security-groups/egress': (t) => {
    const rule = one(t, 'AWS::EC2::SecurityGroupEgress', (r) => r.Properties?.FromPort === 8080);
    delete rule.template.Resources[rule.id];
  },
  'security-groups/internet': (t) =>
    (one(t, 'AWS::EC2::SecurityGroup', sgTagged('service/api')).r.Properties!.SecurityGroupIngress = [
      { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080 },
    ]),
  'security-groups/no-wide-rules': (t) => (ingressOn(t, 5432)[0]!.r.Properties!.IpProtocol = '-1'),
  'security-groups/per-task': (t) => ecs(t, 'api').r.Properties!.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups.pop(),
  'services/placement': (t) => {
    const admin = ecs(t, 'admin');
    const [stack] = [...t].find(([, template]) => template === admin.template)!;
    const other = [...t.keys()].find((k) => k !== stack)!;
    t.get(other)!.Resources[admin.id] = admin.r;
    delete admin.template.Resources[admin.id];
  },
  'services/private': (t) => (ecs(t, 'api').r.Properties!.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = 'ENABLED'),
  'services/task-size': (t) => (taskDefinition(t, 'api').Properties!.Cpu = '300'),
  'services/service-connect': (t) => delete ecs(t, 'db').r.Properties!.ServiceConnectConfiguration.Services,
  'services/port-mapping': (t) => (appContainer(t, 'api').PortMappings[0].AppProtocol = 'grpc'),
  'services/health-check': (t) => delete appContainer(t, 'web').HealthCheck,
  'services/environment': (t) => appContainer(t, 'web').Environment.push({ Name: 'EXTRA', Value: '1' }),
  'services/own-identity': (t) => {
    const td = taskDefinition(t, 'db').Properties!;
    td.ExecutionRoleArn = td.TaskRoleArn;
  },
  'services/capacity': (t) => (ecs(t, 'api').r.Properties!.CapacityProviderStrategy = [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]),
  'services/alarm-actions': (t) => (one(t, 'AWS::CloudWatch::Alarm').r.Properties!.AlarmActions = ['arn:aws:sns:us-east-1:123456789012:ops']),
  'services/alarm': (t) => {
    const alarm = one(t, 'AWS::CloudWatch::Alarm', (r) => JSON.stringify(r.Properties?.Metrics).includes('"Value":"db"'));
    delete alarm.template.Resources[alarm.id];
  },
  'deploy-order/callers-wait': (t) => (ecs(t, 'web').r.DependsOn = []),
  'deploy-order/no-extra-depends-on': (t) => {
    const web = ecs(t, 'web');
    web.r.DependsOn = [web.r.DependsOn ?? []].flat().concat(ecs(t, 'admin').id);
  },
  'deploy-order/registration-wait': (t) => (ecs(t, 'admin').r.DependsOn = []),
  'deploy-order/redeploys': (t) => {
    const redeploy = one(t, 'Custom::AWS', (r) => JSON.stringify(r.Properties?.Create ?? '').includes('updateService'));
    delete redeploy.template.Resources[redeploy.id];
  },
  'deploy-order/deferred-left-out': (t) => {
    const d = PLAN.deferredCalls[0]!;
    const caller = ecs(t, d.from);
    caller.r.DependsOn = [caller.r.DependsOn ?? []].flat().concat(ecs(t, d.to).id);
  },
  'deploy-order/stacks': (_, deps) => {
    for (const set of deps.values()) set.clear();
  },
  'stacks/planned': (t) => t.delete([...t.keys()].pop()!),
  'stacks/resource-limit': (t) => {
    const template = [...t.values()][0]!;
    for (let i = 0; i < 500; i++) template.Resources[`Pad${i}`] = { Type: 'AWS::CloudFormation::WaitConditionHandle' };
  },
  'stacks/references': (t) => {
    const template = [...t.values()][0]!;
    template.Outputs = { ...template.Outputs, Shared: { Value: 'x', Export: { Name: 'shared' } } };
  },
};

describe('the platform checks', () => {
  it('all hold on the synthesis the breakages start from', () => {
    expect(PLAN.deferredCalls).toHaveLength(1);
    expect(PLAN.services.find((s) => s.name === 'admin')?.registrationWait).toEqual({ service: 'db', deferred: false });
    expect(checkPlatform(good)).toEqual({});
  });

  it.each(Object.entries(BREAKAGES))('%s reports its breakage', (id, change) => {
    const c = PLATFORM_CHECKS.find((x) => x.id === id);
    expect(c, `a check named ${id}`).toBeDefined();
    expect(c!.run(broken(change)), id).not.toEqual([]);
  });

  it('each have a breakage above', () => {
    expect(PLATFORM_CHECKS.map((c) => c.id).sort()).toEqual(Object.keys(BREAKAGES).sort());
  });

  it('can be skipped by id, and an unknown id is refused', () => {
    const s = broken(BREAKAGES['services/alarm']!);
    expect(Object.keys(checkPlatform(s))).toEqual(['services/alarm']);
    expect(checkPlatform(s, { skip: ['services/alarm'] })).toEqual({});
    expect(() => checkPlatform(s, { skip: ['services/alarms'] })).toThrow(/no check services\/alarms; the checks: network\/no-nat/);
  });
});
