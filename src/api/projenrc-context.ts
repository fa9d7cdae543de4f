/** Keys of a service, in the order the generated `.projenrc.ts` lists them. */
const SERVICE_KEYS = ['name', 'role', 'port', 'public', 'publicPath', 'calls', 'cpu', 'memory', 'desiredCount', 'healthCheckPath', 'image'];
const TOP_KEYS = ['name', 'namespace', 'azs', 'profile', 'domain', 'certificateArn'];

/**
 * The context of `templates/.projenrc.ts.hbs`: the spec as the user wrote it (validated),
 * with every known key present (undefined when not given) so the strict template can ask
 * for any of them, and only the keys the user gave written out: a default left implicit
 * stays implicit (e.g. desiredCount follows the profile).
 */
export function projenrcContext(raw: Record<string, unknown>): Record<string, unknown> {
  const pick = (obj: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, obj[k]]));
  const services = Array.isArray(raw.services) ? (raw.services as Record<string, unknown>[]) : [];
  return { ...pick(raw, TOP_KEYS), services: services.map((s) => pick(s, SERVICE_KEYS)) };
}
