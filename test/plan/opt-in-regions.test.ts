/** Opt-in regions: the closed list of regions every account has enabled, and the judgement from it. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENABLED_REGIONS, isOptInRegion } from '../../src/plan/regions';
import { AWS_PARTITION_REGIONS } from '../../src/spec/aws-regions';

describe('opt-in regions', () => {
  it('lists the 17 commercial regions launched before 20 March 2019, all known to aws-cdk-lib', () => {
    expect(DEFAULT_ENABLED_REGIONS).toHaveLength(17);
    for (const r of DEFAULT_ENABLED_REGIONS) expect(AWS_PARTITION_REGIONS.aws, r).toContain(r);
    for (const r of DEFAULT_ENABLED_REGIONS) expect(isOptInRegion(r, 'aws'), r).toBe(false);
  });

  it('judges every other commercial region opt-in, including ones newer than this list', () => {
    for (const r of ['af-south-1', 'ap-east-1', 'me-south-1', 'eu-south-1', 'mx-central-1', 'ap-southeast-7', 'xx-future-9'])
      expect(isOptInRegion(r, 'aws'), r).toBe(true);
    const optIn = AWS_PARTITION_REGIONS.aws!.filter((r) => isOptInRegion(r, 'aws'));
    expect(optIn.length).toBe(AWS_PARTITION_REGIONS.aws!.length - 17);
  });

  it('never judges another partition (their accounts come with their regions)', () => {
    expect(isOptInRegion('cn-north-1', 'aws-cn')).toBe(false);
    expect(isOptInRegion('us-gov-west-1', 'aws-us-gov')).toBe(false);
  });
});
