import * as path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib/core';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { strategyText, type PlannedService } from '../plan';
import { parseSecretRef, type SecretRef } from '../spec/secrets';
import { APP_CONTAINER_NAME, NAMESPACE_TAG, SECURITY_GROUP_TAG, serviceSecurityGroupTag } from './names';
import { serviceImage } from './service-image';

export interface ConnectedServiceProps {
  /** The service as the generator planned it: name, port, sizes, environment. */
  readonly spec: PlannedService;
  /** Cluster the service runs in; its VPC holds the task subnets. */
  readonly cluster: ecs.ICluster;
  /**
   * ARN of the Service Connect namespace. The ARN rather than the name: a namespace that
   * another stack looks up by name can get created twice.
   */
  readonly namespaceArn: string;
  /**
   * The namespace's name, as a tag of the ECS service: the ARN arrives through a
   * cross-stack read whose text never changes, so without it a new namespace would leave
   * this stack's template unchanged, and `cdk deploy` would skip the stack.
   * (`buildPlatform` gives it when the switch `@fargate-connect/infra:namespaceTag` is on.)
   * @default - no tag
   */
  readonly namespaceName?: string;
  /**
   * The cluster's physical name, for the alarm's metric dimensions.
   * @default - `cluster.clusterName`, a reference to the cluster's stack
   */
  readonly clusterName?: string;
  /** Group every task carries, which lets it reach the VPC endpoints and S3 (`Network.tasksSecurityGroup`). */
  readonly tasksSecurityGroup: ec2.ISecurityGroup;
  /**
   * Subnets the tasks run in.
   * @default - the cluster VPC's isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Container image, or a function of this construct that returns one (for an image that
   * needs a construct of its own, such as an ECR repository reference) or undefined.
   * @default - `spec.image` when set, else built from `spec.dockerBuild` or `<servicesDir>/<spec.name>`
   */
  readonly image?: ecs.ContainerImage | ((scope: Construct) => ecs.ContainerImage | undefined);
  /**
   * Folder with one app folder (and Dockerfile) per service.
   * @default - `services` under the current directory (the repository root under `cdk`)
   */
  readonly servicesDir?: string;
  /**
   * Retention of the service's log group (app and Service Connect proxy).
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Fate of the log group when the service is removed.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Time a new container has before failed health checks count against it.
   * @default Duration.seconds(30)
   */
  readonly healthCheckStartPeriod?: Duration;
  /**
   * Consecutive minutes with fewer running than desired tasks before the alarm fires;
   * long enough to ride out a rolling deployment.
   * @default 5
   */
  readonly alarmMinutes?: number;
}

/**
 * One Fargate service wired into Service Connect. The base builds everything the two
 * roles share; the variants only say how the service takes part in Service Connect.
 *
 * Security group rules between services are not made here: they follow the call graph and
 * live in whichever stack comes later (see `call-rules.ts`).
 */
