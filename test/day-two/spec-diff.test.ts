import { describe, expect, it } from 'vitest';
import { diffPlatforms, formatSpecChanges, type PlannedPlatform } from '../../src/day-two';
import { planned, SHOP, withService } from './fixtures';

const lines = (before: PlannedPlatform, after: PlannedPlatform) => formatSpecChanges(diffPlatforms(before, after)).trimEnd().split('\n');

describe('diffPlatforms', () => {
  it('finds nothing between a platform and itself', () => {
    expect(diffPlatforms(SHOP, SHOP)).toEqual({ platform: [], services: [] });
    expect(formatSpecChanges(diffPlatforms(SHOP, SHOP))).toBe('Spec changes: none.\n');
  });

  it('names an added and a removed service with what they are', () => {
    const after = { ...SHOP, services: [...SHOP.services, planned('billing', { port: 8081 })] };
    expect(lines(SHOP, after)).toEqual([
      'Spec changes:',
      '  + billing: added (client-server on port 8081; calls nothing; 256 CPU, 512 MiB, 2 tasks; in services)',
    ]);
    expect(lines(after, SHOP)).toEqual([
      'Spec changes:',
      '  - billing: removed (was client-server on port 8081; calls nothing; 256 CPU, 512 MiB, 2 tasks; in services)',
    ]);
  });

  it('shows role, port and calls, with the calls added and removed', () => {
    const after = withService(withService(SHOP, 'api', { role: 'client-only', port: 9090 }), 'web', { calls: ['billing'] });
    expect(lines(SHOP, after)).toEqual([
      'Spec changes:',
      '  ~ web: calls api -> billing (+billing -api)',
      '  ~ api: role client-server -> client-only',
      '  ~ api: port 8080 -> 9090',
    ]);
  });

  it('shows public and publicPath as one field: private, or public at a path', () => {
    expect(lines(SHOP, withService(SHOP, 'api', { public: true, publicPath: '/api' }))).toEqual([
      'Spec changes:',
      '  ~ api: public no -> yes, at /api',
    ]);
    expect(lines(SHOP, withService(SHOP, 'web', { publicPath: '/shop' }))).toEqual(['Spec changes:', '  ~ web: public yes, at / -> yes, at /shop']);
    // A private service's publicPath is not used: changing it changes nothing.
    expect(diffPlatforms(SHOP, withService(SHOP, 'api', { publicPath: '/x' })).services).toEqual([]);
  });

  it('shows size: cpu and memory with the task size when it changes, and desiredCount', () => {
    const after = withService(SHOP, 'api', { cpu: 512, taskCpu: 1024, memory: 640, desiredCount: 3 });
    expect(lines(SHOP, after)).toEqual([
      'Spec changes:',
      '  ~ api: cpu 256 (task 512) -> 512 (task 1024)',
      '  ~ api: memory 512 -> 640',
      '  ~ api: desiredCount 2 -> 3',
    ]);
  });

  it('shows the image, built or given, and the health check and stack', () => {
    const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:v2';
    const after = withService(SHOP, 'api', { image, healthCheckCommand: 'none', healthCheckPath: '/ready', stack: 'services-2' });
    expect(lines(SHOP, after)).toEqual([
      'Spec changes:',
      `  ~ api: image built from services/api -> ${image}`,
      '  ~ api: healthCheckPath /health -> /ready',
      '  ~ api: healthCheckCommand (none) -> none',
      '  ~ api: stack services -> services-2',
    ]);
  });

  it('shows the top-level settings: name, namespace, azs, profile, domain and certificate', () => {
    const after: PlannedPlatform = {
      ...SHOP,
      name: 'store',
      namespace: 'store.internal',
      azs: 3,
      profile: 'dev',
      domain: 'shop.example.com',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    };
    expect(lines(SHOP, after)).toEqual([
      'Spec changes:',
      '  name: shop -> store',
      '  namespace: shop.internal -> store.internal',
      '  azs: 2 -> 3',
      '  profile: prod -> dev',
      '  domain: (none) -> shop.example.com',
      '  certificateArn: (none) -> arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    ]);
  });

  it('lists changed and added services in the new order, then the removed ones', () => {
    const after = { ...SHOP, services: [planned('billing'), withService(SHOP, 'web', { desiredCount: 4 }).services[0]] };
    expect(diffPlatforms(SHOP, after).services.map((s) => `${s.kind} ${s.name}`)).toEqual(['added billing', 'changed web', 'removed api']);
  });

  it('says how to rename without downtime when a service goes and another comes', () => {
    const after = { ...SHOP, services: [withService(SHOP, 'web', { calls: ['orders'] }).services[0], planned('orders')] };
    const text = formatSpecChanges(diffPlatforms(SHOP, after)).replace(/\n +/g, ' ');
    expect(text).toContain('api removed and orders added: if that is a rename (api -> orders), the deploy deletes the ECS service api');
    // The same three deploys as the README and the catalogue's proven rename.
    expect(text).toContain(
      'make it three changes, each planned and deployed (README, "Rename a service"): add orders beside api; move every caller\'s calls, and the public path of api if it has one, to orders; then remove api.',
    );
    const note = formatSpecChanges(diffPlatforms(SHOP, after)).split('\n\n')[1].trimEnd().split('\n');
    expect(note.length).toBeGreaterThan(2);
    expect(note.filter((l) => l.length > 98)).toEqual([]);
    // Only an addition, or only a removal: no rename note.
    expect(formatSpecChanges(diffPlatforms(SHOP, { ...SHOP, services: [...SHOP.services, planned('x')] }))).not.toContain('rename');
  });
});

describe('diffPlatforms with stages', () => {
  const stage = (name: string, over: Partial<NonNullable<PlannedPlatform['stages']>[number]> = {}) => ({
    name,
    account: '111111111111',
    region: 'eu-west-1',
    approval: false,
    deployRoleArn: `arn:aws:iam::111111111111:role/shop-${name}-deploy`,
    plan: SHOP,
    ...over,
  });

  it('names stages added or removed, a stage moved, and what differs in its own plan', () => {
    const before = { ...SHOP, stages: [stage('dev')] };
    const after = {
      ...SHOP,
      stages: [
        stage('dev', { region: 'eu-central-1', approval: true, plan: { ...withService(SHOP, 'api', { desiredCount: 5 }), azs: 3 } }),
        stage('prod'),
      ],
    };
    expect(lines(before, after)).toEqual([
      'Spec changes:',
      '  stages: dev -> dev, prod',
      '  stages.dev.region: eu-west-1 -> eu-central-1',
      '  stages.dev.approval: false -> true',
      '  stages.dev.azs: 2 -> 3',
      '  stages.dev.api.desiredCount: 2 -> 5',
    ]);
    expect(lines(SHOP, before)).toEqual(['Spec changes:', '  stages: (none) -> dev']);
  });
});
