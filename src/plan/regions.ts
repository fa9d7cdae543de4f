/**
 * What the generated network must know about regions, from AWS's documentation as read on
 * 2026-11-26 (sources in docs/REGIONS.md). Generated stacks are region-agnostic, so these
 * facts become CloudFormation conditions and rules that CloudFormation evaluates in the
 * region it deploys to; when a stack's region is known they are checked at synth.
 */

/**
 * Regions opened before 23 December 2023. In them the ECS agent's `ecs-agent` endpoint is
 * enough for Service Connect without NAT. Every region opened since needs `ecs-agent`,
 * `ecs-telemetry` and `ecs` (AWS, "Amazon ECS interface VPC endpoints": with one missing,
 * the agent's traffic goes to the public endpoints, which isolated subnets cannot reach).
 * This list is closed: no region can join it, so a region it does not name, including
 * any region opened after this was written, gets all three.
 */
export const REGIONS_BEFORE_ECS_ENDPOINT_RULE: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ca-central-1',
  'cn-north-1',
  'cn-northwest-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
];

/** Interface endpoints every task needs: image pulls, logs, the Service Connect agent. */
export const TASK_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs', 'ecs-agent'] as const;

/** Added in regions opened since 23 December 2023 (see REGIONS_BEFORE_ECS_ENDPOINT_RULE). */
export const NEW_REGION_INTERFACE_ENDPOINTS = ['ecs', 'ecs-telemetry'] as const;

/** Whether a region needs NEW_REGION_INTERFACE_ENDPOINTS. */
export function needsNewRegionEndpoints(region: string): boolean {
  return !REGIONS_BEFORE_ECS_ENDPOINT_RULE.includes(region);
}

/**
 * The commercial (`aws` partition) regions every account may use from the start: those
 * launched before 20 March 2019 (AWS Account Management, "Enable or disable AWS Regions in
 * your account": default Regions cannot be disabled; every Region launched since is an
 * opt-in Region, disabled until enabled in each account). Closed: no region can join it.
 */
export const DEFAULT_ENABLED_REGIONS: readonly string[] = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/**
 * Whether a region of the `aws` partition must be enabled in an account before anything
 * (bootstrap, a stack, an STS call there) works in it. Other partitions' accounts come
 * with their regions, so only `aws` is judged.
 */
export function isOptInRegion(region: string, partition: string): boolean {
  return partition === 'aws' && !DEFAULT_ENABLED_REGIONS.includes(region);
}

export { azsProblem, FARGATE_AZ_IDS, REGIONS_BY_AZ_COUNT } from '../spec/availability-zones';
