/**
 * The bill before the deploy: the baseline monthly cost of what a plan generates, and of
 * the same layout with NAT gateways instead of interface endpoints. Pure: the plan and the
 * price sheet in, numbers out. Prices live in ./prices.ts only; what the estimate says in
 * words is ./document.ts, written as Markdown (./markdown.ts) or for a terminal
 * (./terminal.ts), with amounts written by ./money.ts.
 *
 * Baseline means what bills by the hour whether or not traffic flows. Charges that grow
 * with traffic (per GB) are stated per unit, never guessed as a total.
 */
import { interfaceEndpointAzs, networkEndpoints, serviceEndpoints, spotTaskShare, type Plan, type PlannedService } from '../plan';
import { NEW_REGION_INTERFACE_ENDPOINTS, TASK_INTERFACE_ENDPOINTS } from '../plan/regions';
import { formatUnitPrice, num, roundCents } from './money';
import { PRICES, type PriceSheet } from './prices';

// Repositories generated before the terminal layout import the Markdown table from here
// (their scripts/cost.ts); the cost task (src/tasks) prints ./terminal.ts.
export { formatCostTable } from './markdown';

/**
 * Interface endpoints the generated VPC creates in every region: the same list the
 * network code uses (src/plan/regions.ts).
 */
export const COSTED_INTERFACE_ENDPOINTS = TASK_INTERFACE_ENDPOINTS;

/** Which part of the layout a line item belongs to. */
export type CostGroup = 'network' | 'load-balancer' | 'compute';

/** One line of an estimate. */
export interface CostLineItem {
  /** What is billed, e.g. ``Interface endpoint `logs` `` or ``Fargate `web` ``. */
  readonly item: string;
  /** How many units a month. */
  readonly quantity: number;
  /** The unit of `quantity`, e.g. `endpoint-AZ-hours`. */
  readonly unit: string;
  /** USD a month, rounded to cents. */
  readonly monthlyUsd: number;
  readonly group: CostGroup;
}

/** A charge that grows with traffic: stated per GB, not estimated. */
export interface PerGbCharge {
  readonly item: string;
  readonly usdPerGb: number;
  /** Which layout pays it. */
  readonly appliesTo: 'both' | 'endpoints' | 'nat';
  /** What traffic it applies to. */
  readonly note: string;
}

/** The same layout with NAT gateways instead of interface endpoints. */
export interface NatAlternative {
  readonly natGateways: number;
  /** Every line: the NAT gateways, the S3 gateway endpoint, and the unchanged load balancer and tasks. */
  readonly lineItems: readonly CostLineItem[];
  /** USD a month, the sum of `lineItems`. */
  readonly totalUsd: number;
  /** `totalUsd` minus the generated layout's total: positive when NAT costs more. */
  readonly differenceUsd: number;
}

/** The baseline monthly cost of a plan. Estimates from list prices. */
export interface CostEstimate {
  readonly region: string;
  /** When the prices were taken (ISO date). */
  readonly pricesTakenOn: string;
  readonly hoursPerMonth: number;
  readonly profile: Plan['profile'];
  /** AZs the VPC spans. */
  readonly azs: number;
  /** AZs the interface endpoints are in: every AZ for `prod`, one for `dev`. */
  readonly endpointAzs: number;
  /** Whether the plan has a public service, hence a load balancer. */
  readonly hasLoadBalancer: boolean;
  /**
   * What the network adds in regions opened since 23 December 2023, which need `ecs` and
   * `ecs-telemetry` besides `ecs-agent` (not in the total: the prices are us-east-1's).
   */
  readonly newRegionEndpoints: { readonly endpoints: readonly string[]; readonly monthlyUsd: number };
  readonly lineItems: readonly CostLineItem[];
  /** USD a month, the sum of `lineItems`. */
  readonly totalUsd: number;
  readonly natAlternative: NatAlternative;
  /** Per-GB charges on top of the baseline, for either layout. */
  readonly perGb: readonly PerGbCharge[];
  /** What the estimate leaves out, one sentence each. */
  readonly notIncluded: readonly string[];
}

function sumCents(items: readonly CostLineItem[]): number {
  return roundCents(items.reduce((sum, i) => sum + i.monthlyUsd, 0));
}

