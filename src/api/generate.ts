import { readPlacement, type Placement, type Plan } from '../plan';
import { kindOf, show } from '../spec/messages';
import type { Spec, SpecError } from '../spec/types';
import { generateFiles, planInput } from './pass';
import { readOption } from './read-option';
import { snapshot } from './snapshot';

/**
 * Who a generated file belongs to once it is written. The generator's own files are
 * rewritten by every `npx projen` (and by `--force`); the user's are written once, when
 * missing, and are theirs from then on: the app folders (`services/<name>/**`),
 * `src/main.ts` and `.projenrc.ts`.
 */
export type FileOwner = 'generator' | 'user';

/** One file of a generated repository. */
export interface GeneratedFile {
  /** Relative path, POSIX separators. */
  readonly path: string;
  readonly contents: string;
  /** Written read-only (projen-managed: edit .projenrc.ts instead). */
  readonly readonly: boolean;
  readonly executable: boolean;
  readonly owner: FileOwner;
  /**
   * For a user-owned file, what the user owns it as: its app folder (`services/orders`)
   * or the file itself. Writing into an existing repository writes the file only when
   * this path is absent.
   */
  readonly userRoot?: string;
}

export interface GenerateOptions {
  /**
   * How the generated repository depends on create-fargate-connect (npm spec).
   * @default the running version's caret range
   */
  readonly generatorDependency?: string;
  /**
   * Where the repository's services already are (its `stack-placement.json`): writing
   * into an existing repository keeps every service in its stack.
   * @default - a new repository: services are placed anew
   */
  readonly placement?: Placement;
}

export type GenerateResult =
  | { readonly ok: true; readonly spec: Spec; readonly plan: Plan; readonly files: readonly GeneratedFile[]; readonly errors: readonly [] }
  | { readonly ok: false; readonly errors: readonly SpecError[] };

export type Failure = { readonly ok: false; readonly errors: readonly SpecError[] };

/**
 * Turns a raw spec (parsed YAML/JSON, or an object) into every file of the repository,
 * without touching the caller's disk. The projen part is synthesized the way projen
 * itself does it (into a private scratch folder that is removed before returning), so
 * the files are exactly what `npx projen` will keep regenerating in the new repository.
 *
 * The input is read once (see snapshot.ts) and goes through each stage once (pass.ts);
 * every problem comes back as data.
 */
export function generate(input: unknown, options?: GenerateOptions): GenerateResult {
  return generateInto(input, options, undefined);
}

/** `generate`, for a target that already has infrastructure switches (see existingInfraSwitches). */
export function generateInto(
  input: unknown,
  options: GenerateOptions | undefined,
  existingSwitches: Readonly<Record<string, boolean>> | undefined,
): GenerateResult {
  const opts = readOptions(options);
  if (!opts.ok) return opts;
  const copy = snapshot(input, '', 'the spec');
  if (!copy.ok) return copy;
  const planned = planInput(copy.value, opts.placement);
  if (!planned.ok) return planned;
  return generateFiles(planned, opts.generatorDependency, existingSwitches);
}

/** The options, each read once and checked: `undefined`, or an object whose generatorDependency is a string. */
export function readOptions(
  options: unknown,
): { readonly ok: true; readonly generatorDependency?: string; readonly placement?: Placement } | Failure {
  if (options === undefined) return { ok: true };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return {
      ok: false,
      errors: [
        { path: 'options', message: `${kindOf(options)} was given, expected an object such as { generatorDependency: "^1.0.0" }, or nothing` },
      ],
    };
  }
  const read = readOption(options, 'generatorDependency');
  if (!read.ok) return read;
  const dependency = read.value;
  if (dependency !== undefined && (typeof dependency !== 'string' || dependency.trim() === '')) {
    return {
      ok: false,
      errors: [
        {
          path: 'options.generatorDependency',
          message: `${show(dependency)} was given, expected an npm dependency spec such as "^1.0.0" or "file:/path/x.tgz"`,
        },
      ],
    };
  }
  const placementRead = readOption(options, 'placement');
  if (!placementRead.ok) return placementRead;
  if (placementRead.value === undefined) return { ok: true, generatorDependency: dependency };
  const copy = snapshot(placementRead.value, 'options.placement', 'the placement');
  if (!copy.ok) return copy;
  const placement = readPlacement(copy.value);
  if (!placement.placement)
    return { ok: false, errors: placement.errors.map((e) => ({ path: `options.placement (${e.path})`, message: e.message })) };
  return { ok: true, generatorDependency: dependency, placement: placement.placement };
}
