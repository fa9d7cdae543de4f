import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { createSteps, displayWidth, formatElapsed, type Screen } from '../../src/terminal';

/** A terminal that is a file: what the main thread and the spinner's worker write, in order. */
function fileScreen(columns = 80): { screen: Screen; read: () => string; close: () => void } {
  const path = join(mkdtempSync(join(tmpdir(), 'fc-steps-')), 'tty');
  const fd = openSync(path, 'a');
  return {
    screen: { columns, rows: 40, color: false, fd, write: (text) => void writeSync(fd, text) },
    read: () => readFileSync(path, 'utf-8'),
    close: () => closeSync(fd),
  };
}

function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // the main thread blocked, as in generate() or a write to a slow disk
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The frames drawn (each starts with \r and an erase), then the rest. */
function frames(text: string): string[] {
  return text.split('\r\x1b[2K').filter((f) => f !== '');
}

describe('steps in a pipe', () => {
  it('print one plain line per step, when it starts', async () => {
    const out: string[] = [];
    const steps = createSteps((l) => out.push(l), undefined);
    expect(steps.run('Writing shop', () => 42)).toBe(42);
    await steps.runAsync({ label: 'Installing dependencies (npm install)', detail: 'about 340 MB.' }, async () => 'ok');
    expect(out).toEqual(['• Writing shop...', '• Installing dependencies (npm install)... about 340 MB.']);
  });
});

describe('steps on a terminal', () => {
  it('keep the spinner and the time moving while the main thread is blocked, and end on one line', async () => {
    const { screen, read, close } = fileScreen();
    const steps = createSteps(() => undefined, screen);
    steps.run('Writing 5456 files to big', () => busy(900));
    await sleep(300); // a late frame would land now
    close();
    const drawn = frames(read());
    const last = drawn.pop() as string;
    expect(last).toMatch(/^✔ Writing 5456 files to big \(0\.9 s\)\n$/);
    // drawn while blocked: frames from the worker thread, the time going up
    expect(drawn.length).toBeGreaterThanOrEqual(4);
    const times = drawn.map((f) => Number(/ (\d+\.\d) s$/.exec(f)?.[1]));
    expect(times.every((t) => !Number.isNaN(t))).toBe(true);
    expect(times[times.length - 1]).toBeGreaterThan(times[0]);
    expect(drawn.every((f) => /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Writing 5456 files to big {2}\d+\.\d s$/.test(f))).toBe(true);
  });

  it('draw while waiting too, and say when a step failed or was stopped', async () => {
    const { screen, read, close } = fileScreen();
    const steps = createSteps(() => undefined, screen);
    await steps.runAsync(
      'Installing',
      // Long enough for the spinner's worker to draw between start and end on a loaded machine.
      () => sleep(1200).then(() => ({ ok: false })),
      () => 'failed',
    );
    await steps.runAsync(
      'git init',
      async () => 1,
      () => 'cancelled',
    );
    expect(() =>
      steps.run('Packing', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    close();
    const lines = read().split('\n');
    expect(frames(lines[0]).length).toBeGreaterThanOrEqual(3);
    expect(frames(lines[0]).pop()).toMatch(/^✖ Installing \(failed after \d\.\d s\)$/);
    expect(frames(lines[1]).pop()).toMatch(/^✖ git init \(stopped after 0\.\d s\)$/);
    expect(frames(lines[2]).pop()).toMatch(/^✖ Packing \(failed after 0\.\d s\)$/);
  });

  it('fit every frame to the width, so that a redraw never leaves a wrapped piece behind', async () => {
    const { screen, read, close } = fileScreen(40);
    const out: string[] = [];
    const steps = createSteps((l) => out.push(l), screen);
    await steps.runAsync(
      {
        label: 'Installing dependencies (npm install) into a-very-long-directory-name',
        detail: 'about 340 MB, most of it aws-cdk-lib (the constructs of every AWS service).',
      },
      () => sleep(250),
    );
    close();
    for (const f of frames(read())) expect(displayWidth(f.replace(/\n$/, ''))).toBeLessThan(40);
    // the detail comes first, wrapped to the width
    expect(out.length).toBeGreaterThan(1);
    for (const l of out) expect(displayWidth(l)).toBeLessThan(40);
  });
});

describe('formatElapsed', () => {
  it('shows tenths under ten seconds, then seconds, then minutes', () => {
    expect(formatElapsed(420)).toBe('0.4 s');
    expect(formatElapsed(12_345)).toBe('12 s');
    expect(formatElapsed(65_000)).toBe('1 min 05 s');
  });
});
