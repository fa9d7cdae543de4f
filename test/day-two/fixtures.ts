/**
 * Planned platforms and platform records for the day-two tests: a small shop (a public
 * web calling an api) as the generator plans it, and records pairing such a platform with
 * a hand-written assembly (test/transition/helpers).
 */
import {
  formatRecordFile,
  type CommittedRecord,
  type PlannedPlatform,
  type PlannedService,
  type PlannedStagePlatform,
  type PlanIo,
  type PlatformRecord,
  type PolicyFiles,
} from '../../src/day-two';
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

/** Where a stage deploys: dev and prod in one account and region unless `targets` says otherwise. */
export type Target = Partial<Pick<PlannedStagePlatform, 'account' | 'region' | 'partition' | 'deployRoleArn'>>;

/** A record with stages: each stage runs `platforms[name]`, recorded as recordOf would. */
export function stagedRecord(platforms: Record<string, PlannedPlatform>, targets: Record<string, Target> = {}): PlatformRecord {
  const stages = Object.entries(platforms).map(([name, plan]) => {
    const account = targets[name]?.account ?? '111111111111';
    return {
      name,
      account,
      region: 'eu-west-1',
      approval: false,
      deployRoleArn: `arn:aws:iam::${account}:role/shop-${name}-deploy`,
      ...targets[name],
      plan,
    };
  });
  return {
    platform: { ...SHOP, stages },
    assembly: { version: 1, stacks: [] },
    stages: Object.fromEntries(Object.entries(platforms).map(([name, plan]) => [name, recordOf(plan).assembly])),
  };
}

export const BASE_COMMIT = 'a1b2c3d4e5f6a7b8';

/** A PlanIo whose HEAD (and any --base) has `before` at BASE_COMMIT, and whose synthesis is `current`; `files` for --record. */
export function stagedIo(
  before: PlatformRecord,
  current: PlatformRecord,
  policies: { base?: PolicyFiles; current?: PolicyFiles } = {},
  files: Record<string, string> = {},
): PlanIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    committedRecord: (): CommittedRecord => ({ kind: 'found', commit: BASE_COMMIT, text: formatRecordFile(before) }),
    readFile: (path: string) => files[path],
    executionPolicies: (commit?: string) => (commit === undefined ? (policies.current ?? {}) : commit === BASE_COMMIT ? (policies.base ?? {}) : {}),
    currentRecord: () => ({ record: current, how: 'a new synthesis (test)' }),
  };
  return io;
}
