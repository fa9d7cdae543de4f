import { tmpdir } from 'node:os';
import { App, Aws, CfnCondition, CfnResource, CfnRule, Fn, RemovalPolicy, Stack, Tags, Token, Validations } from 'aws-cdk-lib/core';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct, type IConstruct } from 'constructs';
import type { OptionalEndpoint } from '../plan/endpoints';
import { interfaceEndpointAzs, SUBNET_AZ_SLOTS, SUBNET_GROUPS, subnetCidr, type SubnetGroupName } from '../plan/network';
import {
  azsProblem,
  FARGATE_AZ_IDS,
  needsNewRegionEndpoints,
  NEW_REGION_INTERFACE_ENDPOINTS,
  REGIONS_BEFORE_ECS_ENDPOINT_RULE,
  REGIONS_BY_AZ_COUNT,
  TASK_INTERFACE_ENDPOINTS,
} from '../plan/regions';
import { CallRule } from './call-rule';
import { validationError } from './errors';
import { SECURITY_GROUP_TAG } from './names';
import { S3PrefixList } from './s3-prefix-list';

/**
 * Interface endpoints a Fargate task with Service Connect needs when it has no route out:
 * image pulls (`ecr.api` for the token, `ecr.dkr` for manifests), the awslogs driver
 * (`logs`), and the ECS agent's management of the Service Connect proxy (`ecs-agent`;
 * its fallback, the public `ecs-sc` endpoint, is unreachable from isolated subnets).
 * Regions opened since 23 December 2023 also need `ecs` and `ecs-telemetry`
 * (NEW_REGION_INTERFACE_ENDPOINTS), added by region.
 */
export { TASK_INTERFACE_ENDPOINTS, NEW_REGION_INTERFACE_ENDPOINTS };

/** The interface endpoints this construct knows how to add. */
export const INTERFACE_ENDPOINT_SERVICES = {
  'ecr.api': ec2.InterfaceVpcEndpointAwsService.ECR,
  'ecr.dkr': ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  'ecs-agent': ec2.InterfaceVpcEndpointAwsService.ECS_AGENT,
  ecs: ec2.InterfaceVpcEndpointAwsService.ECS,
  'ecs-telemetry': ec2.InterfaceVpcEndpointAwsService.ECS_TELEMETRY,
  ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
  secretsmanager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  ssmmessages: ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES,
} as const;

export type InterfaceEndpointName = keyof typeof INTERFACE_ENDPOINT_SERVICES;

export interface NetworkProps {
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
   * Address range of the VPC: a /17 or larger, since every subnet group keeps room for six
   * AZs whatever `azs` is (so changing `azs` never moves a subnet).
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
  /**
   * Interface endpoints to create in every region, each with private DNS and its own
   * security group.
   * @default TASK_INTERFACE_ENDPOINTS
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointName[];
  /**
   * Interface endpoints only some services need (`ssm`, `secretsmanager`, `ssmmessages`):
   * the tasks group may send to them, but each admits only the groups of the services that
   * need it, given by {@link Network.admitToEndpoint} in the services' own stacks.
   * @default - none
   */
  readonly restrictedEndpoints?: readonly OptionalEndpoint[];
  /**
   * Add `ecs` and `ecs-telemetry` in regions opened since 23 December 2023, which need
   * them: decided at synth when the stack's region is known, else by a CloudFormation
   * condition on the region the stack deploys to.
   * @default true
   */
  readonly newRegionEndpoints?: boolean;
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
 * count. More endpoints: {@link addInterfaceEndpoint}.
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** Carried by every task: may reach the endpoints (443) and S3 (443), nothing else. */
  readonly tasksSecurityGroup: ec2.SecurityGroup;
  /** The interface endpoints by name (`ecr.api`, `logs`, ... and any added later). */
  readonly endpoints: ReadonlyMap<string, ec2.InterfaceVpcEndpoint>;
  /** Endpoints created only in regions that need them, by a CloudFormation condition (region unknown at synth). */
  readonly conditionalEndpoints: readonly InterfaceEndpointName[];
  /** The S3 gateway endpoint on the task subnets' route tables (image layers). */
  readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  /** Looks up the S3 prefix list id the tasks group's egress rule names. */
  readonly s3PrefixList: S3PrefixList;
  /** The VPC flow log and the log group it writes to. */
  readonly flowLog: ec2.FlowLog;
  readonly flowLogGroup: logs.LogGroup;
  /** Subnets the tasks run in. */
  readonly taskSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  /** Subnets the interface endpoints are in (every AZ, or the first one; see `profile`). */
  readonly endpointSubnets: ec2.SubnetSelection;
  private readonly endpointsByName = new Map<string, ec2.InterfaceVpcEndpoint>();
  private readonly restrictedGroups = new Map<string, ec2.SecurityGroup>();

