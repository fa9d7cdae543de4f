/**
 * Small hand-written assemblies for the transition model's rule tests: a network stack
 * (VPC, cluster, namespace, load balancer and listener, each published as an output the
 * way CDK publishes weak references) and builders for the resources the rules are about.
 */
import { modelTransition, recordTemplates, type AssemblyRecord, type Hazard, type HazardKind, type TransitionReport } from '../../src/transition';

export type Resource = { Type: string; Properties?: Record<string, unknown>; [attribute: string]: unknown };
export type Resources = Record<string, Resource>;

export interface StackSpec {
  readonly resources: Resources;
  readonly outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  readonly dependsOn?: readonly string[];
}

/** An assembly record of stacks, in the order given (the record orders them for deploy). */
export function assembly(stacks: Record<string, StackSpec>): AssemblyRecord {
  return recordTemplates(
    Object.entries(stacks).map(([name, s]) => ({
      name,
      dependencies: s.dependsOn ?? [],
      template: { Resources: s.resources, ...(s.outputs ? { Outputs: s.outputs } : {}) },
    })),
  );
}

export function model(before: Record<string, StackSpec>, after: Record<string, StackSpec>): TransitionReport {
  return modelTransition(assembly(before), assembly(after));
}

export function kinds(report: TransitionReport): HazardKind[] {
  return report.hazards.map((h) => h.kind);
}

export function only(report: TransitionReport, kind: HazardKind): Hazard {
  const found = report.hazards.filter((h) => h.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got: ${JSON.stringify(report.hazards, null, 1)}`);
  return found[0];
}

export const ref = (id: string) => ({ Ref: id });
export const att = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });
/** A weak cross-stack reference, as CDK writes it. */
export const out = (stack: string, output: string) => ({
  'Fn::GetStackOutput': { StackName: stack, Region: { Ref: 'AWS::Region' }, OutputName: output },
});
export const imp = (name: string) => ({ 'Fn::ImportValue': name });

export function res(Type: string, Properties: Record<string, unknown> = {}, attributes: Record<string, unknown> = {}): Resource {
  return { Type, Properties, ...attributes };
}

export const NET = 'ShopNetwork';

/** The network stack; `extra` resources and outputs are added to it. */
export function network(extra: Partial<StackSpec> = {}): StackSpec {
  return {
    resources: {
      Vpc: res('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }),
      TasksSg: res('AWS::EC2::SecurityGroup', { GroupDescription: 'tasks', VpcId: ref('Vpc') }),
      Cluster: res('AWS::ECS::Cluster', { ClusterName: 'shop' }),
      Namespace: res('AWS::ServiceDiscovery::HttpNamespace', { Name: 'shop.internal' }),
      Lb: res('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' }),
      Http: res('AWS::ElasticLoadBalancingV2::Listener', { LoadBalancerArn: ref('Lb'), Port: 80, Protocol: 'HTTP' }),
      ...extra.resources,
    },
    outputs: {
      OutVpc: { Value: ref('Vpc') },
      OutTasksSg: { Value: att('TasksSg', 'GroupId') },
      OutCluster: { Value: ref('Cluster') },
      OutNamespace: { Value: att('Namespace', 'Arn') },
      OutHttp: { Value: ref('Http') },
      ...extra.outputs,
    },
  };
}

/** An ECS service named `name` in the network's cluster, registered with Service Connect. */
export function service(name: string, props: Record<string, unknown> = {}, securityGroups: unknown[] = [out(NET, 'OutTasksSg')]): Resource {
  return res('AWS::ECS::Service', {
    Cluster: out(NET, 'OutCluster'),
    ServiceName: name,
    DesiredCount: 2,
    LaunchType: 'FARGATE',
    NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: securityGroups } },
    ServiceConnectConfiguration: {
      Enabled: true,
      Namespace: out(NET, 'OutNamespace'),
      Services: [{ PortName: name, DiscoveryName: name, ClientAliases: [{ DnsName: name, Port: 8080 }] }],
    },
    ...props,
  });
}

/** A services stack after the network stack. */
export function services(resources: Resources, dependsOn: readonly string[] = [NET]): StackSpec {
  return { resources, dependsOn };
}
