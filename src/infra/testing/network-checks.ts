import { clusterName, interfaceEndpointAzs, OPTIONAL_ENDPOINTS, platformEndpoints, serviceEndpoints } from '../../plan';
import { needsNewRegionEndpoints, NEW_REGION_INTERFACE_ENDPOINTS, TASK_INTERFACE_ENDPOINTS } from '../../plan/regions';
import { SECURITY_GROUP_TAG, serviceSecurityGroupTag } from '../names';
import { check, type PlatformCheck } from './check';
import { tagOf, type ResourceRef, type Synthesized } from './synthesized';

/** Every endpoint a task needs without NAT, the newer-region ones included (they are conditional). */
const REQUIRED_ENDPOINTS: readonly string[] = [...TASK_INTERFACE_ENDPOINTS, ...NEW_REGION_INTERFACE_ENDPOINTS];

/** `com.amazonaws.<region>.ecr.api` → `ecr.api`, whatever intrinsic builds the region. */
export function endpointServiceSuffix(serviceName: unknown): string | undefined {
  const text = JSON.stringify(serviceName);
  // Fn::Join [prefix, region, suffix], or Fn::If over such joins (another prefix in some
  // partitions, the same suffix in every branch), or a literal name of a known region.
  return (/"\.([a-z0-9.-]+)"\]\]\}/.exec(text) ?? /com\.amazonaws\.[a-z0-9-]+\.([a-z0-9.-]+)/.exec(text))?.[1];
}

/** The interface endpoints, by the service name's suffix. */
export function interfaceEndpoints(s: Synthesized): { name: string; ref: ResourceRef }[] {
  return s
    .resourcesOfType('AWS::EC2::VPCEndpoint')
    .filter((e) => e.resource.Properties?.VpcEndpointType === 'Interface')
    .map((ref) => ({ name: endpointServiceSuffix(ref.resource.Properties?.ServiceName) ?? `unrecognized:${ref.logicalId}`, ref }));
}

const subnetType = (s: Synthesized, stack: string, subnet: unknown) => tagOf(s.resolve(stack, subnet)?.resource, 'aws-cdk:subnet-type');

