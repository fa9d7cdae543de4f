import { Stack } from 'aws-cdk-lib/core';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';
import { alarmTopicName, type Plan } from '../plan';

export interface AlarmTopicProps {
  /** The topic's name (`alarmTopicName` of the plan): the services stacks build its ARN from it. */
  readonly topicName: string;
  /** The address SNS sends every alarm to, once the subscription is confirmed. */
  readonly email: string;
}

/**
 * The topic `alarms.email` asks for, in the network stack (deployed before any alarm that
 * notifies it). Encrypted topics need a customer key whose policy lets CloudWatch use it;
 * this one is not encrypted: alarm notifications carry names and states, not data.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: props.topicName,
      enforceSSL: true,
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}

/**
 * The topic every alarm notifies: the spec's `topicArn`, or the one created for `email`
 * (its ARN built from its name in the stack's own partition, region and account), or
 * none.
 */
export function alarmTopicArn(scope: IConstruct, platform: Pick<Plan, 'name' | 'alarms' | 'stage'>): string | undefined {
  if (platform.alarms?.topicArn !== undefined) return platform.alarms.topicArn;
  if (platform.alarms?.email === undefined) return undefined;
  return Stack.of(scope).formatArn({ service: 'sns', resource: alarmTopicName(platform.name, platform.stage) });
}

/**
 * Points every CloudWatch alarm under `scope` at the platform's topic, for both ALARM and
 * OK, so a notification also says when the trouble is over. Returns the alarms routed.
 */
export function routeAlarms(scope: IConstruct, platform: Pick<Plan, 'name' | 'alarms' | 'stage'>): cloudwatch.Alarm[] {
  const routed: cloudwatch.Alarm[] = [];
  const actions = new Map<Stack, cloudwatchActions.SnsAction>();
  for (const c of scope.node.findAll()) {
    if (!(c instanceof cloudwatch.Alarm)) continue;
    const stack = Stack.of(c);
    let action = actions.get(stack);
    if (action === undefined) {
      const arn = alarmTopicArn(stack, platform);
      if (arn === undefined) return routed;
      action = new cloudwatchActions.SnsAction(sns.Topic.fromTopicArn(stack, 'AlarmTopicRef', arn));
      actions.set(stack, action);
    }
    c.addAlarmAction(action);
    c.addOkAction(action);
    routed.push(c);
  }
  return routed;
}
