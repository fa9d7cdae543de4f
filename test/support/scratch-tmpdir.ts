/**
 * vitest's global setup: every temporary folder the unit tests make (synthesized apps,
 * written repositories, packed tarballs) goes under one folder for the run, removed when
 * the run ends. Tests that clean up after themselves still do; the ones a failure or a
 * forgotten `rmSync` would leave behind no longer pile up in the machine's /tmp.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'fargate-connect-tests-'));
  // Open to everyone with the sticky bit, as /tmp is: some tests run the CLI as another user.
  chmodSync(dir, 0o1777);
  // os.tmpdir() reads TMPDIR on every call, and the workers inherit this environment.
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