/** The VPC: private by construction, AWS APIs through endpoints only the tasks reach. */
export const NETWORK_CHECKS: readonly PlatformCheck[] = [
  check('network/no-nat', 'has no NAT gateway (nor an Elastic IP for one) in any stack', (s, v) => {
    for (const type of ['AWS::EC2::NatGateway', 'AWS::EC2::EIP']) {
      for (const r of s.resourcesOfType(type)) v.check(false, `${r.stack}/${r.logicalId} is an ${type}`);
    }
  }),

  check('network/subnets', 'spreads isolated task subnets over the AZs, public subnets only for a public entry', (s, v) => {
    const subnets = s.resourcesOfType('AWS::EC2::Subnet').map((r) => r.resource);
    const isolated = subnets.filter((r) => tagOf(r, 'aws-cdk:subnet-type') === 'Isolated');
    const pub = subnets.filter((r) => tagOf(r, 'aws-cdk:subnet-type') === 'Public');
    const anyPublic = s.platform.services.some((x) => x.public);
    v.equal(isolated.length, s.platform.azs, 'isolated subnets');
    v.equal(pub.length, anyPublic ? s.platform.azs : 0, 'public subnets');
    v.equal(s.resourcesOfType('AWS::EC2::InternetGateway').length, anyPublic ? 1 : 0, 'internet gateways');
    for (const subnet of subnets) v.equal(subnet.Properties?.MapPublicIpOnLaunch, false, 'MapPublicIpOnLaunch of a subnet');
  }),

  check('network/no-route-out', 'routes nothing out of the isolated subnets', (s, v) => {
    const associations = s.resourcesOfType('AWS::EC2::SubnetRouteTableAssociation');
    for (const route of s.resourcesOfType('AWS::EC2::Route')) {
      const table = s.resolve(route.stack, route.resource.Properties?.RouteTableId);
      for (const a of associations) {
        if (s.resolve(a.stack, a.resource.Properties?.RouteTableId)?.logicalId !== table?.logicalId) continue;
        const type = subnetType(s, a.stack, a.resource.Properties?.SubnetId);
        v.check(type === 'Public', `${route.stack}/${route.logicalId} routes a ${type ?? 'unknown'} subnet`);
      }
      v.check(route.resource.Properties?.NatGatewayId === undefined, `${route.stack}/${route.logicalId} routes through a NAT gateway`);
    }
  }),

  check('network/endpoints', 'has the interface endpoints tasks need, with private DNS, the newer-region ones by region', (s, v) => {
    const found = interfaceEndpoints(s);
    const names = found.map((e) => e.name);
    // A stack with a known region (a stage) gets exactly its region's set, unconditionally.
    const required = s.region === undefined ? REQUIRED_ENDPOINTS : needsNewRegionEndpoints(s.region) ? REQUIRED_ENDPOINTS : TASK_INTERFACE_ENDPOINTS;
    for (const name of required) v.check(names.includes(name), `no interface endpoint ${name}`);
    const expectedSubnets = interfaceEndpointAzs(s.platform);
    for (const { name, ref } of found) {
      const p = ref.resource.Properties ?? {};
      if (REQUIRED_ENDPOINTS.includes(name)) {
        const conditional = s.region === undefined && (NEW_REGION_INTERFACE_ENDPOINTS as readonly string[]).includes(name);
        v.equal(ref.resource.Condition !== undefined, conditional, `endpoint ${name} is conditional`);
      }
      v.equal(p.PrivateDnsEnabled, true, `PrivateDnsEnabled of endpoint ${name}`);
      v.equal((p.SubnetIds ?? []).length, expectedSubnets, `subnets of endpoint ${name}`);
      for (const subnet of p.SubnetIds ?? []) v.equal(subnetType(s, ref.stack, subnet), 'Isolated', `subnet type of endpoint ${name}`);
    }
  }),

  check('network/s3-gateway', 'has an S3 gateway endpoint on every isolated route table', (s, v) => {
    const gateways = s.resourcesOfType('AWS::EC2::VPCEndpoint').filter((e) => e.resource.Properties?.VpcEndpointType === 'Gateway');
    v.equal(
      gateways.map((g) => endpointServiceSuffix(g.resource.Properties?.ServiceName)),
      ['s3'],
      'gateway endpoints',
    );
    v.equal(gateways[0]?.resource.Properties?.RouteTableIds?.length, s.platform.azs, 'route tables of the S3 gateway endpoint');
  }),

  check(
    'network/endpoint-ingress',
    'lets only the shared tasks group reach the endpoints on 443, and the ssm, secretsmanager and ssmmessages endpoints only the services whose settings need them',
    (s, v) => {
      const groups = s.resourcesOfType('AWS::EC2::SecurityGroup').filter((g) => tagOf(g.resource, SECURITY_GROUP_TAG)?.startsWith('endpoint/'));
      v.equal(groups.length, interfaceEndpoints(s).length, 'endpoint security groups (one per interface endpoint)');
      for (const g of groups)
        v.equal(g.resource.Properties?.SecurityGroupIngress ?? [], [], `inline ingress of ${tagOf(g.resource, SECURITY_GROUP_TAG)}`);
      const ingress = s
        .resourcesOfType('AWS::EC2::SecurityGroupIngress')
        .filter((r) => s.securityGroupTag(r.stack, r.resource.Properties?.GroupId)?.startsWith('endpoint/'));
      const sources = new Map<string, string[]>();
      for (const rule of ingress) {
        const p = rule.resource.Properties!;
        const group = s.securityGroupTag(rule.stack, p.GroupId)!;
        sources.set(group, [...(sources.get(group) ?? []), s.securityGroupTag(rule.stack, p.SourceSecurityGroupId) ?? 'unresolved']);
        v.equal([p.IpProtocol, p.FromPort, p.ToPort], ['tcp', 443, 443], `port of ${group}'s ingress`);
      }
      for (const g of groups) {
        const group = tagOf(g.resource, SECURITY_GROUP_TAG)!;
        const name = group.slice('endpoint/'.length);
        const from = (sources.get(group) ?? []).sort();
        // An endpoint that only some services need admits exactly those (unless it was added for every task).
        const restricted = (OPTIONAL_ENDPOINTS as readonly string[]).includes(name) && !from.includes('tasks');
        const expected = restricted
          ? s.platform.services
              .filter((x) => (serviceEndpoints(x) as string[]).includes(name))
              .map((x) => serviceSecurityGroupTag(x.name))
              .sort()
          : ['tasks'];
        v.equal(from, expected, `sources of ${group}'s ingress`);
      }
    },
  ),

  check('network/endpoints-follow-settings', 'has the ssm, secretsmanager and ssmmessages endpoints that secrets and exec need', (s, v) => {
    const present = new Set(interfaceEndpoints(s).map((e) => e.name));
    for (const name of platformEndpoints(s.platform.services)) {
      const users = s.platform.services.filter((x) => (serviceEndpoints(x) as string[]).includes(name)).map((x) => x.name);
      v.check(present.has(name), `no ${name} endpoint, which ${users.join(', ')} need (tasks reach no AWS API without one)`);
    }
  }),

  check('network/tasks-egress', 'gives the tasks group egress to the endpoints and the S3 prefix list only, on 443', (s, v) => {
    const tasks = s.resourcesOfType('AWS::EC2::SecurityGroup').filter((r) => tagOf(r.resource, SECURITY_GROUP_TAG) === 'tasks');
    v.equal(tasks.length, 1, 'tasks security groups');
    if (tasks.length !== 1) return;
    const group = tasks[0]!;
    const egress = [
      ...((group.resource.Properties?.SecurityGroupEgress ?? []) as Record<string, any>[]).map((p) => ({ stack: group.stack, p })),
      ...s
        .resourcesOfType('AWS::EC2::SecurityGroupEgress')
        .filter((r) => s.securityGroupTag(r.stack, r.resource.Properties?.GroupId) === 'tasks')
        .map((r) => ({ stack: r.stack, p: r.resource.Properties! })),
    ];
    const targets = egress.map(({ stack, p }) =>
      p.DestinationPrefixListId ? 's3-prefix-list' : (s.securityGroupTag(stack, p.DestinationSecurityGroupId) ?? `unresolved:${JSON.stringify(p)}`),
    );
    const endpointGroups = s
      .resourcesOfType('AWS::EC2::SecurityGroup')
      .map((g) => tagOf(g.resource, SECURITY_GROUP_TAG))
      .filter((t): t is string => t?.startsWith('endpoint/') === true);
    v.equal([...targets].sort(), [...endpointGroups, 's3-prefix-list'].sort(), 'egress targets of the tasks group');
    for (const { p } of egress) v.equal([p.IpProtocol, p.FromPort, p.ToPort], ['tcp', 443, 443], 'port of a tasks egress rule');
    v.equal(group.resource.Properties?.SecurityGroupIngress ?? [], [], 'inline ingress of the tasks group');
    const ingress = s
      .resourcesOfType('AWS::EC2::SecurityGroupIngress')
      .filter((r) => s.securityGroupTag(r.stack, r.resource.Properties?.GroupId) === 'tasks');
    v.equal(
      ingress.map((r) => r.logicalId),
      [],
      'ingress rules of the tasks group',
    );
  }),

  check('network/flow-logs', 'keeps VPC flow logs of all traffic in a log group with retention', (s, v) => {
    const flowLogs = s.resourcesOfType('AWS::EC2::FlowLog');
    v.equal(flowLogs.length, 1, 'flow logs');
    const flowLog = flowLogs[0];
    if (!flowLog) return;
    v.equal([flowLog.resource.Properties?.ResourceType, flowLog.resource.Properties?.TrafficType], ['VPC', 'ALL'], 'flow log scope');
    const group = s.resolve(flowLog.stack, flowLog.resource.Properties?.LogGroupName);
    v.equal(group?.resource.Type, 'AWS::Logs::LogGroup', 'flow log destination');
    v.check((group?.resource.Properties?.RetentionInDays ?? 0) > 0, 'the flow log group keeps its logs forever');
  }),

  check('network/cluster', 'runs one cluster with Container Insights and one HTTP namespace as its Service Connect default', (s, v) => {
    const clusters = s.resourcesOfType('AWS::ECS::Cluster');
    v.equal(
      clusters.map((c) => c.stack),
      [s.networkStack],
      'stacks of the ECS clusters',
    );
    const cluster = clusters[0];
    if (!cluster) return;
    v.equal(cluster.resource.Properties?.ClusterName, clusterName(s.platform.name, s.platform.stage), 'cluster name');
    v.equal(cluster.resource.Properties?.ClusterSettings, [{ Name: 'containerInsights', Value: 'enabled' }], 'cluster settings');
    const namespaces = s.resourcesOfType('AWS::ServiceDiscovery::HttpNamespace');
    v.equal(
      namespaces.map((n) => n.resource.Properties?.Name),
      [s.platform.namespace],
      'HTTP namespaces',
    );
    v.equal(s.resourcesOfType('AWS::ServiceDiscovery::PrivateDnsNamespace').length, 0, 'private DNS namespaces');
    const ns = s.resolve(cluster.stack, cluster.resource.Properties?.ServiceConnectDefaults?.Namespace);
    v.equal(ns?.resource.Type, 'AWS::ServiceDiscovery::HttpNamespace', "the cluster's Service Connect default namespace");
  }),
];
