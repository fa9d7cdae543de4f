import { SERVICE_KEYS, SPEC_KEYS } from '../spec/normalize';
import { renderFrontDoorFile } from './render-files';

/** Top-level keys the generated `.projenrc.ts` writes out (the services are listed apart). */
const TOP_KEYS = SPEC_KEYS.filter((k) => k !== '$schema' && k !== 'services');

/**
 * The `.projenrc.ts` of a new repository, written by the front doors (the CLI and
 * `projen new`): the spec as the user wrote it (validated), and only the keys the user
 * gave, so a default left implicit stays implicit (e.g. desiredCount follows the profile).
 */
export function renderProjenrc(raw: Record<string, unknown>): string {
  return renderFrontDoorFile('.projenrc.ts', projenrcContext(raw));
}

/**
 * The context of `templates/.projenrc.ts.hbs`: every known key present (undefined when
 * not given), so the strict template can ask for any of them.
 */
function projenrcContext(raw: Record<string, unknown>): Record<string, unknown> {
  const pick = (obj: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, obj[k]]));
  const services = Array.isArray(raw.services) ? (raw.services as Record<string, unknown>[]) : [];
  return { ...pick(raw, TOP_KEYS), services: services.map((s) => pick(s, SERVICE_KEYS)) };
}
