import { APP_CONTAINER_NAME, TARGET_GROUP_PORT } from '../names';
import { check, type PlatformCheck } from './check';
import type { Synthesized } from './synthesized';

const publicServices = (s: Synthesized) => s.platform.services.filter((x) => x.public);
const https = (s: Synthesized) => Boolean(s.platform.domain && s.platform.certificateArn);

/** The one internet-facing load balancer, its listeners and each public service's path. */
export const PUBLIC_ENTRY_CHECKS: readonly PlatformCheck[] = [
  check('public-entry/load-balancer', 'has one internet-facing load balancer exactly when a service is public, with access logs', (s, v) => {
    const albs = s.resourcesOfType('AWS::ElasticLoadBalancingV2::LoadBalancer');
    v.equal(albs.length, publicServices(s).length > 0 ? 1 : 0, 'load balancers');
    for (const alb of albs) {
      v.equal(alb.stack, s.networkStack, 'stack of the load balancer');
      v.equal([alb.resource.Properties?.Scheme, alb.resource.Properties?.Type], ['internet-facing', 'application'], 'load balancer scheme and type');
      const attributes = Object.fromEntries(
        ((alb.resource.Properties?.LoadBalancerAttributes ?? []) as { Key: string; Value: string }[]).map((a) => [a.Key, a.Value]),
      );
      v.equal(attributes['access_logs.s3.enabled'], 'true', 'access logs of the load balancer');
      v.equal(attributes['routing.http.drop_invalid_header_fields.enabled'], 'true', 'dropping invalid header fields');
    }
  }),

  check('public-entry/listeners', 'serves HTTPS with a redirect from HTTP when a domain and certificate are set, else HTTP', (s, v) => {
    const listeners = s.resourcesOfType('AWS::ElasticLoadBalancingV2::Listener').map((l) => l.resource.Properties ?? {});
    if (publicServices(s).length === 0) return v.equal(listeners.length, 0, 'listeners without a public service');
    if (!https(s)) {
      v.equal(
        listeners.map((l) => [l.Port, l.Protocol]),
        [[80, 'HTTP']],
        'listeners',
      );
      return;
    }
    v.equal(
      listeners.map((l) => l.Port).sort((a, b) => a - b),
      [80, 443],
      'listener ports',
    );
    const tls = listeners.find((l) => l.Port === 443);
    v.equal(tls?.Protocol, 'HTTPS', 'protocol of port 443');
    v.equal(tls?.Certificates, [{ CertificateArn: s.platform.certificateArn }], 'certificates of port 443');
    const redirect = listeners.find((l) => l.Port === 80)?.DefaultActions?.[0];
    v.equal(
      [redirect?.Type, redirect?.RedirectConfig?.Protocol, redirect?.RedirectConfig?.Port, redirect?.RedirectConfig?.StatusCode],
      ['redirect', 'HTTPS', '443', 'HTTP_301'],
      'default action of port 80',
    );
  }),

  check('public-entry/routes', 'routes each public path to its service, longer paths first, with distinct priorities', (s, v) => {
    const rules = s.resourcesOfType('AWS::ElasticLoadBalancingV2::ListenerRule');
    v.equal(rules.length, publicServices(s).length, 'listener rules (one per public service)');
    const priorities = new Map<string, number>();
    for (const spec of publicServices(s)) {
      const service = s.ecsService(spec.name);
      if (!service) {
        v.check(false, `no ECS service ${spec.name}`);
        continue;
      }
      const lb = (service.resource.Properties?.LoadBalancers ?? []) as Record<string, any>[];
      v.equal(
        lb.map((l) => [l.ContainerName, l.ContainerPort]),
        [[APP_CONTAINER_NAME, spec.port]],
        `load balancer registrations of ${spec.name}`,
      );
      const tg = lb[0] && s.resolve(service.stack, lb[0].TargetGroupArn);
      const p = tg?.resource.Properties ?? {};
      v.equal(
        [p.TargetType, p.Protocol, p.Port, p.HealthCheckPath, p.HealthCheckPort],
        ['ip', 'HTTP', TARGET_GROUP_PORT, spec.healthCheckPath, 'traffic-port'],
        `target group of ${spec.name}`,
      );
      const rule = rules.find((r) => tg && s.resolve(r.stack, r.resource.Properties?.Actions?.[0]?.TargetGroupArn)?.logicalId === tg.logicalId);
      if (!rule) {
        v.check(false, `${spec.name} has no listener rule`);
        continue;
      }
      const patterns = rule.resource.Properties?.Conditions?.[0]?.PathPatternConfig?.Values;
      const path = spec.publicPath.replace(/\/+$/, '') || '/';
      v.equal(patterns, path === '/' ? ['/*'] : [path, `${path}/*`], `path patterns of ${spec.name}`);
      // The local entry routes by the same data: what is deployed is what it was given.
      v.equal({ priority: rule.resource.Properties?.Priority, pathPatterns: patterns }, spec.route, `rule of ${spec.name} vs its planned route`);
      priorities.set(path, rule.resource.Properties?.Priority);
      const listener = s.resolve(rule.stack, rule.resource.Properties?.ListenerArn);
      v.equal(listener?.resource.Properties?.Port, https(s) ? 443 : 80, `listener of ${spec.name}'s rule`);
    }
    v.equal(new Set(priorities.values()).size, priorities.size, 'distinct rule priorities');
    for (const [a, pa] of priorities) {
      for (const [b, pb] of priorities) {
        // A path that extends another must be matched first.
        if (a !== b && (b === '/' || a.startsWith(`${b}/`))) v.check(pa < pb, `${a} (priority ${pa}) is not matched before ${b} (${pb})`);
      }
    }
  }),

  check('public-entry/not-found', 'answers paths no rule matches with a 404 from the listener itself', (s, v) => {
    const routed = s.resourcesOfType('AWS::ElasticLoadBalancingV2::Listener').filter((l) => l.resource.Properties?.Port === (https(s) ? 443 : 80));
    for (const l of routed) {
      const action = l.resource.Properties?.DefaultActions?.[0];
      v.equal(
        [action?.Type, action?.FixedResponseConfig?.StatusCode],
        ['fixed-response', '404'],
        `default action of port ${l.resource.Properties?.Port}`,
      );
    }
  }),
];
