/**
 * The stages as the README's deploy section and the deploy role template show them: each
 * stage's target, its role split into the parts the one-time role template takes, and
 * whether its account already got the GitHub OIDC provider from an earlier stage.
 */
import type { Plan } from '../plan';
import { isOptInRegion } from '../plan/regions';

/** Where a stage deploys, and its deploy role in the parts the role template takes. */
export interface StageTarget {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** The region's partition (`aws`, `aws-cn`, `aws-us-gov`), for ARNs. */
  readonly partition: string;
  readonly approval: boolean;
  readonly deployRoleArn: string;
  /** The role's name (the ARN's last segment). */
  readonly roleName: string;
  /** The role's path (`/` unless the ARN has one). */
  readonly rolePath: string;
  /** The role is in the stage's own account (else `cdk bootstrap` must trust the role's account). */
  readonly roleAccount: string;
  /** The first stage in its account: it creates the account's execution policy and GitHub OIDC provider. */
  readonly firstInAccount: boolean;
  /** The stack name of its one-time role stack. */
  readonly roleStack: string;
  /** Its region is opt-in, and this is the first stage in that account and region: it says to enable the region there. */
  readonly enablesRegion: boolean;
}

/** What the README's "Stages" section says of a stage beyond its target (src/render/view.ts). */
export interface StageSummary {
  /** CloudFormation names of its stacks, network first, in deploy order. */
  readonly stackNames: readonly string[];
  /** Its ECS cluster and Cloud Map namespace (both carry the stage). */
  readonly cluster: string;
  readonly namespace: string;
  readonly profile: string;
  readonly azs: number;
  /** Its public host name, or ''. */
  readonly domain: string;
  /** The region needs `ecs` and `ecs-telemetry` (opened since 23 December 2023). */
  readonly newRegionEndpoints: boolean;
  /** Per service whose count differs from the spec's: `api 4`. */
  readonly counts: readonly string[];
  /** Baseline monthly estimate at the cost table's (us-east-1) prices, with the region's endpoints. */
  readonly monthly: string;
}

/** A stage as the README and the deploy role template show it. */
export type StageView = StageTarget & StageSummary;

export function stagesView(plan: Plan): StageTarget[] {
  const seen = new Set<string>();
  const enabled = new Set<string>();
  return (plan.stages ?? []).map((s) => {
    const resource = s.deployRoleArn.split(':').slice(5).join(':');
    const segments = resource.replace(/^role\//, '').split('/');
    const roleName = segments.pop() ?? '';
    const rolePath = segments.length > 0 ? `/${segments.join('/')}/` : '/';
    const first = !seen.has(s.account);
    seen.add(s.account);
    const target = `${s.account}/${s.region}`;
    const enablesRegion = isOptInRegion(s.region, s.partition) && !enabled.has(target);
    enabled.add(target);
    return {
      name: s.name,
      account: s.account,
      region: s.region,
      partition: s.partition,
      approval: s.approval,
      deployRoleArn: s.deployRoleArn,
      roleName,
      rolePath,
      roleAccount: s.deployRoleArn.split(':')[4] ?? s.account,
      firstInAccount: first,
      roleStack: `${plan.name}-github-deploy-${s.name}`,
      enablesRegion,
    };
  });
}
