import { Duration } from 'aws-cdk-lib/core';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { validationError } from './errors';
import { APP_CONTAINER_NAME, TARGET_GROUP_PORT } from './names';
import type { ConnectedService } from './service';

export interface PublicRouteProps {
  /** The public service the path leads to. */
  readonly service: ConnectedService;
  /** The shared load balancer's listener. */
  readonly listener: elbv2.IApplicationListener;
  /**
   * Time new tasks have before failing load balancer health checks counts against them.
   * Set it only on a service that was already deployed with its load balancer, or that is
   * new: ECS refuses a grace period in the update that attaches the first load balancer
   * to a live service, so making a private service public with one fails (the transition
   * model reports it: `grace-period-with-new-load-balancer`).
   * @default none: the target group's health check gives a starting task its time
   */
  readonly healthCheckGracePeriod?: Duration;
  /**
   * Time the load balancer keeps draining connections to a deregistered task.
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;
}

/**
 * A public service's path on the shared load balancer: an IP target group whose health
 * check hits the app container's port directly (not the Service Connect proxy), and a
 * listener rule for `publicPath`. Lives in the service's stack.
 */
export class PublicRoute extends Construct {
  /** The service's IP target group. */
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The listener rule forwarding the service's paths to it. */
  readonly rule: elbv2.ApplicationListenerRule;

  constructor(scope: Construct, id: string, props: PublicRouteProps) {
    super(scope, id);
    const spec = props.service.spec;
    // Priority and patterns come from the generator (src/generated/platform.ts), which
    // computed them once for the listener and the local entry alike.
    const route = spec.route;
    if (!route) throw validationError(this, 'NoRoute', `${spec.name} has no route in the platform data (is it public?)`);
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.service.service.cluster.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      // Port is create-only and only a default for registered targets: ECS registers each
      // task's IP with the container port of `loadBalancers` below. A constant keeps the
      // target group (and the listener rule's target) when the service's port changes.
      port: TARGET_GROUP_PORT,
      deregistrationDelay: props.deregistrationDelay ?? Duration.seconds(30),
      healthCheck: {
        path: spec.healthCheckPath,
        // The port each target was registered with: the container port.
        port: 'traffic-port',
        protocol: elbv2.Protocol.HTTP,
        healthyHttpCodes: '200-299',
        // No grace period by default (see healthCheckGracePeriod), so a new task is judged
        // from its registration: a target is unhealthy only after 5 failed checks 15 s
        // apart, 75 s in which to start serving, longer than the container check's start
        // period (30 s) and about the 60 s grace period plus the 3 checks it replaced.
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 5,
      },
    });
    this.rule = new elbv2.ApplicationListenerRule(this, 'Rule', {
      listener: props.listener,
      priority: route.priority,
      conditions: [elbv2.ListenerCondition.pathPatterns([...route.pathPatterns])],
      action: elbv2.ListenerAction.forward([this.targetGroup]),
    });

    // Registered on the L1 service on purpose: the L2 attach methods also open the port
    // to the load balancer on every group the tasks carry, the shared tasks group
    // included. The one ALB rule per service comes from call-rules.ts instead.
    const cfnService = props.service.cfnService;
    cfnService.loadBalancers = [
      {
        containerName: APP_CONTAINER_NAME,
        containerPort: spec.port,
        targetGroupArn: this.targetGroup.targetGroupArn,
      },
    ];
    if (props.healthCheckGracePeriod) cfnService.healthCheckGracePeriodSeconds = props.healthCheckGracePeriod.toSeconds();
    // ECS rejects a target group that no listener forwards to yet.
    cfnService.addResourceDependency(this.rule.node.defaultChild as elbv2.CfnListenerRule);
  }
}
