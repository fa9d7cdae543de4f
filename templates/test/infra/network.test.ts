import { beforeAll, describe, expect, it } from 'vitest';
import { synth, SYNTH_TIMEOUT_MS, tagOf, type Synthesized } from './synth';

/**
 * What a task needs without NAT: ECR (API and registry), CloudWatch Logs, and the ECS
 * agent endpoint that Service Connect's proxy management uses; S3 for image layers.
 */
const REQUIRED_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'ecs-agent', 'logs'];
/** Also needed in regions opened since 23 December 2023: the stacks add them by region. */
const NEW_REGION_INTERFACE_ENDPOINTS = ['ecs', 'ecs-telemetry'];
const ALL_INTERFACE_ENDPOINTS = [...REQUIRED_INTERFACE_ENDPOINTS, ...NEW_REGION_INTERFACE_ENDPOINTS].sort();

let s: Synthesized;
beforeAll(() => {
  s = synth();
}, SYNTH_TIMEOUT_MS);

/** `com.amazonaws.<region>.ecr.api` → `ecr.api`, whatever intrinsic builds the region. */
function endpointServiceSuffix(serviceName: unknown): string {
  const text = JSON.stringify(serviceName);
  const match = /"\.([a-z0-9.-]+)"\]\]\}$/.exec(text) ?? /com\.amazonaws\.[a-z0-9-]+\.([a-z0-9.-]+)/.exec(text);
  if (!match) throw new Error(`unrecognized endpoint service name ${text}`);
  return match[1];
}

