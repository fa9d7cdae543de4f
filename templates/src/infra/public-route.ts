import { Duration } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { APP_CONTAINER_NAME, type ConnectedService } from './service';

/** Priority of the catch-all `/` rule: evaluated after every other path. */
export const CATCH_ALL_PRIORITY = 50000;

export interface PublicRouteProps {
  /** The public service the path leads to. */
  readonly service: ConnectedService;
  /** The shared load balancer's listener. */
  readonly listener: elbv2.IApplicationListener;
  /** Listener rule priority, from {@link listenerRulePriorities}. */
  readonly priority: number;
  /**
   * Time new tasks have before failing load balancer health checks counts against them.
   * @default Duration.seconds(60)
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
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly rule: elbv2.ApplicationListenerRule;

  constructor(scope: Construct, id: string, props: PublicRouteProps) {
    super(scope, id);
    const spec = props.service.spec;
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.service.service.cluster.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: spec.port,
      deregistrationDelay: props.deregistrationDelay ?? Duration.seconds(30),
      healthCheck: {
        path: spec.healthCheckPath,
        port: String(spec.port),
        protocol: elbv2.Protocol.HTTP,
        healthyHttpCodes: '200-299',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
    this.rule = new elbv2.ApplicationListenerRule(this, 'Rule', {
      listener: props.listener,
      priority: props.priority,
      conditions: [elbv2.ListenerCondition.pathPatterns(pathPatterns(spec.publicPath))],
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
    cfnService.healthCheckGracePeriodSeconds = (
      props.healthCheckGracePeriod ?? Duration.seconds(60)
    ).toSeconds();
    // ECS rejects a target group that no listener forwards to yet.
    cfnService.addResourceDependency(this.rule.node.defaultChild as elbv2.CfnListenerRule);
  }
}

/** `/api` → `/api`, `/api/*`; `/` → `/*` (everything not matched by a longer path). */
export function pathPatterns(publicPath: string): string[] {
  const path = normalizePath(publicPath);
  return path === '/' ? ['/*'] : [path, `${path}/*`];
}

/**
 * One priority per public path, stable when other public services come and go (so an
 * update never has two rules wanting the same number) and ordered so a longer path wins
 * over a shorter one it extends. Paths of equal length share a band of 200 slots and take
 * a slot by hash, probing forward on collision in path order.
 */
export function listenerRulePriorities(publicPaths: readonly string[]): Map<string, number> {
  const result = new Map<string, number>();
  const taken = new Set<number>();
  const paths = publicPaths.map(normalizePath).sort();
  const duplicate = paths.find((p, i) => paths[i + 1] === p);
  if (duplicate) throw new Error(`public-route: two public services share the path ${duplicate}`);
  for (const path of paths) {
    if (path === '/') {
      result.set(path, CATCH_ALL_PRIORITY);
      continue;
    }
    // Longer paths get lower bands (evaluated first). 200 bands x 200 slots < 50000.
    const band = 200 - Math.min(path.length, 199);
    const start = fnv1a(path) % 200;
    let slot = 0;
    while (slot < 200 && taken.has(band * 200 + ((start + slot) % 200))) slot++;
    if (slot === 200) throw new Error(`public-route: more than 200 public paths of length ${path.length}`);
    const priority = band * 200 + ((start + slot) % 200);
    taken.add(priority);
    result.set(path, priority);
  }
  return new Map(publicPaths.map((p) => [p, result.get(normalizePath(p))!]));
}

function normalizePath(publicPath: string): string {
  const trimmed = publicPath.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** 32-bit FNV-1a: a small, stable string hash. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
