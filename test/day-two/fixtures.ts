/**
 * Planned platforms and platform records for the day-two tests: a small shop (a public
 * web calling an api) as the generator plans it, and records pairing such a platform with
 * a hand-written assembly (test/transition/helpers).
 */
import type { PlannedPlatform, PlannedService, PlatformRecord } from '../../src/day-two';
import { assembly, NET, network, service, services, type Resources } from '../transition/helpers';

export function planned(name: string, fields: Partial<PlannedService> = {}): PlannedService {
  return {
    name,
    role: 'client-server',
    port: 8080,
    public: false,
    publicPath: '/',
    calls: [],
    cpu: 256,
    memory: 512,
    desiredCount: 2,
    healthCheckPath: '/health',
    taskCpu: 512,
    taskMemory: 1024,
    stack: 'services',
    ...fields,
  };
}

export const SHOP: PlannedPlatform = {
  name: 'shop',
  namespace: 'shop.internal',
  azs: 2,
  profile: 'prod',
  services: [planned('web', { role: 'client-only', port: 3000, public: true, calls: ['api'] }), planned('api')],
};

export function withService(p: PlannedPlatform, name: string, fields: Partial<PlannedService>): PlannedPlatform {
  return { ...p, services: p.services.map((s) => (s.name === name ? { ...s, ...fields } : s)) };
}

/** A record of `platform` whose services stack holds one ECS service per planned service. */
export function recordOf(platform: PlannedPlatform, props: Record<string, Record<string, unknown>> = {}): PlatformRecord {
  const resources: Resources = {};
  for (const s of platform.services) resources[`${s.name}Service`] = service(s.name, { DesiredCount: s.desiredCount, ...props[s.name] });
  return { platform, assembly: assembly({ [NET]: network(), ShopServices: services(resources) }) };
}