  /** Whether `name` is a restricted endpoint: admitted only from the groups given to {@link admitToEndpoint}. */
  isRestricted(name: string): boolean {
    return this.restrictedGroups.has(name);
  }

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const profile = props.profile ?? 'prod';
    const azs = props.azs ?? 2;

    const prefix = (name: SubnetGroupName) => SUBNET_GROUPS.find((g) => g.name === name)!.prefix;
    const subnetConfiguration: ec2.SubnetConfiguration[] = [
      // One address per task, with room for a full second set during deploys.
      { name: 'tasks', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: prefix('tasks') },
    ];
    if (props.publicSubnets) {
      subnetConfiguration.push({
        name: 'public',
        subnetType: ec2.SubnetType.PUBLIC,
        cidrMask: prefix('public'),
        // Only the load balancer lives here, and it gets its addresses from ELB.
        mapPublicIpOnLaunch: false,
      });
    }
    if (!Number.isInteger(azs) || azs < 1 || azs > SUBNET_AZ_SLOTS) {
      throw validationError(this, 'AzsOutOfRange', `azs: ${azs} is not an AZ count the subnet layout has room for (1 to ${SUBNET_AZ_SLOTS})`);
    }
    const cidr = props.cidr ?? '10.0.0.0/16';
    try {
      // The last slot of the last group: the whole layout fits, whatever `azs` becomes later.
      subnetCidr(cidr, SUBNET_GROUPS[SUBNET_GROUPS.length - 1].name, SUBNET_AZ_SLOTS - 1);
    } catch (err) {
      throw validationError(this, 'SubnetLayoutDoesNotFit', `cidr: ${(err as Error).message}`);
    }

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      // Every subnet at a fixed place whatever `azs` is (src/plan/network.ts, SUBNET_AZ_SLOTS):
      // changing `azs` adds or removes subnets and never moves one.
      ipAddresses: new FixedSubnetLayout(cidr),
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
      throw validationError(this, 'TooFewAvailabilityZones', `asked for ${azs} AZs, the stack offers ${this.vpc.availabilityZones.length}`);
    }
    checkAzs(this, azs);
    pinFargateZones(this.vpc);

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? (profile === 'prod' ? logs.RetentionDays.ONE_MONTH : logs.RetentionDays.ONE_WEEK),
      removalPolicy: profile === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.s3Endpoint = this.vpc.addGatewayEndpoint('S3', {
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

    // dev: the first AZ only (interfaceEndpointAzs). Tasks in other AZs still resolve the
    // endpoint's private DNS name and cross the AZ boundary to reach it.
    const endpointAzs = interfaceEndpointAzs({ profile, azs });
    this.endpointSubnets = endpointAzs >= azs ? this.taskSubnets : { subnets: this.vpc.isolatedSubnets.slice(0, endpointAzs) };

    const always: readonly InterfaceEndpointName[] = props.interfaceEndpoints ?? TASK_INTERFACE_ENDPOINTS;
    const byRegion: InterfaceEndpointName[] =
      (props.newRegionEndpoints ?? true) ? NEW_REGION_INTERFACE_ENDPOINTS.filter((n) => !always.includes(n)) : [];
    const region = Stack.of(this).region;
    const known = !Token.isUnresolved(region);
    const condition = !known && byRegion.length > 0 ? newRegionCondition(this) : undefined;
    const wanted = [...always, ...byRegion.filter(() => !known || needsNewRegionEndpoints(region))];
    for (const name of wanted) {
      const conditional = condition && !always.includes(name) ? condition : undefined;
      this.addInterfaceEndpoint(name, INTERFACE_ENDPOINT_SERVICES[name], { condition: conditional });
    }
    for (const name of props.restrictedEndpoints ?? []) {
      this.addInterfaceEndpoint(name, INTERFACE_ENDPOINT_SERVICES[name], { admitTasksGroup: false });
    }
    this.endpoints = this.endpointsByName;
    this.conditionalEndpoints = condition ? byRegion : [];
  }

  /**
   * Admits HTTPS to a restricted endpoint from one service's group: the rule belongs to
   * the endpoint's group but is made in `scope` (the service, in its own stack), so it
   * comes and goes with the service and every reference points at the earlier stack.
   */
  admitToEndpoint(scope: Construct, name: OptionalEndpoint, from: ec2.ISecurityGroup, description: string): ec2.CfnSecurityGroupIngress {
    const group = this.restrictedGroups.get(name);
    if (group === undefined) {
      throw validationError(scope, 'NoSuchEndpoint', `the network has no restricted interface endpoint "${name}"; add it to restrictedEndpoints`);
    }
    return new ec2.CfnSecurityGroupIngress(scope, `${endpointId(name)}Access`, {
      groupId: group.securityGroupId,
      sourceSecurityGroupId: from.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description,
    });
  }

  /**
   * Adds an interface endpoint the way every endpoint here is made: private DNS, in the
   * endpoint subnets, with a security group of its own that admits HTTPS from the tasks
   * group only (and the tasks group's egress to it). For what a service's code calls, e.g.
   * `addInterfaceEndpoint('ssm', ec2.InterfaceVpcEndpointAwsService.SSM)`.
   *
   * @param name the endpoint's short name (`ssm`, `secretsmanager`): its construct ids
   *   (`SsmEndpoint`, ...) and its security group's tag (`endpoint/ssm`) come from it
   * @param service the AWS service the endpoint reaches
   */
  addInterfaceEndpoint(
    name: string,
    service: ec2.IInterfaceVpcEndpointService,
    options: {
      readonly condition?: CfnCondition;
      /** Admit the tasks group (every task); else only groups given to {@link admitToEndpoint}. @default true */
      readonly admitTasksGroup?: boolean;
    } = {},
  ): ec2.InterfaceVpcEndpoint {
    if (this.endpointsByName.has(name)) {
      const why = this.restrictedGroups.has(name)
        ? ` (the spec's secrets or exec need it, and it admits only their services: drop this call, or give "${name}" to buildPlatform's additionalInterfaceEndpoints to admit every task)`
        : '';
      throw validationError(this, 'DuplicateEndpoint', `the interface endpoint "${name}" is already in the network${why}`);
    }
    const id = endpointId(name);
    const group = new ec2.SecurityGroup(this, `${id}SecurityGroup`, {
      vpc: this.vpc,
      description: `Interface endpoint ${name}: HTTPS from the tasks group only`,
      // An endpoint only answers; it never opens connections.
      allowAllOutbound: false,
    });
    Tags.of(group).add(SECURITY_GROUP_TAG, `endpoint/${name}`);
    const endpoint = this.vpc.addInterfaceEndpoint(id, {
      service: nameAtDeploy(this, service),
      privateDnsEnabled: true,
      subnets: this.endpointSubnets,
      securityGroups: [group],
      // Not the default "443 from the VPC CIDR": only holders of the tasks group get in.
      open: false,
    });
    // One ingress rule per endpoint, one egress rule on the tasks group: constant in the
    // number of services, far below the 60-rules-per-group quota.
    let access: IConstruct;
    if (options.admitTasksGroup ?? true) {
      access = new CallRule(this, `${id}Access`, {
        from: this.tasksSecurityGroup,
        to: group,
        port: 443,
        description: `Tasks to ${name}`,
      });
    } else {
      // Every task may send there; the endpoint admits only the services that need it.
      access = new ec2.CfnSecurityGroupEgress(this, `${id}Egress`, {
        groupId: this.tasksSecurityGroup.securityGroupId,
        destinationSecurityGroupId: group.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: `Tasks to ${name} (admitted from the services that need it)`,
      });
      this.restrictedGroups.set(name, group);
    }
    this.endpointsByName.set(name, endpoint);
    if (options.condition) {
      // The endpoint, its group and both rules exist only where the condition holds.
      for (const scope of [endpoint, group, access]) onlyIf(scope, options.condition);
    }
    return endpoint;
  }
}

