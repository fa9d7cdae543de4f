import { Fn, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SECURITY_GROUP_TAG } from './names';
import { S3PrefixList } from './s3-prefix-list';

/**
 * Interface endpoints a Fargate task with Service Connect needs when it has no route out:
 * image pulls (`ecr.api` for the token, `ecr.dkr` for manifests), the awslogs driver
 * (`logs`), and the ECS agent's management of the Service Connect proxy (`ecs-agent`;
 * its fallback, the public `ecs-sc` endpoint, is unreachable from isolated subnets).
 * Regions launched after late 2023 also need `ecs` and `ecs-telemetry`.
 */
export const TASK_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs', 'ecs-agent'] as const;

/** The interface endpoints this construct knows how to add. */
export const INTERFACE_ENDPOINT_SERVICES = {
  'ecr.api': ec2.InterfaceVpcEndpointAwsService.ECR,
  'ecr.dkr': ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  'ecs-agent': ec2.InterfaceVpcEndpointAwsService.ECS_AGENT,
  ecs: ec2.InterfaceVpcEndpointAwsService.ECS,
  'ecs-telemetry': ec2.InterfaceVpcEndpointAwsService.ECS_TELEMETRY,
} as const;

export type InterfaceEndpointName = keyof typeof INTERFACE_ENDPOINT_SERVICES;

export interface NetworkConstructProps {
  /**
   * Availability Zones the VPC spans; every subnet group gets one subnet per AZ.
   * @default 2
   */
  readonly azs?: number;
  /**
   * `dev` puts the interface endpoints in the first AZ only (they bill per AZ-hour);
   * `prod` puts them in every AZ so one AZ's outage does not stop image pulls elsewhere.
   * @default 'prod'
   */
  readonly profile?: 'dev' | 'prod';
  /**
   * Add public subnets and an internet gateway. Only the load balancer lives there;
   * tasks always run in the isolated subnets.
   * @default false
   */
  readonly publicSubnets?: boolean;
  /**
   * Address range of the VPC.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
  /**
   * Interface endpoints to create, each with private DNS and its own security group.
   * @default TASK_INTERFACE_ENDPOINTS
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointName[];
  /**
   * How long VPC flow log records are kept.
   * @default one month for `prod`, one week for `dev`
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * A VPC whose task subnets have no route to the internet: no NAT gateway, AWS APIs through
 * PrivateLink, S3 through a gateway endpoint. Every task carries {@link tasksSecurityGroup},
 * the only group the endpoints admit, so the endpoint rules do not grow with the service
 * count.
 */
export class NetworkConstruct extends Construct {
  readonly vpc: ec2.Vpc;
  /** Carried by every task: may reach the endpoints (443) and S3 (443), nothing else. */
  readonly tasksSecurityGroup: ec2.SecurityGroup;
  /** The interface endpoints by name. */
  readonly endpoints: ReadonlyMap<InterfaceEndpointName, ec2.InterfaceVpcEndpoint>;
  /** Looks up the S3 prefix list id the tasks group's egress rule names. */
  readonly s3PrefixList: S3PrefixList;
  /** Subnets the tasks run in. */
  readonly taskSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

  constructor(scope: Construct, id: string, props: NetworkConstructProps = {}) {
    super(scope, id);
    const profile = props.profile ?? 'prod';
    const azs = props.azs ?? 2;

    const subnetConfiguration: ec2.SubnetConfiguration[] = [
      // /20 per AZ: one address per task, with room for a full second set during deploys.
      { name: 'tasks', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 20 },
    ];
    if (props.publicSubnets) {
      subnetConfiguration.push({
        name: 'public',
        subnetType: ec2.SubnetType.PUBLIC,
        cidrMask: 24,
        // Only the load balancer lives here, and it gets its addresses from ELB.
        mapPublicIpOnLaunch: false,
      });
    }

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr ?? '10.0.0.0/16'),
      maxAzs: azs,
      // Isolated subnets + zero NAT: a task has no path to the internet, by construction.
      natGateways: 0,
      subnetConfiguration,
      // Without public subnets there is nothing an internet gateway could serve.
      createInternetGateway: props.publicSubnets ?? false,
      // Nothing uses the default group; strip its rules so nothing can start to.
      restrictDefaultSecurityGroup: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });
    if (this.vpc.availabilityZones.length < azs) {
      throw new Error(`network: asked for ${azs} AZs, the stack offers ${this.vpc.availabilityZones.length}`);
    }

    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention:
        props.flowLogRetention ??
        (profile === 'prod' ? logs.RetentionDays.ONE_MONTH : logs.RetentionDays.ONE_WEEK),
      removalPolicy: profile === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [this.taskSubnets],
    });

    this.tasksSecurityGroup = new ec2.SecurityGroup(this, 'TasksSecurityGroup', {
      vpc: this.vpc,
      description: 'Carried by every task: egress to the VPC endpoints and S3 only',
      allowAllOutbound: false,
    });
    Tags.of(this.tasksSecurityGroup).add(SECURITY_GROUP_TAG, 'tasks');

    this.s3PrefixList = new S3PrefixList(this, 'S3PrefixList');
    this.tasksSecurityGroup.addEgressRule(
      ec2.Peer.prefixList(this.s3PrefixList.prefixListId),
      ec2.Port.tcp(443),
      'Image layers from S3 through the gateway endpoint',
    );

    // dev: the first AZ only. Tasks in other AZs still resolve the endpoint's private DNS
    // name and cross the AZ boundary to reach it.
    const endpointSubnets: ec2.SubnetSelection =
      profile === 'prod'
        ? this.taskSubnets
        : { subnets: [this.vpc.isolatedSubnets[0]] };

    const endpoints = new Map<InterfaceEndpointName, ec2.InterfaceVpcEndpoint>();
    for (const name of props.interfaceEndpoints ?? TASK_INTERFACE_ENDPOINTS) {
      const id = endpointId(name);
      const group = new ec2.SecurityGroup(this, `${id}SecurityGroup`, {
        vpc: this.vpc,
        description: `Interface endpoint ${name}: HTTPS from the tasks group only`,
        // An endpoint only answers; it never opens connections.
        allowAllOutbound: false,
      });
      Tags.of(group).add(SECURITY_GROUP_TAG, `endpoint/${name}`);
      const endpoint = this.vpc.addInterfaceEndpoint(id, {
        service: INTERFACE_ENDPOINT_SERVICES[name],
        privateDnsEnabled: true,
        subnets: endpointSubnets,
        securityGroups: [group],
        // Not the default "443 from the VPC CIDR": only holders of the tasks group get in.
        open: false,
      });
      // One ingress rule per endpoint, one egress rule on the tasks group: constant in the
      // number of services, far below the 60-rules-per-group quota.
      endpoint.connections.allowDefaultPortFrom(this.tasksSecurityGroup, `Tasks to ${name}`);
      endpoints.set(name, endpoint);
    }
    this.endpoints = endpoints;
  }
}

/** `ecr.api` → `EcrApiEndpoint`: a stable construct id per endpoint. */
function endpointId(name: string): string {
  return (
    name
      .split(/[^a-z0-9]/)
      .map((p) => p[0].toUpperCase() + p.slice(1))
      .join('') + 'Endpoint'
  );
}

/** `Fn::Select(i, Fn::GetAZs(''))` for i < count: AZs of a region-agnostic stack. */
export function agnosticAvailabilityZones(count: number): string[] {
  return Array.from({ length: count }, (_, i) => Fn.select(i, Fn.getAzs()));
}
