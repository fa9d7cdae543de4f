/**
 * What a target folder allows, decided before anything is written: `checkTarget` for the
 * folder itself, `planCommit` for every path a write into an existing folder would touch.
 * Both only read the disk.
 */
import { accessSync, constants, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Stats } from 'fs';
import { dirname, join, resolve } from 'path';
import type { SpecError } from '../spec/types';
import { errorCode, fsReason } from './fs-error';
import type { GeneratedFile } from './generate';
import { showPath } from './show-path';

/**
 * Names of the folders a write keeps beside or inside its target while it runs: a new
 * target is staged beside itself, a write into an existing folder is staged and journaled
 * inside it. Entries with this prefix are the generator's own, never the user's.
 */
export const ARTIFACT_PREFIX = '.fargate-connect-';

export function isArtifact(name: string): boolean {
  return name.startsWith(ARTIFACT_PREFIX);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

function canWriteInto(dir: string): 'ok' | 'enter' | 'write' {
  try {
    accessSync(dir, constants.X_OK);
  } catch {
    return 'enter';
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return 'write';
  }
  return 'ok';
}

/** The closest ancestor of `abs` that exists and is not a folder, if that is why `abs` cannot be. */
function nearestFile(abs: string): string | undefined {
  for (let p = dirname(abs); p !== dirname(p); p = dirname(p)) {
    try {
      return statSync(p).isDirectory() ? undefined : p;
    } catch {
      // not there either: look further up
    }
  }
  return undefined;
}

/** A target given to the API: a non-empty string that names a path. */
export function checkTargetArgument(dir: unknown): SpecError | undefined {
  if (typeof dir !== 'string' || dir === '') {
    const given = typeof dir === 'string' ? 'an empty string' : dir === null ? 'null' : Array.isArray(dir) ? 'a list' : `a ${typeof dir}`;
    return { path: 'target', message: `${given} was given; the target is the path of a folder (a non-empty string)` };
  }
  if (dir.includes('\0')) return { path: 'target', message: `${showPath(dir)} holds a NUL character, which no path can` };
  return undefined;
}

/**
 * Why a target directory cannot be written, as a spec-style error at path `target`.
 * `shown` is how messages name the target: as the user wrote it.
 */
export function checkTarget(dir: string, force: boolean, shown: string = dir): SpecError | undefined {
  const bad = checkTargetArgument(dir);
  if (bad) return bad;
  const abs = resolve(dir);
  const parent = dirname(abs);
  const fail = (message: string): SpecError => ({ path: 'target', message });
  let stat: Stats | undefined;
  try {
    stat = lstatOrUndefined(abs);
  } catch (err) {
    if (errorCode(err) === 'ENOTDIR') {
      const file = nearestFile(abs);
      if (file !== undefined)
        return fail(`${showPath(file)} is a file, not a directory, so ${showPath(shown)} cannot be created in it; choose another target`);
    }
    if (errorCode(err) === 'EACCES' && canWriteInto(parent) === 'enter') {
      return fail(`the parent directory ${showPath(parent)} cannot be entered (no search permission); choose another target`);
    }
    return fail(`${showPath(shown)} cannot be used (${fsReason(err)}); choose another target`);
  }
  if (stat === undefined) {
    let parentStat: Stats;
    try {
      parentStat = statSync(parent);
    } catch (err) {
      return errorCode(err) === 'ENOENT'
        ? fail(`the parent directory ${showPath(parent)} does not exist; create it first or choose another target`)
        : fail(`the parent directory ${showPath(parent)} cannot be used (${fsReason(err)}); choose another target`);
    }
    if (!parentStat.isDirectory()) return fail(`the parent ${showPath(parent)} is a file, not a directory; choose another target`);
    const access = canWriteInto(parent);
    if (access === 'enter') return fail(`the parent directory ${showPath(parent)} cannot be entered (no search permission); choose another target`);
    if (access === 'write') return fail(`the parent directory ${showPath(parent)} is not writable; choose another target`);
    return undefined;
  }
  if (stat.isSymbolicLink()) {
    // The target itself may be a link the user chose (to a folder); links inside it are refused later.
    try {
      stat = statSync(abs);
    } catch {
      return fail(`${showPath(shown)} is a symbolic link to nothing (${showPath(readlinkSync(abs))}); choose another target`);
    }
  }
  if (!stat.isDirectory()) return fail(`${showPath(shown)} exists and is not a directory; choose another target`);
  let entries: string[];
  try {
    entries = readdirSync(abs).filter((e) => !isArtifact(e));
  } catch (err) {
    return fail(`${showPath(shown)} cannot be read (${fsReason(err)}); choose another target`);
  }
  if (entries.length > 0 && !force) {
    return fail(
      `${showPath(shown)} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); choose an empty or new directory, or pass --force to write into it (files the generator does not write are kept)`,
    );
  }
  const access = canWriteInto(abs);
  if (access !== 'ok') return fail(`${showPath(shown)} is not writable; choose another target`);
  return undefined;
}

/** Why the file list of a generate result cannot be written anywhere, if it cannot. */
export function checkFilePaths(files: readonly GeneratedFile[]): SpecError[] {
  const errors: SpecError[] = [];
  const seen = new Set<string>();
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = typeof f.path === 'string' ? f.path.split('/') : [];
    const safe =
      parts.length > 0 && parts.every((p) => p !== '' && p !== '.' && p !== '..' && !p.includes('\\') && !p.includes('\0')) && !isArtifact(parts[0]);
    const root = f.userRoot;
    if (!safe) errors.push({ path: 'files', message: `${showPath(String(f.path))} is not a relative path inside the repository` });
    else if (root !== undefined && root !== f.path && !f.path.startsWith(`${root}/`)) {
      errors.push({
        path: 'files',
        message: `${showPath(f.path)} has the user root ${showPath(root)}, which is neither the file nor a folder holding it`,
      });
    } else if (seen.has(f.path)) errors.push({ path: 'files', message: `${showPath(f.path)} is listed twice` });
    seen.add(f.path);
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const d of dirs) if (seen.has(d)) errors.push({ path: 'files', message: `${showPath(d)} is listed as a file and holds other files` });
  return errors;
}

