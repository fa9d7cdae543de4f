/**
 * Hand-written baseline for bench/synth.bench.ts: one file, aws-cdk-lib and cdk-nag only,
 * no generator code. It builds what the generated app builds for
 * test/fixtures/five-services.yaml (the "market" platform): a network stack (VPC without
 * NAT, isolated + public subnets, flow logs, S3 gateway endpoint, six interface endpoints
 * each with its own group, the tasks group and its S3 prefix-list egress looked up by a
 * custom resource, cluster + HTTP namespace, internet-facing ALB with access logs) and one
 * services stack (per service: log group, task and execution roles, task definition, own
 * group, Fargate service with Service Connect, running-tasks alarm; target group + rule for
 * the public ones; ingress/egress rule pairs along the calls and from the ALB).
 *
 * At bench time it is copied into the installed generated repository (so aws-cdk-lib,
 * cdk-nag and the services/ folders resolve there) and run as `npx tsx <file>` with
 * CDK_OUTDIR set, like the generated `src/main.ts`.
 *
 * BENCH_CHECKS=off: no cdk-nag (and the runner sets CDK_VALIDATION=false), to compare the
 * two apps without their checks.
 */
import * as path from 'node:path';
import { App, Aws, CfnCondition, CrossStackReferences, Duration, Fn, ReferenceStrength, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as cr from 'aws-cdk-lib/custom-resources';
import { FactName } from 'aws-cdk-lib/region-info';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

interface Svc {
  name: string;
  server: boolean;
  port: number;
  publicPath?: string;
  calls: string[];
  cpu: number;
  memory: number;
  desired: number;
  health: string;
}

// test/fixtures/five-services.yaml, with the task sizes the sidecar headroom implies.
const SERVICES: Svc[] = [
  { name: 'payments', server: true, port: 8082, calls: [], cpu: 512, memory: 1024, desired: 2, health: '/healthz' },
  { name: 'inventory', server: true, port: 8083, calls: [], cpu: 512, memory: 1024, desired: 3, health: '/health' },
  { name: 'orders', server: true, port: 8080, calls: ['payments', 'inventory'], cpu: 1024, memory: 2048, desired: 2, health: '/health' },
  { name: 'catalog', server: true, port: 8081, publicPath: '/catalog', calls: ['inventory'], cpu: 512, memory: 1024, desired: 2, health: '/health' },
  { name: 'web', server: false, port: 3000, publicPath: '/', calls: ['orders', 'catalog'], cpu: 512, memory: 1024, desired: 2, health: '/health' },
];
const NAME = 'market';
const checks = process.env.BENCH_CHECKS !== 'off';
const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

const app = new App();
if (app.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules') === undefined) {
  app.node.setContext('@aws-cdk/core:validateAgainstDefaultRules', checks);
}

// ---------------------------------------------------------------- network stack
const net = new Stack(app, 'MarketNetwork');
const vpc = new ec2.Vpc(net, 'Vpc', {
  ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [
    { name: 'tasks', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 20 },
    { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
  ],
  createInternetGateway: true,
  restrictDefaultSecurityGroup: true,
  enableDnsHostnames: true,
  enableDnsSupport: true,
});
const isolated: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
const flowLogs = new logs.LogGroup(net, 'FlowLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.RETAIN });
vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.ALL });
vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [isolated] });

const tasksSg = new ec2.SecurityGroup(net, 'TasksSecurityGroup', { vpc, description: 'Every task: endpoints and S3 only', allowAllOutbound: false });
Tags.of(tasksSg).add('fargate-connect:security-group', 'tasks');

