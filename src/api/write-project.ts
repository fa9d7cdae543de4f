import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync, accessSync, constants } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import type { SpecError } from '../spec/types';
import type { Plan } from '../plan';
import { generate, type GeneratedFile, type GenerateOptions } from './generate';

export interface WriteProjectOptions extends GenerateOptions {
  /** Write into a non-empty directory, replacing only the files the generator writes. @default false */
  readonly force?: boolean;
  /** Replaces the file writer, so tests can make a write fail midway. @default fs.writeFileSync */
  readonly writeFile?: (path: string, contents: string) => void;
}

export type WriteProjectResult =
  | { readonly ok: true; readonly dir: string; readonly plan: Plan; readonly files: readonly GeneratedFile[]; readonly errors: readonly [] }
  | { readonly ok: false; readonly errors: readonly SpecError[] };

/** Why a target directory cannot be written, as a spec-style error at path `target`. */
/** `shown` is how messages name the target: as the user wrote it. */
export function checkTarget(dir: string, force: boolean, shown: string = dir): SpecError | undefined {
  const abs = resolve(dir);
  const parent = dirname(abs);
  if (!existsSync(parent)) {
    return { path: 'target', message: `the parent directory ${parent} does not exist; create it first or choose another target` };
  }
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    return { path: 'target', message: `the parent directory ${parent} is not writable; choose another target` };
  }
  if (!existsSync(abs)) return undefined;
  if (!statSync(abs).isDirectory()) return { path: 'target', message: `${shown} exists and is not a directory; choose another target` };
  const entries = readdirSync(abs);
  if (entries.length > 0 && !force) {
    return {
      path: 'target',
      message: `${shown} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); choose an empty or new directory, or pass --force to write into it (files the generator does not write are kept)`,
    };
  }
  return undefined;
}

/**
 * Generates the repository for `input` and writes it to `dir`. All or nothing: files are
 * written to a staging folder beside the target first and moved into place only once all
 * of them are there, so a failure leaves the target as it was. Errors come back as data.
 */
export function writeProject(dir: string, input: unknown, options: WriteProjectOptions = {}): WriteProjectResult {
  const generated = generate(input, options);
  if (!generated.ok) return generated;
  const targetError = checkTarget(dir, options.force ?? false);
  if (targetError) return { ok: false, errors: [targetError] };

  const target = resolve(dir);
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.staging-`));
  const write = options.writeFile ?? ((p: string, c: string) => writeFileSync(p, c));
  try {
    for (const f of generated.files) {
      const abs = join(staging, f.path);
      mkdirSync(dirname(abs), { recursive: true });
      write(abs, f.contents);
      chmodSync(abs, f.readonly ? (f.executable ? 0o555 : 0o444) : f.executable ? 0o755 : 0o644);
    }
    commit(staging, target, generated.files);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    return { ok: false, errors: [{ path: 'target', message: `writing ${dir} failed, nothing was changed: ${(err as Error).message}` }] };
  }
  return { ok: true, dir: target, plan: generated.plan, files: generated.files, errors: [] };
}

/** Moves the staged tree into place: one rename for a new or empty target, else file by file. */
function commit(staging: string, target: string, files: readonly GeneratedFile[]): void {
  if (existsSync(target) && readdirSync(target).length === 0) rmdirSync(target);
  if (!existsSync(target)) {
    renameSync(staging, target);
    return;
  }
  // --force into a non-empty directory: replace only the generator's own paths.
  for (const f of files) {
    const to = join(target, f.path);
    mkdirSync(dirname(to), { recursive: true });
    if (existsSync(to) && statSync(to).isDirectory()) throw new Error(`${f.path} is a directory in the target`);
    renameSync(join(staging, f.path), to);
  }
  rmSync(staging, { recursive: true, force: true });
}
