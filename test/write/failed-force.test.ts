/**
 * Issue 12, item 2: a failed `--force` run must leave the target exactly as it was, byte
 * for byte (modes included), or say precisely what it changed.
 *
 * The repro (a generated path made a folder) and its siblings (a file where a folder
 * belongs, a read-only subfolder) are refused before anything moves. Then every single
 * file-system call of a `--force` write is made to fail in turn: each time, the tree must
 * be what it was and nothing of the run may be left beside or inside it.
 */
import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeProject } from '../../src/api';
import { recoverTarget } from '../../src/api/journal';
import { REAL_FILE_OPS } from '../../src/api/file-ops';
import { writeGeneratedWith } from '../../src/api/write-generated';
import { cli, scratch } from '../cli/helpers';
import {
  assertBuilt,
  can,
  changedSpec,
  faultyOps,
  generated,
  isRoot,
  leftovers,
  QUIET,
  restoreTree,
  runBuilt,
  specOf,
  subtree,
  tree,
  treeDiff,
  writeSpec,
} from './helpers';

/** A repository written from specOf(2), with the user's own edits in it. */
function existingRepo(): { cwd: string; target: string } {
  const cwd = scratch();
  const target = join(cwd, 'out');
  const r = writeProject(target, specOf(2), { generatorDependency: '^0.0.0' });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  writeFileSync(join(target, 'services', 's1', 'src', 'main.ts'), '// my service\n');
  writeFileSync(join(target, 'NOTES.md'), 'mine\n');
  return { cwd, target };
}

describe('a --force run that cannot write changes nothing', () => {
  it('repro: a generated file path that is a folder (vitest.config.mts): exit 1, the tree byte for byte as it was', async () => {
    const { cwd, target } = existingRepo();
    rmSync(join(target, 'vitest.config.mts'));
    mkdirSync(join(target, 'vitest.config.mts'));
    const spec = writeSpec(join(cwd, 'b.yaml'), changedSpec(2));
    const before = tree(cwd);
    const r = await cli(['out', '--config', spec, '--force', ...QUIET], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toContain('out/vitest.config.mts is a folder where the generator writes a file');
    expect(r.err).toContain('nothing was written');
    expect(treeDiff(tree(cwd), before)).toEqual([]);
  });

  it('a file where the generator needs a folder', async () => {
    const { cwd, target } = existingRepo();
    rmSync(join(target, 'src', 'generated'), { recursive: true });
    writeFileSync(join(target, 'src', 'generated'), 'not a folder');
    const spec = writeSpec(join(cwd, 'b.yaml'), changedSpec(2));
    const before = tree(cwd);
    const r = await cli(['out', '--config', spec, '--force', ...QUIET], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toContain('out/src/generated is a file where the generator writes a folder');
    expect(treeDiff(tree(cwd), before)).toEqual([]);
  });

  describe('a read-only subfolder', () => {
    beforeAll(assertBuilt);
    // Root may write anywhere: the run is made as an ordinary user where this runs as root.
    const asUser = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined;
    it.runIf(!isRoot || can('setpriv', ['--version']))('is refused, naming it, and nothing changes', async () => {
      const { cwd, target } = existingRepo();
      const spec = writeSpec(join(cwd, 'b.yaml'), changedSpec(2));
      if (isRoot) spawnChown(cwd);
      chmodSync(join(target, 'src', 'generated'), 0o555);
      const before = tree(cwd);
      const r = await runBuilt(['out', '--config', spec, '--force', ...QUIET], { cwd, wrap: asUser });
      expect(r.err).toContain('out/src/generated is not writable');
      expect(r.code).toBe(1);
      expect(treeDiff(tree(cwd), before)).toEqual([]);
    });
  });

  it('a failure at any one file-system call of the write puts every file back and leaves nothing behind', () => {
    const { cwd, target } = existingRepo();
    const before = tree(cwd);
    const next = generated(changedSpec(2));
    // Count the calls of a whole run on a copy of the same tree, and keep its result.
    const copy = existingRepo();
    const probe = faultyOps(Number.MAX_SAFE_INTEGER, 'fail');
    expect(writeGeneratedWith(copy.target, next, { force: true }, probe.ops).ok).toBe(true);
    const after = tree(copy.target);
    const calls = probe.count;
    expect(calls).toBeGreaterThan(40);
    let succeeded = 0;
    for (let at = 1; at <= calls; at++) {
      const f = faultyOps(at, 'fail');
      const r = writeGeneratedWith(target, next, { force: true }, f.ops);
      const where = `call ${at} of ${calls}: ${f.hit}`;
      if (r.ok) {
        // Only removing the finished journal can fail after the commit point: the tree is
        // the new one, the leftover goes with the next run.
        succeeded++;
        expect(r.recovered.join(' '), where).toContain('could not be removed');
        expect(recoverTarget(target, 'out', REAL_FILE_OPS).ok).toBe(true);
        expect(treeDiff(tree(target), after), where).toEqual([]);
        restoreTree(target, subtree(before, 'out'));
      } else {
        expect(r.changed, where).toBeUndefined();
        expect(treeDiff(tree(cwd), before), where).toEqual([]);
      }
    }
    expect(succeeded).toBeLessThanOrEqual(2);
  });

  it('when putting files back fails too, it says which files changed, and the next run puts them back', async () => {
    const { cwd, target } = existingRepo();
    const before = tree(cwd);
    const next = generated(changedSpec(2));
    // Fail the 10th move into the target, then every call after it (the undo included).
    const moves = faultyOps(
      10,
      'crash',
      (name, args) => name === 'rename' && String(args[1]).startsWith(target) && !String(args[1]).includes('.fargate-connect-'),
    );
    const r = writeGeneratedWith(target, next, { force: true }, moves.ops);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.changed?.length).toBeGreaterThan(0);
    expect(r.errors[0].message).toMatch(/\d+ files are changed \(/);
    expect(r.errors[0].message).toContain('the next run into this folder puts them back');
    expect(tree(cwd)).not.toEqual(before);

    const recovered = recoverTarget(target, 'out', REAL_FILE_OPS);
    expect(recovered.ok).toBe(true);
    expect(treeDiff(tree(cwd), before)).toEqual([]);
    expect(leftovers(target)).toEqual([]);
  });
});

/** Lets the unprivileged user of the test write the scratch tree (as root created it). */
function spawnChown(dir: string): void {
  spawnSync('chown', ['-R', '65534:65534', dir]);
}
