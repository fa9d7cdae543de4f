import { Tags, type Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AlbAccessLogs } from './alb-access-logs';
import { SECURITY_GROUP_TAG } from './names';

export interface PublicEntryProps {
  /** VPC with public subnets; the load balancer is placed in them. */
  readonly vpc: ec2.IVpc;
  /**
   * Public DNS name users reach the load balancer by. With `certificateArn`, turns on
   * HTTPS on 443 and a redirect from 80.
   * @default - no domain: plain HTTP on port 80
   */
  readonly domain?: string;
  /**
   * ACM certificate for `domain`, in the stack's region.
   * @default - no certificate: plain HTTP on port 80
   */
  readonly certificateArn?: string;
  /**
   * How long access log objects are kept.
   * @default Duration.days(90)
   */
  readonly accessLogRetention?: Duration;
  /**
   * Fate of the access log bucket when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly accessLogRemovalPolicy?: RemovalPolicy;
}

/**
 * The one internet-facing Application Load Balancer that every public service shares.
 * It lives in the network stack with its listener, whose default answer is a 404; each
 * public service adds its own target group and path rule from its own stack
 * (`PublicRoute`), so adding or removing a public service never edits this stack.
 */
export class PublicEntryConstruct extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** Open to the internet on the listener ports only; egress to public services only. */
  readonly securityGroup: ec2.SecurityGroup;
  /** The listener the services' path rules attach to (HTTPS when there is a certificate). */
  readonly listener: elbv2.ApplicationListener;
  /** True when traffic is served over HTTPS. */
  readonly https: boolean;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: PublicEntryProps) {
    super(scope, id);
    this.https = props.domain !== undefined && props.certificateArn !== undefined;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Public load balancer: listener ports from the internet',
      // Egress is granted per public service, to that service's group and port only.
      allowAllOutbound: false,
    });
    Tags.of(this.securityGroup).add(SECURITY_GROUP_TAG, 'alb');

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
    });

    this.accessLogs = new AlbAccessLogs(this, 'AccessLogs', {
      loadBalancer: this.loadBalancer,
      retention: props.accessLogRetention,
      removalPolicy: props.accessLogRemovalPolicy,
    }).bucket;

    const notFound = elbv2.ListenerAction.fixedResponse(404, {
      contentType: 'text/plain',
      messageBody: 'Not found',
    });

    if (this.https) {
      this.listener = this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn!)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        // The internet rules are added below, explicitly and for these ports only.
        open: false,
        defaultAction: notFound,
      });
      this.loadBalancer.addListener('HttpRedirect', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: false,
        defaultAction: elbv2.ListenerAction.redirect({
          protocol: 'HTTPS',
          port: '443',
          permanent: true,
        }),
      });
      this.allowFromInternet(443, 'HTTPS from the internet');
      this.allowFromInternet(80, 'HTTP from the internet, redirected to HTTPS');
    } else {
      // No domain and certificate in the spec, so there is nothing to terminate TLS with:
      // plain HTTP. Set `domain` and `certificateArn` to switch to HTTPS + redirect.
      this.listener = this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: false,
        defaultAction: notFound,
      });
      this.allowFromInternet(80, 'HTTP from the internet (no certificate configured)');
    }
  }

  private allowFromInternet(port: number, description: string): void {
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), description);
  }
}