/** One file a commit writes: `backup` when it replaces a file that is there now. */
export interface CommitOp {
  readonly path: string;
  readonly backup: boolean;
}

/** What a write into an existing folder will do, before it does it. */
export interface CommitPlan {
  /** Folders to create, parents first (relative paths). */
  readonly dirs: readonly string[];
  readonly ops: readonly CommitOp[];
  /** User-owned paths already there, left as they are. */
  readonly kept: readonly string[];
  /** Generator-owned files already there with the same bytes (and mode): nothing to do. */
  readonly unchanged: readonly string[];
}

/** The mode of a generated file under a umask that leaves `folderMode` of 0777. */
export function fileMode(f: GeneratedFile, folderMode: number): number {
  const base = f.executable ? 0o777 : 0o666;
  return (f.readonly ? base & ~0o222 : base) & folderMode;
}

/** Whether the regular file at `abs` already is `f` (bytes, and the mode when `folderMode` is known). */
function sameFile(abs: string, st: Stats, f: GeneratedFile, folderMode: number | undefined): boolean {
  if (folderMode !== undefined && (st.mode & 0o7777) !== fileMode(f, folderMode)) return false;
  if (st.size !== Buffer.byteLength(f.contents)) return false;
  try {
    return readFileSync(abs, 'utf-8') === f.contents;
  } catch {
    return false;
  }
}

const MAX_LISTED = 20;

/**
 * Whether the user already has `root` in `target` (anything there counts, a link too).
 * When the way to it cannot be read, it counts as absent: writing it then reports why.
 */
