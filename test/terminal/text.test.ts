import { describe, expect, it } from 'vitest';
import { displayWidth, lineWriterFor, stripAnsi, styleFor, truncate, wrapLine, wrapText, type Screen } from '../../src/terminal';

const bold = styleFor(true).bold;

describe('measuring', () => {
  it('counts columns, not code units: escapes take none, wide characters two', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth(bold('abc'))).toBe(3);
    expect(displayWidth('deploy order: api → web')).toBe(23);
    expect(displayWidth('東京')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(stripAnsi(`${bold('a')}\x1b]8;;http://x\x07b`)).toBe('ab');
  });

  it('cuts to a width with an ellipsis, and resets a cut style', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a long question text', 10)).toBe('a long qu…');
    expect(displayWidth(truncate('a long question text', 10))).toBeLessThanOrEqual(10);
    const cut = truncate(bold('a long question text'), 8);
    expect(stripAnsi(cut)).toBe('a long…');
    expect(cut.endsWith('\x1b[0m')).toBe(true);
  });
});

describe('wrapping', () => {
  const text = '"Web" contains "W", which is not allowed; a service name uses only lowercase letters, digits and hyphens';

  it('breaks at spaces only, every line within the width', () => {
    const lines = wrapLine(text, 40);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    expect(lines.join(' ')).toBe(text);
    expect(lines[0]).toBe('"Web" contains "W", which is not');
  });

  it('keeps a line that fits as it is, spaces included', () => {
    expect(wrapLine('  a    b', 20)).toEqual(['  a    b']);
  });

  it('continues an indented line at its indent, or at the one given', () => {
    expect(wrapLine('  one two three four', 10)).toEqual(['  one two', '  three', '  four']);
    expect(wrapLine('✖ one two three four', 10, { indent: '  ' })).toEqual(['✖ one two', '  three', '  four']);
  });

  it('breaks a word longer than a line where it must', () => {
    const lines = wrapLine('see /a/very/long/path/that/cannot/fit', 12);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(12);
    expect(lines.join('').replace(/ /g, '')).toBe('see/a/very/long/path/that/cannot/fit');
  });

  it('closes a style at the end of a line and opens it again on the next', () => {
    const lines = wrapLine(styleFor(true).dim('# every stack, in order, to the account'), 16);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) {
      expect(l.startsWith('\x1b[2m')).toBe(true);
      expect(/\x1b\[(0|22)m$/.test(l)).toBe(true);
    }
    expect(lines.map(stripAnsi).join(' ')).toBe('# every stack, in order, to the account');
  });

  it('wraps each line of a text', () => {
    expect(wrapText('a b c\nd e f', 3)).toEqual(['a b', 'c', 'd e', 'f']);
  });
});

describe('line writers', () => {
  const screen = (columns: number): Screen => ({ columns, rows: 24, color: false, fd: 1, write: () => undefined });

  it('wrap to the screen, and leave piped lines as they are', () => {
    const out: string[] = [];
    lineWriterFor((l) => out.push(l), screen(21))('warning: the load balancer serves plain HTTP');
    expect(out).toEqual(['warning: the load', 'balancer serves', 'plain HTTP']);
    const piped: string[] = [];
    lineWriterFor((l) => piped.push(l), undefined)('warning: the load balancer serves plain HTTP');
    expect(piped).toEqual(['warning: the load balancer serves plain HTTP']);
  });
});
