/**
 * The usual front-door sequence in one call: read the file, parse it, normalize it.
 */
import { normalizeSpec } from './normalize';
import { readSpecFile } from './parse';
import type { NormalizeResult } from './types';

/** Reads, parses and normalizes the spec file at `path`. Parse errors stop before normalizing. */
export function loadSpecFile(path: string): NormalizeResult {
  const parsed = readSpecFile(path);
  return parsed.ok ? normalizeSpec(parsed.value) : { ok: false, errors: parsed.errors };
}
