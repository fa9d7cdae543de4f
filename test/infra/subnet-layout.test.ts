/**
 * Every subnet keeps its CIDR whatever `azs` is (finding 2 of review 14): CidrBlock is
 * create-only, so a moved CIDR replaces the subnet, and EC2 refuses the replacement while
 * the old subnet, deleted only in the cleanup phase, overlaps it. Synthesized with the
 * library's Network for every AZ count the spec allows.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { App, Stack } from 'aws-cdk-lib/core';
import { describe, expect, it } from 'vitest';
import { agnosticAvailabilityZones, Network } from '../../src/infra';
import { subnetCidr, SUBNET_AZ_SLOTS } from '../../src/plan/network';
import { LIMITS } from '../../src/spec/rules';
import { ipv4Range } from '../../src/transition/address-range';

/** Logical id -> CidrBlock of every subnet of a network with `azs` AZs. */
function subnetCidrs(azs: number, props: { publicSubnets?: boolean; cidr?: string } = { publicSubnets: true }): Map<string, string> {
  // Region-agnostic, with as many AZs as asked (as the library's NetworkStack offers them).
  const stack = new (class extends Stack {
    override get availabilityZones(): string[] {
      return agnosticAvailabilityZones(azs);
    }
  })(new App(), 'Net');
  new Network(stack, 'Network', { azs, ...props });
  const subnets = Template.fromStack(stack).findResources('AWS::EC2::Subnet') as Record<string, { Properties: { CidrBlock: string } }>;
  return new Map(Object.entries(subnets).map(([id, r]) => [id, r.Properties.CidrBlock]));
}

describe('the subnet layout', () => {
  const allowed = Array.from({ length: LIMITS.maxAzs - LIMITS.minAzs + 1 }, (_, i) => LIMITS.minAzs + i);
  const layouts = new Map(allowed.map((azs) => [azs, subnetCidrs(azs)]));

  it('reserves a slot for every AZ count the spec allows', () => {
    expect(SUBNET_AZ_SLOTS).toBe(LIMITS.maxAzs);
    for (const [azs, cidrs] of layouts) expect(cidrs.size, `azs ${azs}`).toBe(2 * azs);
  });

  it('gives a subnet the same CIDR whatever azs is, and no two subnets overlapping ranges', () => {
    // Same logical id, same CIDR, for every pair of AZ counts: a change of azs only adds or removes subnets.
    const cidrOf = new Map<string, string>();
    for (const [azs, cidrs] of layouts) {
      for (const [id, cidr] of cidrs) {
        expect(cidrOf.get(id) ?? cidr, `${id} with azs ${azs}`).toBe(cidr);
        cidrOf.set(id, cidr);
      }
    }
    // Across all of them, no two subnets overlap: whichever change, nothing created overlaps what is still there.
    const ranges = [...cidrOf].map(([id, cidr]) => ({ id, cidr, ...ipv4Range(cidr)! }));
    for (const a of ranges) {
      for (const b of ranges) if (a !== b) expect(a.first < b.end && b.first < a.end, `${a.id} ${a.cidr} / ${b.id} ${b.cidr}`).toBe(false);
    }
  });

  it('keeps the task subnets where they were before the fixed layout, and the public ones after all six task slots', () => {
    expect([...layouts.get(2)!.values()]).toEqual(['10.0.0.0/20', '10.0.16.0/20', '10.0.96.0/24', '10.0.97.0/24']);
    expect(subnetCidr('10.0.0.0/16', 'public', 5)).toBe('10.0.101.0/24');
    // Without public subnets, the task subnets are the same.
    expect([...subnetCidrs(3, {}).values()]).toEqual(['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/20']);
  });

  it('refuses a VPC range too small for the whole layout, or more AZs than it has slots, naming the prop and the fix', () => {
    expect(() => subnetCidrs(2, { publicSubnets: true, cidr: '10.0.0.0/18' })).toThrow(
      /cidr: 10\.0\.0\.0\/18 is too small for the subnet layout .* use a \/17 or larger/,
    );
    expect(() => subnetCidrs(7)).toThrow(/azs: 7 is not an AZ count the subnet layout has room for \(1 to 6\)/);
    expect([...subnetCidrs(2, { publicSubnets: true, cidr: '172.16.0.0/17' }).values()]).toEqual([
      '172.16.0.0/20',
      '172.16.16.0/20',
      '172.16.96.0/24',
      '172.16.97.0/24',
    ]);
  });
});
