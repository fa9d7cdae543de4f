/**
 * Issue 12, item 9: runs from a checkout packed this build into the generator's own
 * dist/. They now pack into a private temporary folder and write nothing in the checkout.
 */
import { spawn } from 'child_process';
import { existsSync, readFileSync, statSync } from 'fs';
import { dirname, join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratch } from '../cli/helpers';
import { assertBuilt, fakeCheckout, specOf, tree, treeDiff, writeSpec, type ChildRun } from './helpers';

describe('a run from a checkout', () => {
  beforeAll(assertBuilt);

  it('repro: packs into a private temporary folder, leaves the checkout as it was, and depends on that tarball', async () => {
    const checkout = fakeCheckout((p) => p);
    const before = tree(checkout);
    const cwd = scratch();
    const tmp = scratch();
    const spec = writeSpec(join(cwd, 's.yaml'), specOf(2));
    const r = await new Promise<ChildRun>((done) => {
      const child = spawn(
        'node',
        [join(checkout, 'bin', 'create-fargate-connect.js'), 'out', '--config', spec, '--yes', '--no-install', '--no-git'],
        {
          cwd,
          env: { ...process.env, TMPDIR: tmp },
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code, signal) => done({ code, signal, out, err }));
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('• Packing this build (npm pack)...');
    expect(treeDiff(tree(checkout), before)).toEqual([]);
    const dependency: string = JSON.parse(readFileSync(join(cwd, 'out', 'package.json'), 'utf-8')).devDependencies['create-fargate-connect'];
    const tarball = dependency.replace(/^file:/, '');
    expect(dirname(dirname(tarball))).toBe(tmp);
    expect(tarball).toMatch(/\/create-fargate-connect-pack-[^/]+\/create-fargate-connect-[^/]+\.tgz$/);
    expect(existsSync(tarball)).toBe(true);
    expect((statSync(dirname(tarball)).mode & 0o777).toString(8)).toBe('700');
  }, 60_000);
});