// The S3 prefix list id, looked up once at deploy time (region-agnostic stacks).
const lookupLogs = new logs.LogGroup(net, 'PrefixListLogs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
const lookupRole = new iam.Role(net, 'PrefixListRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
lookupLogs.grantWrite(lookupRole);
const lookup = new cr.AwsCustomResource(net, 'PrefixListLookup', {
  onUpdate: {
    service: 'EC2',
    action: 'describeManagedPrefixLists',
    parameters: { Filters: [{ Name: 'prefix-list-name', Values: [`com.amazonaws.${net.region}.s3`] }] },
    physicalResourceId: cr.PhysicalResourceId.of('s3-managed-prefix-list'),
    outputPaths: ['PrefixLists.0.PrefixListId'],
  },
  policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
  role: lookupRole,
  logGroup: lookupLogs,
  installLatestAwsSdk: false,
});
tasksSg.addEgressRule(ec2.Peer.prefixList(lookup.getResponseField('PrefixLists.0.PrefixListId')), ec2.Port.tcp(443), 'S3');
ack(lookup, 'AwsSolutions-IAM5[Resource::*]', 'DescribeManagedPrefixLists has no resource-level permissions.');
ack(lookupRole, 'AwsSolutions-IAM5[Resource::*]', 'DescribeManagedPrefixLists has no resource-level permissions.');

const endpointServices: [string, ec2.InterfaceVpcEndpointAwsService][] = [
  ['EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR],
  ['EcrDkr', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
  ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
  ['EcsAgent', ec2.InterfaceVpcEndpointAwsService.ECS_AGENT],
  ['Ecs', ec2.InterfaceVpcEndpointAwsService.ECS],
  ['EcsTelemetry', ec2.InterfaceVpcEndpointAwsService.ECS_TELEMETRY],
];
for (const [id, service] of endpointServices) {
  const sg = new ec2.SecurityGroup(net, `${id}EndpointSecurityGroup`, { vpc, description: `Endpoint ${id}`, allowAllOutbound: false });
  Tags.of(sg).add('fargate-connect:security-group', `endpoint/${id}`);
  const endpoint = vpc.addInterfaceEndpoint(`${id}Endpoint`, {
    service,
    privateDnsEnabled: true,
    subnets: isolated,
    securityGroups: [sg],
    open: false,
  });
  endpoint.connections.allowDefaultPortFrom(tasksSg, `Tasks to ${id}`);
}

// FARGATE and FARGATE_SPOT associated, as the generated cluster always has them.
const cluster = new ecs.Cluster(net, 'Cluster', {
  vpc,
  clusterName: NAME,
  containerInsightsV2: ecs.ContainerInsights.ENABLED,
  enableFargateCapacityProviders: true,
});
const namespace = cluster.addDefaultCloudMapNamespace({
  name: `${NAME}.internal`,
  type: servicediscovery.NamespaceType.HTTP,
  useForServiceConnect: true,
});

const albSg = new ec2.SecurityGroup(net, 'AlbSecurityGroup', { vpc, description: 'Public load balancer', allowAllOutbound: false });
Tags.of(albSg).add('fargate-connect:security-group', 'alb');
albSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet');
ack(albSg, 'AwsSolutions-EC23', 'Internet-facing load balancer.');
const alb = new elbv2.ApplicationLoadBalancer(net, 'LoadBalancer', {
  vpc,
  internetFacing: true,
  vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  securityGroup: albSg,
  dropInvalidHeaderFields: true,
});
// Access logs for a region-agnostic stack: service principal always, the regional ELB
// account where the region has one.
const logBucket = new s3.Bucket(net, 'AccessLogs', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  lifecycleRules: [{ expiration: Duration.days(90) }],
  removalPolicy: RemovalPolicy.RETAIN,
});
ack(logBucket, 'AwsSolutions-S1', 'This bucket is the access log bucket.');
const objects = logBucket.arnForObjects(`alb/AWSLogs/${Aws.ACCOUNT_ID}/*`);
const elbAccount = net.regionalFact(FactName.ELBV2_ACCOUNT, 'none');
const legacyRegion = new CfnCondition(net, 'RegionHasElbAccount', { expression: Fn.conditionNot(Fn.conditionEquals(elbAccount, 'none')) });
const bucketPolicy = (logBucket.policy ?? new s3.BucketPolicy(net, 'AccessLogsPolicy', { bucket: logBucket })).node
  .defaultChild as s3.CfnBucketPolicy;
bucketPolicy.addOverride('Properties.PolicyDocument.Statement.1', {
  Effect: 'Allow',
  Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: objects,
});
bucketPolicy.addOverride(
  'Properties.PolicyDocument.Statement.2',
  Fn.conditionIf(
    legacyRegion.logicalId,
    { Effect: 'Allow', Principal: { AWS: `arn:${Aws.PARTITION}:iam::${elbAccount}:root` }, Action: 's3:PutObject', Resource: objects },
    Aws.NO_VALUE,
  ),
);
alb.setAttribute('access_logs.s3.enabled', 'true');
alb.setAttribute('access_logs.s3.bucket', logBucket.bucketName);
alb.setAttribute('access_logs.s3.prefix', 'alb');
(alb.node.defaultChild as elbv2.CfnLoadBalancer).addResourceDependency(bucketPolicy);
const listener = alb.addListener('Http', {
  port: 80,
  protocol: elbv2.ApplicationProtocol.HTTP,
  open: false,
  defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
});

// ---------------------------------------------------------------- services stack
const svcStack = new Stack(app, 'MarketServices');
svcStack.addStackDependency(net);
CrossStackReferences.of(svcStack).consume(ReferenceStrength.WEAK);
const built = new Map<string, { sg: ec2.SecurityGroup; cfn: ecs.CfnService; port: number }>();
for (const s of SERVICES) {
  const logGroup = new logs.LogGroup(svcStack, `${s.name}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.RETAIN });
  const taskRole = new iam.Role(svcStack, `${s.name}TaskRole`, {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': svcStack.account } }),
  });
  const executionRole = new iam.Role(svcStack, `${s.name}ExecutionRole`, { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  ack(executionRole, 'AwsSolutions-IAM5[Resource::*]', 'ecr:GetAuthorizationToken has no resource-level permissions.');
  const taskDef = new ecs.FargateTaskDefinition(svcStack, `${s.name}TaskDefinition`, {
    cpu: s.cpu,
    memoryLimitMiB: s.memory,
    runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX, cpuArchitecture: ecs.CpuArchitecture.X86_64 },
    taskRole,
    executionRole,
  });
  ack(taskDef, 'AwsSolutions-ECS2', 'Environment holds the port and upstream URLs, not secrets.');
  const env: Record<string, string> = { PORT: String(s.port) };
  for (const c of s.calls) env[`${c.toUpperCase()}_URL`] = `http://${c}:${SERVICES.find((x) => x.name === c)!.port}`;
  taskDef.addContainer('app', {
    containerName: 'app',
    image: ecs.ContainerImage.fromAsset(path.resolve('services', s.name), { platform: ecrAssets.Platform.LINUX_AMD64 }),
    essential: true,
    portMappings: [{ name: s.name, containerPort: s.port, protocol: ecs.Protocol.TCP, appProtocol: ecs.AppProtocol.http }],
    environment: env,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'app' }),
    healthCheck: {
      command: [
        'CMD',
        'node',
        '-e',
        `fetch(${JSON.stringify(`http://127.0.0.1:${s.port}${s.health}`)}).then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))`,
      ],
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      retries: 3,
      startPeriod: Duration.seconds(30),
    },
  });
  const sg = new ec2.SecurityGroup(svcStack, `${s.name}SecurityGroup`, {
    vpc,
    description: `${s.name}: its port from its callers only`,
    allowAllOutbound: false,
  });
  Tags.of(sg).add('fargate-connect:security-group', `service/${s.name}`);
  const service = new ecs.FargateService(svcStack, `${s.name}Service`, {
    cluster,
    serviceName: s.name,
    taskDefinition: taskDef,
    desiredCount: s.desired,
    platformVersion: ecs.FargatePlatformVersion.LATEST,
    assignPublicIp: false,
    vpcSubnets: isolated,
    securityGroups: [sg, tasksSg],
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    circuitBreaker: { enable: true, rollback: true },
    enableECSManagedTags: true,
    propagateTags: ecs.PropagatedTagSource.SERVICE,
    serviceConnectConfiguration: s.server
      ? {
          namespace: namespace.namespaceArn,
          services: [{ portMappingName: s.name, discoveryName: s.name, dnsName: s.name, port: s.port }],
          logDriver: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'service-connect' }),
        }
      : { namespace: namespace.namespaceArn },
  });
  const cfn = service.node.defaultChild as ecs.CfnService;
  const metric = (metricName: string) =>
    new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName,
      dimensionsMap: { ClusterName: NAME, ServiceName: s.name },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(1),
    });
  new cloudwatch.Alarm(svcStack, `${s.name}RunningTasksAlarm`, {
    alarmDescription: `${s.name}: fewer running tasks than desired for 5 minutes`,
    metric: new cloudwatch.MathExpression({
      expression: 'desired - running',
      usingMetrics: { desired: metric('DesiredTaskCount'), running: metric('RunningTaskCount') },
      label: 'Missing tasks',
      period: Duration.minutes(1),
    }),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold: 0,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
  });
  built.set(s.name, { sg, cfn, port: s.port });

  if (s.publicPath !== undefined) {
    const tg = new elbv2.ApplicationTargetGroup(svcStack, `${s.name}TargetGroup`, {
      vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: s.port,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: s.health,
        port: String(s.port),
        protocol: elbv2.Protocol.HTTP,
        healthyHttpCodes: '200-299',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
    const rule = new elbv2.ApplicationListenerRule(svcStack, `${s.name}Rule`, {
      listener,
      priority: s.publicPath === '/' ? 50000 : 100,
      conditions: [elbv2.ListenerCondition.pathPatterns(s.publicPath === '/' ? ['/*'] : [s.publicPath, `${s.publicPath}/*`])],
      action: elbv2.ListenerAction.forward([tg]),
    });
    cfn.loadBalancers = [{ containerName: 'app', containerPort: s.port, targetGroupArn: tg.targetGroupArn }];
    cfn.healthCheckGracePeriodSeconds = 60;
    cfn.addResourceDependency(rule.node.defaultChild as elbv2.CfnListenerRule);
    rulePair(`alb-${s.name}`, albSg, sg, s.port, `load balancer -> ${s.name}`);
  }
}
for (const s of SERVICES) {
  for (const c of s.calls) {
    const from = built.get(s.name)!;
    const to = built.get(c)!;
    rulePair(`${s.name}-${c}`, from.sg, to.sg, to.port, `${s.name} -> ${c}`);
    from.cfn.addResourceDependency(to.cfn);
  }
}

function rulePair(id: string, from: ec2.ISecurityGroup, to: ec2.ISecurityGroup, port: number, description: string): void {
  new ec2.CfnSecurityGroupIngress(svcStack, `${id}Ingress`, {
    groupId: to.securityGroupId,
    sourceSecurityGroupId: from.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    description,
  });
  new ec2.CfnSecurityGroupEgress(svcStack, `${id}Egress`, {
    groupId: from.securityGroupId,
    destinationSecurityGroupId: to.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    description,
  });
}

if (checks) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
