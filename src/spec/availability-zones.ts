/**
 * What is known about the Availability Zones Fargate runs in, by region (AWS, "Supported
 * Regions for Amazon ECS on AWS Fargate", as read on 2026-11-26; sources in
 * docs/REGIONS.md). The spec checks each stage's azs against it; the network checks a
 * stack's azs at synth (known region) or with a CloudFormation rule (src/plan/regions.ts
 * re-exports it).
 */

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
