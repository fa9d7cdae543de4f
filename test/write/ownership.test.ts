/**
 * Issue 12, item 4: `--force` overwrote the user's own code. Ownership is data on every
 * generated file; `--force` writes the generator's files, and the user's (app folders,
 * `src/main.ts`, `.projenrc.ts`) only where they are missing; the summary lists what it kept.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { generate, writeProject } from '../../src/api';
import { cli, scratch } from '../cli/helpers';
import { changedSpec, QUIET, specOf, writeSpec } from './helpers';

describe('who owns each generated file', () => {
  it("is on every file: app folders, src/main.ts, test/platform.test.ts and .projenrc.ts are the user's, the rest the generator's", () => {
    const r = generate(specOf(3), { generatorDependency: '^0.0.0' });
    if (!r.ok) throw new Error('invalid');
    const user = r.files.filter((f) => f.owner === 'user');
    expect(r.files.every((f) => f.owner === 'user' || f.owner === 'generator')).toBe(true);
    for (const f of user)
      expect(['src/main.ts', 'test/platform.test.ts', '.projenrc.ts'].includes(f.path) || /^services\/[^/]+\//.test(f.path), f.path).toBe(true);
    expect(user.map((f) => f.path)).toEqual(
      expect.arrayContaining(['src/main.ts', 'test/platform.test.ts', '.projenrc.ts', 'services/s1/src/main.ts', 'services/web/Dockerfile']),
    );
    // An app folder is owned as a whole; the other user files each on its own.
    expect(r.files.find((f) => f.path === 'services/s1/src/main.ts')?.userRoot).toBe('services/s1');
    expect(r.files.find((f) => f.path === 'src/main.ts')?.userRoot).toBe('src/main.ts');
    // Generator files are everything else, package.json (writable, but projen's) included.
    expect(r.files.find((f) => f.path === 'package.json')?.owner).toBe('generator');
    expect(r.files.filter((f) => f.owner === 'generator').every((f) => f.userRoot === undefined)).toBe(true);
  });
});

describe('--force into an existing repository', () => {
  it("repro: keeps the user's edits in services/*, src/main.ts and .projenrc.ts; replaces generator files; lists what it kept", async () => {
    const cwd = scratch();
    const target = join(cwd, 'out');
    expect(writeProject(target, specOf(3), { generatorDependency: '^0.0.0' }).ok).toBe(true);
    const mine = '// my code\n';
    writeFileSync(join(target, 'services', 's1', 'src', 'main.ts'), mine);
    writeFileSync(join(target, 'src', 'main.ts'), mine);
    writeFileSync(join(target, '.projenrc.ts'), mine);
    rmSync(join(target, 'services', 's2', 'test'), { recursive: true }); // the user's choice: the folder is theirs
    writeFileSync(join(target, 'README.md'), 'edited a managed file\n');

    const r = await cli(['out', '--config', writeSpec(join(cwd, 'b.yaml'), changedSpec(3)), '--force', ...QUIET], { cwd });
    expect(r.code, r.err).toBe(0);
    for (const f of ['services/s1/src/main.ts', 'src/main.ts', '.projenrc.ts']) expect(readFileSync(join(target, f), 'utf-8'), f).toBe(mine);
    expect(existsSync(join(target, 'services', 's2', 'test'))).toBe(false);
    // The generator's own files follow the new spec; the new service's folder is written.
    expect(readFileSync(join(target, 'README.md'), 'utf-8')).not.toBe('edited a managed file\n');
    expect(existsSync(join(target, 'services', 'added', 'src', 'main.ts'))).toBe(true);
    expect(r.out).toContain(
      'kept 6 of yours as they were (--force writes only missing user files): .projenrc.ts, services/s1/, services/s2/, services/web/, src/main.ts, test/platform.test.ts',
    );
    // The kept .projenrc.ts holds another spec: the next `npx projen` would undo the run.
    expect(r.err).toContain('warning: your .projenrc.ts was kept, and it differs from the one this spec gives');
  });

  it("writes the user's files that are missing: a deleted src/main.ts, a removed app folder", () => {
    const cwd = scratch();
    const target = join(cwd, 'out');
    expect(writeProject(target, specOf(3), { generatorDependency: '^0.0.0' }).ok).toBe(true);
    rmSync(join(target, 'src', 'main.ts'));
    rmSync(join(target, 'services', 's2'), { recursive: true });
    const r = writeProject(target, specOf(3), { force: true, generatorDependency: '^0.0.0' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.written).toEqual(expect.arrayContaining(['src/main.ts', 'services/s2/src/main.ts']));
    expect(r.kept).toEqual(['.projenrc.ts', 'services/s1', 'services/web', 'test/platform.test.ts']);
    // Nothing else differed: the generator's files were already up to date.
    expect(r.written.every((p) => p === 'src/main.ts' || p.startsWith('services/s2/'))).toBe(true);
    const generatorFiles = generate(specOf(3), { generatorDependency: '^0.0.0' });
    if (!generatorFiles.ok) throw new Error('invalid');
    expect(r.unchanged.length).toBe(generatorFiles.files.filter((f) => f.owner === 'generator').length);
  });
});