export abstract class ConnectedService extends Construct {
  /** The service as planned. */
  readonly spec: PlannedService;
  /** The ECS service (its L1 is {@link cfnService}). */
  readonly service: ecs.FargateService;
  /** The task definition: add a sidecar with `taskDefinition.addContainer(...)`. */
  readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The app container (named `app`). */
  readonly container: ecs.ContainerDefinition;
  /** This service's own group: admits its port from its callers (and the load balancer). */
  readonly securityGroup: ec2.SecurityGroup;
  /** The log group of the app and of the Service Connect proxy. */
  readonly logGroup: logs.LogGroup;
  /** What the app may call: starts empty; grant it what the code needs. */
  readonly taskRole: iam.Role;
  /** Pulls the image and writes the logs. */
  readonly executionRole: iam.Role;
  /** Fires when fewer tasks run than desired for `alarmMinutes`. */
  readonly runningTasksAlarm: cloudwatch.Alarm;
  /** The task count's scalable target, with `autoscaling` in the spec. */
  readonly scaling?: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: ConnectedServiceProps) {
    super(scope, id);
    const spec = props.spec;
    this.spec = spec;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // The app's own permissions start empty: grant to this role what the code calls.
    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({
        // Confused-deputy guard: only ECS acting for this account may assume it.
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
      description: `Task role of ${spec.name}: what the app may call`,
    });
    // Pull this image and write these logs; CDK adds exactly those grants below.
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Execution role of ${spec.name}: pull its image, write its logs`,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      // Sizes come from the generator and already include the Service Connect sidecar's
      // headroom (256 CPU units, 64 MiB): do not add it again here.
      cpu: spec.taskCpu,
      memoryLimitMiB: spec.taskMemory,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        // The image is built for the same architecture (service-image.ts).
        cpuArchitecture: spec.arch === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
      },
      taskRole: this.taskRole,
      executionRole: this.executionRole,
    });

    const image =
      (typeof props.image === 'function' ? props.image(this) : props.image) ??
      serviceImage(this, spec.name, spec.image, props.servicesDir ?? path.resolve('services'), spec.dockerBuild, spec.arch);
    this.container = this.taskDefinition.addContainer(APP_CONTAINER_NAME, {
      containerName: APP_CONTAINER_NAME,
      image,
      essential: true,
      portMappings: [
        {
          // Service Connect routes by port name; appProtocol gives per-protocol metrics.
          name: spec.name,
          containerPort: spec.port,
          protocol: ecs.Protocol.TCP,
          appProtocol: ecs.AppProtocol.http,
        },
      ],
      environment: { ...spec.environment },
      // Fetched by the task at start with the execution role (through the ssm or
      // secretsmanager endpoint), which addSecret grants exactly these resources.
      secrets: Object.fromEntries(Object.entries(spec.secrets ?? {}).map(([name, ref]) => [name, secretReference(this, parseSecretRef(ref))])),
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'app' }),
      healthCheck: containerHealthCheck(spec, props.healthCheckStartPeriod ?? Duration.seconds(30)),
      // ECS Exec: an init process reaps what exec sessions leave behind (AWS's advice).
      ...(spec.exec ? { linuxParameters: new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true }) } : {}),
    });

    this.securityGroup = serviceSecurityGroup(this, spec.name, props.cluster.vpc);

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      serviceName: spec.name,
      taskDefinition: this.taskDefinition,
      // With autoscaling the template leaves DesiredCount out: CloudFormation would send it
      // with every update of the service and reset what autoscaling chose. A new service
      // starts with one task and registering the scalable target raises it to min at once;
      // desiredCount is then only the usual count, which the cost estimate prices.
      desiredCount: spec.autoscaling ? undefined : spec.desiredCount,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      assignPublicIp: false,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup, props.tasksSecurityGroup],
      // Never below desired during a deploy: with one task (dev) 50% would mean zero.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      enableECSManagedTags: true,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      serviceConnectConfiguration: this.serviceConnect(spec, props.namespaceArn, this.logGroup),
      // With spot: a capacity provider strategy, and no launch type (ECS takes one or the other).
      ...(spec.capacityProviderStrategy !== undefined ? { capacityProviderStrategies: spec.capacityProviderStrategy.map((c) => ({ ...c })) } : {}),
      // Exec sessions are logged by the container's awslogs configuration (the cluster sets
      // no exec logging of its own): to this service's log group. Absent unless on: an
      // explicit false would change every deployed service's template on upgrade.
      ...(spec.exec ? { enableExecuteCommand: true } : {}),
    });
    if (spec.capacityProviderStrategy !== undefined) {
      // ECS refuses a switch from the launch type to a strategy, and any change of a
      // strategy, unless the update forces a new deployment ("When switching from launch
      // type to capacity provider strategy on an existing service, or making a change to a
      // capacity provider strategy ..., you must force a new deployment"). The nonce is the
      // strategy itself: it changes exactly when the strategy does, so an update that keeps
      // the strategy forces nothing new.
      this.cfnService.forceNewDeployment = {
        enableForceNewDeployment: true,
        forceNewDeploymentNonce: `capacity: ${strategyText(spec.capacityProviderStrategy)}`,
      };
    }
    if (props.namespaceName !== undefined) Tags.of(this.service).add(NAMESPACE_TAG, props.namespaceName);
    if (spec.exec) this.grantExecLogging();
    if (spec.autoscaling) this.scaling = this.scaleTaskCount(spec.autoscaling);

    this.runningTasksAlarm = this.createRunningTasksAlarm(props.clusterName ?? props.cluster.clusterName, props.alarmMinutes ?? 5);
  }

  /** The `AWS::ECS::Service`: what callers' DependsOn points at. */
  get cfnService(): ecs.CfnService {
    return this.service.node.defaultChild as ecs.CfnService;
  }

  /**
   * Scales on the load balancer's requests per task of `targetGroup` (the service's
   * public route), when the spec's autoscaling has a `requests` target.
   */
  scaleOnRequests(targetGroup: elbv2.ApplicationTargetGroup): void {
    const requests = this.spec.autoscaling?.requests;
    if (requests === undefined || this.scaling === undefined) return;
    this.scaling.scaleOnRequestCount('Requests', { requestsPerTarget: requests, targetGroup, ...COOLDOWNS });
  }

  private scaleTaskCount(spec: NonNullable<PlannedService['autoscaling']>): ecs.ScalableTaskCount {
    const scaling = this.service.autoScaleTaskCount({ minCapacity: spec.min, maxCapacity: spec.max });
    if (spec.cpu !== undefined) scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: spec.cpu, ...COOLDOWNS });
    if (spec.memory !== undefined) scaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: spec.memory, ...COOLDOWNS });
    return scaling;
  }

  /** What the exec agent needs to log sessions to the container's log group (ECS Exec, default logging). */
  private grantExecLogging(): void {
    this.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }));
  }

  /** How this role takes part in Service Connect. */
  protected abstract serviceConnect(spec: PlannedService, namespaceArn: string, logGroup: logs.ILogGroup): ecs.ServiceConnectProps;

  private createRunningTasksAlarm(clusterName: string, minutes: number): cloudwatch.Alarm {
    const metric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName,
        dimensionsMap: { ClusterName: clusterName, ServiceName: this.spec.name },
        statistic: cloudwatch.Stats.AVERAGE,
        period: Duration.minutes(1),
      });
    return new cloudwatch.Alarm(this, 'RunningTasksAlarm', {
      alarmDescription: `${this.spec.name}: fewer running tasks than desired for ${minutes} minutes`,
      metric: new cloudwatch.MathExpression({
        expression: 'desired - running',
        usingMetrics: { desired: metric('DesiredTaskCount'), running: metric('RunningTaskCount') },
        label: 'Missing tasks',
        period: Duration.minutes(1),
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: minutes,
      datapointsToAlarm: minutes,
      // No data means Container Insights is not reporting, not that tasks are missing.
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    });
  }
}

/**
 * Calls other services and is called by none (front ends, workers). Service Connect is on
 * so the upstream names resolve, with nothing registered in the namespace. Its proxy logs
 * are kept like a server's: its outbound calls are the first thing to debug.
 */
export class ClientOnlyService extends ConnectedService {
  protected serviceConnect(_spec: PlannedService, namespaceArn: string, logGroup: logs.ILogGroup): ecs.ServiceConnectProps {
    return { namespace: namespaceArn, logDriver: proxyLogs(logGroup) };
  }
}

/**
 * Reachable by others as `http://<name>:<port>`: registers one endpoint in the namespace,
 * and its proxy logs go to the service's log group.
 */
export class ClientServerService extends ConnectedService {
  protected serviceConnect(spec: PlannedService, namespaceArn: string, logGroup: logs.ILogGroup): ecs.ServiceConnectProps {
    return {
      namespace: namespaceArn,
      services: [
        {
          portMappingName: spec.name,
          discoveryName: spec.name,
          dnsName: spec.name,
          port: spec.port,
          ...(spec.timeouts?.perRequest !== undefined ? { perRequestTimeout: Duration.seconds(spec.timeouts.perRequest) } : {}),
          ...(spec.timeouts?.idle !== undefined ? { idleTimeout: Duration.seconds(spec.timeouts.idle) } : {}),
        },
      ],
      logDriver: proxyLogs(logGroup),
    };
  }
}

/**
 * A service's own group: admits its port from its callers (rules from call-rules.ts) and
 * sends nothing by default. Also what a retired service leaves behind (see
 * `RetiredSecurityGroup`): same id and properties, so the group is the same resource.
 */
export function serviceSecurityGroup(scope: Construct, name: string, vpc: ec2.IVpc): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc,
    description: `${name}: its port from its callers only`,
    // Egress is granted per callee by the call-graph rules; endpoints via the tasks group.
    allowAllOutbound: false,
  });
  Tags.of(group).add(SECURITY_GROUP_TAG, serviceSecurityGroupTag(name));
  return group;
}

