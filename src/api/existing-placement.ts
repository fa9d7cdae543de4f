import { lstatSync, readFileSync } from 'fs';
import { join } from 'path';
import { PLACEMENT_FILE, readPlacement, type Placement } from '../plan';
import type { SpecError } from '../spec/types';

/**
 * The stack placement a repository already has, so that writing into it (`--force`)
 * never moves a service to another stack: its `stack-placement.json`, or nothing for a
 * new or empty target. A placement file that cannot be read is an error, not a reason to
 * place every service anew.
 */
export function existingPlacement(
  dir: string,
): { readonly ok: true; readonly placement?: Placement } | { readonly ok: false; readonly errors: readonly SpecError[] } {
  const file = join(dir, PLACEMENT_FILE);
  let text: string;
  try {
    if (!lstatSync(file).isFile()) {
      return {
        ok: false,
        errors: [
          {
            path: PLACEMENT_FILE,
            message: 'is not a regular file; restore it from git, or remove it to place every service anew (which moves services that are deployed)',
          },
        ],
      };
    }
    text = readFileSync(file, 'utf-8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return { ok: true };
    return {
      ok: false,
      errors: [{ path: PLACEMENT_FILE, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); fix its permissions` }],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, errors: [{ path: PLACEMENT_FILE, message: 'is not valid JSON; restore it from git' }] };
  }
  const read = readPlacement(raw);
  return read.placement ? { ok: true, placement: read.placement } : { ok: false, errors: read.errors };
}
