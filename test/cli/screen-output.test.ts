/**
 * What a `--config --yes` run prints, in process: on a terminal (a `Screen`: steps drawn
 * with a spinner, lines fitted to its width) and piped (plain lines, compared with
 * test/cli/screens/piped.txt; `UPDATE_SCREENS=1` rewrites it).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { displayWidth, stripAnsi, type Screen } from '../../src/terminal';
import { FIXTURES, scratch } from './helpers';
import { normalize } from './pty';

const GEN = ['--generator-dependency', 'file:/nonexistent/create-fargate-connect.tgz', '--no-install', '--no-git'];

async function run(screen: Screen | undefined, color = false): Promise<{ code: number; out: string[]; err: string[] }> {
  const cwd = scratch();
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['out', '--config', join(FIXTURES, 'five-services.yaml'), '--yes', ...GEN], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stdinIsTTY: false,
    cwd,
    ...(screen !== undefined ? { screen } : {}),
    color,
  });
  return { code, out, err };
}

function fileScreen(columns: number, color: boolean): { screen: Screen; read: () => string; close: () => void } {
  const path = join(mkdtempSync(join(tmpdir(), 'fc-screen-')), 'tty');
  const fd = openSync(path, 'a');
  return {
    screen: { columns, rows: 40, color, fd, write: (t) => void writeSync(fd, t) },
    read: () => readFileSync(path, 'utf-8'),
    close: () => closeSync(fd),
  };
}

describe('a --config --yes run', () => {
  it('piped: plain lines, one per step, the cost in three', async () => {
    const r = await run(undefined);
    expect(r.code, r.err.join('\n')).toBe(0);
    const text = normalize(r.out);
    const file = join(__dirname, 'screens', 'piped.txt');
    if (process.env.UPDATE_SCREENS === '1') writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf-8'));
  });

  it('on a 60-column terminal: steps drawn on it, every line within its width', async () => {
    const { screen, read, close } = fileScreen(60, false);
    const r = await run(screen);
    close();
    expect(r.code, r.err.join('\n')).toBe(0);
    for (const l of r.out) expect(displayWidth(l), l).toBeLessThan(60);
    expect(r.out.some((l) => l.startsWith('• '))).toBe(false);
    const drawn = read()
      .split('\n')
      .map((l) => l.split('\r\x1b[2K').pop());
    expect(drawn).toEqual([
      expect.stringMatching(/^✔ Generating 5 services \(\d+\.\d s\)$/),
      expect.stringMatching(/^✔ Writing \d+ files to out \(\d+\.\d s\)$/),
      '',
    ]);
    // the warning is one paragraph, wrapped under its first word
    const at = r.out.findIndex((l) => l.startsWith('WARNING: PLAIN HTTP'));
    expect(r.out[at + 1].startsWith('  ')).toBe(true);
  });

  it("with colour: emphasis in the terminal's means, and nothing else changes", async () => {
    const plain = fileScreen(100, false);
    const colored = fileScreen(100, true);
    const a = await run(plain.screen);
    const b = await run(colored.screen);
    plain.close();
    colored.close();
    expect(b.out.join('\n')).toMatch(/\x1b\[1m314\.93 USD\x1b\[22m/);
    expect(b.out.map(stripAnsi)).toEqual(a.out);
  });
});
