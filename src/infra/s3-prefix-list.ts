import { RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/**
 * The id of the AWS-managed prefix list of S3 in the stack's region (`pl-...`).
 *
 * Tasks reach ECR's image layers in S3 through the gateway endpoint, and a security group
 * can only name those addresses through this list. CloudFormation has no attribute or
 * intrinsic that returns it and the id differs per region, so one SDK call at deploy time
 * reads it; that keeps the stacks region-agnostic and synth offline.
 */
export class S3PrefixList extends Construct {
  /** The prefix list id, resolved at deploy time. */
  readonly prefixListId: string;
  /** Role of the Lambda function that makes the call: its own logs and the one read. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const region = Stack.of(this).region;

    // Own role and log group instead of the provider's defaults (an AWS managed policy
    // with rights to every log group, and logs kept forever).
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Looks up the S3 managed prefix list id at deploy time',
    });
    logGroup.grantWrite(this.role);

    const lookup = new cr.AwsCustomResource(this, 'Lookup', {
      onUpdate: {
        service: 'EC2',
        action: 'describeManagedPrefixLists',
        parameters: {
          Filters: [{ Name: 'prefix-list-name', Values: [`com.amazonaws.${region}.s3`] }],
        },
        // Constant id: the list never changes for a region, so the lookup is never replaced.
        physicalResourceId: cr.PhysicalResourceId.of('s3-managed-prefix-list'),
        outputPaths: ['PrefixLists.0.PrefixListId'],
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE,
      }),
      role: this.role,
      logGroup,
      // Reads one field of a stable API: the SDK in the Lambda runtime is enough.
      installLatestAwsSdk: false,
    });
    this.prefixListId = lookup.getResponseField('PrefixLists.0.PrefixListId');
  }
}
