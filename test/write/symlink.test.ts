/**
 * Issue 12, item 1: never write outside the target through a symbolic link inside it.
 * The repro: `t/x/src` links to a folder outside; `--force` into t/x used to overwrite
 * `o/main.ts` and create folders in `o`. Every link on a path the run would write is
 * refused, named, and nothing is written anywhere.
 */
import { mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { writeProject } from '../../src/api';
import { cli, FIXTURES, scratch } from '../cli/helpers';
import { changedSpec, QUIET, specOf, tree, treeDiff, writeSpec } from './helpers';

describe('symbolic links inside the target', () => {
  it('repro: a folder link out of the target is refused and named; nothing outside (or inside) changes', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 't', 'x'), { recursive: true });
    mkdirSync(join(cwd, 'o'));
    writeFileSync(join(cwd, 'o', 'main.ts'), 'mine\n');
    symlinkSync(join(cwd, 'o'), join(cwd, 't', 'x', 'src'));
    const before = tree(cwd);
    const r = await cli(['t/x', '--config', join(FIXTURES, 'single-server.yaml'), '--force', ...QUIET], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`target: t/x/src is a symbolic link (to ${join(cwd, 'o')}); the generator never writes through a link`);
    expect(treeDiff(tree(cwd), before)).toEqual([]);
  });

  it('a link where a generated file goes, and a link on the way to a new app folder, are both refused', () => {
    const cwd = scratch();
    const target = join(cwd, 'out');
    expect(writeProject(target, specOf(2), { generatorDependency: '^0.0.0' }).ok).toBe(true);
    const outside = join(cwd, 'outside');
    mkdirSync(join(outside, 'services'), { recursive: true });
    writeFileSync(join(outside, 'README.md'), 'not yours to replace\n');
    // A generated file that is a link to a file outside: replacing the link is not writing
    // through it, but the user made that link for a reason; refuse rather than guess.
    const readme = join(target, 'README.md');
    rmSync(readme);
    symlinkSync(join(outside, 'README.md'), readme);
    // `services` as a link: the new service's app folder would be created outside.
    renameSync(join(target, 'services'), join(outside, 'services-real'));
    symlinkSync(join(outside, 'services'), join(target, 'services'));
    const before = tree(cwd);
    const r = writeProject(target, changedSpec(2), { force: true, generatorDependency: '^0.0.0' });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/out\/README\.md is a symbolic link/),
        expect.stringMatching(/out\/services is a symbolic link/),
      ]),
    );
    expect(treeDiff(tree(cwd), before)).toEqual([]);
  });

  it('a link elsewhere in the target, on no path the run writes, is left alone', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'out'));
    mkdirSync(join(cwd, 'elsewhere'));
    symlinkSync(join(cwd, 'elsewhere'), join(cwd, 'out', 'docs'));
    const r = await cli(['out', '--config', writeSpec(join(cwd, 's.yaml'), specOf(2)), '--force', ...QUIET], { cwd });
    expect(r.code, r.err).toBe(0);
    expect(readlinkSync(join(cwd, 'out', 'docs'))).toBe(join(cwd, 'elsewhere'));
  });
});
