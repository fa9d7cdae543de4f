/**
 * Issue 12, item 5: each of these used to end in a stack trace or an undocumented exit
 * code. Each must now exit 1 or 2 with one clear line (run as the built CLI, in a child
 * process, as a user would). And a closed or full stdout must not crash the run.
 */
import { spawn, spawnSync } from 'child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratch } from '../cli/helpers';
import { assertBuilt, BIN, can, fakeCheckout, isRoot, QUIET, runBuilt, specOf, writeSpec, type ChildRun } from './helpers';

/** One `error:` header line and one problem line, no stack trace, exit 1 or 2. */
function expectOneClearError(r: ChildRun, message: string | RegExp): void {
  const where = `exit ${r.code ?? r.signal}; stderr:\n${r.err}`;
  expect([1, 2], where).toContain(r.code);
  expect(r.err, where).not.toMatch(/^\s+at /m);
  expect(r.err, where).not.toMatch(/internal error/);
  const lines = r.err.trim().split('\n');
  expect(lines.length, where).toBeLessThanOrEqual(2);
  expect(r.err, where).toMatch(message);
}

// Independent child processes: run side by side.
describe.concurrent('one clear line, exit 1 or 2', () => {
  beforeAll(assertBuilt);

  it("the target's parent is a file", async () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'f'), '');
    const r = await runBuilt(['f/sub', '--config', writeSpec(join(cwd, 's.yaml'), specOf(2)), ...QUIET], { cwd });
    expectOneClearError(r, /is a file, not a directory, so f\/sub cannot be created in it/);
  });

  it('TMPDIR does not exist', async () => {
    const cwd = scratch();
    const r = await runBuilt(['out', '--config', writeSpec(join(cwd, 's.yaml'), specOf(2)), ...QUIET], {
      cwd,
      env: { ...process.env, TMPDIR: join(cwd, 'no-such-dir') },
    });
    expectOneClearError(r, /TMPDIR: the temporary folder \S+no-such-dir cannot be used \(it does not exist\); set TMPDIR to a writable folder/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('a target name too long for the file system', async () => {
    const cwd = scratch();
    const r = await runBuilt(['a'.repeat(300), '--config', writeSpec(join(cwd, 's.yaml'), specOf(2)), ...QUIET], { cwd });
    expectOneClearError(r, /cannot be used \(a name is too long for the file system\)/);
  });

  it.runIf(!isRoot || can('setpriv', ['--version']))('a parent folder one can write to but not enter', async () => {
    const cwd = scratch();
    const spec = writeSpec(join(cwd, 's.yaml'), specOf(2));
    mkdirSync(join(cwd, 'parent'));
    chmodSync(join(cwd, 'parent'), 0o666);
    chmodSync(cwd, 0o755);
    if (isRoot) spawnSync('chown', ['65534:65534', join(cwd, 'parent')]);
    const wrap = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined;
    const r = await runBuilt(['parent/out', '--config', spec, ...QUIET], { cwd, wrap });
    expectOneClearError(r, /the parent directory \S+parent cannot be entered \(no search permission\)/);
  });

  it('a failing npm pack when run from a checkout', async () => {
    const checkout = fakeCheckout((p) => ({ ...p, scripts: { prepack: 'echo "this checkout is broken" >&2; exit 3' } }));
    const cwd = scratch();
    const spec = writeSpec(join(cwd, 's.yaml'), specOf(2));
    const r = await new Promise<ChildRun>((done) => {
      const child = spawn(
        'node',
        [join(checkout, 'bin', 'create-fargate-connect.js'), 'out', '--config', spec, '--yes', '--no-install', '--no-git'],
        { cwd },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code, signal) => done({ code, signal, out, err }));
    });
    expectOneClearError(r, /npm pack failed in \S+checkout: .*; fix the checkout \(npx projen compile\), or pass --generator-dependency <npm-spec>/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  }, 60_000);

  it('running from a deleted working directory', () => {
    const cwd = scratch();
    const spec = writeSpec(join(cwd, 's.yaml'), specOf(2));
    mkdirSync(join(cwd, 'gone'));
    const r = spawnSync('sh', ['-c', 'cd gone && rmdir "$PWD" && exec node "$0" out --config "$1" --yes --no-install --no-git', BIN, spec], {
      cwd,
      encoding: 'utf-8',
    });
    expectOneClearError(
      { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr },
      /^error: the current directory no longer exists \(deleted or moved\); cd into an existing directory and run again\n$/,
    );
  });
});

describe.concurrent('a closed or full stdout', () => {
  beforeAll(assertBuilt);

  it('repro `| head -2`: the reader goes away; the run finishes its work quietly, exit 0', async () => {
    const cwd = scratch();
    const spec = writeSpec(join(cwd, 's.yaml'), specOf(2));
    const r = await new Promise<ChildRun>((done) => {
      const child = spawn('node', [BIN, 'out', '--config', spec, ...QUIET], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      // Like `head -2`: read the first lines, then close the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      child.stderr.on('data', (d) => (err += d));
      child.on('close', (code, signal) => done({ code, signal, out: '', err }));
    });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    expect(existsSync(join(cwd, 'out', '.projenrc.ts'))).toBe(true);
  });

  it.runIf(existsSync('/dev/full'))('`>/dev/full`: writes fail with ENOSPC; the run finishes quietly, exit 0', () => {
    const cwd = scratch();
    const spec = writeSpec(join(cwd, 's.yaml'), specOf(2));
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync('node', [BIN, 'out', '--config', spec, ...QUIET], { cwd, stdio: ['ignore', full, 'pipe'], encoding: 'utf-8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    } finally {
      closeSync(full);
    }
    expect(existsSync(join(cwd, 'out', '.projenrc.ts'))).toBe(true);
  });
});
