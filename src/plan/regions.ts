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
 * Regions where Fargate runs only in some Availability Zones, by AZ ID (AWS, "Supported
 * Regions for Amazon ECS on AWS Fargate"). AZ names map to different zones in different
 * accounts, and `Fn::GetAZs` can return a zone Fargate does not support for older
 * accounts, so subnets there are pinned by AZ ID.
 */
export const FARGATE_AZ_IDS: Readonly<Record<string, readonly string[]>> = {
  'ap-northeast-1': ['apne1-az1', 'apne1-az2', 'apne1-az4'],
  'cn-north-1': ['cnn1-az1', 'cnn1-az2'],
  'us-west-1': ['usw1-az1', 'usw1-az3'],
};

/**
 * The regions where `azs` Availability Zones are known to be usable by Fargate, for
 * `azs` above 2 (every region has at least two): for 3, all but the regions named in
 * `fewerThanThree`; for more, only the regions named.
 */
export const REGIONS_BY_AZ_COUNT = {
  fewerThanThree: ['cn-north-1', 'us-west-1'],
  atLeastFour: ['ap-northeast-2', 'us-east-1', 'us-west-2'],
  atLeastFive: ['us-east-1'],
} as const;

/** Why `azs` cannot work in `region`, or undefined when it can (or nothing is known against it). */
export function azsProblem(region: string, azs: number): string | undefined {
  const restricted = FARGATE_AZ_IDS[region];
  if (azs >= 3 && REGIONS_BY_AZ_COUNT.fewerThanThree.includes(region as never)) {
    return `${region} has ${restricted?.length ?? 2} Availability Zones that Fargate runs in, fewer than azs: ${azs}; use azs: 2`;
  }
  if (azs === 4 && !REGIONS_BY_AZ_COUNT.atLeastFour.includes(region as never)) {
    return `azs: 4 is known to work only in ${REGIONS_BY_AZ_COUNT.atLeastFour.join(', ')}; use azs: 3 in ${region}`;
  }
  if (azs >= 5 && !REGIONS_BY_AZ_COUNT.atLeastFive.includes(region as never)) {
    return `azs: ${azs} is known to work only in ${REGIONS_BY_AZ_COUNT.atLeastFive.join(', ')}; use azs: 3 in ${region}`;
  }
  return undefined;
}