/**
 * The security group of a service that left the spec, kept in its stack: a rule in a stack
 * deployed later may still name it while this stack drops the service, and EC2 refuses to
 * delete a group that another group's rule names. Same construct path as the live
 * service's group, so CloudFormation sees no change to it.
 */
export class RetiredSecurityGroup extends Construct {
  /** The group, as the live service had it. */
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, name: string, vpc: ec2.IVpc) {
    super(scope, name);
    this.securityGroup = serviceSecurityGroup(this, name, vpc);
  }
}

/** The Service Connect proxy's logs, beside the app's in the service's log group. */
function proxyLogs(logGroup: logs.ILogGroup): ecs.LogDriver {
  return ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'service-connect' });
}

/**
 * The container health check the plan chose: the app's own probe for services built from
 * `services/<name>`, the spec's `healthCheckCommand`, or none (an image whose contents
 * are unknown gets none rather than a probe that could mark it unhealthy forever).
 */
function containerHealthCheck(spec: PlannedService, startPeriod: Duration): ecs.HealthCheck | undefined {
  if (spec.containerHealthCheck === undefined) return undefined;
  return {
    command: [...spec.containerHealthCheck],
    interval: Duration.seconds(15),
    timeout: Duration.seconds(5),
    retries: 3,
    startPeriod,
  };
}

