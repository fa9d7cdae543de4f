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
