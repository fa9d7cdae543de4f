/**
 * The prices behind the cost estimate: the ONE place they live.
 *
 * ESTIMATES. Public on-demand list prices in USD for one region, as taken on one date.
 * They are not a quote: other regions, Savings Plans, free tiers, taxes and actual usage
 * change the bill, and AWS changes its prices. To update, edit the numbers and `takenOn`
 * together, and say where they came from in `sources`.
 */

/** One list price: dollars per unit. */
export interface UnitPrice {
  /** USD per `unit`. */
  readonly usd: number;
  /** What one unit is, e.g. `endpoint-AZ-hour`, `GB`. */
  readonly unit: string;
}

export interface PriceSheet {
  /** The AWS region these prices are for. */
  readonly region: string;
  /** The date the prices were taken (ISO 8601). */
  readonly takenOn: string;
  /** Where they were taken from. */
  readonly sources: readonly string[];
  /** Hours in a billing month, the AWS Pricing Calculator's convention (24 × 365 / 12). */
  readonly hoursPerMonth: number;

  /** Interface VPC endpoint (PrivateLink), per endpoint per AZ, per hour. */
  readonly interfaceEndpointHour: UnitPrice;
  /** Interface VPC endpoint data processed (first 1 PB a month in the region). */
  readonly interfaceEndpointGb: UnitPrice;
  /** Gateway VPC endpoint (S3): no hourly or data charge. */
  readonly gatewayEndpointHour: UnitPrice;

  /** NAT gateway, per gateway, per hour. */
  readonly natGatewayHour: UnitPrice;
  /** NAT gateway data processed, either direction, any destination. */
  readonly natGatewayGb: UnitPrice;

  /** Application Load Balancer, per load balancer, per hour. */
  readonly albHour: UnitPrice;
  /** Application Load Balancer capacity unit, per LCU-hour. */
  readonly albLcuHour: UnitPrice;
  /** LCUs the estimate assumes every hour: a lightly used load balancer. */
  readonly albBaselineLcus: number;

  /** Fargate, Linux/x86, per vCPU per hour. */
  readonly fargateVcpuHour: UnitPrice;
  /** Fargate, Linux/x86, per GB of memory per hour. */
  readonly fargateGbHour: UnitPrice;
  /** Fargate, Linux/ARM (Graviton), per vCPU per hour. */
  readonly fargateArmVcpuHour: UnitPrice;
  /** Fargate, Linux/ARM (Graviton), per GB of memory per hour. */
  readonly fargateArmGbHour: UnitPrice;
  /** Fargate Spot, Linux/x86, per vCPU per hour (Spot prices move with spare capacity). */
  readonly fargateSpotVcpuHour: UnitPrice;
  /** Fargate Spot, Linux/x86, per GB of memory per hour. */
  readonly fargateSpotGbHour: UnitPrice;
  /** Fargate Spot, Linux/ARM, per vCPU per hour. */
  readonly fargateSpotArmVcpuHour: UnitPrice;
  /** Fargate Spot, Linux/ARM, per GB of memory per hour. */
  readonly fargateSpotArmGbHour: UnitPrice;

  /** CloudWatch Logs ingestion, Standard log class (first tier for vended logs). */
  readonly logsIngestionGb: UnitPrice;

  /** Data transfer between Availability Zones in the region, charged in each direction. */
  readonly crossAzGb: UnitPrice;
  /** Public IPv4 address, in use or idle, per address per hour. */
  readonly publicIpv4Hour: UnitPrice;
}

/** us-east-1 (N. Virginia) on-demand list prices. Estimates; see the module comment. */
export const PRICES: PriceSheet = {
  region: 'us-east-1',
  takenOn: '2026-11-22',
  sources: [
    'https://aws.amazon.com/privatelink/pricing/',
    'https://aws.amazon.com/vpc/pricing/',
    'https://aws.amazon.com/elasticloadbalancing/pricing/',
    'https://aws.amazon.com/fargate/pricing/',
    'https://aws.amazon.com/cloudwatch/pricing/',
    'https://aws.amazon.com/ec2/pricing/on-demand/ (data transfer)',
    // Cross-checked against third-party pricing summaries dated March to June 2026
    // (Vantage, CloudBurn, FactualMinds, cloud-horizons.com), which agree on every rate.
  ],
  hoursPerMonth: 730,

  interfaceEndpointHour: { usd: 0.01, unit: 'endpoint-AZ-hour' },
  interfaceEndpointGb: { usd: 0.01, unit: 'GB' },
  gatewayEndpointHour: { usd: 0, unit: 'endpoint-hour' },

  natGatewayHour: { usd: 0.045, unit: 'NAT-gateway-hour' },
  natGatewayGb: { usd: 0.045, unit: 'GB' },

  albHour: { usd: 0.0225, unit: 'ALB-hour' },
  albLcuHour: { usd: 0.008, unit: 'LCU-hour' },
  // One LCU: 25 new connections/s, 3,000 active connections/min, 1 GB processed/h (EC2 or
  // IP targets) or 1,000 rule evaluations/s, whichever dimension is highest that hour.
  albBaselineLcus: 1,

  fargateVcpuHour: { usd: 0.04048, unit: 'vCPU-hour' },
  fargateGbHour: { usd: 0.004445, unit: 'GB-hour' },
  // Linux/ARM: 20% below Linux/x86 (the Fargate pricing page, us-east-1).
  fargateArmVcpuHour: { usd: 0.03238, unit: 'vCPU-hour' },
  fargateArmGbHour: { usd: 0.00356, unit: 'GB-hour' },
  // Fargate Spot: the page shows the current us-east-1 Spot rates, which move with spare
  // capacity (historically about 70% below on-demand); these are those rates on takenOn.
  fargateSpotVcpuHour: { usd: 0.01214, unit: 'vCPU-hour' },
  fargateSpotGbHour: { usd: 0.00133, unit: 'GB-hour' },
  fargateSpotArmVcpuHour: { usd: 0.00971, unit: 'vCPU-hour' },
  fargateSpotArmGbHour: { usd: 0.00107, unit: 'GB-hour' },

  logsIngestionGb: { usd: 0.5, unit: 'GB' },

  crossAzGb: { usd: 0.01, unit: 'GB' },
  publicIpv4Hour: { usd: 0.005, unit: 'IPv4-address-hour' },
};
