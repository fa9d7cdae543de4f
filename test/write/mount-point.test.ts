/**
 * Issue 12, item 10: a mount point could not be a target: an empty one failed with EBUSY
 * (the old writer removed the empty folder to rename its staging folder in its place),
 * and `--force` into one with EXDEV (staging beside it, on another file system). Writing
 * into an existing folder now never renames or removes that folder, and stages inside it.
 *
 * Where this runs as root with `unshare`, a real tmpfs is mounted in a private mount
 * namespace; everywhere, the same writes run with file-system calls that refuse, as a
 * mount point would, to rename or remove the target and to rename across it.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync } from 'fs';
import { join, sep } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_FILE_OPS, type FileOps } from '../../src/api/file-ops';
import { writeGeneratedWith } from '../../src/api/write-generated';
import { scratch } from '../cli/helpers';
import { assertBuilt, BIN, can, changedSpec, generated, isRoot, QUIET, specOf, writeSpec } from './helpers';

/** FileOps for a target that is a mount point: it cannot be renamed or removed, nor can anything be renamed across its edge. */
function mountPointOps(target: string): FileOps {
  const inside = (p: string) => p === target || p.startsWith(target + sep);
  const busy = (p: string) => Object.assign(new Error(`EBUSY: resource busy or locked, '${p}'`), { code: 'EBUSY' });
  return {
    ...REAL_FILE_OPS,
    rename: (from, to) => {
      if (from === target || to === target) throw busy(target);
      if (inside(from) !== inside(to))
        throw Object.assign(new Error(`EXDEV: cross-device link not permitted, '${from}' -> '${to}'`), { code: 'EXDEV' });
      REAL_FILE_OPS.rename(from, to);
    },
    rmdir: (p) => {
      if (p === target) throw busy(p);
      REAL_FILE_OPS.rmdir(p);
    },
    removeTree: (p) => {
      if (p === target) throw busy(p);
      REAL_FILE_OPS.removeTree(p);
    },
  };
}

describe('a mount point as the target', () => {
  it('an empty one is written into, and --force into a full one works (simulated mount point)', () => {
    const target = join(scratch(), 'mnt');
    mkdirSync(target);
    const first = writeGeneratedWith(target, generated(specOf(2)), {}, mountPointOps(target));
    expect(first.ok, JSON.stringify(!first.ok && first.errors)).toBe(true);
    const second = writeGeneratedWith(target, generated(changedSpec(2)), { force: true }, mountPointOps(target));
    expect(second.ok, JSON.stringify(!second.ok && second.errors)).toBe(true);
    expect(readdirSync(join(target, 'services')).sort()).toEqual(['added', 's1', 'web']);
  });

  describe('a real tmpfs mount', () => {
    beforeAll(assertBuilt);
    const possible = isRoot && can('unshare', ['-m', 'true']);
    it.runIf(possible)('empty, then --force, then with a mount point inside it (refused, named)', () => {
      const cwd = scratch();
      const a = writeSpec(join(cwd, 'a.yaml'), specOf(2));
      const b = writeSpec(join(cwd, 'b.yaml'), changedSpec(2));
      mkdirSync(join(cwd, 'mnt'));
      mkdirSync(join(cwd, 'copy'));
      const script = [
        'set -u',
        'mount -t tmpfs none mnt || exit 99',
        `node "$BIN" mnt --config ${a} ${QUIET.join(' ')} >first.out 2>&1; echo "first=$?"`,
        `node "$BIN" mnt --config ${b} --force ${QUIET.join(' ')} >second.out 2>&1; echo "second=$?"`,
        // A mount point inside the target, on the way to a file the run writes.
        'mount -t tmpfs none mnt/src/generated || exit 99',
        `node "$BIN" mnt --config ${b} --force ${QUIET.join(' ')} >third.out 2>&1; echo "third=$?"`,
        'umount mnt/src/generated',
        'cp -a mnt/. copy/',
      ].join('\n');
      const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { cwd, encoding: 'utf-8', env: { ...process.env, BIN } });
      expect(r.status, r.stderr).toBe(0);
      const log = (f: string) => readFileSync(join(cwd, f), 'utf-8');
      expect(r.stdout, log('first.out') + log('second.out')).toContain('first=0\nsecond=0\n');
      expect(r.stdout).toContain('third=1');
      expect(log('third.out')).toContain('mnt/src/generated is on another file system (a mount point inside the target)');
      expect(readdirSync(join(cwd, 'copy', 'services')).sort()).toEqual(['added', 's1', 'web']);
      expect(readdirSync(join(cwd, 'copy')).filter((e) => e.startsWith('.fargate-connect-'))).toEqual([]);
    });
  });
});
