/**
 * The spec `--yes` uses when no `--config` is given, and the project name a directory
 * suggests (also the prompts' default).
 */
import { basename, resolve } from 'path';
import * as m from '../spec/messages';
import { LIMITS, validateProjectName } from '../spec/rules';
import { STARTER_SERVICES } from '../spec/starter';
import type { Role, SpecError } from '../spec/types';

/** The port offered for a public front end and for everything else. */
export const DEFAULT_PORTS = { public: 3000, private: 8080 } as const;

/** A service as the user gave it: only the keys whose value is not the default. */
export interface RawService {
  readonly name: string;
  readonly role: Role;
  readonly port: number;
  readonly public?: true;
  readonly publicPath?: string;
  readonly calls?: readonly string[];
}

/** A spec as the user gave it: what `--save-config` writes and `--config` reads back. */
export interface RawSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly services: readonly RawService[];
}

/**
 * A valid project name derived from a directory name, or `undefined`: lowercase, runs of
 * other characters become one hyphen, leading digits and hyphens are dropped, and the
 * result is cut to the maximum length. `My_Shop` gives `my-shop`; `2024` gives nothing.
 */
export function projectNameFromDir(dirName: string): string | undefined {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, LIMITS.projectNameMaxLength)
    .replace(/-+$/, '');
  return validateProjectName(name) === undefined ? name : undefined;
}

/** The spec `--yes` uses when no `--config` is given: the starter services, named after the target directory. */
export function starterSpec(
  dir: string,
  cwd: string,
): { readonly ok: true; readonly spec: RawSpec } | { readonly ok: false; readonly errors: readonly SpecError[] } {
  const base = basename(resolve(cwd, dir));
  const name = projectNameFromDir(base);
  if (name === undefined) {
    const problem = validateProjectName(base) ?? m.notValid(base);
    return {
      ok: false,
      errors: [
        { path: 'name', message: `${problem} (without --config the project is named after the directory; rename it or pass --config <file>)` },
      ],
    };
  }
  return {
    ok: true,
    spec: {
      name,
      services: STARTER_SERVICES,
    },
  };
}
