import { lstatSync, readdirSync, statSync } from 'fs';
import { dirname, join, resolve } from 'path';
import type { Plan } from '../plan';
import { kindOf, show } from '../spec/messages';
import type { SpecError } from '../spec/types';
import { REAL_FILE_OPS, type FileOps } from './file-ops';
import { errorCode, fsReason } from './fs-error';
import type { GeneratedFile, GenerateResult } from './generate';
import { readOption } from './read-option';
import {
  applyPlan,
  changedPaths,
  COMMIT_DIR,
  discard,
  lockJournal,
  NEW_PREFIX,
  readJournal,
  recoverTarget,
  rollBack,
  STAGE_PREFIX,
  writeJournal,
} from './journal';
import { ownerTag } from './run-owner';
import { showPath } from './show-path';
import { checkFilePaths, checkTarget, checkTargetArgument, fileMode, isArtifact, planCommit, type CommitPlan } from './target';

export interface WriteOptions {
  /** Write into a non-empty directory: the generator's files are replaced, the user's written only when missing. @default false */
  readonly force?: boolean;
  /** Replaces the file writer, so tests can make a write fail midway. @default fs.writeFileSync */
  readonly writeFile?: (path: string, contents: string) => void;
  /** How messages name the target, e.g. as the user typed it. @default dir */
  readonly label?: string;
}

export type WriteProjectResult =
  | {
      readonly ok: true;
      readonly dir: string;
      readonly plan: Plan;
      /** Every file of the repository, as generated. */
      readonly files: readonly GeneratedFile[];
      /** The paths written (all of `files` for a new target). */
      readonly written: readonly string[];
      /** User-owned paths that were already there and were left as they are (`services/web`, `src/main.ts`). */
      readonly kept: readonly string[];
      /** Generator-owned files that were already there, identical, and so were not touched. */
      readonly unchanged: readonly string[];
      /** What this run found and finished of an interrupted earlier run, one sentence each. */
      readonly recovered: readonly string[];
      readonly errors: readonly [];
    }
  | {
      readonly ok: false;
      readonly errors: readonly SpecError[];
      /** Present only when a failed write could not put the target back: the paths it left changed. */
      readonly changed?: readonly string[];
    };

/** A successful `generate()` result: what `writeGenerated` writes. */
export type GeneratedProject = Extract<GenerateResult, { ok: true }>;

/** `force`, `writeFile` and `label`, each read once and checked. */
export function readWriteOptions(options: unknown): { ok: true; options: WriteOptions } | { ok: false; errors: readonly SpecError[] } {
  if (options === undefined) return { ok: true, options: {} };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return {
      ok: false,
      errors: [{ path: 'options', message: `${kindOf(options)} was given, expected an object such as { force: true }, or nothing` }],
    };
  }
  const force = readOption(options, 'force');
  if (!force.ok) return force;
  if (force.value !== undefined && typeof force.value !== 'boolean') {
    return { ok: false, errors: [{ path: 'options.force', message: `${show(force.value)} was given, expected true or false` }] };
  }
  const writeFile = readOption(options, 'writeFile');
  if (!writeFile.ok) return writeFile;
  if (writeFile.value !== undefined && typeof writeFile.value !== 'function') {
    return {
      ok: false,
      errors: [{ path: 'options.writeFile', message: `${kindOf(writeFile.value)} was given, expected a function (path, contents) => void` }],
    };
  }
  const label = readOption(options, 'label');
  if (!label.ok) return label;
  if (label.value !== undefined && typeof label.value !== 'string') {
    return { ok: false, errors: [{ path: 'options.label', message: `${kindOf(label.value)} was given, expected a string` }] };
  }
  return {
    ok: true,
    options: {
      force: force.value as boolean | undefined,
      writeFile: writeFile.value as WriteOptions['writeFile'],
      label: label.value as string | undefined,
    },
  };
}

