/**
 * AWS quotas the spec is checked against and the CDK app warns about, in one place.
 */

/** EC2's default quota of inbound (and, separately, outbound) rules per security group. */
export const SECURITY_GROUP_RULES = 60;
