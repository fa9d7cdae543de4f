import { beforeAll, describe, expect, it } from 'vitest';
import { specEdges, synth, SYNTH_TIMEOUT_MS, tagOf, type Synthesized } from './synth';

const TAG = 'fargate-connect:security-group';

/**
 * CDK's stand-in egress rule on a group with no outbound rules of its own: it matches no
 * real traffic and keeps EC2 from adding its default allow-all rule.
 */
const NO_EGRESS_PLACEHOLDER = { CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 };

interface Rule {
  direction: 'ingress' | 'egress';
  /** Tag of the group the rule belongs to. */
  group: string;
  /** Tag of the peer group, or the CIDR / prefix list the rule names. */
  peer: string;
  protocol: string;
  from?: number;
  to?: number;
}

let s: Synthesized;
let rules: Rule[];

beforeAll(() => {
  s = synth();
  rules = collectRules(s);
}, SYNTH_TIMEOUT_MS);

/** Every ingress and egress rule in every stack, inline or standalone, by group tag. */
function collectRules(syn: Synthesized): Rule[] {
  const out: Rule[] = [];
  const peerOf = (stack: string, p: Record<string, any>, key: 'Source' | 'Destination') =>
    syn.securityGroupTag(stack, p[`${key}SecurityGroupId`]) ??
    p.CidrIp ??
    p.CidrIpv6 ??
    (p[`${key}PrefixListId`] ? 'prefix-list' : JSON.stringify(p));
  for (const sg of syn.resourcesOfType('AWS::EC2::SecurityGroup')) {
    const group = tagOf(sg.resource, TAG) ?? `untagged:${sg.logicalId}`;
    for (const p of sg.resource.Properties?.SecurityGroupIngress ?? []) {
      out.push({ direction: 'ingress', group, peer: peerOf(sg.stack, p, 'Source'), protocol: p.IpProtocol, from: p.FromPort, to: p.ToPort });
    }
    for (const p of sg.resource.Properties?.SecurityGroupEgress ?? []) {
      const placeholder = Object.entries(NO_EGRESS_PLACEHOLDER).every(([k, v]) => p[k] === v);
      if (placeholder) continue;
      out.push({ direction: 'egress', group, peer: peerOf(sg.stack, p, 'Destination'), protocol: p.IpProtocol, from: p.FromPort, to: p.ToPort });
    }
  }
  for (const [type, direction, key] of [
    ['AWS::EC2::SecurityGroupIngress', 'ingress', 'Source'],
    ['AWS::EC2::SecurityGroupEgress', 'egress', 'Destination'],
  ] as const) {
    for (const r of syn.resourcesOfType(type)) {
      const p = r.resource.Properties!;
      out.push({
        direction,
        group: syn.securityGroupTag(r.stack, p.GroupId) ?? `unresolved:${r.logicalId}`,
        peer: peerOf(r.stack, p, key),
        protocol: p.IpProtocol,
        from: p.FromPort,
        to: p.ToPort,
      });
    }
  }
  return out;
}

const svc = (name: string) => `service/${name}`;
const key = (group: string, peer: string, port: number | undefined) => `${group} <- ${peer} :${port}`;

describe('security groups follow the call graph', () => {
  it('tags every group the platform creates', () => {
    for (const rule of rules) {
      expect(rule.group).not.toMatch(/^(untagged|unresolved):/);
    }
  });

  it('admits each service port only from its callers and, for public services, the load balancer', () => {
    const expected = new Map<string, number>();
    for (const e of specEdges(s.platform)) expected.set(key(svc(e.to), svc(e.from), e.port), 0);
    for (const spec of s.platform.services.filter((x) => x.public)) {
      expected.set(key(svc(spec.name), 'alb', spec.port), 0);
    }
    for (const rule of rules.filter((r) => r.direction === 'ingress' && r.group.startsWith('service/'))) {
      expect(rule.protocol).toBe('tcp');
      expect(rule.from).toBe(rule.to);
      const k = key(rule.group, rule.peer, rule.from);
      expect(expected.has(k), `unexpected ingress ${k}`).toBe(true);
      expected.set(k, expected.get(k)! + 1);
    }
    for (const [k, count] of expected) expect(count, `rules for ${k}`).toBe(1);
  });

  it('lets each caller send to exactly its callees, the load balancer to public services only', () => {
    const expected = new Map<string, number>();
    for (const e of specEdges(s.platform)) expected.set(key(svc(e.from), svc(e.to), e.port), 0);
    for (const spec of s.platform.services.filter((x) => x.public)) {
      expected.set(key('alb', svc(spec.name), spec.port), 0);
    }
    for (const rule of rules.filter((r) => r.direction === 'egress' && (r.group.startsWith('service/') || r.group === 'alb'))) {
      const k = key(rule.group, rule.peer, rule.from);
      expect(expected.has(k), `unexpected egress ${k}`).toBe(true);
      expected.set(k, expected.get(k)! + 1);
    }
    for (const [k, count] of expected) expect(count, `rules for ${k}`).toBe(1);
  });

  it('opens nothing to 0.0.0.0/0 or ::/0 except the load balancer listener ports', () => {
    const https = Boolean(s.platform.domain && s.platform.certificateArn);
    const listenerPorts = s.platform.services.some((x) => x.public) ? (https ? [80, 443] : [80]) : [];
    const open = rules.filter((r) => r.peer === '0.0.0.0/0' || r.peer === '::/0');
    for (const r of open) {
      expect(r).toMatchObject({ direction: 'ingress', group: 'alb', protocol: 'tcp' });
      expect(listenerPorts).toContain(r.from);
      expect(r.to).toBe(r.from);
    }
    expect(open.map((r) => r.from).sort((a, b) => a! - b!)).toEqual(listenerPorts);
  });

  it('has no all-traffic rules and no CIDR rules besides the load balancer', () => {
    for (const r of rules) {
      expect(r.protocol, JSON.stringify(r)).not.toBe('-1');
      const isCidr = /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(r.peer) || r.peer.includes(':');
      if (isCidr) expect(r.group, JSON.stringify(r)).toBe('alb');
    }
  });

  it('gives every task both its own group and the shared tasks group', () => {
    for (const spec of s.platform.services) {
      const service = s.ecsService(spec.name);
      const groups = service.resource.Properties?.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups.map(
        (g: unknown) => s.securityGroupTag(service.stack, g),
      );
      expect(groups.sort()).toEqual([svc(spec.name), 'tasks'].sort());
    }
  });
});
