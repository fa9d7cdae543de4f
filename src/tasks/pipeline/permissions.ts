/**
 * What CloudFormation needs, per resource type, to create, update, read, tag and delete the
 * resources the platform's stacks hold: the table the deploy's execution policy is made
 * from (./policy.ts). A type's actions are those its registry handlers declare
 * (./handler-permissions.ts, generated from the registry schemas), joined with this file's
 * hand-written ones: for the types without a registry handler, and for calls the schemas
 * leave out (tagging, what a service does with the caller's rights). The dependent actions
 * (a pass of a role, a service-linked role, the code object of a function) are never
 * granted on every resource: they are their own fields, so the policy can scope them.
 *
 * A type not in this table stops the policy task (the repository's own resources, added in
 * src/main.ts): its actions go into `deploy/resource-permissions.json`.
 */

import { HANDLER_PERMISSIONS } from './handler-permissions';

export interface TypePermissions {
  readonly actions: readonly string[];
  /** Services the type hands one of the stack's roles to (`iam:PassRole`, `iam:PassedToService`). */
  readonly passRoleTo?: readonly string[];
  /** Services whose service-linked role the first such resource of an account creates (`iam:CreateServiceLinkedRole`). */
  readonly serviceLinkedRoles?: readonly string[];
  /** It reads its code from the CDK bootstrap's assets bucket (Lambda fetches it with the caller's rights). */
  readonly readsAssetBucket?: boolean;
}

const SECURITY_GROUP_RULES = [
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupEgress',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSecurityGroupRules',
  'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
  'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
];
const EC2_TAGS = ['ec2:CreateTags', 'ec2:DeleteTags'];
const ELB_TAGS = ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags', 'elasticloadbalancing:DescribeTags'];
const ECS_TAGS = ['ecs:TagResource', 'ecs:UntagResource', 'ecs:ListTagsForResource'];
/** A custom resource: CloudFormation invokes its provider function with the execution role. */
const CUSTOM_RESOURCE: TypePermissions = { actions: ['lambda:InvokeFunction'] };

