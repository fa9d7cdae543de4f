import type { Plan, PlannedService } from '../../plan';
import type { EntryRoute } from './entry';

/** Everything local runs binds here: nothing is reachable from outside the machine. */
export const LOCAL_HOST = '127.0.0.1';

/** One service as `npx projen local` runs it. */
export interface LocalService {
  readonly name: string;
  readonly spec: PlannedService;
  readonly port: number;
  readonly url: string;
  /**
   * The app's environment: the spec's `environment` (as in the task definition), with
   * PORT set to the local port and the upstream variables pointed at loopback ports.
   */
  readonly env: Readonly<Record<string, string>>;
  /** The spec's upstream variables, pointed at the upstreams' loopback ports. */
  readonly upstreamEnv: Readonly<Record<string, string>>;
  /** Upstreams earlier in deployOrder: their /health must answer before this one starts. */
  readonly startAfter: readonly string[];
  /** Upstream variables left unset, because their target does not run locally. */
  readonly skipped: readonly { readonly env: string; readonly target: string; readonly reason: string }[];
}

/** Services with an app folder (no `image`, no `dockerBuild`), servers before their callers. */
export function localServiceNames(platform: Plan): string[] {
  const local = new Set(platform.services.filter((s) => !s.image && !s.dockerBuild).map((s) => s.name));
  const ordered = platform.deployOrder.filter((name) => local.has(name));
  // deployOrder lists every service; this only guards against a spec that does not.
  return [...ordered, ...[...local].filter((name) => !ordered.includes(name))];
}

/**
 * Points each service's upstream variables (`ORDERS_URL=http://orders:8080` on ECS) at
 * the loopback port its upstream got.
 */
export function planLocal(platform: Plan, ports: ReadonlyMap<string, number>): LocalService[] {
  const names = localServiceNames(platform);
  const specs = new Map(platform.services.map((s) => [s.name, s]));
  return names.map((name, index) => {
    const spec = specs.get(name)!;
    const port = ports.get(name);
    if (port === undefined) throw new Error(`no local port allocated for ${name}`);
    const upstreamEnv: Record<string, string> = {};
    const skipped: { env: string; target: string; reason: string }[] = [];
    const startAfter: string[] = [];
    for (const upstream of spec.upstreams) {
      const target = upstream.service;
      const targetPort = ports.get(target);
      if (targetPort === undefined) {
        skipped.push({ env: upstream.env, target, reason: unavailableReason(specs.get(target)) });
        continue;
      }
      upstreamEnv[upstream.env] = `http://${LOCAL_HOST}:${targetPort}`;
      // Callees later in deployOrder are the deferred half of a call cycle: not waited for.
      if (names.indexOf(target) < index) startAfter.push(target);
    }
    const upstreamVariables = new Set(spec.upstreams.map((u) => u.env));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(spec.environment)) {
      if (!upstreamVariables.has(key)) env[key] = value;
    }
    Object.assign(env, { PORT: String(port) }, upstreamEnv);
    return { name, spec, port, url: `http://${LOCAL_HOST}:${port}`, env, upstreamEnv, startAfter, skipped };
  });
}

/**
 * The load balancer's rules for the local entry: each public service's `route`, as the
 * generator computed it for the listener, forwarding to the service's loopback port; a
 * public service that does not run locally answers 503, as a target group without
 * targets does.
 */
export function localEntryRoutes(platform: Plan, services: readonly LocalService[]): EntryRoute[] {
  const running = new Map(services.map((s) => [s.name, s]));
  return platform.services.flatMap((spec): EntryRoute[] => {
    if (!spec.route) return [];
    const local = running.get(spec.name);
    const rule = { service: spec.name, priority: spec.route.priority, pathPatterns: [...spec.route.pathPatterns] };
    return [local ? { ...rule, target: local.url } : { ...rule, unavailable: unavailableReason(spec) }];
  });
}

function unavailableReason(spec: PlannedService | undefined): string {
  if (spec?.image) return `runs the image ${spec.image}, not started locally`;
  if (spec?.dockerBuild) return `is built from ${spec.dockerBuild.context}, not started locally (docker compose up --build runs it)`;
  return 'not a service with an app folder';
}
