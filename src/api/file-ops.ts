/**
 * The file system calls that change a disk, in one object: writing goes through it so
 * that tests can make any one of them fail, or stop the world after it (a crash), and
 * check what a later run makes of what is left. Reads go to `fs` directly.
 */
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'fs';

export interface FileOps {
  rename(from: string, to: string): void;
  /** One folder, with the mode the umask gives. */
  mkdir(path: string): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  /** Creates (or replaces) a file; `mode` is subject to the umask. */
  writeFile(path: string, contents: string, mode?: number): void;
  chmod(path: string, mode: number): void;
  /** Removes a folder and everything under it; absent is fine. */
  removeTree(path: string): void;
  /** A new private (0700) folder named `prefix` plus six random characters. */
  makeTempDir(prefix: string): string;
}

export const REAL_FILE_OPS: FileOps = {
  rename: (from, to) => renameSync(from, to),
  mkdir: (path) => mkdirSync(path),
  rmdir: (path) => rmdirSync(path),
  unlink: (path) => unlinkSync(path),
  writeFile: (path, contents, mode) => writeFileSync(path, contents, mode === undefined ? undefined : { mode }),
  chmod: (path, mode) => chmodSync(path, mode),
  removeTree: (path) => rmSync(path, { recursive: true, force: true }),
  makeTempDir: (prefix) => mkdtempSync(prefix),
};