describe('network without NAT', () => {
  it('has no NAT gateway in any stack', () => {
    for (const stack of s.stackNames) {
      s.template(stack).resourceCountIs('AWS::EC2::NatGateway', 0);
    }
  });

  it('spreads isolated task subnets over the requested AZs, public subnets only for a public entry', () => {
    const subnets = s.resourcesOfType('AWS::EC2::Subnet').map((r) => r.resource);
    const isolated = subnets.filter((r) => tagOf(r, 'aws-cdk:subnet-type') === 'Isolated');
    const pub = subnets.filter((r) => tagOf(r, 'aws-cdk:subnet-type') === 'Public');
    expect(isolated).toHaveLength(s.platform.azs);
    const anyPublic = s.platform.services.some((svc) => svc.public);
    expect(pub).toHaveLength(anyPublic ? s.platform.azs : 0);
    s.template(s.networkStack).resourceCountIs('AWS::EC2::InternetGateway', anyPublic ? 1 : 0);
    for (const subnet of subnets) expect(subnet.Properties?.MapPublicIpOnLaunch).toBe(false);
  });

  it('routes nothing out of the isolated subnets', () => {
    const routes = s.resourcesOfType('AWS::EC2::Route');
    for (const route of routes) {
      const table = s.resolve(route.stack, route.resource.Properties?.RouteTableId);
      const associations = s
        .resourcesOfType('AWS::EC2::SubnetRouteTableAssociation')
        .filter((a) => s.resolve(a.stack, a.resource.Properties?.RouteTableId)?.logicalId === table?.logicalId)
        .map((a) => s.resolve(a.stack, a.resource.Properties?.SubnetId)!.resource);
      for (const subnet of associations) expect(tagOf(subnet, 'aws-cdk:subnet-type')).toBe('Public');
      expect(route.resource.Properties?.NatGatewayId).toBeUndefined();
    }
  });

  it('has exactly the interface endpoints tasks need, with private DNS, the newer-region ones by region', () => {
    const endpoints = s.resourcesOfType('AWS::EC2::VPCEndpoint');
    const iface = endpoints.filter((e) => e.resource.Properties?.VpcEndpointType === 'Interface');
    const name = (e: (typeof iface)[number]) => endpointServiceSuffix(e.resource.Properties?.ServiceName);
    expect(iface.map(name).sort()).toEqual(ALL_INTERFACE_ENDPOINTS);
    for (const e of iface) {
      const conditional = NEW_REGION_INTERFACE_ENDPOINTS.includes(name(e));
      expect(e.resource.Condition !== undefined, `${name(e)} is conditional`).toBe(conditional);
    }
    const expectedSubnets = s.platform.profile === 'prod' ? s.platform.azs : 1;
    for (const e of iface) {
      expect(e.resource.Properties?.PrivateDnsEnabled).toBe(true);
      expect(e.resource.Properties?.SubnetIds).toHaveLength(expectedSubnets);
      for (const subnet of e.resource.Properties?.SubnetIds) {
        expect(tagOf(s.resolve(e.stack, subnet)!.resource, 'aws-cdk:subnet-type')).toBe('Isolated');
      }
    }
  });

  it('has an S3 gateway endpoint on every isolated route table', () => {
    const gateways = s
      .resourcesOfType('AWS::EC2::VPCEndpoint')
      .filter((e) => e.resource.Properties?.VpcEndpointType === 'Gateway');
    expect(gateways.map((g) => endpointServiceSuffix(g.resource.Properties?.ServiceName))).toEqual(['s3']);
    expect(gateways[0].resource.Properties?.RouteTableIds).toHaveLength(s.platform.azs);
  });

  it('lets only the shared tasks group reach the endpoints, on 443', () => {
    const endpointIngress = s
      .resourcesOfType('AWS::EC2::SecurityGroupIngress')
      .filter((r) => s.securityGroupTag(r.stack, r.resource.Properties?.GroupId)?.startsWith('endpoint/'));
    expect(endpointIngress).toHaveLength(ALL_INTERFACE_ENDPOINTS.length);
    for (const rule of endpointIngress) {
      const p = rule.resource.Properties!;
      expect(s.securityGroupTag(rule.stack, p.SourceSecurityGroupId)).toBe('tasks');
      expect([p.IpProtocol, p.FromPort, p.ToPort]).toEqual(['tcp', 443, 443]);
    }
    for (const sg of s.resourcesOfType('AWS::EC2::SecurityGroup')) {
      if (!tagOf(sg.resource, 'fargate-connect:security-group')?.startsWith('endpoint/')) continue;
      expect(sg.resource.Properties?.SecurityGroupIngress ?? []).toEqual([]);
    }
  });

  it('gives the tasks group egress to the endpoints and the S3 prefix list only, on 443', () => {
    const tasksGroup = s
      .resourcesOfType('AWS::EC2::SecurityGroup')
      .filter((r) => tagOf(r.resource, 'fargate-connect:security-group') === 'tasks');
    expect(tasksGroup).toHaveLength(1);
    const egress = [
      ...(tasksGroup[0].resource.Properties?.SecurityGroupEgress ?? []).map((p: Record<string, unknown>) => ({
        stack: tasksGroup[0].stack,
        p,
      })),
      ...s
        .resourcesOfType('AWS::EC2::SecurityGroupEgress')
        .filter((r) => s.securityGroupTag(r.stack, r.resource.Properties?.GroupId) === 'tasks')
        .map((r) => ({ stack: r.stack, p: r.resource.Properties! })),
    ];
    const targets = egress.map(({ stack, p }) =>
      p.DestinationPrefixListId ? 's3-prefix-list' : s.securityGroupTag(stack, p.DestinationSecurityGroupId),
    );
    expect(targets.sort()).toEqual(
      [...ALL_INTERFACE_ENDPOINTS.map((e) => `endpoint/${e}`), 's3-prefix-list'].sort(),
    );
    for (const { p } of egress) expect(p).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
    expect(tasksGroup[0].resource.Properties?.SecurityGroupIngress ?? []).toEqual([]);
    expect(
      s
        .resourcesOfType('AWS::EC2::SecurityGroupIngress')
        .filter((r) => s.securityGroupTag(r.stack, r.resource.Properties?.GroupId) === 'tasks'),
    ).toEqual([]);
  });

  it('keeps VPC flow logs in a log group with retention', () => {
    const flowLogs = s.resourcesOfType('AWS::EC2::FlowLog');
    expect(flowLogs).toHaveLength(1);
    expect(flowLogs[0].resource.Properties).toMatchObject({ ResourceType: 'VPC', TrafficType: 'ALL' });
    const group = s.resolve(flowLogs[0].stack, flowLogs[0].resource.Properties?.LogGroupName);
    expect(group?.resource.Type).toBe('AWS::Logs::LogGroup');
    expect(group?.resource.Properties?.RetentionInDays).toBeGreaterThan(0);
  });

  it('runs one cluster with Container Insights and one HTTP namespace as its Service Connect default', () => {
    const t = s.template(s.networkStack);
    t.resourceCountIs('AWS::ECS::Cluster', 1);
    t.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterName: s.platform.name,
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    expect(s.resourcesOfType('AWS::ServiceDiscovery::HttpNamespace')).toHaveLength(1);
    expect(s.resourcesOfType('AWS::ServiceDiscovery::PrivateDnsNamespace')).toHaveLength(0);
    t.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: s.platform.namespace });
    const cluster = s.resourcesOfType('AWS::ECS::Cluster')[0];
    const ns = s.resolve(cluster.stack, cluster.resource.Properties?.ServiceConnectDefaults?.Namespace);
    expect(ns?.resource.Type).toBe('AWS::ServiceDiscovery::HttpNamespace');
  });
});