/**
 * Writes what `generate()` returned to `dir`, all or nothing, and nothing outside `dir`:
 *
 * - a new `dir` is staged beside it and renamed into place in one step; if another
 *   process creates `dir` meanwhile, this run fails (with `force`, it writes into it);
 * - an existing `dir` (empty, or any with `force`) keeps its inode, mode and every file
 *   the generator does not write; the generator's files are replaced and the user's
 *   (app folders, `src/main.ts`, `.projenrc.ts`) written only where missing, through the
 *   journal of journal.ts: a failure puts every file back, an interruption is undone by
 *   the next run. Symbolic links, other file systems and files where folders belong are
 *   refused before anything is written.
 *
 * The guarantee holds for one file system and no other writer in `dir` meanwhile; it is
 * against the process stopping (any signal, SIGKILL included), not against power loss
 * (nothing is fsynced).
 */
export function writeGenerated(dir: string, generated: GeneratedProject, options?: WriteOptions): WriteProjectResult {
  const write = readWriteOptions(options);
  if (!write.ok) return write;
  return writeGeneratedWith(dir, generated, write.options, REAL_FILE_OPS);
}

/** `writeGenerated` with its file system calls replaceable (tests make them fail or stop). */
export function writeGeneratedWith(dir: string, generated: GeneratedProject, options: WriteOptions | undefined, ops: FileOps): WriteProjectResult {
  const targetError = checkTargetArgument(dir);
  if (targetError) return { ok: false, errors: [targetError] };
  const read = readGenerated(generated);
  if (!read.ok) return read;
  generated = read.project;
  const pathErrors = checkFilePaths(generated.files);
  if (pathErrors.length > 0) return { ok: false, errors: pathErrors };
  const force = options?.force === true;
  const target = resolve(dir);
  const shown = options?.label ?? dir;
  try {
    const recovered = recoverTarget(target, shown, ops);
    if (!recovered.ok) return recovered;
    const notes = recovered.recovery.notes;
    const checked = checkTarget(target, force, shown);
    if (checked) return { ok: false, errors: [checked] };
    const done = isDirectoryOrLink(target)
      ? writeInto(target, shown, generated.files, force, options?.writeFile, ops)
      : writeNew(target, shown, generated.files, force, options?.writeFile, ops);
    if (!done.ok) return done;
    return {
      ok: true,
      dir: target,
      plan: generated.plan,
      files: generated.files,
      written: done.written,
      kept: done.kept,
      unchanged: done.unchanged,
      recovered: [...notes, ...done.notes],
      errors: [],
    };
  } catch (err) {
    // Every expected failure is handled where it happens; this is the net under them.
    return { ok: false, errors: [{ path: 'target', message: `writing ${showPath(shown)} failed (${fsReason(err)})` }] };
  }
}

/**
 * The caller's generate() result, read once into plain data of our own: what is checked
 * is what is written, whatever the caller's objects do meanwhile.
 */
function readGenerated(generated: unknown): { ok: true; project: GeneratedProject } | { ok: false; errors: SpecError[] } {
  const fail = (message: string) => ({ ok: false as const, errors: [{ path: 'generated', message }] });
  try {
    const g = generated as Partial<GeneratedProject> | null;
    if (typeof g !== 'object' || g === null || g.ok !== true) return fail('expected the successful result of generate() ({ ok: true, files, ... })');
    const files: unknown = g.files;
    if (!Array.isArray(files)) return fail('expected the successful result of generate(): its files are not a list');
    const copy: GeneratedFile[] = [];
    for (const raw of files as Partial<GeneratedFile>[]) {
      const f = {
        path: raw?.path,
        contents: raw?.contents,
        readonly: raw?.readonly,
        executable: raw?.executable,
        owner: raw?.owner,
        userRoot: raw?.userRoot,
      };
      if (typeof f.path !== 'string' || typeof f.contents !== 'string') return fail('every file needs a string path and string contents');
      copy.push({
        path: f.path,
        contents: f.contents,
        readonly: f.readonly === true,
        executable: f.executable === true,
        owner: f.owner === 'user' ? 'user' : 'generator',
        ...(f.owner === 'user' && typeof f.userRoot === 'string' ? { userRoot: f.userRoot } : {}),
      });
    }
    return {
      ok: true,
      project: { ok: true, spec: g.spec as GeneratedProject['spec'], plan: g.plan as GeneratedProject['plan'], files: copy, errors: [] },
    };
  } catch (err) {
    return fail(`reading it threw ${show(String((err as { message?: unknown })?.message ?? err).slice(0, 100))}`);
  }
}

