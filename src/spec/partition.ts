// Apart from the rules so that the planner and the infrastructure library (which every
// synth loads) read it without the rules and messages (issue 19). aws-regions.ts is
// generated (scripts/aws-regions.ts).
import { AWS_PARTITION_REGIONS } from './aws-regions';

/** The partition a known region is in (`aws`, `aws-cn`, `aws-us-gov`, ...). */
export function partitionOf(region: string): string {
  return Object.keys(AWS_PARTITION_REGIONS).find((p) => AWS_PARTITION_REGIONS[p].includes(region)) ?? 'aws';
}