export const RESOURCE_PERMISSIONS: Readonly<Record<string, TypePermissions>> = {
  'AWS::ApplicationAutoScaling::ScalableTarget': {
    actions: [
      'application-autoscaling:RegisterScalableTarget',
      'application-autoscaling:DeregisterScalableTarget',
      'application-autoscaling:DescribeScalableTargets',
      'application-autoscaling:TagResource',
      'application-autoscaling:UntagResource',
      'application-autoscaling:ListTagsForResource',
      // Registering an ECS service checks it and may set its count.
      'ecs:DescribeServices',
      'ecs:UpdateService',
    ],
    serviceLinkedRoles: ['ecs.application-autoscaling.amazonaws.com'],
  },
  'AWS::ApplicationAutoScaling::ScalingPolicy': {
    actions: [
      'application-autoscaling:PutScalingPolicy',
      'application-autoscaling:DeleteScalingPolicy',
      'application-autoscaling:DescribeScalingPolicies',
      // Target tracking creates and deletes its alarms with the caller's rights.
      'cloudwatch:PutMetricAlarm',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:DescribeAlarms',
    ],
  },
  'AWS::CloudFormation::CustomResource': CUSTOM_RESOURCE,
  'AWS::CloudFormation::WaitConditionHandle': { actions: [] },
  'AWS::CloudWatch::Alarm': {
    actions: [
      'cloudwatch:PutMetricAlarm',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:DescribeAlarms',
      'cloudwatch:TagResource',
      'cloudwatch:UntagResource',
      'cloudwatch:ListTagsForResource',
    ],
  },
  'AWS::EC2::FlowLog': {
    actions: ['ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs', 'ec2:DescribeFlowLogs', ...EC2_TAGS, 'logs:CreateLogDelivery', 'logs:DeleteLogDelivery'],
    passRoleTo: ['vpc-flow-logs.amazonaws.com'],
  },
  'AWS::EC2::InternetGateway': { actions: ['ec2:CreateInternetGateway', 'ec2:DeleteInternetGateway', 'ec2:DescribeInternetGateways', ...EC2_TAGS] },
  'AWS::EC2::Route': { actions: ['ec2:CreateRoute', 'ec2:DeleteRoute', 'ec2:ReplaceRoute', 'ec2:DescribeRouteTables'] },
  'AWS::EC2::RouteTable': { actions: ['ec2:CreateRouteTable', 'ec2:DeleteRouteTable', 'ec2:DescribeRouteTables', ...EC2_TAGS] },
  'AWS::EC2::SecurityGroup': { actions: ['ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup', ...SECURITY_GROUP_RULES, ...EC2_TAGS] },
  'AWS::EC2::SecurityGroupEgress': { actions: SECURITY_GROUP_RULES },
  'AWS::EC2::SecurityGroupIngress': { actions: SECURITY_GROUP_RULES },
  'AWS::EC2::Subnet': {
    actions: [
      'ec2:CreateSubnet',
      'ec2:DeleteSubnet',
      'ec2:DescribeSubnets',
      'ec2:ModifySubnetAttribute',
      'ec2:DescribeAvailabilityZones',
      ...EC2_TAGS,
    ],
  },
  'AWS::EC2::SubnetRouteTableAssociation': {
    actions: ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable', 'ec2:ReplaceRouteTableAssociation', 'ec2:DescribeRouteTables'],
  },
  'AWS::EC2::VPC': {
    actions: ['ec2:CreateVpc', 'ec2:DeleteVpc', 'ec2:DescribeVpcs', 'ec2:ModifyVpcAttribute', 'ec2:DescribeVpcAttribute', ...EC2_TAGS],
  },
  'AWS::EC2::VPCEndpoint': {
    actions: [
      'ec2:CreateVpcEndpoint',
      'ec2:DeleteVpcEndpoints',
      'ec2:ModifyVpcEndpoint',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribePrefixLists',
      ...EC2_TAGS,
      // Private DNS of an interface endpoint: a private hosted zone associated with the VPC.
      'route53:AssociateVPCWithHostedZone',
    ],
  },
  'AWS::EC2::VPCGatewayAttachment': { actions: ['ec2:AttachInternetGateway', 'ec2:DetachInternetGateway', 'ec2:DescribeInternetGateways'] },
  'AWS::ECS::Cluster': {
    actions: ['ecs:CreateCluster', 'ecs:DeleteCluster', 'ecs:DescribeClusters', 'ecs:UpdateCluster', 'ecs:UpdateClusterSettings', ...ECS_TAGS],
    serviceLinkedRoles: ['ecs.amazonaws.com'],
  },
  'AWS::ECS::ClusterCapacityProviderAssociations': { actions: ['ecs:PutClusterCapacityProviders', 'ecs:DescribeClusters'] },
  'AWS::ECS::Service': {
    actions: ['ecs:CreateService', 'ecs:UpdateService', 'ecs:DeleteService', 'ecs:DescribeServices', ...ECS_TAGS],
    serviceLinkedRoles: ['ecs.amazonaws.com'],
  },
  'AWS::ECS::TaskDefinition': {
    actions: ['ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition', 'ecs:DescribeTaskDefinition', ...ECS_TAGS],
    passRoleTo: ['ecs-tasks.amazonaws.com'],
  },
  'AWS::ElasticLoadBalancingV2::Listener': {
    actions: [
      'elasticloadbalancing:CreateListener',
      'elasticloadbalancing:DeleteListener',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeListenerAttributes',
      'elasticloadbalancing:ModifyListenerAttributes',
      ...ELB_TAGS,
    ],
  },
  'AWS::ElasticLoadBalancingV2::ListenerRule': {
    actions: [
      'elasticloadbalancing:CreateRule',
      'elasticloadbalancing:DeleteRule',
      'elasticloadbalancing:ModifyRule',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:SetRulePriorities',
      ...ELB_TAGS,
    ],
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    actions: [
      'elasticloadbalancing:CreateLoadBalancer',
      'elasticloadbalancing:DeleteLoadBalancer',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:ModifyLoadBalancerAttributes',
      'elasticloadbalancing:SetSecurityGroups',
      'elasticloadbalancing:SetSubnets',
      ...ELB_TAGS,
    ],
    serviceLinkedRoles: ['elasticloadbalancing.amazonaws.com'],
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    actions: [
      'elasticloadbalancing:CreateTargetGroup',
      'elasticloadbalancing:DeleteTargetGroup',
      'elasticloadbalancing:ModifyTargetGroup',
      'elasticloadbalancing:ModifyTargetGroupAttributes',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      ...ELB_TAGS,
    ],
  },
  'AWS::IAM::Policy': { actions: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRolePolicy'] },
  'AWS::IAM::Role': {
    actions: [
      'iam:CreateRole',
      'iam:DeleteRole',
      'iam:GetRole',
      'iam:UpdateRole',
      'iam:UpdateAssumeRolePolicy',
      'iam:PutRolePolicy',
      'iam:DeleteRolePolicy',
      'iam:GetRolePolicy',
      'iam:ListRolePolicies',
      'iam:AttachRolePolicy',
      'iam:DetachRolePolicy',
      'iam:ListAttachedRolePolicies',
      'iam:TagRole',
      'iam:UntagRole',
    ],
  },
  'AWS::Lambda::Function': {
    actions: [
      'lambda:CreateFunction',
      'lambda:DeleteFunction',
      'lambda:GetFunction',
      'lambda:GetFunctionConfiguration',
      'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration',
      'lambda:TagResource',
      'lambda:UntagResource',
      'lambda:ListTags',
    ],
    passRoleTo: ['lambda.amazonaws.com'],
    readsAssetBucket: true,
  },
  'AWS::Logs::LogGroup': {
    actions: [
      'logs:CreateLogGroup',
      'logs:DeleteLogGroup',
      'logs:DescribeLogGroups',
      'logs:PutRetentionPolicy',
      'logs:DeleteRetentionPolicy',
      'logs:TagResource',
      'logs:UntagResource',
      'logs:ListTagsForResource',
    ],
  },
  'AWS::S3::Bucket': {
    actions: [
      's3:CreateBucket',
      's3:DeleteBucket',
      's3:ListBucket',
      's3:GetBucketLocation',
      's3:PutBucketTagging',
      's3:GetBucketTagging',
      's3:PutEncryptionConfiguration',
      's3:GetEncryptionConfiguration',
      's3:PutBucketPublicAccessBlock',
      's3:GetBucketPublicAccessBlock',
      's3:PutBucketOwnershipControls',
      's3:GetBucketOwnershipControls',
      's3:PutBucketVersioning',
      's3:GetBucketVersioning',
      's3:PutLifecycleConfiguration',
      's3:GetLifecycleConfiguration',
    ],
  },
  'AWS::S3::BucketPolicy': { actions: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:GetBucketPolicy'] },
  'AWS::SNS::Subscription': {
    actions: ['sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:GetTopicAttributes'],
  },
  'AWS::SNS::Topic': {
    actions: [
      'sns:CreateTopic',
      'sns:DeleteTopic',
      'sns:GetTopicAttributes',
      'sns:SetTopicAttributes',
      'sns:TagResource',
      'sns:UntagResource',
      'sns:ListTagsForResource',
    ],
  },
  'AWS::SNS::TopicPolicy': { actions: ['sns:SetTopicAttributes', 'sns:GetTopicAttributes'] },
  'AWS::ServiceDiscovery::HttpNamespace': {
    actions: [
      'servicediscovery:CreateHttpNamespace',
      'servicediscovery:UpdateHttpNamespace',
      'servicediscovery:DeleteNamespace',
      'servicediscovery:GetNamespace',
      'servicediscovery:GetOperation',
      'servicediscovery:TagResource',
      'servicediscovery:UntagResource',
      'servicediscovery:ListTagsForResource',
    ],
  },
};

/**
 * Actions some registry handler declares that the policy grants only in a scoped statement
 * of its own (./policy.ts): a role passed only to the services in `passRoleTo`, service-linked
 * roles only of `serviceLinkedRoles`, function code only from the CDK's assets bucket.
 */
export const SCOPED_ACTIONS: ReadonlySet<string> = new Set(['iam:PassRole', 'iam:CreateServiceLinkedRole', 's3:GetObject', 's3:GetObjectVersion']);

/** The permissions of a resource type: the table's joined with its handlers', a custom resource's, or undefined. */
export function typePermissions(type: string, extra: Readonly<Record<string, readonly string[]>> = {}): TypePermissions | undefined {
  if (extra[type] !== undefined) return { actions: extra[type]! };
  if (type.startsWith('Custom::')) return CUSTOM_RESOURCE;
  const own = RESOURCE_PERMISSIONS[type];
  if (own === undefined) return undefined;
  const handlers = (HANDLER_PERMISSIONS[type] ?? []).filter((a) => !SCOPED_ACTIONS.has(a));
  return { ...own, actions: [...new Set([...own.actions, ...handlers])].sort() };
}
