import { CfnOutput, CfnWaitConditionHandle, CrossStackReferences, ReferenceStrength, Stack, Token, type StackProps } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { alarmTopicName, clusterName, LOAD_BALANCER_DNS_OUTPUT, networkEndpoints, type Plan } from '../plan';
import { AlarmTopic } from './alarms';
import { Cluster } from './cluster';
import { requireDeployRegion } from './deploy-region';
import { validationError } from './errors';
import { agnosticAvailabilityZones, Network, TASK_INTERFACE_ENDPOINTS, type InterfaceEndpointName } from './network';
import { PublicEntry } from './public-entry';
import { ecrImageRegion, imageRegionMessage } from './service-image';
import { parseSecretRef } from '../spec/secrets';

export interface NetworkStackProps extends StackProps {
  /** The planned platform (`src/generated/platform.ts`). */
  readonly platform: Plan;
  /**
   * Interface endpoints for the tasks.
   * @default TASK_INTERFACE_ENDPOINTS
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointName[];
}

/**
 * VPC, endpoints, cluster, namespace and (when a service is public) the load balancer:
 * the parts that change rarely and that every services stack refers to.
 */
export class NetworkStack extends Stack {
  readonly network: Network;
  readonly cluster: Cluster;
  /** Always present: its security group outlives the load balancer (see PublicEntry). */
  readonly publicEntry: PublicEntry;
  /** The topic created for `alarms.email`; absent without it. */
  readonly alarmTopic?: AlarmTopic;
  private readonly azCount: number;
  private readonly inStage: boolean;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const platform = props.platform;
    this.azCount = platform.azs;
    this.inStage = platform.stage !== undefined;
    const isPublic = platform.services.some((s) => s.public);
    if (isPublic && platform.azs < 2) {
      throw validationError(this, 'PublicNeedsTwoAzs', 'a public service needs azs >= 2 (a load balancer spans two AZs)');
    }

    this.network = new Network(this, 'Network', {
      azs: platform.azs,
      profile: platform.profile,
      publicSubnets: isPublic,
      interfaceEndpoints: props.interfaceEndpoints,
      // An endpoint already admitted from every task (interfaceEndpoints) is not added twice.
      // Retired ones included: they stay until their removal has been deployed (src/plan/endpoints.ts).
      restrictedEndpoints: networkEndpoints(platform)
        .map((e) => e.name)
        .filter((e) => !(props.interfaceEndpoints ?? (TASK_INTERFACE_ENDPOINTS as readonly string[])).includes(e)),
    });
    this.cluster = new Cluster(this, 'Cluster', {
      vpc: this.network.vpc,
      clusterName: clusterName(platform.name, platform.stage),
      namespace: platform.namespace,
      // FARGATE and FARGATE_SPOT, always: the association costs nothing, and ECS refuses to
      // take a provider off the cluster while a service still uses it, which this stack,
      // deployed before the services stacks, would do when the last Spot service goes.
      fargateCapacityProviders: true,
    });
    if (platform.alarms?.email !== undefined) {
      this.alarmTopic = new AlarmTopic(this, 'Alarms', { topicName: alarmTopicName(platform.name, platform.stage), email: platform.alarms.email });
    }
    this.publicEntry = new PublicEntry(this, 'PublicEntry', {
      vpc: this.network.vpc,
      enabled: isPublic,
      profile: platform.profile,
      domain: platform.domain,
      certificateArn: platform.certificateArn,
    });
    if (this.publicEntry.loadBalancer) {
      // Read by the deploy pipeline's smoke test (`cdk deploy --outputs-file`). Not exported:
      // nothing may come to depend on it, so it can go with the load balancer.
      new CfnOutput(this, LOAD_BALANCER_DNS_OUTPUT, {
        value: this.publicEntry.loadBalancer.loadBalancerDnsName,
        description: 'DNS name of the public load balancer',
      });
    }
    requireRegions(this, platform);
  }

