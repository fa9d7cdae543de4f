/**
 * Issue 12, item 7: target `.` used to replace the current folder (the shell left in a
 * deleted directory, its mode changed from 755 to 700). Writing into an existing folder
 * keeps that folder: its inode and its mode. A new target gets the mode the umask says.
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, scratch } from '../cli/helpers';
import { assertBuilt, BIN, QUIET, specOf, writeSpec } from './helpers';
import { spawnSync } from 'child_process';

describe('an existing folder is written into, never replaced', () => {
  it('repro: target "." (the current folder) with --force keeps its inode and mode', async () => {
    const cwd = join(scratch(), 'here');
    mkdirSync(cwd);
    chmodSync(cwd, 0o751);
    writeFileSync(join(cwd, 'NOTES.md'), 'mine\n');
    const spec = writeSpec(join(cwd, '..', 's.yaml'), specOf(2));
    const before = statSync(cwd);
    const r = await cli(['.', '--config', spec, '--force', ...QUIET], { cwd });
    expect(r.code, r.err).toBe(0);
    const after = statSync(cwd);
    expect(after.ino).toBe(before.ino);
    expect((after.mode & 0o7777).toString(8)).toBe('751');
    expect(readdirSync(cwd)).toEqual(expect.arrayContaining(['NOTES.md', 'package.json', '.projenrc.ts']));
  });

  it('an empty existing folder (no --force needed) keeps its inode and mode too', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'out'));
    chmodSync(join(cwd, 'out'), 0o700);
    const before = statSync(join(cwd, 'out'));
    const r = await cli(['out', '--config', writeSpec(join(cwd, 's.yaml'), specOf(2)), ...QUIET], { cwd });
    expect(r.code, r.err).toBe(0);
    const after = statSync(join(cwd, 'out'));
    expect([after.ino, after.mode & 0o7777]).toEqual([before.ino, 0o700]);
  });
});

describe('a new target gets the mode the umask says', () => {
  beforeAll(assertBuilt);
  it.each([
    ['027', { dir: 0o750, file: 0o640, managed: 0o440 }],
    ['002', { dir: 0o775, file: 0o664, managed: 0o444 }],
  ])('umask %s', (umask, want) => {
    const cwd = scratch();
    const spec = writeSpec(join(cwd, 's.yaml'), specOf(2));
    const r = spawnSync('sh', ['-c', `umask ${umask} && exec node "$0" "$@"`, BIN, 'out', '--config', spec, ...QUIET], { cwd, encoding: 'utf-8' });
    expect(r.status, r.stderr).toBe(0);
    const mode = (p: string) => statSync(join(cwd, 'out', p)).mode & 0o777;
    expect(mode('.').toString(8)).toBe(want.dir.toString(8));
    expect(mode('src').toString(8)).toBe(want.dir.toString(8));
    expect(mode('src/main.ts').toString(8)).toBe(want.file.toString(8));
    expect(mode('README.md').toString(8)).toBe(want.managed.toString(8));
  });
});
