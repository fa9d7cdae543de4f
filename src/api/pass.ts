/**
 * The stages of one pass, raw input → normalized spec → plan → files, each run once and
 * its result passed down: `generate()` runs them back to back; the CLI runs them with its
 * own checks in between (the target after the spec, the placement of an existing
 * repository before the plan, the generator dependency before the files).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix } from 'path';
import { placementErrors, planPlatform, type Placement } from '../plan';
import { AppFolder } from '../project/app-folder';
import { projectFromPlan } from '../project/from-plan';
import type { PlannedSpec } from '../project/handoff';
import { UserFile } from '../project/user-file';
import { newRepositorySwitches } from '../infra/switches';
import { renderProjenrc } from '../render';
import { normalizeSpec } from '../spec/normalize';
import type { Spec } from '../spec/types';
import { fsReason } from './fs-error';
import type { Failure, GeneratedFile, GenerateResult } from './generate';
import { escapeUnsafe, showPath } from './show-path';

/** Raw input that normalized: the input as given (for `.projenrc.ts`) and the spec. */
export interface NormalizedInput {
  readonly ok: true;
  readonly raw: unknown;
  readonly spec: Spec;
}

/** A normalized input and its plan: everything the files are made from. */
export interface PlannedInput extends NormalizedInput, PlannedSpec {}

export function normalizeInput(raw: unknown): NormalizedInput | Failure {
  return guarded(() => {
    const result = normalizeSpec(raw);
    return result.ok ? { ok: true, raw, spec: result.spec } : { ok: false, errors: result.errors };
  });
}

/** The plan of a normalized spec, keeping every service of `placement` in its stack; a stack that would be too large is an error. */
export function planSpec(input: NormalizedInput, placement: Placement | undefined): PlannedInput | Failure {
  return guarded(() => {
    const plan = planPlatform(input.spec, placement ? { placement } : {});
    const tooLarge = placementErrors(input.spec.services, plan);
    return tooLarge.length > 0 ? { ok: false, errors: tooLarge } : { ...input, plan };
  });
}

/** Both stages up to the plan. */
export function planInput(raw: unknown, placement: Placement | undefined): PlannedInput | Failure {
  const normalized = normalizeInput(raw);
  return normalized.ok ? planSpec(normalized, placement) : normalized;
}

/**
 * Every file of the repository, from the plan: the project type is built from it (not
 * from the raw input, so nothing is normalized or planned again) and synthesized once in
 * a private scratch folder; `.projenrc.ts` is rendered from the input as given.
 */
export function generateFiles(
  input: PlannedInput,
  generatorDependency: string | undefined,
  existingSwitches?: Readonly<Record<string, boolean>>,
): GenerateResult {
  const scratch = makeScratch();
  if (!scratch.ok) return scratch;
  const previousPost = process.env.PROJEN_DISABLE_POST;
  try {
    return guarded(() => {
      // No install or other post-synth side effects: the front doors decide about those.
      process.env.PROJEN_DISABLE_POST = 'true';
      // A new repository: every switch of the infrastructure library on, in cdk.json and
      // listed in .projenrc.ts (which keeps them on when a later version adds more). An
      // existing one (its cdk.json) keeps its own: its .projenrc.ts is kept too.
      const infraSwitches = existingSwitches ? { ...existingSwitches } : newRepositorySwitches();
      const project = projectFromPlan(input, { outdir: scratch.dir, generatorDependency, infraSwitches });
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
        contents: renderProjenrc(input.raw as Record<string, unknown>, infraSwitches),
        readonly: false,
        executable: false,
        owner: 'user',
        userRoot: '.projenrc.ts',
      });
      files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { ok: true, spec: input.spec, plan: input.plan, files, errors: [] };
    });
  } finally {
    if (previousPost === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previousPost;
    rmSync(scratch.dir, { recursive: true, force: true });
  }
}

/** An unexpected exception as an error (the API never throws). */
function guarded<T>(stage: () => T | Failure): T | Failure {
  try {
    return stage();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, errors: [{ path: '', message: `generating the repository failed: ${escapeUnsafe(message)}` }] };
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
      errors: [
        { path: 'TMPDIR', message: `the temporary folder ${showPath(tmp)} cannot be used (${fsReason(err)}); set TMPDIR to a writable folder` },
      ],
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