type Written =
  { ok: true; written: string[]; kept: string[]; unchanged: string[]; notes: string[] } | { ok: false; errors: SpecError[]; changed?: string[] };

function isDirectoryOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The mode a new folder gets here (what the umask leaves of 0777), found by making one. */
function newFolderMode(inside: string, ops: FileOps): number {
  const probe = join(inside, '.umask');
  ops.mkdir(probe);
  const mode = statSync(probe).mode & 0o777;
  ops.rmdir(probe);
  return mode;
}

/** Writes `files` under `root` (created folders get the umask's mode). */
function stageFiles(root: string, files: readonly GeneratedFile[], folderMode: number, writeFile: WriteOptions['writeFile'], ops: FileOps): void {
  const made = new Set<string>([root]);
  const ensureDir = (dir: string): void => {
    if (made.has(dir)) return;
    ensureDir(dirname(dir));
    ops.mkdir(dir);
    made.add(dir);
  };
  for (const f of files) {
    const abs = join(root, f.path);
    ensureDir(dirname(abs));
    const mode = fileMode(f, folderMode);
    if (writeFile) {
      writeFile(abs, f.contents);
      ops.chmod(abs, mode);
    } else {
      ops.writeFile(abs, f.contents, mode);
    }
  }
}

/** A new target: staged beside it, then renamed into place in one step. */
function writeNew(
  target: string,
  shown: string,
  files: readonly GeneratedFile[],
  force: boolean,
  writeFile: WriteOptions['writeFile'],
  ops: FileOps,
): Written {
  const parent = dirname(target);
  let stage: string;
  try {
    stage = ops.makeTempDir(join(parent, `${NEW_PREFIX}${ownerTag()}-`));
  } catch (err) {
    return failed(shown, err);
  }
  try {
    const mode = newFolderMode(stage, ops);
    stageFiles(stage, files, mode, writeFile, ops);
    ops.chmod(stage, mode);
    ops.rename(stage, target);
  } catch (err) {
    removeQuietly(stage, ops);
    const code = errorCode(err);
    if ((code === 'EEXIST' || code === 'ENOTEMPTY') && isDirectoryOrLink(target)) {
      if (force) return writeInto(target, shown, files, force, writeFile, ops);
      return {
        ok: false,
        errors: [
          {
            path: 'target',
            message: `${showPath(shown)} was created by another process while this run was writing it; nothing was written (pass --force to write into it)`,
          },
        ],
      };
    }
    return failed(shown, err);
  }
  return { ok: true, written: files.map((f) => f.path), kept: [], unchanged: [], notes: [] };
}

function failed(shown: string, err: unknown): Written {
  return { ok: false, errors: [{ path: 'target', message: `writing ${showPath(shown)} failed, nothing was changed: ${fsReason(err)}` }] };
}

function removeQuietly(path: string, ops: FileOps): void {
  try {
    ops.removeTree(path);
  } catch {
    // Best effort: the next run removes what a dead run left (see recoverTarget).
  }
}

