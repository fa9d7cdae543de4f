import * as path from 'node:path';
import { RemovalPolicy, type App, type Environment } from 'aws-cdk-lib';
import { VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';
import { CallGraph } from './call-graph';
import { CallRule } from './call-rules';
import { networkStackName } from './names';
import {
  acknowledgeNetworkFindings,
  acknowledgePublicEntryFindings,
  acknowledgeServiceFindings,
  addNagChecks,
} from './nag';
import type { PlatformSpec } from './platform-spec';
import { listenerRulePriorities, PublicRoute } from './public-route';
import { createService, type ConnectedService } from './service';
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

  const network = new NetworkStack(app, networkStackName(platform.name), { env, platform });
  const publicEntry = network.publicEntry;
  acknowledgeNetworkFindings(network.network);
  if (publicEntry) acknowledgePublicEntryFindings(publicEntry);
  const priorities = listenerRulePriorities(
    platform.services.filter((s) => s.public).map((s) => s.publicPath),
  );

  const servicesStacks: ServicesStack[] = [];
  const services = new Map<string, ConnectedService>();
  for (const stackSpec of platform.stacks) {
    const stack = new ServicesStack(app, stackSpec.name, { env });
    stack.addStackDependency(network, 'tasks run in its VPC and cluster');
    servicesStacks.push(stack);
    for (const name of stackSpec.services) {
      const spec = graph.service(name);
      const service = createService(stack, name, {
        spec,
        cluster: network.cluster.cluster,
        clusterName: platform.name,
        namespaceArn: network.cluster.namespace.namespaceArn,
        tasksSecurityGroup: network.network.tasksSecurityGroup,
        servicesDir,
        logRemovalPolicy,
      });
      services.set(name, service);
      acknowledgeServiceFindings(service);
      if (spec.public) {
        if (!publicEntry) throw new Error('platform: a public service needs the public entry');
        new PublicRoute(service, 'PublicRoute', {
          service,
          listener: publicEntry.listener,
          priority: priorities.get(spec.publicPath)!,
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

  for (const edge of graph.edges) {
    const caller = services.get(edge.from)!;
    const callee = services.get(edge.to)!;
    const callerStack = servicesStacks[graph.stackIndexOf(edge.from)];
    const calleeStack = servicesStacks[graph.stackIndexOf(edge.to)];
    // The later of the two stacks holds the rules, so its references point backwards.
    const later =
      graph.stackIndexOf(edge.from) >= graph.stackIndexOf(edge.to) ? callerStack : calleeStack;
    new CallRule(later, `Call-${edge.from}-${edge.to}`, {
      from: caller.securityGroup,
      to: callee.securityGroup,
      port: callee.spec.port,
      description: `${edge.from} -> ${edge.to}`,
    });
    if (edge.deferred) continue; // cycle break: the caller is redeployed after first deploy
    if (callerStack === calleeStack) {
      caller.cfnService.addResourceDependency(callee.cfnService);
    } else {
      callerStack.addStackDependency(calleeStack, `${edge.from} calls ${edge.to}`);
    }
  }

  if (options.nag ?? true) addNagChecks(app);
  return { network, servicesStacks, services };
}
