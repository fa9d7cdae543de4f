import { Aws, CfnCondition, CfnMapping, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib/core';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Fact, FactName } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';

export interface AlbAccessLogsProps {
  /** The load balancer whose requests are logged. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /**
   * Key prefix of the log objects.
   * @default 'alb'
   */
  readonly prefix?: string;
  /**
   * How long log objects are kept.
   * @default Duration.days(90)
   */
  readonly retention?: Duration;
  /**
   * Fate of the bucket when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Access logs of the load balancer in an S3 bucket of their own.
 *
 * Who writes the objects depends on the region: regions opened before August 2022 deliver
 * from a per-region Elastic Load Balancing account, later ones from a service principal.
 * aws-cdk-lib only handles a known region, and these stacks are region-agnostic, so the
 * bucket policy grants the service principal always, and the regional account where the
 * stack's own mapping (built from aws-cdk-lib's region facts) has one. The lookup has a
 * default, so a region missing from the mapping (newer than the installed aws-cdk-lib)
 * deploys with the service principal alone instead of failing: `Fn::FindInMap` without a
 * default rejects the whole template in any region it does not list.
 */
export class AlbAccessLogs extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AlbAccessLogsProps) {
    super(scope, id);
    const prefix = props.prefix ?? 'alb';
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED, // ELB log delivery cannot use KMS keys
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.retention ?? Duration.days(90) }],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    const stack = Stack.of(this);
    if (!Token.isUnresolved(stack.region)) {
      props.loadBalancer.logAccessLogs(this.bucket, prefix);
      return;
    }

    const objects = this.bucket.arnForObjects(`${prefix}/AWSLogs/${Aws.ACCOUNT_ID}/*`);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
        resources: [objects],
      }),
    );
    // Regions without a delivery account get this account instead: naming your own
    // account in your own bucket's policy grants nothing IAM does not already grant.
    const accounts = new CfnMapping(this, 'ElbAccounts', { mapping: elbAccountMapping(), lazy: false });
    // A default value makes CDK add the AWS::LanguageExtensions transform, which is what
    // lets FindInMap fall back instead of failing.
    const elbAccount = Fn.findInMap(accounts.logicalId, Aws.REGION, 'account', NO_ELB_ACCOUNT);
    const hasElbAccount = new CfnCondition(this, 'RegionHasElbAccount', {
      expression: Fn.conditionNot(Fn.conditionEquals(elbAccount, NO_ELB_ACCOUNT)),
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        principals: [
          new iam.ArnPrincipal(
            Fn.conditionIf(
              hasElbAccount.logicalId,
              `arn:${Aws.PARTITION}:iam::${elbAccount}:root`,
              `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root`,
            ).toString(),
          ),
        ],
        resources: [objects],
      }),
    );

    const lb = props.loadBalancer;
    lb.setAttribute('access_logs.s3.enabled', 'true');
    lb.setAttribute('access_logs.s3.bucket', this.bucket.bucketName);
    lb.setAttribute('access_logs.s3.prefix', prefix);
    // ELB test-writes to the bucket when logging is switched on: the policy must exist.
    (lb.node.defaultChild as elbv2.CfnLoadBalancer).addResourceDependency(this.bucket.policy!.node.defaultChild as s3.CfnBucketPolicy);
  }
}

/** The lookup's answer for a region that delivers through the service principal. */
export const NO_ELB_ACCOUNT = 'none';

/**
 * Every region aws-cdk-lib knows, with its Elastic Load Balancing log delivery account
 * (`none` where logs come from the service principal).
 */
export function elbAccountMapping(): Record<string, { account: string }> {
  return Object.fromEntries(
    Fact.regions
      .filter((region) => /^[a-z]+(-[a-z]+)+-[0-9]+$/.test(region))
      .sort()
      .map((region) => [region, { account: Fact.find(region, FactName.ELBV2_ACCOUNT) ?? NO_ELB_ACCOUNT }]),
  );
}