/**
 * An AWS service's endpoint name chosen at deploy time. aws-cdk-lib knows the regions where
 * a service's endpoint has another prefix (`cn.com.amazonaws.cn-north-1.ecr.api` in China,
 * others in the isolated and sovereign partitions) but applies that table only when the
 * stack's region is known at synth; a region-agnostic stack would get `com.amazonaws`
 * everywhere, a service name that does not exist there. So each region aws-cdk-lib knows
 * is asked for its name, and names that differ from the usual one become `Fn::If` on the
 * region. Other services, and stacks with a known region, keep aws-cdk-lib's name.
 */
function nameAtDeploy(scope: Construct, service: ec2.IInterfaceVpcEndpointService): ec2.IInterfaceVpcEndpointService {
  if (!Token.isUnresolved(Stack.of(scope).region) || !(service instanceof ec2.InterfaceVpcEndpointAwsService)) return service;
  const usual = `com.amazonaws.{region}.${service.shortName}`;
  const others = [...regionsByEndpointName(service)].filter(([template]) => template !== usual);
  if (others.length === 0) return service;
  const text = (template: string) =>
    Fn.join(
      '',
      template.split('{region}').flatMap((part, i) => (i === 0 ? [part] : [Aws.REGION, part])),
    );
  let name = text(usual);
  for (const [template, regions] of others) {
    const id = `In${regions.map(pascalRegion).join('Or')}`;
    const condition =
      (scope.node.tryFindChild(id) as CfnCondition | undefined) ??
      new CfnCondition(scope, id, { expression: anyOf(regions.map((r) => Fn.conditionEquals(Aws.REGION, r))) });
    name = Token.asString(Fn.conditionIf(condition.logicalId, text(template), name));
  }
  return { name, port: service.port, privateDnsDefault: service.privateDnsDefault };
}

