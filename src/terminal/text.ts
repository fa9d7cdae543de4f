/**
 * Measuring, cutting and wrapping text for a terminal, by the columns it takes on screen:
 * escape sequences take none, East Asian wide characters and most emoji take two.
 */

/** CSI and OSC sequences, and the two-character escapes (cursor save/restore). */
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[78=>]/g;

/** `s` without terminal escape sequences. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Columns one code point takes: 0 for controls and combining marks, 2 for wide ones. */
function charWidth(c: number): number {
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0;
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f)) return 0;
  if (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** The columns `s` takes on a terminal. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of stripAnsi(s)) width += charWidth(ch.codePointAt(0) as number);
  return width;
}

/** `s` split into escape sequences (kept whole) and single characters. */
function pieces(s: string): { text: string; width: number }[] {
  const out: { text: string; width: number }[] = [];
  let last = 0;
  for (const m of s.matchAll(ANSI)) {
    for (const ch of s.slice(last, m.index)) out.push({ text: ch, width: charWidth(ch.codePointAt(0) as number) });
    out.push({ text: m[0], width: 0 });
    last = (m.index as number) + m[0].length;
  }
  for (const ch of s.slice(last)) out.push({ text: ch, width: charWidth(ch.codePointAt(0) as number) });
  return out;
}

const RESET = '\x1b[0m';

/**
 * `s` cut to at most `width` columns, ending in "…" when it was cut. Escape sequences are
 * kept (a cut styled text is reset after the ellipsis).
 */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  let styled = false;
  for (const p of pieces(s)) {
    if (p.width === 0 && p.text.startsWith('\x1b')) {
      styled = true;
      out += p.text;
      continue;
    }
    if (used + p.width > width - 1) break;
    out += p.text;
    used += p.width;
  }
  return `${out.trimEnd()}…${styled ? RESET : ''}`;
}

/** Splits a word wider than `width` into pieces that fit. */
function breakWord(word: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  let used = 0;
  for (const p of pieces(word)) {
    if (used + p.width > width && used > 0) {
      out.push(line);
      line = '';
      used = 0;
    }
    line += p.text;
    used += p.width;
  }
  if (line !== '') out.push(line);
  return out;
}

export interface WrapOptions {
  /**
   * What starts every line after the first. Default: the first line's own leading spaces,
   * so an indented line stays indented when it wraps.
   */
  readonly indent?: string;
}

/**
 * One line of text wrapped at spaces to `width` columns: each returned line fits. A word
 * wider than a whole line (a long path) is broken where it must. Lines that already fit
 * are returned as they are.
 */
export function wrapLine(line: string, width: number, options: WrapOptions = {}): string[] {
  if (displayWidth(line) <= width) return [line];
  const lead = /^ */.exec(line)?.[0] ?? '';
  const indent = options.indent ?? lead;
  const words = line
    .slice(lead.length)
    .split(/ +/)
    .filter((w) => w !== '');
  const lines: string[] = [];
  let current = lead;
  let used = displayWidth(lead);
  let empty = true;
  const room = (prefix: string) => Math.max(1, width - displayWidth(prefix));
  for (const word of words) {
    const w = displayWidth(word);
    if (!empty && used + 1 + w <= width) {
      current += ` ${word}`;
      used += 1 + w;
      continue;
    }
    if (!empty) {
      lines.push(current);
      current = indent;
      used = displayWidth(indent);
    }
    const parts = w > room(current) ? breakWord(word, room(current)) : [word];
    for (const [i, part] of parts.entries()) {
      if (i > 0) {
        lines.push(current);
        current = indent;
        used = displayWidth(indent);
      }
      current += part;
      used += displayWidth(part);
    }
    empty = false;
  }
  lines.push(current);
  return line.includes('\x1b[') ? closeStyles(lines) : lines;
}

/** What an SGR close code ends: 22 ends bold and dim, 39 the foreground colour, and so on. */
function closes(code: number, open: number): boolean {
  if (code === 0) return true;
  if (code === 22) return open === 1 || open === 2;
  if (code === 39) return (open >= 30 && open <= 37) || (open >= 90 && open <= 97);
  if (code === 49) return (open >= 40 && open <= 47) || (open >= 100 && open <= 107);
  return code === open + 20;
}

/**
 * Lines cut out of one styled text, each made whole: a style still open at the end of a
 * line is closed there and opened again at the start of the next, so no line's emphasis
 * spills into what a table or the terminal puts beside it.
 */
function closeStyles(lines: string[]): string[] {
  let open: number[] = [];
  return lines.map((line) => {
    const carried = open.map((c) => `\x1b[${c}m`).join('');
    for (const m of line.matchAll(/\x1b\[([0-9;]*)m/g)) {
      for (const code of (m[1] === '' ? '0' : m[1]).split(';').map(Number)) {
        open = open.filter((o) => !closes(code, o));
        if (code !== 0 && ![22, 23, 24, 27, 29, 39, 49].includes(code)) open.push(code);
      }
    }
    return `${carried}${line}${open.length > 0 ? RESET : ''}`;
  });
}

/** Every line of `text` wrapped to `width` (see `wrapLine`). */
export function wrapText(text: string, width: number, options: WrapOptions = {}): string[] {
  return text.split('\n').flatMap((line) => wrapLine(line, width, options));
}
