import { LIMITS } from '../spec/limits';

/**
 * Layout decisions of the network that more than the CDK app depends on (the cost
 * estimate prices them), decided here once.
 */

/**
 * How many Availability Zones hold the interface endpoints: every AZ the VPC spans for
 * `prod` (one AZ's outage stops no image pull elsewhere), the first one only for `dev`
 * (endpoints bill per AZ-hour; tasks in other AZs cross to it).
 */
export function interfaceEndpointAzs(plan: { readonly profile: 'dev' | 'prod'; readonly azs: number }): number {
  return plan.profile === 'prod' ? plan.azs : 1;
}

/**
 * The VPC's subnet groups, in address order, with the prefix length of each subnet:
 * `tasks` (/20 per AZ: one address per task, with room for a full second set during
 * deploys), then `public` (/24 per AZ: only the load balancer lives there).
 */
export const SUBNET_GROUPS = [
  { name: 'tasks', prefix: 20 },
  { name: 'public', prefix: 24 },
] as const;

export type SubnetGroupName = (typeof SUBNET_GROUPS)[number]['name'];

/**
 * AZ slots every subnet group reserves: the most AZs a spec may ask for. Each group's
 * block holds this many subnets whatever `azs` is, so a subnet keeps its CIDR when `azs`
 * changes (CidrBlock is create-only: a moved CIDR replaces the subnet, and EC2 refuses the
 * replacement while the old subnet, deleted only in the cleanup phase, overlaps it).
 *
 * This layout replaced one that packed the groups for the AZs in use; that moved the
 * public subnets of every platform with a public service once (nothing had been released).
 * Any further change to it moves deployed subnets: never change it.
 */
export const SUBNET_AZ_SLOTS = LIMITS.maxAzs;

/**
 * The CIDR of the subnet of `group` in AZ number `az` (0-based): group after group, each
 * reserving {@link SUBNET_AZ_SLOTS} aligned blocks from the start of the VPC's range.
 * Throws when the VPC's range is too small for the whole layout.
 */
export function subnetCidr(vpcCidr: string, group: SubnetGroupName, az: number): string {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`${JSON.stringify(vpcCidr)} is not an IPv4 CIDR block such as 10.0.0.0/16`);
  if (!Number.isInteger(az) || az < 0 || az >= SUBNET_AZ_SLOTS)
    throw new Error(`AZ ${az} is outside the ${SUBNET_AZ_SLOTS} slots of the subnet layout`);
  let offset = 0;
  for (const g of SUBNET_GROUPS) {
    const size = 2 ** (32 - g.prefix);
    offset = Math.ceil(offset / size) * size;
    if (g.name === group) {
      const start = offset + az * size;
      if (start + size > vpc.size) throw new Error(subnetLayoutTooSmall(vpcCidr));
      return `${formatIp(vpc.base + start)}/${g.prefix}`;
    }
    offset += SUBNET_AZ_SLOTS * size;
  }
  throw new Error(`unknown subnet group ${group}`);
}

/** Addresses the whole layout spans: every group's slots, aligned. */
export function subnetLayoutSize(): number {
  let offset = 0;
  for (const g of SUBNET_GROUPS) {
    const size = 2 ** (32 - g.prefix);
    offset = Math.ceil(offset / size) * size + SUBNET_AZ_SLOTS * size;
  }
  return offset;
}

function subnetLayoutTooSmall(vpcCidr: string): string {
  const prefix = 32 - Math.ceil(Math.log2(subnetLayoutSize()));
  return `${vpcCidr} is too small for the subnet layout (${subnetLayoutSize()} addresses: every subnet group keeps room for ${SUBNET_AZ_SLOTS} AZs); use a /${prefix} or larger`;
}

/** `10.0.0.0/16` → its first address (as a number) and size; undefined if not an aligned IPv4 CIDR. */
export function parseCidr(cidr: string): { readonly base: number; readonly size: number; readonly prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return base % size === 0 ? { base, size, prefix } : undefined;
}

function formatIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
