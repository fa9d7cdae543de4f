import { SECURITY_GROUP_TAG, serviceSecurityGroupTag } from '../names';
import { check, type PlatformCheck } from './check';
import { tagOf, type Synthesized } from './synthesized';

/**
 * CDK's stand-in egress rule on a group with no outbound rules of its own: it matches no
 * real traffic and keeps EC2 from adding its default allow-all rule.
 */
const NO_EGRESS_PLACEHOLDER = { CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 };

/** A security group rule, inline or standalone, with its group and peer named by tag. */
export interface Rule {
  readonly direction: 'ingress' | 'egress';
  /** Tag of the group the rule belongs to (`untagged:`/`unresolved:` when there is none). */
  readonly group: string;
  /** Tag of the peer group, or the CIDR / prefix list the rule names. */
  readonly peer: string;
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
}

/** Every ingress and egress rule in every stack, inline or standalone, by group tag. */
export function securityGroupRules(s: Synthesized): Rule[] {
  const out: Rule[] = [];
  const peerOf = (stack: string, p: Record<string, any>, key: 'Source' | 'Destination'): string =>
    s.securityGroupTag(stack, p[`${key}SecurityGroupId`]) ?? p.CidrIp ?? p.CidrIpv6 ?? (p[`${key}PrefixListId`] ? 'prefix-list' : JSON.stringify(p));
  for (const sg of s.resourcesOfType('AWS::EC2::SecurityGroup')) {
    const group = tagOf(sg.resource, SECURITY_GROUP_TAG) ?? `untagged:${sg.stack}/${sg.logicalId}`;
    for (const p of (sg.resource.Properties?.SecurityGroupIngress ?? []) as Record<string, any>[]) {
      out.push({ direction: 'ingress', group, peer: peerOf(sg.stack, p, 'Source'), protocol: p.IpProtocol, from: p.FromPort, to: p.ToPort });
    }
    for (const p of (sg.resource.Properties?.SecurityGroupEgress ?? []) as Record<string, any>[]) {
      if (Object.entries(NO_EGRESS_PLACEHOLDER).every(([k, value]) => p[k] === value)) continue;
      out.push({ direction: 'egress', group, peer: peerOf(sg.stack, p, 'Destination'), protocol: p.IpProtocol, from: p.FromPort, to: p.ToPort });
    }
  }
  for (const [type, direction, key] of [
    ['AWS::EC2::SecurityGroupIngress', 'ingress', 'Source'],
    ['AWS::EC2::SecurityGroupEgress', 'egress', 'Destination'],
  ] as const) {
    for (const r of s.resourcesOfType(type)) {
      const p = r.resource.Properties ?? {};
      out.push({
        direction,
        group: s.securityGroupTag(r.stack, p.GroupId) ?? `unresolved:${r.stack}/${r.logicalId}`,
        peer: peerOf(r.stack, p, key),
        protocol: p.IpProtocol,
        from: p.FromPort,
        to: p.ToPort,
      });
    }
  }
  return out;
}

/** The calls the spec declares, from `calls` alone, with the callee's port. */
export function specCalls(s: Synthesized): { from: string; to: string; port: number }[] {
  const port = new Map(s.platform.services.map((x) => [x.name, x.port]));
  return s.platform.services.flatMap((x) => x.calls.map((to) => ({ from: x.name, to, port: port.get(to)! })));
}

const svc = serviceSecurityGroupTag;
const key = (group: string, peer: string, port: number | undefined) => `${group} <- ${peer} :${port}`;

