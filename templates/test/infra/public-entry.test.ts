import { beforeAll, describe, expect, it } from 'vitest';
import { synth, SYNTH_TIMEOUT_MS, type Synthesized } from './synth';

let s: Synthesized;
beforeAll(() => {
  s = synth();
}, SYNTH_TIMEOUT_MS);

const publicServices = () => s.platform.services.filter((x) => x.public);
const https = () => Boolean(s.platform.domain && s.platform.certificateArn);

describe('public entry', () => {
  it('has one internet-facing load balancer exactly when a service is public', () => {
    const albs = s.resourcesOfType('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(albs).toHaveLength(publicServices().length > 0 ? 1 : 0);
    for (const alb of albs) {
      expect(alb.stack).toBe(s.networkStack);
      expect(alb.resource.Properties).toMatchObject({ Scheme: 'internet-facing', Type: 'application' });
      const attributes = Object.fromEntries(
        (alb.resource.Properties?.LoadBalancerAttributes as { Key: string; Value: string }[]).map((a) => [a.Key, a.Value]),
      );
      expect(attributes['access_logs.s3.enabled']).toBe('true');
      expect(attributes['routing.http.drop_invalid_header_fields.enabled']).toBe('true');
    }
  });

  it('serves HTTPS with a redirect from HTTP when a domain and certificate are set, else HTTP', () => {
    const listeners = s.resourcesOfType('AWS::ElasticLoadBalancingV2::Listener').map((l) => l.resource.Properties!);
    if (publicServices().length === 0) return expect(listeners).toHaveLength(0);
    if (https()) {
      expect(listeners.map((l) => l.Port).sort((a, b) => a - b)).toEqual([80, 443]);
      const tls = listeners.find((l) => l.Port === 443)!;
      expect(tls.Protocol).toBe('HTTPS');
      expect(tls.Certificates).toEqual([{ CertificateArn: s.platform.certificateArn }]);
      const plain = listeners.find((l) => l.Port === 80)!;
      expect(plain.DefaultActions[0]).toMatchObject({
        Type: 'redirect',
        RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
      });
    } else {
      expect(listeners).toHaveLength(1);
      expect(listeners[0]).toMatchObject({ Port: 80, Protocol: 'HTTP' });
    }
  });

  it('routes each public path to its service, longer paths first, with distinct priorities', () => {
    const rules = s.resourcesOfType('AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rules).toHaveLength(publicServices().length);
    const priorities = new Map<string, number>();
    for (const spec of publicServices()) {
      const service = s.ecsService(spec.name);
      const lb = service.resource.Properties?.LoadBalancers;
      expect(lb).toHaveLength(1);
      expect(lb[0]).toMatchObject({ ContainerName: 'app', ContainerPort: spec.port });
      const tg = s.resolve(service.stack, lb[0].TargetGroupArn)!;
      expect(tg.resource.Properties).toMatchObject({
        TargetType: 'ip',
        Protocol: 'HTTP',
        Port: spec.port,
        HealthCheckPath: spec.healthCheckPath,
        HealthCheckPort: String(spec.port),
      });
      const rule = rules.find((r) => s.resolve(r.stack, r.resource.Properties?.Actions[0].TargetGroupArn)?.logicalId === tg.logicalId);
      expect(rule, `${spec.name} has a listener rule`).toBeDefined();
      const patterns = rule!.resource.Properties?.Conditions[0].PathPatternConfig.Values as string[];
      const path = spec.publicPath.replace(/\/+$/, '') || '/';
      expect(patterns).toEqual(path === '/' ? ['/*'] : [path, `${path}/*`]);
      // The local entry routes by the same data: what is deployed is what it was given.
      expect({ priority: rule!.resource.Properties?.Priority, pathPatterns: patterns }).toEqual(spec.route);
      priorities.set(path, rule!.resource.Properties?.Priority);
      const listener = s.resolve(rule!.stack, rule!.resource.Properties?.ListenerArn)!;
      expect(listener.resource.Properties?.Port).toBe(https() ? 443 : 80);
    }
    expect(new Set(priorities.values()).size).toBe(priorities.size);
    for (const [a, pa] of priorities) {
      for (const [b, pb] of priorities) {
        // A path that extends another must be matched first.
        if (a !== b && (b === '/' || a.startsWith(`${b}/`))) expect(pa, `${a} before ${b}`).toBeLessThan(pb);
      }
    }
  });

  it('answers paths no rule matches with a 404 from the listener itself', () => {
    const listeners = s.resourcesOfType('AWS::ElasticLoadBalancingV2::Listener');
    const routed = listeners.filter((l) => l.resource.Properties?.Port === (https() ? 443 : 80));
    for (const l of routed) {
      expect(l.resource.Properties?.DefaultActions[0]).toMatchObject({
        Type: 'fixed-response',
        FixedResponseConfig: { StatusCode: '404' },
      });
    }
  });
});