function userPathPresent(target: string, root: string): boolean {
  try {
    return lstatOrUndefined(join(target, root)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Decides, for every generated file, whether it is written into the existing folder
 * `target`, and checks that it can be without leaving it: no symbolic link and no other
 * file system on the way, a folder wherever one is needed, a regular file (or nothing)
 * wherever a file goes, and folders it may write into. Generator-owned files are written
 * unless already identical; user-owned ones only when their `userRoot` is absent. Every
 * problem is listed.
 */
export function planCommit(
  target: string,
  files: readonly GeneratedFile[],
  shown: string,
  folderMode?: number,
): { ok: true; plan: CommitPlan } | { ok: false; errors: SpecError[] } {
  const problems: string[] = [];
  const show = (rel: string) => showPath(join(shown, rel));
  const rootDev = statSync(target).dev;
  // Each relative folder: 'ok' (usable), 'new' (to create) or 'bad' (already reported).
  const dirState = new Map<string, 'ok' | 'new' | 'bad'>([['', 'ok']]);
  const dirs: string[] = [];
  const ops: CommitOp[] = [];
  const kept = new Set<string>();
  const unchanged: string[] = [];

  const checkDir = (rel: string): 'ok' | 'new' | 'bad' => {
    const known = dirState.get(rel);
    if (known !== undefined) return known;
    const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    const parentState = checkDir(parent);
    let state: 'ok' | 'new' | 'bad';
    if (parentState === 'bad') state = 'bad';
    else if (parentState === 'new') state = 'new';
    else {
      const abs = join(target, rel);
      let st: Stats | undefined;
      try {
        st = lstatOrUndefined(abs);
      } catch (err) {
        problems.push(`${show(rel)} cannot be read (${fsReason(err)})`);
        st = undefined;
        state = 'bad';
        dirState.set(rel, state);
        return state;
      }
      if (st === undefined) state = 'new';
      else if (st.isSymbolicLink()) {
        problems.push(
          `${show(rel)} is a symbolic link (to ${showPath(readlinkSync(abs))}); the generator never writes through a link: remove it, or choose another target`,
        );
        state = 'bad';
      } else if (!st.isDirectory()) {
        problems.push(`${show(rel)} is a file where the generator writes a folder; move it away, or choose another target`);
        state = 'bad';
      } else if (st.dev !== rootDev) {
        problems.push(`${show(rel)} is on another file system (a mount point inside the target); the generator writes into one file system only`);
        state = 'bad';
      } else state = 'ok';
    }
    if (state === 'new') dirs.push(rel);
    if (state === 'ok' && rel !== '') {
      const access = canWriteInto(join(target, rel));
      if (access !== 'ok') {
        problems.push(`${show(rel)} is not writable; the generator writes into it`);
        state = 'bad';
      }
    }
    dirState.set(rel, state);
    return state;
  };

  for (const f of files) {
    if (f.owner === 'user') {
      const root = f.userRoot ?? f.path;
      if (userPathPresent(target, root)) {
        kept.add(root);
        continue;
      }
    }
    const parent = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
    const state = checkDir(parent);
    if (state === 'bad') continue;
    if (state === 'new') {
      ops.push({ path: f.path, backup: false });
      continue;
    }
    const abs = join(target, f.path);
    let st: Stats | undefined;
    try {
      st = lstatOrUndefined(abs);
    } catch (err) {
      problems.push(`${show(f.path)} cannot be read (${fsReason(err)})`);
      continue;
    }
    if (st === undefined) ops.push({ path: f.path, backup: false });
    else if (st.isFile()) {
      if (sameFile(abs, st, f, folderMode)) unchanged.push(f.path);
      else ops.push({ path: f.path, backup: true });
    } else if (st.isSymbolicLink()) {
      problems.push(
        `${show(f.path)} is a symbolic link (to ${showPath(readlinkSync(abs))}); the generator never writes through a link: remove it, or choose another target`,
      );
    } else if (st.isDirectory())
      problems.push(`${show(f.path)} is a folder where the generator writes a file; move it away, or choose another target`);
    else problems.push(`${show(f.path)} is not a regular file; the generator writes a file there`);
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED).map((message): SpecError => ({ path: 'target', message }));
    if (problems.length > MAX_LISTED) listed.push({ path: 'target', message: `and ${problems.length - MAX_LISTED} more problems like these` });
    return { ok: false, errors: listed };
  }
  return { ok: true, plan: { dirs, ops, kept: [...kept].sort(), unchanged } };
}
