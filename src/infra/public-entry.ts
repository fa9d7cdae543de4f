import { Annotations, Tags, type Duration, type RemovalPolicy } from 'aws-cdk-lib/core';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AlbAccessLogs } from './alb-access-logs';
import { SECURITY_GROUP_TAG } from './names';

export interface PublicEntryProps {
  /** VPC of the platform; with `enabled`, it must have public subnets for the load balancer. */
  readonly vpc: ec2.IVpc;
  /**
   * Create the load balancer. Without it only the security group exists: it outlives the
   * load balancer so that removing the last public service never deletes a group that
   * rules in a services stack (updated later) still name.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * `prod` makes the warning about plain HTTP say that this is production.
   * @default 'prod'
   */
  readonly profile?: 'dev' | 'prod';
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
 * It lives in the network stack with its listeners, whose default answer is a 404; each
 * public service adds its own target group and path rule from its own stack
 * (`PublicRoute`), so adding or removing a public service never edits this stack.
 *
 * Construct ids are part of the deployed state: the port-80 listener is `Http` whether it
 * serves (HTTP) or redirects (HTTPS), so switching to HTTPS updates it in place instead
 * of creating a second listener on port 80, which ELB refuses.
 */
export class PublicEntry extends Construct {
  /** Open to the internet on the listener ports only; egress to public services only. */
  readonly securityGroup: ec2.SecurityGroup;
  /** The load balancer; undefined when not `enabled`. */
  readonly loadBalancer?: elbv2.ApplicationLoadBalancer;
  /** The listener the services' path rules attach to (HTTPS when there is a certificate). */
  readonly listener?: elbv2.ApplicationListener;
  /** True when traffic is served over HTTPS. */
  readonly https: boolean;
  /** The bucket of the load balancer's access logs. */
  readonly accessLogs?: s3.Bucket;

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
    if (props.enabled === false) return;

    const lb = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer = lb;

    this.accessLogs = new AlbAccessLogs(this, 'AccessLogs', {
      loadBalancer: lb,
      retention: props.accessLogRetention,
      removalPolicy: props.accessLogRemovalPolicy,
    }).bucket;

    const notFound = elbv2.ListenerAction.fixedResponse(404, {
      contentType: 'text/plain',
      messageBody: 'Not found',
    });

    // One id for port 80 in both modes (see the class comment).
    const http = lb.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      // The internet rules are added below, explicitly and for these ports only.
      open: false,
      defaultAction: this.https ? elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }) : notFound,
    });
    if (this.https) {
      this.listener = lb.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn!)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        open: false,
        defaultAction: notFound,
      });
      this.allowFromInternet(443, 'HTTPS from the internet');
      this.allowFromInternet(80, 'HTTP from the internet, redirected to HTTPS');
    } else {
      // No domain and certificate in the spec, so there is nothing to terminate TLS with:
      // plain HTTP. Set `domain` and `certificateArn` to switch to HTTPS + redirect.
      this.listener = http;
      this.allowFromInternet(80, 'HTTP from the internet (no certificate configured)');
      Annotations.of(this).addWarningV2('fargate-connect:plain-http', plainHttpWarning(props.profile ?? 'prod'));
    }
  }

  private allowFromInternet(port: number, description: string): void {
    this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), description);
  }
}

/** What synth says about an internet-facing load balancer without a certificate. */
export function plainHttpWarning(profile: 'dev' | 'prod'): string {
  const fix = 'Set `domain` and `certificateArn` (an ACM certificate in the same region) in .projenrc.ts to serve HTTPS and redirect HTTP.';
  return profile === 'prod'
    ? `PRODUCTION platform served over plain HTTP: the internet-facing load balancer has no certificate, so requests and responses cross the internet unencrypted. ${fix}`
    : `The internet-facing load balancer serves plain HTTP (no certificate). ${fix}`;
}
