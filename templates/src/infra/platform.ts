import * as path from 'node:path';
import { Annotations, RemovalPolicy, type App, type Environment } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import { CallGraph } from './call-graph';
import { CallRule } from './call-rules';
import { networkStackName, servicesStackName } from './names';
import { TASK_INTERFACE_ENDPOINTS, type InterfaceEndpointName } from './network';
import {
  acknowledgeNetworkFindings,
  acknowledgePublicEntryFindings,
  acknowledgeRedeployerFindings,
  acknowledgeServiceFindings,
  addNagChecks,
} from './nag';
import type { PlatformSpec } from './platform-spec';
import type { PublicEntryConstruct } from './public-entry';
import { PublicRoute } from './public-route';
import { createService, RetiredSecurityGroup, type ConnectedService } from './service';
import { CallerRedeployer } from './redeploy';
import { NetworkStack, ServicesStack } from './stacks';

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
   * ecs-agent). Regions launched after late 2023 also need `ecs` and `ecs-telemetry`.
   * @default - none
   */
  readonly additionalInterfaceEndpoints?: readonly InterfaceEndpointName[];
  /**
   * Run cdk-nag's AwsSolutions checks during synth.
   * @default true
   */
  readonly nag?: boolean;
}

export interface Platform {
  readonly network: NetworkStack;
  /** The services stacks, in `platform.stacks` (deploy) order. */
  readonly servicesStacks: readonly ServicesStack[];
  /** Every service construct by service name. */
  readonly services: ReadonlyMap<string, ConnectedService>;
}

/**
 * Builds the whole platform into `app`: the network stack, then the services stacks in
 * deploy order, security group rules along the call graph, and DependsOn so that servers
 * deploy before their callers (Service Connect clients only learn endpoints that exist
 * when their tasks start).
 */
export function buildPlatform(
  app: App,
  platform: PlatformSpec,
  options: BuildPlatformOptions = {},
): Platform {
  // Strict offline CloudFormation validation unless the app's context says otherwise.
  if (app.node.tryGetContext(VALIDATE_AGAINST_DEFAULT_RULES) === undefined) {
    app.node.setContext(VALIDATE_AGAINST_DEFAULT_RULES, true);
  }
  const graph = new CallGraph(platform);
  const env = options.env;
  const servicesDir = options.servicesDir ?? path.resolve('services');
  const logRemovalPolicy = platform.profile === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

  const network = new NetworkStack(app, networkStackName(platform.name), {
    env,
    platform,
    interfaceEndpoints: [
      ...new Set([...TASK_INTERFACE_ENDPOINTS, ...(options.additionalInterfaceEndpoints ?? [])]),
    ],
  });
  const publicEntry = network.publicEntry;
  acknowledgeNetworkFindings(network.network);
  acknowledgePublicEntryFindings(publicEntry);

  const servicesStacks: ServicesStack[] = [];
  const services = new Map<string, ConnectedService>();
  for (const stackSpec of platform.stacks) {
    const stack = new ServicesStack(app, servicesStackName(platform.name, stackSpec.name), {
      env,
      empty: stackSpec.services.length === 0 && (stackSpec.retired ?? []).length === 0,
    });
    stack.addStackDependency(network, 'tasks run in its VPC and cluster');
    servicesStacks.push(stack);
    for (const name of stackSpec.retired ?? []) new RetiredSecurityGroup(stack, name, network.network.vpc);
    for (const name of stackSpec.services) {
      const spec = graph.service(name);
      const service = createService(stack, name, {
        spec,
        cluster: network.cluster.cluster,
        clusterName: platform.name,
        namespaceArn: network.cluster.namespace.namespaceArn,
        namespaceName: platform.namespace,
        tasksSecurityGroup: network.network.tasksSecurityGroup,
        servicesDir,
        logRemovalPolicy,
      });
      services.set(name, service);
      acknowledgeServiceFindings(service);
      if (spec.public) {
        if (!publicEntry.listener) throw new Error('platform: a public service needs the load balancer');
        new PublicRoute(service, 'PublicRoute', {
          service,
          listener: publicEntry.listener,
        });
        new CallRule(service, 'FromLoadBalancer', {
          from: publicEntry.securityGroup,
          to: service.securityGroup,
          port: spec.port,
          description: `load balancer -> ${name}`,
        });
      }
    }
  }

  wireCalls(graph, services, servicesStacks, platform.name);
  warnAboutRuleQuotas(graph, services, publicEntry);
  if (options.nag ?? true) addNagChecks(app);
  return { network, servicesStacks, services };
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
  clusterName: string,
): void {
  const redeployers = new Map<ServicesStack, CallerRedeployer>();
  const redeploy = (caller: string, callee: string) => {
    const stack = servicesStacks[graph.stackIndexOf(callee)]!;
    let redeployer = redeployers.get(stack);
    if (!redeployer) {
      redeployer = new CallerRedeployer(stack, 'RedeployCallers', { clusterName });
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

/** EC2's default quota of inbound (and, separately, outbound) rules per security group. */
const RULES_PER_GROUP = 60;

/**
 * Each call edge is one rule on each side, so a service called by (or calling) more than
 * 60 others needs a raised quota before it deploys. Said at synth, not at deploy time.
 */
function warnAboutRuleQuotas(
  graph: CallGraph,
  services: ReadonlyMap<string, ConnectedService>,
  publicEntry: PublicEntryConstruct,
): void {
  const warn = (scope: IConstruct, what: string, count: number) =>
    Annotations.of(scope).addWarningV2(
      'fargate-connect:security-group-rules-quota',
      `${what} needs ${count} rules, over the default quota of ${RULES_PER_GROUP} per ` +
        'security group: raise "Inbound or outbound rules per security group" first.',
    );
  for (const [name, service] of services) {
    const inbound = graph.callersOf(name).length + (service.spec.public ? 1 : 0);
    const outbound = service.spec.calls.length;
    if (inbound > RULES_PER_GROUP) warn(service, `Ingress of ${name}`, inbound);
    if (outbound > RULES_PER_GROUP) warn(service, `Egress of ${name}`, outbound);
  }
  const publicCount = [...services.values()].filter((s) => s.spec.public).length;
  if (publicCount > RULES_PER_GROUP) {
    warn(publicEntry, 'Egress of the load balancer', publicCount);
  }
}