/** The baseline monthly cost of what `plan` generates. Pure and deterministic. */
export function estimateCost(plan: Plan, prices: PriceSheet = PRICES): CostEstimate {
  const hours = prices.hoursPerMonth;
  const endpointAzs = interfaceEndpointAzs(plan);
  const natGateways = plan.profile === 'prod' ? plan.azs : 1;
  const hasLoadBalancer = plan.services.some((s) => s.public);
  const azWord = (n: number) => (n === 1 ? '1 AZ' : `${n} AZs`);

  const s3Gateway: CostLineItem = {
    item: 'Gateway endpoint `s3` (free)',
    quantity: 1,
    unit: 'endpoint',
    monthlyUsd: roundCents(prices.gatewayEndpointHour.usd * hours),
    group: 'network',
  };

  const endpointLines: CostLineItem[] = COSTED_INTERFACE_ENDPOINTS.map((name) => {
    const quantity = endpointAzs * hours;
    return {
      item: `Interface endpoint \`${name}\`, ${azWord(endpointAzs)}`,
      quantity,
      unit: 'endpoint-AZ-hours',
      monthlyUsd: roundCents(quantity * prices.interfaceEndpointHour.usd),
      group: 'network',
    };
  });

  // Endpoints that settings need (secrets, exec): a line each, naming the services that need it.
  // A retired one (no service needs it, kept until its removal is deployed) costs the same.
  const settingEndpointLines: CostLineItem[] = networkEndpoints(plan).map(({ name, retired }) => {
    const quantity = endpointAzs * hours;
    const users = plan.services.filter((s) => serviceEndpoints(s).includes(name)).map((s) => `\`${s.name}\``);
    const why = retired
      ? 'retired: no service needs it; delete its entry in stack-placement.json once that is deployed'
      : `${name === 'ssmmessages' ? 'exec' : 'secrets'} of ${users.join(', ')}`;
    return {
      item: `Interface endpoint \`${name}\`, ${azWord(endpointAzs)} (${why})`,
      quantity,
      unit: 'endpoint-AZ-hours',
      monthlyUsd: roundCents(quantity * prices.interfaceEndpointHour.usd),
      group: 'network',
    };
  });

  const newRegionEndpoints = {
    endpoints: [...NEW_REGION_INTERFACE_ENDPOINTS],
    monthlyUsd: roundCents(NEW_REGION_INTERFACE_ENDPOINTS.length * endpointAzs * hours * prices.interfaceEndpointHour.usd),
  };

  const natQuantity = natGateways * hours;
  const natLine: CostLineItem = {
    item: natGateways === 1 ? 'NAT gateway' : `NAT gateways, ${natGateways} (one per AZ)`,
    quantity: natQuantity,
    unit: 'NAT-gateway-hours',
    monthlyUsd: roundCents(natQuantity * prices.natGatewayHour.usd),
    group: 'network',
  };

  const loadBalancerLines: CostLineItem[] = hasLoadBalancer
    ? [
        {
          item: 'Application Load Balancer',
          quantity: hours,
          unit: 'ALB-hours',
          monthlyUsd: roundCents(hours * prices.albHour.usd),
          group: 'load-balancer',
        },
        {
          item: `Application Load Balancer capacity, baseline ${num(prices.albBaselineLcus)} LCU`,
          quantity: prices.albBaselineLcus * hours,
          unit: 'LCU-hours',
          monthlyUsd: roundCents(prices.albBaselineLcus * hours * prices.albLcuHour.usd),
          group: 'load-balancer',
        },
      ]
    : [];

  // The task size already holds the Service Connect sidecar (see src/spec/fargate.ts).
  const taskLines: CostLineItem[] = plan.services.flatMap((s) => fargateLines(s, prices));

  const lineItems = [...endpointLines, ...settingEndpointLines, s3Gateway, ...loadBalancerLines, ...taskLines];
  const totalUsd = sumCents(lineItems);
  const natItems = [natLine, s3Gateway, ...loadBalancerLines, ...taskLines];
  const natTotal = sumCents(natItems);

  const perGb: PerGbCharge[] = [
    {
      item: 'CloudWatch Logs ingestion',
      usdPerGb: prices.logsIngestionGb.usd,
      appliesTo: 'both',
      note: "the services' logs and the VPC flow log",
    },
    {
      item: 'Interface endpoint data processed',
      usdPerGb: prices.interfaceEndpointGb.usd,
      appliesTo: 'endpoints',
      note: 'ECR API calls, image manifests, log delivery and agent traffic; image layers come through the free S3 gateway endpoint',
    },
    {
      item: 'NAT gateway data processed',
      usdPerGb: prices.natGatewayGb.usd,
      appliesTo: 'nat',
      note: 'everything the tasks send to or receive from outside the VPC except S3, in either direction',
    },
  ];
  if (endpointAzs < plan.azs) {
    perGb.push({
      item: 'Cross-AZ data transfer',
      usdPerGb: prices.crossAzGb.usd,
      appliesTo: 'both',
      note: 'each way, for tasks outside the one AZ that holds the endpoints or the NAT gateway',
    });
  }

  const ipv4 = `${formatUnitPrice(prices.publicIpv4Hour.usd)} per hour each`;
  const notIncluded = [
    hasLoadBalancer
      ? `public IPv4 addresses (${ipv4}: the load balancer holds at least one per AZ, a NAT gateway one)`
      : `public IPv4 addresses (${ipv4}: a NAT gateway holds one)`,
    ...(hasLoadBalancer
      ? [
          `load balancer capacity above the ${num(prices.albBaselineLcus)} LCU baseline (${formatUnitPrice(prices.albLcuHour.usd)} per LCU-hour; ` +
            'one LCU is 1 GB processed per hour, 25 new connections per second, 3,000 active connections per minute ' +
            'or 1,000 rule evaluations per second, whichever is highest)',
          'the load balancer access logs in S3',
        ]
      : []),
    'Container Insights metrics and the per-service CloudWatch alarms',
    ...(plan.alarms !== undefined ? ['SNS notifications of the alarms (the first 1,000 emails a month are free)'] : []),
    'data transfer out to the internet',
    ...(plan.services.some((s) => s.autoscaling)
      ? ['tasks that autoscaling runs above desiredCount (each line prices desiredCount tasks; autoscaling keeps between min and max)']
      : []),
    ...(plan.services.some((s) => Object.values(s.secrets ?? {}).some((r) => r.startsWith('secretsmanager:')))
      ? ['Secrets Manager secrets and API calls, and SSM advanced parameters, which bill per secret or parameter and per call']
      : []),
  ];

  return {
    region: prices.region,
    pricesTakenOn: prices.takenOn,
    hoursPerMonth: hours,
    profile: plan.profile,
    azs: plan.azs,
    endpointAzs,
    hasLoadBalancer,
    newRegionEndpoints,
    lineItems,
    totalUsd,
    natAlternative: {
      natGateways,
      lineItems: natItems,
      totalUsd: natTotal,
      differenceUsd: roundCents(natTotal - totalUsd),
    },
    perGb,
    notIncluded,
  };
}

