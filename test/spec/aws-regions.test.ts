/**
 * The certificate-ARN rule checks partitions and regions against a committed list
 * (src/spec/aws-regions.ts), because the published generator carries no aws-cdk-lib.
 * The list must be exactly what the installed aws-cdk-lib's region-info says.
 */
import { readFileSync } from 'node:fs';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { describe, expect, it } from 'vitest';
import { REGIONS_FILE, renderRegionsFile } from '../../scripts/aws-regions';
import { AWS_PARTITION_REGIONS } from '../../src/spec/aws-regions';

describe('src/spec/aws-regions.ts', () => {
  it('is what scripts/aws-regions.ts writes from the installed aws-cdk-lib (run it after an upgrade)', () => {
    expect(readFileSync(REGIONS_FILE, 'utf8')).toBe(renderRegionsFile());
  });

  it('holds every region of RegionInfo.regions under its partition, and nothing else', () => {
    const fromCdk = RegionInfo.regions.filter((r) => r.partition !== undefined).map((r) => `${r.partition}/${r.name}`);
    const fromFile = Object.entries(AWS_PARTITION_REGIONS).flatMap(([p, regions]) => regions.map((r) => `${p}/${r}`));
    expect(new Set(fromFile)).toEqual(new Set(fromCdk));
    // The partitions the issue names are all there.
    for (const p of ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b']) expect(Object.keys(AWS_PARTITION_REGIONS)).toContain(p);
  });
});