/**
 * Scale out quickly, scale in slowly: a new task takes a minute or more to pass its health
 * checks, and removing tasks too soon after a burst makes the count oscillate.
 */
const COOLDOWNS = { scaleOutCooldown: Duration.seconds(60), scaleInCooldown: Duration.seconds(300) } as const satisfies Pick<
  appscaling.BaseTargetTrackingProps,
  'scaleOutCooldown' | 'scaleInCooldown'
>;

/**
 * A secret reference as the container's `ValueFrom`, readable by the execution role and
 * nothing more:
 * - SSM: the parameter's ARN (made from a name in the stack's region and account);
 *   `ssm:GetParameters` on it.
 * - Secrets Manager: the ARN as given, or the partial ARN of a name; `:<json-key>::` for one
 *   key. Secrets Manager adds six random characters to a secret's ARN, so a name (or a
 *   partial ARN) is granted as `<arn>-??????`, and an ARN that already ends in
 *   `-xxxxxx` as itself too (it may be complete, or a name that ends so).
 */
class SecretReference extends ecs.Secret {
  readonly arn: string;
  readonly hasField?: boolean;
  private readonly resources: string[];
  private readonly action: string;

  constructor(scope: Construct, ref: SecretRef) {
    super();
    const stack = Stack.of(scope);
    if (ref.service === 'ssm') {
      const arn =
        ref.arn ??
        stack.formatArn({
          service: 'ssm',
          resource: 'parameter',
          resourceName: ref.name!.replace(/^\//, ''),
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        });
      this.arn = arn;
      this.resources = [arn];
      this.action = 'ssm:GetParameters';
    } else {
      const arn =
        ref.arn ??
        stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: ref.name!, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      this.arn = ref.jsonKey !== undefined ? `${arn}:${ref.jsonKey}::` : arn;
      this.hasField = ref.jsonKey !== undefined;
      this.resources = ref.arn !== undefined && /-[A-Za-z0-9]{6}$/.test(ref.arn) ? [arn, `${arn}-??????`] : [`${arn}-??????`];
      this.action = 'secretsmanager:GetSecretValue';
    }
  }

  grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: [this.action], resourceArns: this.resources });
  }
}

function secretReference(scope: Construct, ref: SecretRef): ecs.Secret {
  return new SecretReference(scope, ref);
}

/** The variant for the spec's role. */
export function createService(scope: Construct, id: string, props: ConnectedServiceProps): ConnectedService {
  return props.spec.role === 'client-server' ? new ClientServerService(scope, id, props) : new ClientOnlyService(scope, id, props);
}
