/**
 * Writing into an existing folder as one transaction, with a journal inside the folder.
 *
 * The folder itself is never renamed or replaced (it may be the caller's working
 * directory or a mount point), so its files are replaced one by one, and the journal
 * makes that all or nothing:
 *
 *   <target>/.fargate-connect-commit/        held by one run at a time (the lock)
 *     journal.json    who holds it; then the folders to create and the files to move
 *     new/<path>      each file to write, staged in full before the first move
 *     old/<path>      each file it replaced, moved aside (same inode, mode and bytes)
 *     committed       present once every file is in place: the commit point
 *
 * A run stages its files in a private `.fargate-connect-stage-<run>-*` folder in the
 * target, then renames that folder to `.fargate-connect-commit`: the rename fails when
 * another run holds it, so at most one run commits at a time. Then it plans (under the
 * lock), records the plan in the journal (written to a temporary name, then renamed over
 * the old one), moves the old files aside and the new ones in, and creates `committed`.
 * Finally it renames the whole folder to `.fargate-connect-trash-<run>-*` and removes it.
 *
 * Whatever point a run stops at, the next run (`recoverTarget`) puts the target back to
 * exactly one of two trees: without `committed`, it moves every backup back and removes
 * every file and folder the journal says were new (the old tree); with it, it only
 * removes the leftovers (the new tree). Each step of that is safe to repeat, so a
 * recovery that is itself interrupted is finished by the one after. All renames stay
 * inside the target, on one file system, where a rename is atomic.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from 'fs';
import { randomBytes } from 'crypto';
import { dirname, join } from 'path';
import type { SpecError } from '../spec/types';
import type { FileOps } from './file-ops';
import { errorCode, fsReason } from './fs-error';
import { isRunning, ownerTag, parseOwnerTag, thisRun, type RunOwner } from './run-owner';
import { showPath } from './show-path';
import { ARTIFACT_PREFIX, type CommitOp, type CommitPlan } from './target';

export const COMMIT_DIR = `${ARTIFACT_PREFIX}commit`;
export const STAGE_PREFIX = `${ARTIFACT_PREFIX}stage-`;
export const TRASH_PREFIX = `${ARTIFACT_PREFIX}trash-`;
/** A new target is staged beside itself, in its parent, under this prefix. */
export const NEW_PREFIX = `${ARTIFACT_PREFIX}new-`;

const JOURNAL = 'journal.json';
const COMMITTED = 'committed';

export interface Journal {
  readonly version: 1;
  readonly pid: number;
  readonly start: number;
  /** Absent until the run holding the lock has planned: nothing was moved yet. */
  readonly dirs?: readonly string[];
  readonly ops?: readonly CommitOp[];
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
}

/** Replaces `<dir>/journal.json` in one rename, so a reader sees the old journal or the new one. */
export function writeJournal(dir: string, journal: Journal, ops: FileOps): void {
  const tmp = join(dir, `${JOURNAL}.tmp`);
  ops.writeFile(tmp, JSON.stringify(journal));
  ops.rename(tmp, join(dir, JOURNAL));
}

function safeRelative(p: unknown): p is string {
  if (typeof p !== 'string' || p === '') return false;
  const parts = p.split('/');
  return parts.every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\0') && !s.includes('\\')) && !parts[0].startsWith(ARTIFACT_PREFIX);
}

/** The journal in `dir`, checked: it only ever names paths inside the target. */
export function readJournal(dir: string): Journal | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, JOURNAL), 'utf-8'));
  } catch {
    return undefined;
  }
  const j = raw as Partial<Journal>;
  if (typeof j !== 'object' || j === null || j.version !== 1 || !Number.isSafeInteger(j.pid) || !Number.isSafeInteger(j.start)) return undefined;
  if (j.ops !== undefined) {
    if (!Array.isArray(j.ops) || !j.ops.every((o) => typeof o === 'object' && o !== null && safeRelative(o.path) && typeof o.backup === 'boolean'))
      return undefined;
    if (!Array.isArray(j.dirs) || !j.dirs.every(safeRelative)) return undefined;
  }
  return j as Journal;
}

/** A folder name for leftovers of this run: `<prefix><run>-<random>`. */
function runName(prefix: string): string {
  return `${prefix}${ownerTag()}-${randomBytes(4).toString('hex')}`;
}

/** Moves `dir` out of the way in one rename, then removes it: an interrupted removal leaves only trash. */
export function discard(target: string, dir: string, ops: FileOps): void {
  const trash = join(target, runName(TRASH_PREFIX));
  ops.rename(dir, trash);
  ops.removeTree(trash);
}

/** Fails when a folder on the way from `target` to `rel` is a symbolic link: recovery never writes through one. */
function assertNoLinkOnTheWay(target: string, rel: string): void {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const abs = join(target, ...parts.slice(0, i));
    try {
      if (lstatSync(abs).isSymbolicLink()) throw new Error(`${parts.slice(0, i).join('/')} became a symbolic link`);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return;
      throw err;
    }
  }
}

/**
 * Undoes whatever part of `journal` was applied: backups go back where they were, files
 * and folders that were new go. Safe to run again after any interruption.
 */
