import type { Plan } from './index';

/**
 * One deploy target of the platform (spec `stages`): an AWS CDK Stage with a concrete
 * account and region, deployed by `npx projen deploy:<name>` and by the deploy workflow.
 *
 * The contract between the spec/plan (which fill it) and the infrastructure library and
 * the deploy pipeline (which read it). Issue 15.
 */
export interface PlannedStage {
  /** Lowercase DNS label, unique in the spec: the Stage's construct id and the GitHub environment's name. */
  readonly name: string;
  /** 12-digit AWS account id the stage deploys to. */
  readonly account: string;
  /** Region the stage deploys to, one aws-cdk-lib's region table knows. */
  readonly region: string;
  /** The AWS partition of `region` (`aws`, `aws-cn`, `aws-us-gov`). */
  readonly partition: string;
  /** A person approves in GitHub (the stage's environment) before this stage deploys. */
  readonly approval: boolean;
  /** The IAM role the deploy workflow assumes with GitHub OIDC for this stage. */
  readonly deployRoleArn: string;
  /**
   * The platform as this stage runs it: the spec with the stage's overrides applied
   * (profile, azs, domain/certificateArn, alarms, per-service desiredCount/autoscaling),
   * planned with the repository's one placement. Its `stages` is absent.
   */
  readonly plan: Plan;
}
