/**
 * Physical names: values that must be unique within a scope at every moment, whoever
 * holds them. A resource whose template sets one keeps it until it is deleted; creating
 * another resource with the same name in the same scope meanwhile fails. A resource that
 * sets none gets a generated, unique name and never collides.
 *
 * Each rule reads a resource's raw properties and returns its claims: the kind of name,
 * the scope it must be unique in ('' for the account and region) and the name itself.
 * Scopes are references (a cluster, a listener), compared by the identity of the resource
 * they resolve to, not by their text.
 */
type Props = Readonly<Record<string, unknown>>;

export interface NameClaim {
  readonly kind: string;
  readonly scope: unknown;
  readonly name: unknown;
}

type NameRule = (p: Props) => NameClaim[];

/** `kind` from property `prop`, unique in the account and region or within `scopeProp`. */
function named(kind: string, prop: string, scopeProp?: string, defaultScope: unknown = ''): NameRule {
  return (p) => (p[prop] === undefined ? [] : [{ kind, name: p[prop], scope: scopeProp ? (p[scopeProp] ?? defaultScope) : '' }]);
}

function all(...rules: NameRule[]): NameRule {
  return (p) => rules.flatMap((r) => r(p));
}

/**
 * Service Connect registers each `Services` entry as a Cloud Map service named by its
 * discovery name (default: the port name) in the service's namespace (default: the
 * cluster's default namespace).
 */
const serviceConnect: NameRule = (p) => {
  const sc = p.ServiceConnectConfiguration as Props | undefined;
  if (!sc || sc.Enabled === false || !Array.isArray(sc.Services)) return [];
  const scope = sc.Namespace ?? { 'default namespace of cluster': p.Cluster ?? 'default' };
  return (sc.Services as Props[]).map((s) => ({
    kind: 'Service Connect discovery name',
    scope,
    name: s.DiscoveryName ?? s.PortName,
  }));
};

/**
 * EC2 refuses a rule identical to one the group already has (InvalidPermission.Duplicate),
 * so a rule re-created under another logical id while the old one lives fails.
 */
function securityGroupRule(peerKeys: readonly string[]): NameRule {
  return (p) => [
    {
      kind: 'security group rule',
      scope: p.GroupId ?? p.GroupName ?? '',
      name: joined([p.IpProtocol, p.FromPort, p.ToPort, ...peerKeys.map((k) => p[k])]),
    },
  ];
}

/** Parts joined by spaces (as an Fn::Join, so references in them render as tokens). */
function joined(parts: readonly unknown[]): unknown {
  return { 'Fn::Join': [' ', parts.filter((x) => x !== undefined)] };
}

/** An inline policy name is unique per role (one claim per role it is attached to). */
const inlinePolicy: NameRule = (p) =>
  Array.isArray(p.Roles) ? p.Roles.map((role) => ({ kind: 'inline policy name', scope: role, name: p.PolicyName })) : [];

export const NAME_RULES: Readonly<Record<string, NameRule>> = {
  'AWS::ECS::Service': all(named('ECS service name', 'ServiceName', 'Cluster', 'default'), serviceConnect),
  'AWS::ECS::Cluster': named('ECS cluster name', 'ClusterName'),
  'AWS::ElasticLoadBalancingV2::Listener': named('listener port', 'Port', 'LoadBalancerArn'),
  'AWS::ElasticLoadBalancingV2::ListenerRule': named('listener rule priority', 'Priority', 'ListenerArn'),
  'AWS::ElasticLoadBalancingV2::LoadBalancer': named('load balancer name', 'Name'),
  'AWS::ElasticLoadBalancingV2::TargetGroup': named('target group name', 'Name'),
  'AWS::ServiceDiscovery::HttpNamespace': named('Cloud Map namespace name', 'Name'),
  'AWS::ServiceDiscovery::PrivateDnsNamespace': named('Cloud Map namespace name', 'Name', 'Vpc'),
  'AWS::ServiceDiscovery::PublicDnsNamespace': named('Cloud Map namespace name', 'Name'),
  'AWS::ServiceDiscovery::Service': named('Cloud Map service name', 'Name', 'NamespaceId'),
  'AWS::Logs::LogGroup': named('log group name', 'LogGroupName'),
  'AWS::IAM::Role': named('IAM role name', 'RoleName'),
  'AWS::IAM::ManagedPolicy': named('IAM managed policy name', 'ManagedPolicyName'),
  'AWS::IAM::InstanceProfile': named('IAM instance profile name', 'InstanceProfileName'),
  'AWS::IAM::User': named('IAM user name', 'UserName'),
  'AWS::IAM::Group': named('IAM group name', 'GroupName'),
  'AWS::IAM::Policy': inlinePolicy,
  'AWS::IAM::RolePolicy': named('inline policy name', 'PolicyName', 'RoleName'),
  'AWS::EC2::SecurityGroup': named('security group name', 'GroupName', 'VpcId'),
  'AWS::EC2::SecurityGroupIngress': securityGroupRule([
    'CidrIp',
    'CidrIpv6',
    'SourcePrefixListId',
    'SourceSecurityGroupId',
    'SourceSecurityGroupName',
  ]),
  'AWS::EC2::SecurityGroupEgress': securityGroupRule(['CidrIp', 'CidrIpv6', 'DestinationPrefixListId', 'DestinationSecurityGroupId']),
  'AWS::S3::Bucket': named('S3 bucket name', 'BucketName'),
  'AWS::SQS::Queue': named('SQS queue name', 'QueueName'),
  'AWS::SNS::Topic': named('SNS topic name', 'TopicName'),
  'AWS::DynamoDB::Table': named('DynamoDB table name', 'TableName'),
  'AWS::Lambda::Function': named('Lambda function name', 'FunctionName'),
  'AWS::CloudWatch::Alarm': named('alarm name', 'AlarmName'),
  'AWS::Events::Rule': named('EventBridge rule name', 'Name', 'EventBusName', 'default'),
  'AWS::SSM::Parameter': named('SSM parameter name', 'Name'),
  'AWS::SecretsManager::Secret': named('secret name', 'Name'),
  'AWS::ECR::Repository': named('ECR repository name', 'RepositoryName'),
  'AWS::KMS::Alias': named('KMS alias name', 'AliasName'),
  'AWS::StepFunctions::StateMachine': named('state machine name', 'StateMachineName'),
  'AWS::Kinesis::Stream': named('Kinesis stream name', 'Name'),
  'AWS::RDS::DBInstance': named('DB instance identifier', 'DBInstanceIdentifier'),
  'AWS::RDS::DBCluster': named('DB cluster identifier', 'DBClusterIdentifier'),
  'AWS::Route53::RecordSet': (p) => [
    { kind: 'DNS record', scope: p.HostedZoneId ?? p.HostedZoneName ?? '', name: joined([p.Name, p.Type, p.SetIdentifier]) },
  ],
};

/** The name claims of a resource, from its raw properties. */
export function nameClaims(type: string, properties: Props): NameClaim[] {
  return NAME_RULES[type]?.(properties).filter((c) => c.name !== undefined) ?? [];
}
