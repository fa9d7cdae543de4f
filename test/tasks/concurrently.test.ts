/**
 * The build's compile step runs the type-check and the synth with `runConcurrently`: both
 * at once, each one's output whole, the step failing when either fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runConcurrently } from '../../src/tasks/concurrently';

const dir = mkdtempSync(join(tmpdir(), 'fc-concurrently-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out = { stdout: new PassThrough(), stderr: new PassThrough() };
  const text = { stdout: '', stderr: '' };
  out.stdout.on('data', (d: Buffer) => (text.stdout += d.toString()));
  out.stderr.on('data', (d: Buffer) => (text.stderr += d.toString()));
  return { out, text };
}

/** A node one-liner as a shell argument. */
const node = (code: string) => `"${process.execPath}" -e ${JSON.stringify(code)}`;

/** Waits (up to 20 s) for a file the other command writes, then writes its own. */
const handshake = (mine: string, theirs: string) =>
  node(
    `const fs=require('fs');fs.writeFileSync(${JSON.stringify(join(dir, mine))},'');` +
      `const t=Date.now();(function w(){if(fs.existsSync(${JSON.stringify(join(dir, theirs))}))return console.log('${mine} saw ${theirs}');` +
      `if(Date.now()-t>20000){console.error('${mine} waited alone');process.exit(3)}setTimeout(w,20)})()`,
  );

describe('runConcurrently', () => {
  it('runs the commands at the same time: each waits for a file the other writes, and both finish', async () => {
    const { out, text } = capture();
    const code = await runConcurrently([handshake('a', 'b'), handshake('b', 'a')], { cwd: dir, output: out });
    expect(text.stderr).toBe('');
    expect(code).toBe(0);
    expect(text.stdout).toContain('a saw b');
    expect(text.stdout).toContain('b saw a');
  }, 30_000);

  it("keeps each command's output together, and fails naming the command that failed", async () => {
    const { out, text } = capture();
    const failing = node("console.error('src/main.ts(3,1): error TS2304');process.exit(2)");
    const passing = node("console.log('synthesized')");
    const code = await runConcurrently([failing, passing], { cwd: dir, output: out });
    expect(code).toBe(1);
    expect(text.stdout).toBe('synthesized\n');
    expect(text.stderr).toContain('src/main.ts(3,1): error TS2304\n');
    expect(text.stderr).toContain(`✗ ${failing}: exit 2`);
    expect(text.stderr).not.toContain(passing);
  });

  it('exits 2 and says how when no command is given', async () => {
    const { out, text } = capture();
    expect(await runConcurrently([], { cwd: dir, output: out })).toBe(2);
    expect(text.stderr).toMatch(/give the commands to run/);
  });
});
