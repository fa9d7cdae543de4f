/**
 * Issue 12, item 6: two runs started together on the same new target (no --force) both
 * exited 0 and left a repository mixing two specs. Exactly one may win; the other exits 1
 * and says why.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_FILE_OPS, type FileOps } from '../../src/api/file-ops';
import { writeGenerated, writeGeneratedWith } from '../../src/api/write-generated';
import { scratch } from '../cli/helpers';
import { assertBuilt, generated, leftovers, QUIET, runBuilt, specOf, tree, treeDiff, writeSpec } from './helpers';

describe('two runs on one new target', () => {
  beforeAll(assertBuilt);

  it('repro: started together, exactly one writes the repository; the other exits 1 saying why', async () => {
    const cwd = scratch();
    const a = writeSpec(join(cwd, 'a.yaml'), { ...specOf(8), name: 'alpha' });
    const b = writeSpec(join(cwd, 'b.yaml'), { ...specOf(8), name: 'bravo' });
    const [ra, rb] = await Promise.all([runBuilt(['out', '--config', a, ...QUIET], { cwd }), runBuilt(['out', '--config', b, ...QUIET], { cwd })]);
    const codes = [ra.code, rb.code].sort();
    expect(codes, `${ra.err}\n${rb.err}`).toEqual([0, 1]);
    const loser = ra.code === 1 ? ra : rb;
    expect(loser.err).toMatch(/target: out (is not empty|was created by another process while this run was writing it; nothing was written)/);
    // The repository is the winner's, whole: compare it with that spec written alone.
    const winner = ra.code === 0 ? 'alpha' : 'bravo';
    const alone = join(scratch(), 'out');
    expect(writeGenerated(alone, generated({ ...specOf(8), name: winner }), {}).ok).toBe(true);
    expect(treeDiff(tree(join(cwd, 'out')), tree(alone))).toEqual([]);
    expect(leftovers(join(cwd, 'out'))).toEqual([]);
  }, 120_000);

  it('the one that loses at the last step (the rename into place) writes nothing', () => {
    const cwd = scratch();
    const target = join(cwd, 'out');
    // The other run's rename lands just before this one's.
    const ops: FileOps = {
      ...REAL_FILE_OPS,
      rename: (from, to) => {
        if (to === target) {
          mkdirSync(target);
          writeFileSync(join(target, '.projenrc.ts'), "// name: 'other'\n");
        }
        REAL_FILE_OPS.rename(from, to);
      },
    };
    const r = writeGeneratedWith(target, generated(specOf(2)), {}, ops);
    expect(r.ok).toBe(false);
    expect(r.errors[0].message, r.errors[0].message).toBe(
      'out was created by another process while this run was writing it; nothing was written (pass --force to write into it)'.replace('out', target),
    );
    expect(readFileSync(join(target, '.projenrc.ts'), 'utf-8')).toContain("name: 'other'");
    expect(leftovers(target)).toEqual([]);
  });
});
