import { DEFAULT_HEALTH_PATH, DEFAULT_PORT, SERVICE_NAME } from './config';
import { parseLevel, type Level } from './log';
import { upstreamsFromEnv, type Upstream } from './upstreams';

/** Everything the app reads from its environment, parsed once at start. */
export interface Settings {
  readonly service: string;
  readonly port: number;
  /** Interface to bind; undefined binds all (needed in a container). */
  readonly host: string | undefined;
  readonly healthPath: string;
  /**
   * The service's path on the public load balancer (`PUBLIC_PATH`), which forwards it
   * unchanged; undefined when the service is not public.
   */
  readonly publicPath: string | undefined;
  readonly logLevel: Level;
  readonly upstreams: readonly Upstream[];
  readonly readyTimeoutMs: number;
  readonly upstreamTimeoutMs: number;
  /** Drain deadline on SIGTERM; ECS kills the task 30 s after SIGTERM by default. */
  readonly shutdownTimeoutMs: number;
}

/** Throws with a readable message when a variable is set but invalid. */
export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const healthPath = env['HEALTH_PATH'] || DEFAULT_HEALTH_PATH;
  if (!healthPath.startsWith('/')) throw new Error(`HEALTH_PATH must start with "/", got ${JSON.stringify(healthPath)}`);
  const publicPath = env['PUBLIC_PATH'] || undefined;
  if (publicPath !== undefined && !publicPath.startsWith('/')) throw new Error(`PUBLIC_PATH must start with "/", got ${JSON.stringify(publicPath)}`);
  return {
    service: SERVICE_NAME,
    port: intFrom(env, 'PORT', DEFAULT_PORT, 0, 65535),
    host: env['HOST'] || undefined,
    healthPath,
    // `/admin/` and `/admin` are the same prefix.
    publicPath: publicPath === undefined ? undefined : publicPath.replace(/\/+$/, '') || '/',
    logLevel: parseLevel(env['LOG_LEVEL']),
    upstreams: upstreamsFromEnv(env),
    readyTimeoutMs: intFrom(env, 'READY_TIMEOUT_MS', 1000, 1, 60_000),
    upstreamTimeoutMs: intFrom(env, 'UPSTREAM_TIMEOUT_MS', 2000, 1, 60_000),
    shutdownTimeoutMs: intFrom(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 25_000),
  };
}

function intFrom(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}