  /**
   * A region-agnostic stack only offers two AZs by default; hand the VPC as many as the
   * spec asks for, resolved by CloudFormation in the target region. A stage's stack (a
   * concrete account and region) gets the same: aws-cdk-lib would look its AZs up in the
   * account (context, credentials), and a stage synthesizes offline. A stack given an `env`
   * by `buildPlatform`'s option keeps aws-cdk-lib's lookup, as it always had (its subnets'
   * zones are deployed as looked up).
   */
  override get availabilityZones(): string[] {
    if (this.azCount !== undefined && (Token.isUnresolved(this.region) || this.inStage)) return agnosticAvailabilityZones(this.azCount);
    return super.availabilityZones;
  }
}

/**
 * The first stack deployed stops a deploy to a region the certificate or an image is not
 * in, before it builds anything: otherwise the VPC and endpoints are created and the
 * HTTPS listener (or a services stack) fails afterwards. The spec keeps them in one region.
 */
function requireRegions(stack: Stack, platform: Plan): void {
  if (platform.certificateArn !== undefined && platform.domain !== undefined) {
    const region = platform.certificateArn.split(':')[3];
    if (region) {
      requireDeployRegion(
        stack,
        'CertificateRegion',
        region,
        `The certificate ${platform.certificateArn} is in ${region}; a load balancer can use only an ACM certificate ` +
          `of its own region. Deploy to ${region}, or request (or import) the certificate in ACM in this region and set certificateArn to it.`,
      );
    }
  }
  const images = new Map<string, string>();
  for (const s of platform.services) {
    const region = ecrImageRegion(s.image);
    if (region && !images.has(region)) images.set(region, s.name);
  }
  for (const [region, name] of images)
    requireDeployRegion(stack, images.size === 1 ? 'ImageRegion' : `ImageRegion${region}`, region, imageRegionMessage(name, region));
  const topicArn = platform.alarms?.topicArn;
  if (topicArn !== undefined) {
    const region = topicArn.split(':')[3]!;
    requireDeployRegion(
      stack,
      'AlarmTopicRegion',
      region,
      `The alarm topic ${topicArn} is in ${region}; CloudWatch alarms notify SNS topics of their own region. ` +
        `Deploy to ${region}, or create a topic in this region and set alarms.topicArn to it.`,
    );
  }
  // A task reaches SSM and Secrets Manager only through this region's endpoints.
  const secrets = new Map<string, string>();
  for (const s of platform.services) {
    for (const ref of Object.values(s.secrets ?? {})) {
      const region = parseSecretRef(ref).arn?.split(':')[3];
      if (region && !secrets.has(region)) secrets.set(region, s.name);
    }
  }
  for (const [region, name] of secrets)
    requireDeployRegion(
      stack,
      `SecretRegion${region
        .split('-')
        .map((p) => p[0].toUpperCase() + p.slice(1))
        .join('')}`,
      region,
      `A secret of ${name} is in ${region}; its tasks reach SSM and Secrets Manager only through the VPC endpoints of the region they run in. ` +
        `Deploy to ${region}, or copy the parameter or secret to this region and reference it there.`,
    );
}

export interface ServicesStackProps extends StackProps {
  /**
   * The stack holds no service (all of them left the spec). It stays in the app, so that
   * `cdk deploy` keeps managing it, with one free placeholder resource because
   * CloudFormation rejects a template without resources.
   * @default false
   */
  readonly empty?: boolean;
}

/**
 * A group of services, deployed after the network stack and after every stack holding a
 * service they call.
 */
export class ServicesStack extends Stack {
  constructor(scope: Construct, id: string, props: ServicesStackProps = {}) {
    super(scope, id, props);
    if (props.empty) new CfnWaitConditionHandle(this, 'Placeholder');
    // Read other stacks' values with Fn::GetStackOutput instead of Export/ImportValue:
    // moving or removing a service then never blocks on an export another stack imports.
    // Deploy order is still enforced by the stack dependencies.
    CrossStackReferences.of(this).consume(ReferenceStrength.WEAK);
  }
}
