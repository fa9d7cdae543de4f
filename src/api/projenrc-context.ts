import { SERVICE_KEYS, SPEC_KEYS } from '../spec/normalize';

/** Top-level keys the generated `.projenrc.ts` writes out (the services are listed apart). */
const TOP_KEYS = SPEC_KEYS.filter((k) => k !== '$schema' && k !== 'services');

/**
 * The context of `templates/.projenrc.ts.hbs`: the spec as the user wrote it (validated),
 * with every known key present (undefined when not given) so the strict template can ask
 * for any of them, and only the keys the user gave written out: a default left implicit
 * stays implicit (e.g. desiredCount follows the profile).
 */
export function projenrcContext(raw: Record<string, unknown>): Record<string, unknown> {
  const pick = (obj: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, obj[k]]));
  const services = Array.isArray(raw.services) ? (raw.services as Record<string, unknown>[]) : [];
  return { ...pick(raw, TOP_KEYS), services: services.map((s) => pick(s, SERVICE_KEYS)) };
}
