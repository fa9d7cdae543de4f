import { Aws, CfnRule, Fn, Stack, Token } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { validationError } from './errors';

/**
 * Stops a deploy to any region but `region`: at synth when the stack's region is known,
 * else with a CloudFormation rule, which CloudFormation checks before it creates or
 * changes any resource of the stack. For what only works in one region (an ECR image
 * pulled through the endpoints, an ACM certificate on the load balancer).
 *
 * @param id the rule's construct id (one per reason and region in a stack)
 * @param message what is wrong and what to do, shown by CloudFormation or synth
 */
export function requireDeployRegion(scope: Construct, id: string, region: string, message: string): void {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region)) {
    if (stack.region !== region) throw validationError(scope, `${id}Mismatch`, message);
    return;
  }
  new CfnRule(scope, id, {
    assertions: [{ assert: Fn.conditionEquals(Aws.REGION, region), assertDescription: message }],
  });
}
