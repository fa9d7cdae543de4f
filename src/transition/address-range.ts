/**
 * Subnet address ranges, for the rule that EC2 refuses a subnet whose CIDR overlaps
 * another subnet of the same VPC (CreateSubnet: InvalidSubnet.Conflict). Only literal IPv4
 * CIDRs are compared; a CIDR computed at deploy time (Fn::Cidr) is not known offline.
 */
export interface AddressRange {
  /** The VPC, as the identity of the resource the subnet's VpcId resolves to. */
  readonly vpc: string;
  readonly cidr: string;
  readonly first: number;
  /** One past the last address. */
  readonly end: number;
}

/** `10.0.32.0/20` -> its first address and one past its last; undefined for anything else. */
export function ipv4Range(cidr: string): { readonly first: number; readonly end: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  // The block the prefix covers.
  const first = Math.floor(octets.reduce((a, o) => a * 256 + o, 0) / size) * size;
  return { first, end: first + size };
}

export function overlaps(a: AddressRange, b: AddressRange): boolean {
  return a.vpc === b.vpc && a.first < b.end && b.first < a.end;
}
