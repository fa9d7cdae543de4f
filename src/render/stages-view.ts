/**
 * The stages as the README's deploy section and the deploy role template show them: each
 * stage's target, its role split into the parts the one-time role template takes, and
 * whether its account already got the GitHub OIDC provider from an earlier stage.
 */
import type { Plan } from '../plan';

export interface StageView {
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
}

export function stagesView(plan: Plan): StageView[] {
  const seen = new Set<string>();
  return (plan.stages ?? []).map((s) => {
    const resource = s.deployRoleArn.split(':').slice(5).join(':');
    const segments = resource.replace(/^role\//, '').split('/');
    const roleName = segments.pop() ?? '';
    const rolePath = segments.length > 0 ? `/${segments.join('/')}/` : '/';
    const first = !seen.has(s.account);
    seen.add(s.account);
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
    };
  });
}