export function rollBack(target: string, commit: string, journal: Journal, ops: FileOps): void {
  const list = journal.ops ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const op = list[i];
    assertNoLinkOnTheWay(target, op.path);
    const dest = join(target, op.path);
    if (op.backup) {
      const backup = join(commit, 'old', op.path);
      if (exists(backup)) ops.rename(backup, dest);
    } else if (exists(dest) && lstatSync(dest).isFile()) {
      ops.unlink(dest);
    }
  }
  const dirs = journal.dirs ?? [];
  for (let i = dirs.length - 1; i >= 0; i--) {
    try {
      ops.rmdir(join(target, dirs[i]));
    } catch (err) {
      const code = errorCode(err);
      if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
  }
}

/** Moves the staged files of `plan` into place, keeping what they replace in `old/`; then marks the commit done. */
export function applyPlan(target: string, commit: string, plan: CommitPlan, ops: FileOps): void {
  for (const d of plan.dirs) ops.mkdir(join(target, d));
  const backupDirs = new Set<string>([join(commit, 'old')]);
  const ensureBackupDir = (dir: string): void => {
    if (backupDirs.has(dir)) return;
    ensureBackupDir(dirname(dir));
    ops.mkdir(dir);
    backupDirs.add(dir);
  };
  ops.mkdir(join(commit, 'old'));
  for (const op of plan.ops) {
    const dest = join(target, op.path);
    if (op.backup) {
      const backup = join(commit, 'old', op.path);
      ensureBackupDir(dirname(backup));
      ops.rename(dest, backup);
    }
    ops.rename(join(commit, 'new', op.path), dest);
  }
  ops.writeFile(join(commit, COMMITTED), '');
}

/** The paths `journal` has changed so far (for a report when undoing them failed). */
export function changedPaths(target: string, commit: string, journal: Journal): string[] {
  const changed: string[] = [];
  for (const op of journal.ops ?? []) {
    try {
      if (op.backup ? exists(join(commit, 'old', op.path)) : exists(join(target, op.path))) changed.push(op.path);
    } catch {
      changed.push(op.path);
    }
  }
  return changed;
}

export interface Recovery {
  /** What was found and done, one sentence each, for the user. */
  readonly notes: readonly string[];
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The run that left `name` (`<prefix><pid>-<start>-<random>`), when it is one of ours. */
function leftoverOwner(name: string, prefix: string): RunOwner | undefined {
  return name.startsWith(prefix) ? parseOwnerTag(name.slice(prefix.length)) : undefined;
}

/**
 * Finishes what interrupted runs left in `target` (an existing folder) and in its parent:
 * an unfinished commit is rolled back (a finished one only cleaned up), staging and trash
 * folders of runs that no longer live are removed. Fails, changing nothing, when another
 * run is writing into the target now.
 */
export function recoverTarget(target: string, shown: string, ops: FileOps): { ok: true; recovery: Recovery } | { ok: false; errors: SpecError[] } {
  const notes: string[] = [];
  const fail = (message: string) => ({ ok: false as const, errors: [{ path: 'target', message }] });
  const parent = dirname(target);
  try {
    for (const name of entries(parent)) {
      const owner = leftoverOwner(name, NEW_PREFIX);
      if (owner !== undefined && !isRunning(owner)) {
        ops.removeTree(join(parent, name));
        notes.push(`removed ${showPath(join(dirname(shown), name))}, a new repository an interrupted run was staging`);
      }
    }
    if (!isDirectory(target)) return { ok: true, recovery: { notes } };
    const names = entries(target);
    if (names.includes(COMMIT_DIR)) {
      const commit = join(target, COMMIT_DIR);
      const journal = readJournal(commit);
      if (journal === undefined) {
        return fail(
          `${showPath(join(shown, COMMIT_DIR))} holds no journal this version can read; if no other create-fargate-connect run is writing here, it is the rest of an interrupted one: check what it holds, remove it, and run again`,
        );
      }
      if (isRunning(journal)) {
        return fail(
          `another create-fargate-connect run (process ${journal.pid}) is writing into ${showPath(shown)}; wait for it to finish, then run again`,
        );
      }
      if (exists(join(commit, COMMITTED))) {
        notes.push(`an interrupted run had finished writing ${showPath(shown)}; removed what it left behind`);
      } else if (journal.ops !== undefined) {
        rollBack(target, commit, journal, ops);
        notes.push(
          `an interrupted run had begun writing ${showPath(shown)}; put back the ${journal.ops.length} files it was replacing or adding, as they were before it`,
        );
      }
      discard(target, commit, ops);
    }
    for (const name of names) {
      for (const prefix of [STAGE_PREFIX, TRASH_PREFIX]) {
        const owner = leftoverOwner(name, prefix);
        if (owner !== undefined && !isRunning(owner)) {
          ops.removeTree(join(target, name));
          if (prefix === STAGE_PREFIX) notes.push(`removed ${showPath(join(shown, name))}, files an interrupted run was staging`);
        }
      }
    }
  } catch (err) {
    return fail(`cleaning up after an interrupted run in ${showPath(shown)} failed (${fsReason(err)}); nothing else was changed`);
  }
  return { ok: true, recovery: { notes } };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The journal a run writes when it takes the lock, before it has planned anything. */
export function lockJournal(): Journal {
  const me = thisRun();
  return { version: 1, pid: me.pid, start: me.start };
}
