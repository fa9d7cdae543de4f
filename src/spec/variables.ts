/**
 * The environment variables the platform sets in every app container, which a spec's
 * `environment` and `secrets` may not name. src/plan sets them (PlannedService.environment);
 * the names are decided here so that the normalizer can refuse a clash before planning.
 */

/** `order-api` -> `ORDER_API`: how a service name becomes part of a variable name. */
export function upperSnake(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

/** The variable through which a caller finds a service: `ORDERS_URL`. */
export function urlVariable(service: string): string {
  return `${upperSnake(service)}_URL`;
}

/** Variables every container may get, and why. */
export const PLATFORM_VARIABLES: Readonly<Record<string, string>> = {
  PORT: 'the container port',
  HEALTH_PATH: "the generated app's liveness path",
  PUBLIC_PATH: "a public service's path on the load balancer",
};

/** Every name the platform may set in a spec of these services, with the reason. */
export function reservedVariables(services: readonly string[]): ReadonlyMap<string, string> {
  const reserved = new Map(Object.entries(PLATFORM_VARIABLES));
  for (const s of services) if (!reserved.has(urlVariable(s))) reserved.set(urlVariable(s), `the URL of ${s}, for services that call it`);
  return reserved;
}