/** The hourly price of one task of `service` on regular Fargate or on Spot, by its arch. */
export function taskHourUsd(service: Pick<PlannedService, 'taskCpu' | 'taskMemory' | 'arch'>, spot: boolean, prices: PriceSheet = PRICES): number {
  const arm = service.arch === 'arm64';
  const vcpu = spot ? (arm ? prices.fargateSpotArmVcpuHour : prices.fargateSpotVcpuHour) : arm ? prices.fargateArmVcpuHour : prices.fargateVcpuHour;
  const gb = spot ? (arm ? prices.fargateSpotArmGbHour : prices.fargateSpotGbHour) : arm ? prices.fargateArmGbHour : prices.fargateGbHour;
  return (service.taskCpu / 1024) * vcpu.usd + (service.taskMemory / 1024) * gb.usd;
}

/**
 * A service's task lines: one for its tasks on regular Fargate and, with `spot`, one for
 * the share its capacity provider strategy puts on Fargate Spot (an expectation: ECS
 * places whole tasks, the weights give the share).
 */
function fargateLines(s: PlannedService, prices: PriceSheet): CostLineItem[] {
  const hours = prices.hoursPerMonth;
  const vcpu = s.taskCpu / 1024;
  const gb = s.taskMemory / 1024;
  const scaling = s.autoscaling ? ` (autoscaling ${s.autoscaling.min}-${s.autoscaling.max})` : '';
  const size = `${num(vcpu)} vCPU / ${num(gb)} GB${s.arch === 'arm64' ? ' ARM64' : ''}${scaling}`;
  const tasks = (n: number) => (n === 1 ? '1 task' : `${num(n)} tasks`);
  const onSpot = spotTaskShare(s.capacityProviderStrategy, s.desiredCount);
  const onDemand = s.desiredCount - onSpot;
  const line = (count: number, spot: boolean): CostLineItem => ({
    item: `Fargate${spot ? ' Spot' : ''} \`${s.name}\`, ${tasks(count)} of ${size}`,
    quantity: count * hours,
    unit: 'task-hours',
    monthlyUsd: roundCents(count * hours * taskHourUsd(s, spot, prices)),
    group: 'compute',
  });
  return [...(onDemand > 0 || onSpot === 0 ? [line(onDemand, false)] : []), ...(onSpot > 0 ? [line(onSpot, true)] : [])];
}
