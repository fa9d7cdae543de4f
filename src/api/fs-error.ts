/**
 * Operating-system errors in the words of someone choosing a target folder. Node's own
 * messages name the system call (`EACCES: permission denied, mkdir '...'`); these name
 * the problem and leave the path to the caller, who prints it escaped.
 */
import { escapeUnsafe } from './show-path';

export function errorCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ENAMETOOLONG: 'a name is too long for the file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'it does not exist',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the folder is not empty',
  EISDIR: 'it is a folder',
  EXDEV: 'it is on another file system',
  EBUSY: 'it is in use (a mount point?)',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'an input/output error',
};

/** `permission denied`, `no space left on the device`; else the code, else the message. */
export function fsReason(err: unknown): string {
  const code = errorCode(err);
  if (code !== undefined) return REASONS[code] ?? code;
  return escapeUnsafe(err instanceof Error ? err.message : String(err));
}
