import type { PlatformSpec, ServiceSpec } from '../../src/infra/platform-spec';

/** Everything local runs binds here: nothing is reachable from outside the machine. */
export const LOCAL_HOST = '127.0.0.1';

/** One service as `npx projen local` runs it. */
export interface LocalService {
  readonly name: string;
  readonly spec: ServiceSpec;
  readonly port: number;
  readonly url: string;
  /** The spec's upstream variables, pointed at the upstreams' loopback ports. */
  readonly env: Readonly<Record<string, string>>;
  /** Upstreams earlier in deployOrder: their /health must answer before this one starts. */
  readonly startAfter: readonly string[];
  /** Upstream variables left unset, because their target does not run locally. */
  readonly skipped: readonly { readonly env: string; readonly target: string; readonly reason: string }[];
}

/** Services with an app folder (no `image`), servers before their callers. */
export function localServiceNames(platform: PlatformSpec): string[] {
  const local = new Set(platform.services.filter((s) => !s.image).map((s) => s.name));
  const ordered = platform.deployOrder.filter((name) => local.has(name));
  // deployOrder lists every service; this only guards against a spec that does not.
  return [...ordered, ...[...local].filter((name) => !ordered.includes(name))];
}

/**
 * Rewrites each service's upstream variables (`ORDERS_URL=http://orders:8080` on ECS)
 * to the loopback port its target got. The target is the URL's host, which on ECS is
 * the Service Connect alias, i.e. the service name.
 */
export function planLocal(platform: PlatformSpec, ports: ReadonlyMap<string, number>): LocalService[] {
  const names = localServiceNames(platform);
  const specs = new Map(platform.services.map((s) => [s.name, s]));
  return names.map((name, index) => {
    const spec = specs.get(name)!;
    const port = ports.get(name);
    if (port === undefined) throw new Error(`no local port allocated for ${name}`);
    const env: Record<string, string> = {};
    const skipped: { env: string; target: string; reason: string }[] = [];
    const startAfter: string[] = [];
    for (const [key, value] of Object.entries(spec.upstreamEnv)) {
      const target = hostOf(value);
      const targetPort = ports.get(target);
      if (targetPort === undefined) {
        const image = specs.get(target)?.image;
        skipped.push({ env: key, target, reason: image ? `runs the image ${image}, not started locally` : 'not a service with an app folder' });
        continue;
      }
      env[key] = `http://${LOCAL_HOST}:${targetPort}`;
      // Callees later in deployOrder are the deferred half of a call cycle: not waited for.
      if (names.indexOf(target) < index) startAfter.push(target);
    }
    return { name, spec, port, url: `http://${LOCAL_HOST}:${port}`, env, startAfter, skipped };
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
