import { Validations, type App, type IPolicyValidationPlugin } from 'aws-cdk-lib/core';
import type { IConstruct } from 'constructs';
import type { AlarmTopic } from './alarms';
import type { Network } from './network';
import type { PublicEntry } from './public-entry';
import type { CallerRedeployer } from './redeploy';
import type { ConnectedService } from './service';

/**
 * cdk-nag's AwsSolutions pack as a validation plugin: synth fails on any finding that is
 * not acknowledged below, on the one construct it concerns, with the reason it is true
 * by design. Nothing is acknowledged app- or stack-wide.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new (awsSolutionsChecks())(app));
}

/**
 * cdk-nag's AwsSolutions pack. Required here rather than imported: cdk-nag's declarations
 * import the root of aws-cdk-lib, every one of its modules, which tripled the time to
 * type-check this library and every repository that ejects it (1.0 M lines of
 * declarations instead of 0.35 M). The one type needed is aws-cdk-lib's own.
 */
function awsSolutionsChecks(): new (scope: IConstruct) => IPolicyValidationPlugin {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('cdk-nag') as { AwsSolutionsChecks: new (scope: IConstruct) => IPolicyValidationPlugin }).AwsSolutionsChecks;
}

/** Findings every service has because of what a Fargate task is. */
export function acknowledgeServiceFindings(service: ConnectedService): void {
  acknowledge(
    service.executionRole,
    'AwsSolutions-IAM5[Resource::*]',
    'ecr:GetAuthorizationToken has no resource-level permissions; the image pull ' + "itself is granted on this service's repository only.",
  );
  acknowledge(
    service.taskDefinition,
    'AwsSolutions-ECS2',
    'The environment holds PORT, the upstream URLs (http://<name>:<port>) and the plain values of ' +
      "the spec's `environment`; secrets are injected from SSM or Secrets Manager (`secrets`), never set as values.",
  );
  if (service.spec.exec) {
    acknowledge(
      service.taskRole,
      'AwsSolutions-IAM5[Resource::*]',
      'ECS Exec: the ssmmessages channel actions and logs:DescribeLogGroups have no resource-level ' +
        "permissions; the session log is written to this service's log group only.",
    );
  }
}

/** Findings of the network stack's plumbing. */
export function acknowledgeNetworkFindings(network: Network): void {
  acknowledge(
    network.s3PrefixList,
    'AwsSolutions-IAM5[Resource::*]',
    'ec2:DescribeManagedPrefixLists has no resource-level permissions; it is a ' +
      'read-only call made once per deploy to find the S3 prefix list id.',
  );
}

/** Findings of the internet-facing load balancer. */
export function acknowledgePublicEntryFindings(entry: PublicEntry): void {
  acknowledge(
    entry.securityGroup,
    'AwsSolutions-EC23',
    'Internet-facing load balancer: its listener ports are open to 0.0.0.0/0 because ' +
      'serving the internet is its purpose. Nothing else in the platform is.',
  );
  if (!entry.accessLogs) return;
  acknowledge(
    entry.accessLogs,
    'AwsSolutions-S1',
    "This bucket receives the load balancer's access logs; logging access to it would " + 'need yet another log bucket, and so on.',
  );
}

/** Findings of the topic created for `alarms.email`. */
export function acknowledgeAlarmTopicFindings(topic: AlarmTopic): void {
  acknowledge(
    topic.topic,
    'AwsSolutions-SNS2',
    'CloudWatch can publish to an encrypted topic only with a customer managed key whose policy ' +
      'lets cloudwatch.amazonaws.com use it (not the AWS managed aws/sns key); the notifications ' +
      'carry alarm names and states, not data. Publishing requires TLS (enforceSSL).',
  );
}

/** Findings of the custom resources that redeploy callers after their callees exist. */
export function acknowledgeRedeployerFindings(_redeployer: CallerRedeployer): void {
  // None expected: the role is granted UpdateService on the named callers only.
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
