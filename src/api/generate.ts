import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix } from 'path';
import { planPlatform, type Plan } from '../plan';
import { AppFolder } from '../project/app-folder';
import { FargateConnectProject } from '../project/fargate-connect-project';
import { renderFrontDoorFile } from '../render';
import { normalizeSpec } from '../spec/normalize';
import type { Spec, SpecError } from '../spec/types';
import { projenrcContext } from './projenrc-context';

/** One file of a generated repository. */
export interface GeneratedFile {
  /** Relative path, POSIX separators. */
  readonly path: string;
  readonly contents: string;
  /** Written read-only (projen-managed: edit .projenrc.ts instead). */
  readonly readonly: boolean;
  readonly executable: boolean;
}

export interface GenerateOptions {
  /**
   * How the generated repository depends on create-fargate-connect (npm spec).
   * @default the running version's caret range
   */
  readonly generatorDependency?: string;
}

export type GenerateResult =
  | { readonly ok: true; readonly spec: Spec; readonly plan: Plan; readonly files: readonly GeneratedFile[]; readonly errors: readonly [] }
  | { readonly ok: false; readonly errors: readonly SpecError[] };

/**
 * Turns a raw spec (parsed YAML/JSON, or an object) into every file of the repository,
 * without touching the caller's disk. The projen part is synthesized the way projen
 * itself does it (into a private scratch folder that is removed before returning), so
 * the files are exactly what `npx projen` will keep regenerating in the new repository.
 */
export function generate(input: unknown, options: GenerateOptions = {}): GenerateResult {
  const result = normalizeSpec(input);
  if (!result.ok) return { ok: false, errors: result.errors };
  const spec = result.spec;
  const plan = planPlatform(spec);
  const generatorDependency = options.generatorDependency;

  const scratch = mkdtempSync(join(tmpdir(), 'fargate-connect-'));
  const previousPost = process.env.PROJEN_DISABLE_POST;
  try {
    // No install or other post-synth side effects: the front doors decide about those.
    process.env.PROJEN_DISABLE_POST = 'true';
    const project = new FargateConnectProject({ ...(input as object), outdir: scratch, generatorDependency } as never);
    // App folders come back as data rather than through the scratch folder (see AppFolder).
    const appFiles = project.components
      .filter((c): c is AppFolder => c instanceof AppFolder)
      .flatMap((c) => c.detach().map((f) => ({ ...f, readonly: false, executable: false })));
    project.synth();
    const files = readTree(scratch);
    files.push(...appFiles);
    files.push({
      path: '.projenrc.ts',
      contents: renderFrontDoorFile('.projenrc.ts', projenrcContext(input as Record<string, unknown>)),
      readonly: false,
      executable: false,
    });
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { ok: true, spec, plan, files, errors: [] };
  } finally {
    if (previousPost === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previousPost;
    rmSync(scratch, { recursive: true, force: true });
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
        });
      }
    }
  };
  walk('');
  return out;
}
