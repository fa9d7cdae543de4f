// Names a stage gives what it deploys, apart from the stage rules so that the planner and the
// infrastructure library (which every synth loads) read them without the rules and messages.
import { partitionOf } from './partition';

/**
 * The deploy role's default: `arn:<partition>:iam::<account>:role/<name>-<stage>-deploy`.
 * The README's bootstrap steps and the deploy workflow name the same role.
 */
export function defaultDeployRoleArn(platformName: string, stage: string, account: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:role/${platformName}-${stage}-deploy`;
}

/** The Cloud Map namespace of a stage: the spec's, under the stage's name (two stages may share an account and region). */
export function stageNamespace(stage: string, namespace: string): string {
  return `${stage}.${namespace}`;
}
