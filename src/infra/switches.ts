/**
 * Version-gated switches, the way aws-cdk-lib gates behaviour changes behind feature flags:
 * a change of this library that would alter a deployed stack is off unless the
 * repository's cdk.json context turns it on. A repository keeps the switches it was
 * created with (its `.projenrc.ts` lists them, the project type writes them to cdk.json),
 * so upgrading create-fargate-connect changes no deployed resource until its owners turn
 * a new switch on, one at a time, after `npx projen plan` said what the deploy does.
 *
 * No aws-cdk-lib here: the project type reads this table without loading it.
 */
import type { IConstruct } from 'constructs';

/** One switch: its cdk.json context key and what turning it on does to deployed stacks. */
export interface InfraSwitch {
  /** The cdk.json context key, `@fargate-connect/infra:<name>`. */
  readonly key: string;
  /** What the platform does with the switch on. */
  readonly summary: string;
  /** What the first deploy with the switch on changes (`npx projen plan` shows it too). */
  readonly deploy: string;
}

/** Tag each ECS service with the Service Connect namespace it is in. */
export const NAMESPACE_TAG_SWITCH = '@fargate-connect/infra:namespaceTag';

/** Every switch, oldest first. A new repository gets them all on. */
export const INFRA_SWITCHES: readonly InfraSwitch[] = [
  {
    key: NAMESPACE_TAG_SWITCH,
    summary:
      'Tags each ECS service with its Service Connect namespace (`fargate-connect:namespace`). The services stacks read ' +
      "the namespace's ARN from the network stack through a cross-stack reference whose text never changes, so without " +
      'the tag a new `namespace` leaves their templates as they were: `cdk deploy` skips them and the services stay in ' +
      'the old namespace.',
    deploy: 'Every ECS service is updated in place (its tags); nothing is replaced and no task is restarted.',
  },
];

/** Whether `key` is on in the context of `scope` (true, or "true" from `cdk -c key=true`). */
export function switchOn(scope: IConstruct, key: string): boolean {
  const value = scope.node.tryGetContext(key);
  return value === true || value === 'true';
}

/** The switches of a new repository: every one there is, on. */
export function newRepositorySwitches(): Record<string, boolean> {
  return Object.fromEntries(INFRA_SWITCHES.map((s) => [s.key, true]));
}
