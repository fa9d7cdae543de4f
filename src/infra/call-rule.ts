import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface CallRuleProps {
  /** Group of the side that opens connections. */
  readonly from: ec2.ISecurityGroup;
  /** Group of the side that listens. */
  readonly to: ec2.ISecurityGroup;
  /** The listening side's port. */
  readonly port: number;
  /** Says which edge this is, e.g. `web -> orders`; shown in the EC2 console. */
  readonly description: string;
}

/**
 * One edge of the call graph as a pair of rules: the callee admits the caller's group on
 * its port, and the caller may send there. Both are standalone resources so they can live
 * in whichever of the two stacks deploys later; placing them there means every
 * cross-stack reference points at an earlier stack, which is what keeps stack updates
 * free of export deadlocks.
 */
export class CallRule extends Construct {
  readonly ingress: ec2.CfnSecurityGroupIngress;
  readonly egress: ec2.CfnSecurityGroupEgress;

  constructor(scope: Construct, id: string, props: CallRuleProps) {
    super(scope, id);
    this.ingress = new ec2.CfnSecurityGroupIngress(this, 'Ingress', {
      groupId: props.to.securityGroupId,
      sourceSecurityGroupId: props.from.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: props.port,
      toPort: props.port,
      description: props.description,
    });
    this.egress = new ec2.CfnSecurityGroupEgress(this, 'Egress', {
      groupId: props.from.securityGroupId,
      destinationSecurityGroupId: props.to.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: props.port,
      toPort: props.port,
      description: props.description,
    });
  }
}