/** Per service: its endpoint name in each region aws-cdk-lib knows (`{region}` for the region), and where. */
const endpointNames = new Map<string, Map<string, string[]>>();
let probeStacks: Map<string, Stack> | undefined;

function regionsByEndpointName(service: ec2.InterfaceVpcEndpointAwsService): Map<string, string[]> {
  const known = endpointNames.get(service.name);
  if (known) return known;
  // Stacks with a known region, only to resolve names in. Never synthesized: under the CDK
  // CLI (CDK_OUTDIR set) an App synthesizes itself at exit unless told not to, which wrote
  // 47 empty stacks into the temporary folder and validated them on every synth. The
  // outdir is an existing folder so the App makes no new one.
  if (!probeStacks) {
    const app = new App({ outdir: tmpdir(), autoSynth: false, treeMetadata: false, analyticsReporting: false });
    probeStacks = new Map(RegionInfo.regions.map(({ name: region }) => [region, new Stack(app, region, { env: { region } })]));
  }
  const byName = new Map<string, string[]>();
  for (const [region, stack] of probeStacks) {
    const template = String(stack.resolve(service.name)).split(region).join('{region}');
    byName.set(template, [...(byName.get(template) ?? []), region]);
  }
  endpointNames.set(service.name, byName);
  return byName;
}

function pascalRegion(region: string): string {
  return region.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/**
 * True in every region not known to have opened before 23 December 2023: a new region gets
 * `ecs` and `ecs-telemetry` without anyone updating this code.
 */
function newRegionCondition(scope: Construct): CfnCondition {
  const old = REGIONS_BEFORE_ECS_ENDPOINT_RULE.map((r) => Fn.conditionEquals(Aws.REGION, r));
  return new CfnCondition(scope, 'RegionNeedsEcsEndpoints', { expression: Fn.conditionNot(anyOf(old)) });
}

/** Fn::Or takes 2 to 10 conditions: group them. */
function anyOf(conditions: ReturnType<typeof Fn.conditionEquals>[]): ReturnType<typeof Fn.conditionOr> {
  if (conditions.length <= 10) return Fn.conditionOr(...conditions);
  const groups: ReturnType<typeof Fn.conditionOr>[] = [];
  for (let i = 0; i < conditions.length; i += 10) {
    const group = conditions.slice(i, i + 10);
    groups.push(group.length === 1 ? Fn.conditionOr(group[0]!, group[0]!) : Fn.conditionOr(...group));
  }
  return anyOf(groups as never);
}

function onlyIf(scope: IConstruct, condition: CfnCondition): void {
  for (const c of scope.node.findAll()) {
    if (c instanceof CfnResource) c.cfnOptions.condition = condition;
  }
}

/**
 * `azs` above 2 needs a region with that many zones Fargate runs in. Checked at synth
 * when the region is known; else a CloudFormation rule stops the deploy before anything is
 * created, where the alternative is a `Fn::Select` failure halfway through the network.
 */
function checkAzs(scope: Construct, azs: number): void {
  if (azs <= 2) return;
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region)) {
    const problem = azsProblem(region, azs);
    if (problem) throw validationError(scope, 'AvailabilityZonesNotInRegion', problem);
    return;
  }
  const allowed =
    azs === 3
      ? Fn.conditionNot(Fn.conditionContains([...REGIONS_BY_AZ_COUNT.fewerThanThree], Aws.REGION))
      : Fn.conditionContains([...(azs === 4 ? REGIONS_BY_AZ_COUNT.atLeastFour : REGIONS_BY_AZ_COUNT.atLeastFive)], Aws.REGION);
  new CfnRule(scope, 'AvailabilityZones', {
    assertions: [
      {
        assert: allowed,
        assertDescription:
          `azs: ${azs} needs ${azs} Availability Zones where Fargate runs; this region is not known to have them. ` +
          'Deploy with a smaller `azs` in .projenrc.ts (2 works everywhere).',
      },
    ],
  });
}

