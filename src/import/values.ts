/**
 * Small readers for manifest values: mappings, interpolations, and how a value is shown
 * in the report (verbatim: `${COPILOT_APPLICATION_NAME}` stays as written).
 */

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A Copilot interpolation (`${NAME}`), which Copilot resolves at deploy and the importer never does. */
export function hasInterpolation(v: unknown): boolean {
  return typeof v === 'string' && /\$\{[^}]*\}/.test(v);
}

const MAX_SHOWN = 160;

/** The value as the report shows it: strings quoted as written, structures in compact JSON, cut at 160 characters. */
export function shown(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'undefined' : JSON.stringify(v);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** A dotted field path for the report: `environments.prod.count`. */
export function dotted(path: readonly (string | number)[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** Every string leaf of a value, with its path below `base`. */
export function stringLeaves(v: unknown, base: readonly (string | number)[]): { path: (string | number)[]; value: string }[] {
  if (typeof v === 'string') return [{ path: [...base], value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, [...base, i]));
  if (isMapping(v)) return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...base, k]));
  return [];
}