/** Security groups follow the call graph: nothing is open that no call or listener needs. */
export const SECURITY_GROUP_CHECKS: readonly PlatformCheck[] = [
  check('security-groups/tagged', 'tags every group the platform creates', (s, v) => {
    for (const rule of securityGroupRules(s)) v.check(!/^(untagged|unresolved):/.test(rule.group), `a rule of ${rule.group}`);
  }),

  check('security-groups/ingress', 'admits each service port only from its callers and, for public services, the load balancer', (s, v) => {
    const expected = new Map<string, number>();
    for (const e of specCalls(s)) expected.set(key(svc(e.to), svc(e.from), e.port), 0);
    for (const spec of s.platform.services.filter((x) => x.public)) expected.set(key(svc(spec.name), 'alb', spec.port), 0);
    for (const rule of securityGroupRules(s).filter((r) => r.direction === 'ingress' && r.group.startsWith('service/'))) {
      v.equal(rule.protocol, 'tcp', `protocol of ${rule.group}'s ingress from ${rule.peer}`);
      v.equal(rule.to, rule.from, `port range of ${rule.group}'s ingress from ${rule.peer}`);
      const k = key(rule.group, rule.peer, rule.from);
      if (!expected.has(k)) v.check(false, `unexpected ingress ${k}`);
      else expected.set(k, expected.get(k)! + 1);
    }
    for (const [k, count] of expected) v.equal(count, 1, `rules for ${k}`);
  }),

  check('security-groups/egress', 'lets each caller send to exactly its callees, the load balancer to public services only', (s, v) => {
    const expected = new Map<string, number>();
    for (const e of specCalls(s)) expected.set(key(svc(e.from), svc(e.to), e.port), 0);
    for (const spec of s.platform.services.filter((x) => x.public)) expected.set(key('alb', svc(spec.name), spec.port), 0);
    const egress = securityGroupRules(s).filter((r) => r.direction === 'egress' && (r.group.startsWith('service/') || r.group === 'alb'));
    for (const rule of egress) {
      const k = key(rule.group, rule.peer, rule.from);
      if (!expected.has(k)) v.check(false, `unexpected egress ${k}`);
      else expected.set(k, expected.get(k)! + 1);
    }
    for (const [k, count] of expected) v.equal(count, 1, `rules for ${k}`);
  }),

  check('security-groups/internet', 'opens nothing to 0.0.0.0/0 or ::/0 except the load balancer listener ports', (s, v) => {
    const https = Boolean(s.platform.domain && s.platform.certificateArn);
    const listenerPorts = s.platform.services.some((x) => x.public) ? (https ? [80, 443] : [80]) : [];
    const open = securityGroupRules(s).filter((r) => r.peer === '0.0.0.0/0' || r.peer === '::/0');
    for (const r of open) {
      const where = `${r.direction} of ${r.group} from ${r.peer}`;
      v.equal([r.direction, r.group, r.protocol], ['ingress', 'alb', 'tcp'], where);
      v.check(listenerPorts.includes(r.from!) && r.to === r.from, `${where} on ${r.from}-${r.to}`);
    }
    v.equal(
      open.map((r) => r.from).sort((a, b) => a! - b!),
      listenerPorts,
      'ports open to the internet',
    );
  }),

  check('security-groups/no-wide-rules', 'has no all-traffic rules and no CIDR rules besides the load balancer', (s, v) => {
    for (const r of securityGroupRules(s)) {
      v.check(r.protocol !== '-1', `all-traffic ${r.direction} rule of ${r.group} (peer ${r.peer})`);
      const isCidr = /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(r.peer) || r.peer.includes(':');
      if (isCidr) v.equal(r.group, 'alb', `group of the ${r.direction} rule with CIDR ${r.peer}`);
    }
  }),

  check('security-groups/per-task', 'gives every task both its own group and the shared tasks group', (s, v) => {
    for (const spec of s.platform.services) {
      const service = s.ecsService(spec.name);
      if (!service) {
        v.check(false, `no ECS service ${spec.name}`);
        continue;
      }
      const groups = (service.resource.Properties?.NetworkConfiguration?.AwsvpcConfiguration?.SecurityGroups ?? []).map((g: unknown) =>
        s.securityGroupTag(service.stack, g),
      );
      v.equal([...groups].sort(), [svc(spec.name), 'tasks'].sort(), `security groups of ${spec.name}'s tasks`);
    }
  }),
];
