/**
 * A file system path as printed in a message. Paths are the user's own text and are shown
 * as they are, letters of any script included, except for what a terminal would act on or
 * what would disguise the path: control characters (C0, DEL, C1), line and paragraph
 * separators and format characters (bidi overrides, zero-width joiners). When a path has
 * any of those, it is quoted and they are escaped the way spec values are (`\n`, `\u001b`).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function showPath(path: string): string {
  return UNSAFE.test(path) || /^\s|\s$/.test(path) ? `"${escapeUnsafe(path, true)}"` : path;
}

/** `text` with its unsafe characters escaped (and, when `quoted`, `"` and `\` too). */
export function escapeUnsafe(text: string, quoted = false): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (quoted && (ch === '"' || ch === '\\')) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (!UNSAFE.test(ch)) out += ch;
    else if (c > 0xffff) out += `\\u{${c.toString(16)}}`;
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out;
}