/**
 * In regions where Fargate runs only in some zones, place the subnets by AZ ID (the same
 * zone in every account) instead of by `Fn::GetAZs` name, which for older accounts can
 * include a zone Fargate does not support.
 */
function pinFargateZones(vpc: ec2.Vpc): void {
  const stack = Stack.of(vpc);
  const known = !Token.isUnresolved(stack.region);
  const regions = Object.entries(FARGATE_AZ_IDS).filter(([region]) => !known || region === stack.region);
  if (regions.length === 0) return;
  const conditions = regions.map(([region, ids]) => ({
    ids,
    condition: known
      ? undefined
      : new CfnCondition(vpc, `In${pascalRegion(region)}`, {
          expression: Fn.conditionEquals(Aws.REGION, region),
        }),
  }));
  const groups = new Map<string, ec2.ISubnet[]>();
  for (const subnet of [...vpc.isolatedSubnets, ...vpc.publicSubnets]) {
    const group = subnet.node.path.replace(/Subnet\d+$/, '');
    groups.set(group, [...(groups.get(group) ?? []), subnet]);
  }
  for (const subnets of groups.values()) {
    subnets.forEach((subnet, i) => {
      const cfn = subnet.node.defaultChild as ec2.CfnSubnet;
      let zoneId: unknown = Aws.NO_VALUE;
      let zoneName: unknown = cfn.availabilityZone;
      for (const { ids, condition } of conditions) {
        const id = ids[i % ids.length];
        if (!condition) {
          zoneId = id;
          zoneName = Aws.NO_VALUE;
          continue;
        }
        zoneId = Fn.conditionIf(condition.logicalId, id, zoneId);
        zoneName = Fn.conditionIf(condition.logicalId, Aws.NO_VALUE, zoneName);
      }
      cfn.addPropertyOverride('AvailabilityZoneId', zoneId);
      cfn.addPropertyOverride('AvailabilityZone', zoneName);
      if (!known) {
        Validations.of(cfn).acknowledge({
          id: 'CloudFormation-Validate::F3020',
          reason:
            'Each region gets exactly one of AvailabilityZone and AvailabilityZoneId: the AZ ID where Fargate ' +
            'runs in only some zones, the name elsewhere (Fn::If with AWS::NoValue, which the validator does not follow).',
        });
      }
    });
  }
}

/**
 * The VPC's addresses by {@link subnetCidr}: the subnet of a group in the i-th AZ always
 * gets the same CIDR, whatever the number of AZs (aws-cdk-lib's own allocation packs the
 * groups for the AZs in use, so the public subnets moved when `azs` changed).
 */
class FixedSubnetLayout implements ec2.IIpAddresses {
  constructor(private readonly cidr: string) {}

  allocateVpcCidr(): ec2.VpcIpamOptions {
    return { cidrBlock: this.cidr };
  }

  allocateSubnetsCidr(input: ec2.AllocateCidrRequest): ec2.SubnetIpamOptions {
    // aws-cdk-lib requests each group's subnets in AZ order: count them per group.
    const seen = new Map<string, number>();
    return {
      allocatedSubnets: input.requestedSubnets.map((r) => {
        const az = seen.get(r.configuration.name) ?? 0;
        seen.set(r.configuration.name, az + 1);
        // input.vpcCidr is the VPC's CidrBlock attribute (a token): the literal range is ours.
        return { cidr: subnetCidr(this.cidr, r.configuration.name as SubnetGroupName, az) };
      }),
    };
  }
}

/** `ecr.api` → `EcrApiEndpoint`: a stable construct id per endpoint. */
function endpointId(name: string): string {
  return (
    name
      .split(/[^a-zA-Z0-9]/)
      .filter((p) => p.length > 0)
      .map((p) => p[0].toUpperCase() + p.slice(1))
      .join('') + 'Endpoint'
  );
}

/** `Fn::Select(i, Fn::GetAZs(''))` for i < count: AZs of a region-agnostic stack. */
export function agnosticAvailabilityZones(count: number): string[] {
  return Array.from({ length: count }, (_, i) => Fn.select(i, Fn.getAzs()));
}
