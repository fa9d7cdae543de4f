import { describe, expect, it } from 'vitest';
import { colorEnabled, screenOf, textOutputOf } from '../../src/terminal';

describe('colour', () => {
  it('is on for a terminal, off for a pipe', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ TERM: 'dumb' }, true)).toBe(false);
  });

  it('honours NO_COLOR (any non-empty value) and FORCE_COLOR, which wins as in Node', () => {
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: '1', NO_COLOR: '1' }, true)).toBe(true);
  });
});

describe('screens', () => {
  const stream = (isTTY: boolean, columns?: number) => ({ isTTY, columns, rows: 40, fd: 1, write: () => true }) as unknown as NodeJS.WriteStream;

  it('exist for terminals only, with their live width', () => {
    expect(screenOf(stream(false))).toBeUndefined();
    const tty = stream(true, 100);
    const screen = screenOf(tty, {});
    expect(screen?.columns).toBe(100);
    (tty as { columns?: number }).columns = 70;
    expect(screen?.columns).toBe(70);
    expect(screenOf(stream(true, 0), {})?.columns).toBe(80);
    expect(screenOf(tty, { NO_COLOR: '1' })?.color).toBe(false);
  });

  it('lay piped text out without a width, coloured only when forced', () => {
    expect(textOutputOf(stream(false), {})).toEqual({ color: false });
    expect(textOutputOf(stream(false), { FORCE_COLOR: '1' })).toEqual({ color: true });
    expect(textOutputOf(stream(true, 90), {})).toEqual({ columns: 90, color: true });
  });
});
