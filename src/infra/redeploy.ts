import { RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { ConnectedService } from './service';

export interface CallerRedeployerProps {
  /** Physical name of the cluster the callers run in (the plan's `clusterName`). */
  readonly clusterName: string;
}

/**
 * Redeploys callers whose tasks started before a service they call was registered.
 *
 * A Service Connect task learns the namespace's endpoints when it starts (ECS docs), so a
 * caller that deploys before its callee (the calls that close a cycle, or that point to a
 * later stack) cannot reach it until its tasks restart. For each such call this stack
 * holds one custom resource, created after the callee, that asks ECS for a new deployment
 * of the caller. It runs in the stack's own account and region, and only when something
 * the caller resolves changed: the call is new, or the callee was re-created or moved to
 * another port (all part of the resource's properties).
 */
export class CallerRedeployer extends Construct {
  /** Role of the function behind the custom resources: its logs and UpdateService on the callers. */
  readonly role: iam.Role;
  private readonly logGroup: logs.LogGroup;
  private readonly clusterName: string;

  constructor(scope: Construct, id: string, props: CallerRedeployerProps) {
    super(scope, id);
    this.clusterName = props.clusterName;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Redeploys Service Connect callers once the services they call are registered',
    });
    this.logGroup.grantWrite(this.role);
  }

  /** Redeploy `caller` (by name; it may live in an earlier stack) after `callee` is in place. */
  redeployAfter(caller: string, callee: ConnectedService, callerService?: ConnectedService): cr.AwsCustomResource {
    const stack = Stack.of(this);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ecs:UpdateService'],
        resources: [stack.formatArn({ service: 'ecs', resource: 'service', resourceName: `${this.clusterName}/${caller}` })],
      }),
    );
    const call: cr.AwsSdkCall = {
      service: 'ECS',
      action: 'updateService',
      parameters: { cluster: this.clusterName, service: caller, forceNewDeployment: true },
      // What the caller resolves: a new callee (new ARN) or a new port is a new id, and a
      // new id is an update, which redeploys; nothing else touches this resource.
      physicalResourceId: cr.PhysicalResourceId.of(`${caller}->${callee.spec.name}:${callee.spec.port}@${callee.service.serviceArn}`),
    };
    const redeploy = new cr.AwsCustomResource(this, `${caller} after ${callee.spec.name}`, {
      onCreate: call,
      onUpdate: call,
      role: this.role,
      logGroup: this.logGroup,
      installLatestAwsSdk: false,
    });
    redeploy.node.addDependency(callee.cfnService);
    if (callerService) redeploy.node.addDependency(callerService.cfnService);
    // The policy must exist before the function runs.
    redeploy.node.addDependency(this.role);
    return redeploy;
  }
}
