import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix } from 'path';
import { formatPlacement, PLACEMENT_FILE, placementErrors, planPlatform, readPlacement, type Placement, type Plan } from '../plan';
import { AppFolder } from '../project/app-folder';
import { FargateConnectProject } from '../project/fargate-connect-project';
import { UserFile } from '../project/user-file';
import { renderFrontDoorFile } from '../render';
import { kindOf, show } from '../spec/messages';
import { normalizeSpec } from '../spec/normalize';
import type { Spec, SpecError } from '../spec/types';
import { fsReason } from './fs-error';
import { projenrcContext } from './projenrc-context';
import { readOption } from './read-option';
import { escapeUnsafe, showPath } from './show-path';
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

type Failure = { readonly ok: false; readonly errors: readonly SpecError[] };

/**
 * Turns a raw spec (parsed YAML/JSON, or an object) into every file of the repository,
 * without touching the caller's disk. The projen part is synthesized the way projen
 * itself does it (into a private scratch folder that is removed before returning), so
 * the files are exactly what `npx projen` will keep regenerating in the new repository.
 *
 * The input is read once (see snapshot.ts); every problem comes back as data.
 */
export function generate(input: unknown, options?: GenerateOptions): GenerateResult {
  const opts = readOptions(options);
  if (!opts.ok) return opts;
  const copy = snapshot(input, '', 'the spec');
  if (!copy.ok) return copy;
  try {
    return generateFrom(copy.value, opts.generatorDependency, opts.placement);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, errors: [{ path: '', message: `generating the repository failed: ${escapeUnsafe(message)}` }] };
  }
}

/** The options, each read once and checked: `undefined`, or an object whose generatorDependency is a string. */
export function readOptions(options: unknown): { readonly ok: true; readonly generatorDependency?: string; readonly placement?: Placement } | Failure {
  if (options === undefined) return { ok: true };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return { ok: false, errors: [{ path: 'options', message: `${kindOf(options)} was given, expected an object such as { generatorDependency: "^1.0.0" }, or nothing` }] };
  }
  const read = readOption(options, 'generatorDependency');
  if (!read.ok) return read;
  const dependency = read.value;
  if (dependency !== undefined && (typeof dependency !== 'string' || dependency.trim() === '')) {
    return {
      ok: false,
      errors: [{ path: 'options.generatorDependency', message: `${show(dependency)} was given, expected an npm dependency spec such as "^1.0.0" or "file:/path/x.tgz"` }],
    };
  }
  const placementRead = readOption(options, 'placement');
  if (!placementRead.ok) return placementRead;
  if (placementRead.value === undefined) return { ok: true, generatorDependency: dependency };
  const copy = snapshot(placementRead.value, 'options.placement', 'the placement');
  if (!copy.ok) return copy;
  const placement = readPlacement(copy.value);
  if (!placement.placement) return { ok: false, errors: placement.errors.map((e) => ({ path: `options.placement (${e.path})`, message: e.message })) };
  return { ok: true, generatorDependency: dependency, placement: placement.placement };
}

function generateFrom(input: unknown, generatorDependency: string | undefined, placement: Placement | undefined): GenerateResult {
  const result = normalizeSpec(input);
  if (!result.ok) return { ok: false, errors: result.errors };
  const spec = result.spec;
  const plan = planPlatform(spec, placement ? { placement } : {});
  const tooLarge = placementErrors(spec.services, plan);
  if (tooLarge.length > 0) return { ok: false, errors: tooLarge };

  const scratch = makeScratch();
  if (!scratch.ok) return scratch;
  // The project type reads the placement from its folder, as `npx projen` does in a repository.
  if (placement) writeFileSync(join(scratch.dir, PLACEMENT_FILE), formatPlacement(placement));
  const previousPost = process.env.PROJEN_DISABLE_POST;
  try {
    // No install or other post-synth side effects: the front doors decide about those.
    process.env.PROJEN_DISABLE_POST = 'true';
    const project = new FargateConnectProject({ ...(input as object), outdir: scratch.dir, generatorDependency } as never);
    // App folders come back as data rather than through the scratch folder (see AppFolder).
    const appFiles = project.components
      .filter((c): c is AppFolder => c instanceof AppFolder)
      .flatMap((c) => c.detach().map((f): GeneratedFile => ({ ...f, readonly: false, executable: false, owner: 'user', userRoot: c.dir })));
    const userFiles = new Set(project.components.filter((c): c is UserFile => c instanceof UserFile).map((c) => c.path));
    project.synth();
    const files = readTree(scratch.dir).map((f): GeneratedFile => (userFiles.has(f.path) ? { ...f, owner: 'user', userRoot: f.path } : f));
    files.push(...appFiles);
    files.push({
      path: '.projenrc.ts',
      contents: renderFrontDoorFile('.projenrc.ts', projenrcContext(input as Record<string, unknown>)),
      readonly: false,
      executable: false,
      owner: 'user',
      userRoot: '.projenrc.ts',
    });
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { ok: true, spec, plan, files, errors: [] };
  } finally {
    if (previousPost === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previousPost;
    rmSync(scratch.dir, { recursive: true, force: true });
  }
}

/** projen synthesizes into a folder: a private one under the temporary folder. */
function makeScratch(): { readonly ok: true; readonly dir: string } | Failure {
  const tmp = tmpdir();
  try {
    return { ok: true, dir: mkdtempSync(join(tmp, 'fargate-connect-')) };
  } catch (err) {
    return {
      ok: false,
      errors: [{ path: 'TMPDIR', message: `the temporary folder ${showPath(tmp)} cannot be used (${fsReason(err)}); set TMPDIR to a writable folder` }],
    };
  }
}

function readTree(root: string): GeneratedFile[] {
  const out: GeneratedFile[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const childRel = rel ? posix.join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) walk(childRel);
      else if (entry.isFile()) {
        const abs = join(root, childRel);
        const mode = statSync(abs).mode;
        out.push({
          path: childRel,
          contents: readFileSync(abs, 'utf-8'),
          readonly: (mode & 0o200) === 0,
          executable: (mode & 0o100) !== 0,
          owner: 'generator',
        });
      }
    }
  };
  walk('');
  return out;
}
