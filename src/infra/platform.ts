import * as path from 'node:path';
import { Annotations, RemovalPolicy, Stage, type App, type Environment } from 'aws-cdk-lib/core';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import { VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import type { Construct, IConstruct } from 'constructs';
import { clusterName, networkStackName, serviceEndpoints, servicesStackName, type Plan, type PlannedService, type PlannedStage } from '../plan';
import { parseEcrImage } from '../spec/ecr';
import { SECURITY_GROUP_RULES } from '../spec/quotas';
import { CallGraph } from './call-graph';
import { routeAlarms } from './alarms';
import { CallRule } from './call-rule';
import type { Cluster } from './cluster';
import { validationError } from './errors';
import { TASK_INTERFACE_ENDPOINTS, type InterfaceEndpointName, type Network } from './network';
import {
  acknowledgeAlarmTopicFindings,
  acknowledgeNetworkFindings,
  acknowledgePublicEntryFindings,
  acknowledgeRedeployerFindings,
  acknowledgeServiceFindings,
  addNagChecks,
} from './nag';
import type { PublicEntry } from './public-entry';
import { PublicRoute } from './public-route';
import { CallerRedeployer } from './redeploy';
import { createService, RetiredSecurityGroup, type ConnectedService } from './service';
import { NetworkStack, ServicesStack } from './stacks';
import { NAMESPACE_TAG_SWITCH, switchOn } from './switches';

/**
 * Context key that turns cdk-nag off when `nag` is not given: the testing helpers'
 * synthesis sets it (`cdk synth` never does), so a repository's tests build its app as
 * `src/main.ts` does without paying for the checks the build runs anyway.
 */
export const NAG_CONTEXT = '@fargate-connect/infra:nag';

export interface BuildPlatformOptions {
  /**
   * Account and region to pin every stack to.
   * @default - region-agnostic stacks, deployable to whatever the CLI's credentials name
   */
  readonly env?: Environment;
  /**
   * Folder holding one app folder with a Dockerfile per service.
   * @default - `services` under the current directory (the repository root under `cdk`)
   */
  readonly servicesDir?: string;
  /**
   * Interface endpoints to add to the ones every task needs (ecr.api, ecr.dkr, logs,
   * ecs-agent). Regions launched after late 2023 also need `ecs` and `ecs-telemetry`,
   * which are added by region anyway. For any other AWS service, call
   * `platform.network.addInterfaceEndpoint(...)` on the result.
   * @default - none
   */
  readonly additionalInterfaceEndpoints?: readonly InterfaceEndpointName[];
  /**
   * Run cdk-nag's AwsSolutions checks during synth.
   * @default true, unless the context says `"@fargate-connect/infra:nag": false`
   */
  readonly nag?: boolean;
  /**
   * The container image of a service, instead of the planned one (built from
   * `services/<name>`, from `dockerBuild`, or the spec's `image`). Called once per service
   * with the service's construct as the scope for anything the image needs (an
   * `ecr.Repository.fromRepositoryName(scope, ...)`); return undefined to keep the planned
   * image. The container health check stays the plan's: set `healthCheckCommand` in
   * `.projenrc.ts` to one the image can run.
   * @default - every service runs its planned image
   */
  readonly image?: (service: PlannedService, scope: Construct) => ecs.ContainerImage | undefined;
}

/**
 * The platform as built: every construct, for additions in `src/main.ts` (a sidecar, a
 * policy, an endpoint; see the README, "Extending the platform").
 */
export interface Platform {
  /** The stack with the VPC, endpoints, cluster, namespace and load balancer. */
  readonly networkStack: NetworkStack;
  /** The VPC, its endpoints and the tasks' shared security group. */
  readonly network: Network;
  /** The ECS cluster and its Service Connect namespace. */
  readonly cluster: Cluster;
  /** The internet-facing load balancer (only its security group when no service is public). */
  readonly publicEntry: PublicEntry;
  /** The services stacks, in `platform.stacks` (deploy) order. */
  readonly servicesStacks: readonly ServicesStack[];
  /** Every service construct by service name. */
  readonly services: ReadonlyMap<string, ConnectedService>;
  /** The construct of one service; a synth error naming the known ones if there is none. */
  service(name: string): ConnectedService;
}

/** What `buildStages` takes: the options of `buildPlatform`, but the account and region are each stage's. */
export type BuildStagesOptions = Omit<BuildPlatformOptions, 'env'>;

/** One stage as built: its CDK Stage, the stage of the plan, and its platform's constructs. */
export interface StagePlatform extends Platform {
  /** The stage of the plan: name, account, region, approval, deploy role, and its plan. */
  readonly stage: PlannedStage;
  /** The CDK Stage holding the stage's stacks (construct id: the stage's name). */
  readonly cdkStage: Stage;
}

/**
 * Builds the whole platform into `app`: the network stack, then the services stacks in
 * deploy order, security group rules along the call graph, and DependsOn so that servers
 * deploy before their callers (Service Connect clients only learn endpoints that exist
 * when their tasks start). For a platform without stages; with stages: `buildStages`.
 */
export function buildPlatform(app: App, platform: Plan, options: BuildPlatformOptions = {}): Platform {
  if (platform.stages !== undefined && platform.stages.length > 0) {
    throw validationError(
      app,
      'PlatformHasStages',
      `the platform has stages (${platform.stages.map((st) => st.name).join(', ')}): in src/main.ts, build it with ` +
        "buildStages(app, platform) from 'create-fargate-connect/infra' instead of buildPlatform(app, platform); it makes one CDK Stage " +
        'per stage, with its account and region, and returns each stage\'s platform to extend (README, "Stages")',
    );
  }
  prepareApp(app);
  const built = buildInto(app, platform, options);
  addNag(app, options);
  return built;
}

/**
 * Builds each stage of a platform with `stages` as a CDK Stage of its own, with its
 * account and region (`<stage>/<Name>Network`, ..., deployed by `npx projen deploy:<stage>`),
 * holding the platform as that stage runs it. Returns the stages in deploy order; extend
 * each as `buildPlatform`'s result (README, "Extending the platform").
 */
export function buildStages(app: App, platform: Plan, options: BuildStagesOptions = {}): StagePlatform[] {
  if (platform.stages === undefined || platform.stages.length === 0) {
    throw validationError(
      app,
      'PlatformHasNoStages',
      'the platform has no stages: in src/main.ts, build it with buildPlatform(app, platform), or add stages to the spec in .projenrc.ts',
    );
  }
  if ((options as BuildPlatformOptions).env !== undefined) {
    throw validationError(app, 'StagesTakeNoEnv', "each stage deploys to its own account and region (the spec's stages): leave env out");
  }
  prepareApp(app);
  const built = platform.stages.map((stage): StagePlatform => {
    const cdkStage = new Stage(app, stage.name, { env: { account: stage.account, region: stage.region }, stageName: stage.name });
    const stagePlatform = buildInto(cdkStage, stage.plan, options);
    warnAboutCrossAccountImages(stagePlatform, stage);
    return { ...stagePlatform, stage, cdkStage };
  });
  addNag(app, options);
  return built;
}

/** Strict offline CloudFormation validation unless the app's context says otherwise (before any child exists). */
function prepareApp(app: App): void {
  if (app.node.tryGetContext(VALIDATE_AGAINST_DEFAULT_RULES) === undefined) {
    app.node.setContext(VALIDATE_AGAINST_DEFAULT_RULES, true);
  }
}

/** cdk-nag on the app once: its checks run over every stack, those of stages included. */
function addNag(app: App, options: BuildPlatformOptions): void {
  const nag = options.nag ?? !isFalse(app.node.tryGetContext(NAG_CONTEXT));
  if (nag) addNagChecks(app);
}

/**
 * A task pulls an ECR image of another account only if that repository's policy lets the
 * stage's account pull: said at synth, since nothing in this account can grant it.
 */
function warnAboutCrossAccountImages(built: Platform, stage: PlannedStage): void {
  for (const [name, service] of built.services) {
    const image = service.spec.image !== undefined ? parseEcrImage(service.spec.image) : undefined;
    if (image === undefined || image.account === stage.account) continue;
    Annotations.of(service).addWarningV2(
      'fargate-connect:cross-account-image',
      `${name} pulls ${service.spec.image} from account ${image.account}, not stage ${stage.name}'s account ${stage.account}: ` +
        `the repository's policy must allow ecr:BatchGetImage and ecr:GetDownloadUrlForLayer to account ${stage.account} (or its execution roles), or the tasks fail to pull it.`,
    );
  }
}

/** The platform's stacks in `scope` (the app, or a stage's CDK Stage). */
function buildInto(scope: App | Stage, platform: Plan, options: BuildPlatformOptions): Platform {
  const app = scope;
  const graph = new CallGraph(app, platform);
  const env = options.env;
  const stage = platform.stage;
  const cluster_ = clusterName(platform.name, stage);
  const servicesDir = options.servicesDir ?? path.resolve('services');
  const logRemovalPolicy = platform.profile === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

  const networkStack = new NetworkStack(app, networkStackName(platform.name), {
    env,
    ...(stage !== undefined ? { stackName: networkStackName(platform.name, stage) } : {}),
    platform,
    interfaceEndpoints: [...new Set([...TASK_INTERFACE_ENDPOINTS, ...(options.additionalInterfaceEndpoints ?? [])])],
  });
  const { network, cluster, publicEntry } = networkStack;
  acknowledgeNetworkFindings(network);
  acknowledgePublicEntryFindings(publicEntry);
  if (networkStack.alarmTopic) acknowledgeAlarmTopicFindings(networkStack.alarmTopic);

  const servicesStacks: ServicesStack[] = [];
  const services = new Map<string, ConnectedService>();
  for (const stackSpec of platform.stacks) {
    const stack = new ServicesStack(app, servicesStackName(platform.name, stackSpec.name), {
      env,
      ...(stage !== undefined ? { stackName: servicesStackName(platform.name, stackSpec.name, stage) } : {}),
      empty: stackSpec.services.length === 0 && (stackSpec.retired ?? []).length === 0,
    });
    stack.addStackDependency(networkStack, 'tasks run in its VPC and cluster');
    servicesStacks.push(stack);
    for (const name of stackSpec.retired ?? []) new RetiredSecurityGroup(stack, name, network.vpc);
    for (const name of stackSpec.services) {
      const spec = graph.service(name);
      const service = createService(stack, name, {
        spec,
        cluster: cluster.cluster,
        clusterName: cluster_,
        namespaceArn: cluster.namespace.namespaceArn,
        ...(switchOn(app, NAMESPACE_TAG_SWITCH) ? { namespaceName: platform.namespace } : {}),
        tasksSecurityGroup: network.tasksSecurityGroup,
        servicesDir,
        logRemovalPolicy,
        ...(options.image ? { image: (scope: Construct) => options.image!(spec, scope) } : {}),
      });
      services.set(name, service);
      acknowledgeServiceFindings(service);
      // The endpoints its secrets and exec need admit this service's tasks, before they start.
      for (const endpoint of serviceEndpoints(spec)) {
        if (!network.isRestricted(endpoint)) continue;
        const access = network.admitToEndpoint(service, endpoint, service.securityGroup, `${name} -> ${endpoint} endpoint`);
        service.cfnService.addDependency(access);
      }
      if (spec.public) {
        if (!publicEntry.listener) throw validationError(publicEntry, 'NoLoadBalancer', 'a public service needs the load balancer');
        const route = new PublicRoute(service, 'PublicRoute', {
          service,
          listener: publicEntry.listener,
        });
        service.scaleOnRequests(route.targetGroup);
        new CallRule(service, 'FromLoadBalancer', {
          from: publicEntry.securityGroup,
          to: service.securityGroup,
          port: spec.port,
          description: `load balancer -> ${name}`,
        });
      }
    }
  }

  wireCalls(graph, services, servicesStacks, cluster_);
  // Every alarm built so far notifies the spec's topic (alarms added in src/main.ts after
  // this call: see README, "Alarms").
  for (const stack of [networkStack, ...servicesStacks]) routeAlarms(stack, platform);
  warnAboutRuleQuotas(graph, services, publicEntry);
  return {
    networkStack,
    network,
    cluster,
    publicEntry,
    servicesStacks,
    services,
    service: (name) => {
      const service = services.get(name);
      if (!service) {
        throw validationError(app, 'UnknownService', `no service "${name}" in the platform; its services: ${[...services.keys()].join(', ')}`);
      }
      return service;
    },
  };
}

/** Context values given on the command line (`-c key=false`) arrive as strings. */
function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/**
 * One pair of security group rules per call edge, in the later of the two stacks so its
 * references point backwards; DependsOn (same stack) or a stack dependency from caller to
 * callee. A deferred call (a cycle, or a callee in a later stack) gets no dependency:
 * instead the callee's stack redeploys the caller once the callee exists. A client-only
 * service that waits for no callee waits for one registration in the namespace.
 */
function wireCalls(
  graph: CallGraph,
  services: ReadonlyMap<string, ConnectedService>,
  servicesStacks: readonly ServicesStack[],
  cluster: string,
): void {
  const redeployers = new Map<ServicesStack, CallerRedeployer>();
  const redeploy = (caller: string, callee: string) => {
    const stack = servicesStacks[graph.stackIndexOf(callee)]!;
    let redeployer = redeployers.get(stack);
    if (!redeployer) {
      redeployer = new CallerRedeployer(stack, 'RedeployCallers', { clusterName: cluster });
      acknowledgeRedeployerFindings(redeployer);
      redeployers.set(stack, redeployer);
    }
    const sameStack = graph.stackIndexOf(caller) === graph.stackIndexOf(callee);
    redeployer.redeployAfter(caller, services.get(callee)!, sameStack ? services.get(caller) : undefined);
  };
  const dependOn = (from: string, to: string, reason: string) => {
    const callerIndex = graph.stackIndexOf(from);
    const calleeIndex = graph.stackIndexOf(to);
    if (callerIndex === calleeIndex) {
      services.get(from)!.cfnService.addResourceDependency(services.get(to)!.cfnService);
    } else {
      servicesStacks[callerIndex]!.addStackDependency(servicesStacks[calleeIndex]!, reason);
    }
  };

  for (const edge of graph.edges) {
    const caller = services.get(edge.from)!;
    const callee = services.get(edge.to)!;
    const later = servicesStacks[Math.max(graph.stackIndexOf(edge.from), graph.stackIndexOf(edge.to))]!;
    new CallRule(later, `Call ${edge.from} -> ${edge.to}`, {
      from: caller.securityGroup,
      to: callee.securityGroup,
      port: callee.spec.port,
      description: `${edge.from} -> ${edge.to}`,
    });
    if (edge.deferred) redeploy(edge.from, edge.to);
    else dependOn(edge.from, edge.to, `${edge.from} calls ${edge.to}`);
  }
  for (const spec of graph.platform.services) {
    const wait = spec.registrationWait;
    if (!wait) continue;
    if (wait.deferred) redeploy(spec.name, wait.service);
    else dependOn(spec.name, wait.service, `${spec.name} starts once ${wait.service} is registered`);
  }
}

/**
 * Each call edge is one rule on each side, so a service called by (or calling) more than
 * the quota's rules needs a raised quota before it deploys. The spec refuses such calls;
 * rules added in `src/main.ts` can still get there. Said at synth, not at deploy time.
 */
function warnAboutRuleQuotas(graph: CallGraph, services: ReadonlyMap<string, ConnectedService>, publicEntry: PublicEntry): void {
  const warn = (scope: IConstruct, what: string, count: number) =>
    Annotations.of(scope).addWarningV2(
      'fargate-connect:security-group-rules-quota',
      `${what} needs ${count} rules, over the default quota of ${SECURITY_GROUP_RULES} per ` +
        'security group: raise "Inbound or outbound rules per security group" first.',
    );
  for (const [name, service] of services) {
    const inbound = graph.callersOf(name).length + (service.spec.public ? 1 : 0);
    const outbound = service.spec.calls.length;
    if (inbound > SECURITY_GROUP_RULES) warn(service, `Ingress of ${name}`, inbound);
    if (outbound > SECURITY_GROUP_RULES) warn(service, `Egress of ${name}`, outbound);
  }
  const publicCount = [...services.values()].filter((s) => s.spec.public).length;
  if (publicCount > SECURITY_GROUP_RULES) {
    warn(publicEntry, 'Egress of the load balancer', publicCount);
  }
}
