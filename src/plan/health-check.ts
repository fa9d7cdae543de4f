import type { Service } from '../spec/types';
import { hasAppFolder } from './app-folder';

/** `healthCheckCommand: none`: no container health check at all. */
export const NO_HEALTH_CHECK = 'none';

/**
 * The health check of an app built from `services/<name>`: its own Node runtime requests
 * `healthCheckPath` (slim images have no curl). The URL goes in as a JSON string literal,
 * so no spec text becomes code.
 */
export function nodeHealthProbe(port: number, healthCheckPath: string): readonly string[] {
  const url = `http://127.0.0.1:${port}${healthCheckPath}`;
  return ['CMD', 'node', '-e', `fetch(${JSON.stringify(url)}).then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))`];
}

/**
 * The container health check of a service as the ECS `command` array, or `undefined` for
 * none: the given `healthCheckCommand` with CMD-SHELL; without one, the node probe for a
 * generated app and none for an `image` or a `dockerBuild` (what it contains is unknown: a probe it cannot
 * run would mark it unhealthy and replace it forever).
 */
export function containerHealthCheck(s: Service): readonly string[] | undefined {
  if (s.healthCheckCommand === NO_HEALTH_CHECK) return undefined;
  if (s.healthCheckCommand !== undefined) return ['CMD-SHELL', s.healthCheckCommand];
  return hasAppFolder(s) ? nodeHealthProbe(s.port, s.healthCheckPath) : undefined;
}
