import { closeSync, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'fs';
import { join, posix } from 'path';
import type { CopilotFiles } from '../import';
import { MAX_SPEC_BYTES } from '../spec/parse';

/** Files under copilot/ that are read whole: the manifests and the workspace summary. Others are listed only. */
function readsContents(rel: string): boolean {
  return rel === 'copilot/.workspace' || rel.endsWith('/manifest.yml') || rel === 'copilot/pipeline.yml';
}

const MAX_FILES = 10_000;
const MAX_DEPTH = 8;

/**
 * The files of the workspace at `root` as the importer takes them: manifests with their
 * contents, every other file under copilot/ by name only. Symbolic links are not followed.
 */
export function readCopilotFiles(root: string): CopilotFiles {
  const files: Record<string, string> = {};
  let count = 0;
  const walk = (rel: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (++count > MAX_FILES) return;
      const child = posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child, depth + 1);
      else if (entry.isFile()) files[child] = readsContents(child) ? readBounded(join(root, child)) : '';
    }
  };
  const copilot = join(root, 'copilot');
  if (existsSync(copilot) && lstatSync(copilot).isDirectory()) walk('copilot', 0);
  return files;
}

/** A file's text, at most one byte more than a manifest may have (the parser refuses it then). */
function readBounded(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(fstatSync(fd).size, MAX_SPEC_BYTES + 1));
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