/** An existing folder: staged inside it, then committed through the journal (journal.ts). */
function writeInto(
  target: string,
  shown: string,
  files: readonly GeneratedFile[],
  force: boolean,
  writeFile: WriteOptions['writeFile'],
  ops: FileOps,
): Written {
  let stage: string;
  try {
    stage = ops.makeTempDir(join(target, `${STAGE_PREFIX}${ownerTag()}-`));
  } catch (err) {
    return failed(shown, err);
  }
  const commit = join(target, COMMIT_DIR);
  const byPath = new Map(files.map((f) => [f.path, f]));
  let folderMode: number;
  try {
    folderMode = newFolderMode(stage, ops);
    // Planned and staged before the lock is taken, so that a target that cannot be
    // written is refused at once and the lock is held only for the moves; planning again
    // under the lock decides for good.
    const early = planCommit(target, files, shown, folderMode);
    if (!early.ok) {
      removeQuietly(stage, ops);
      return early;
    }
    ops.mkdir(join(stage, 'new'));
    stageFiles(
      join(stage, 'new'),
      early.plan.ops.map((o) => byPath.get(o.path) as GeneratedFile),
      folderMode,
      writeFile,
      ops,
    );
  } catch (err) {
    removeQuietly(stage, ops);
    return failed(shown, err);
  }
  try {
    writeJournal(stage, lockJournal(), ops);
    ops.rename(stage, commit);
  } catch (err) {
    removeQuietly(stage, ops);
    const code = errorCode(err);
    if (code === 'EEXIST' || code === 'ENOTEMPTY') {
      const holder = readJournal(commit);
      const who = holder ? ` (process ${holder.pid})` : '';
      return {
        ok: false,
        errors: [
          {
            path: 'target',
            message: `another create-fargate-connect run${who} is writing into ${showPath(shown)}; wait for it to finish, then run again`,
          },
        ],
      };
    }
    return failed(shown, err);
  }

  // Under the lock: decide, record, apply.
  let plan: CommitPlan;
  try {
    if (!force) {
      const others = readdirSync(target).filter((e) => !isArtifact(e));
      if (others.length > 0) {
        discard(target, commit, ops);
        return {
          ok: false,
          errors: [
            {
              path: 'target',
              message: `${showPath(shown)} was written by another process while this run was preparing it; nothing was written (pass --force to write into it)`,
            },
          ],
        };
      }
    }
    const planned = planCommit(target, files, shown, folderMode);
    if (!planned.ok) {
      discard(target, commit, ops);
      return { ok: false, errors: planned.errors };
    }
    plan = planned.plan;
    const unstaged = plan.ops.map((o) => byPath.get(o.path) as GeneratedFile).filter((f) => !isDirectoryOrLink(join(commit, 'new', f.path)));
    stageFiles(join(commit, 'new'), unstaged, folderMode, writeFile, ops);
    writeJournal(commit, { ...lockJournal(), dirs: plan.dirs, ops: plan.ops }, ops);
  } catch (err) {
    removeQuietly(commit, ops);
    return failed(shown, err);
  }

  try {
    applyPlan(target, commit, plan, ops);
  } catch (err) {
    const journal = { ...lockJournal(), dirs: plan.dirs, ops: plan.ops };
    try {
      rollBack(target, commit, journal, ops);
    } catch (undoErr) {
      const changed = changedPaths(target, commit, journal);
      const listed = changed
        .slice(0, 20)
        .map((p) => showPath(p))
        .join(', ');
      const more = changed.length > 20 ? ` and ${changed.length - 20} more` : '';
      return {
        ok: false,
        changed,
        errors: [
          {
            path: 'target',
            message:
              `writing ${showPath(shown)} failed (${fsReason(err)}), and putting it back failed too (${fsReason(undoErr)}); ` +
              `${changed.length} files are changed (${listed}${more}); ${showPath(join(shown, COMMIT_DIR))} holds what they replaced, ` +
              'and the next run into this folder puts them back before anything else',
          },
        ],
      };
    }
    try {
      discard(target, commit, ops);
    } catch {
      // Every file is back; only the emptied journal folder is left, for the next run to remove.
    }
    return failed(shown, err);
  }
  const notes: string[] = [];
  try {
    discard(target, commit, ops);
  } catch (err) {
    notes.push(
      `the repository is complete, but ${showPath(join(shown, COMMIT_DIR))} could not be removed (${fsReason(err)}); the next run removes it`,
    );
  }
  return { ok: true, written: plan.ops.map((o) => o.path), kept: [...plan.kept], unchanged: [...plan.unchanged], notes };
}
