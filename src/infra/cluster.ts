import { CfnDeletionPolicy, CfnResource, Validations } from 'aws-cdk-lib/core';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';

export interface ClusterProps {
  /** VPC the cluster's services run in. */
  readonly vpc: ec2.IVpc;
  /**
   * Physical cluster name (the platform's: see `clusterName` of the plan). Explicit so
   * alarms, dashboards and the redeploy custom resources can name it without a
   * cross-stack reference.
   */
  readonly clusterName: string;
  /** Name of the Cloud Map HTTP namespace Service Connect registers endpoints in. */
  readonly namespace: string;
  /**
   * Container Insights level; its task-count metrics feed the per-service alarms.
   * @default ecs.ContainerInsights.ENABLED
   */
  readonly containerInsights?: ecs.ContainerInsights;
  /**
   * Associate the FARGATE and FARGATE_SPOT capacity providers, which a service's capacity
   * provider strategy needs (with no default strategy: services without one keep the
   * FARGATE launch type).
   * @default false
   */
  readonly fargateCapacityProviders?: boolean;
}

/**
 * The ECS cluster and the one Cloud Map namespace that owns every Service Connect name.
 * The namespace is created here, in the same stack as the cluster, and services get its
 * ARN: a namespace referenced by name from another stack can end up created twice.
 */
export class Cluster extends Construct {
  /** The ECS cluster. */
  readonly cluster: ecs.Cluster;
  /** The cluster's default Cloud Map namespace, the one Service Connect registers in. */
  readonly namespace: servicediscovery.INamespace;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      clusterName: props.clusterName,
      containerInsightsV2: props.containerInsights ?? ecs.ContainerInsights.ENABLED,
      ...(props.fargateCapacityProviders ? { enableFargateCapacityProviders: true } : {}),
    });
    // HTTP namespace: discovery through the API only; Service Connect needs no DNS zone.
    this.namespace = this.cluster.addDefaultCloudMapNamespace({
      name: props.namespace,
      type: servicediscovery.NamespaceType.HTTP,
      useForServiceConnect: true,
    });
    // A new namespace name replaces the namespace. CloudFormation would delete the old one
    // while the services, whose stacks deploy after this one, still use it, which Cloud Map
    // refuses: keep it instead, and delete it once nothing uses it (README, "Changing the
    // platform").
    const cfnNamespace = this.namespace.node.defaultChild as CfnResource;
    cfnNamespace.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    Validations.of(cfnNamespace).acknowledge({
      id: 'CloudFormation-Validate::W3011',
      reason:
        'Only a replaced namespace is kept (its services are still in it while their stacks deploy); ' +
        'destroying the platform deletes it, after the services stacks are gone.',
    });
  }
}
