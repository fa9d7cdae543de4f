/**
 * Emphasis with the terminal's means (SGR codes), or none: one `Style` per output, made
 * once from `colorEnabled`, so no caller decides about colour on its own.
 */

export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  /** Code, commands and names: what the user types or reads back. */
  readonly code: (s: string) => string;
  readonly ok: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly error: (s: string) => string;
}

function sgr(open: number, close: number): (s: string) => string {
  return (s) => (s === '' ? s : `\x1b[${open}m${s}\x1b[${close}m`);
}

const plain = (s: string): string => s;

/** Plain text: every emphasis is the identity. */
export const PLAIN: Style = { bold: plain, dim: plain, code: plain, ok: plain, warn: plain, error: plain };

const COLOR: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  code: sgr(36, 39),
  ok: sgr(32, 39),
  warn: sgr(33, 39),
  error: sgr(31, 39),
};

/** The style for output that is coloured or not. */
export function styleFor(color: boolean): Style {
  return color ? COLOR : PLAIN;
}

/**
 * Inline Markdown as the generator writes it (`code` and **strong**, nothing else) in
 * terminal emphasis: the markers go, the emphasis stays where colour is on.
 */
export function inlineMarkdown(text: string, style: Style): string {
  return text.replace(/\*\*([^*]+)\*\*|`([^`]+)`/g, (_, strong: string | undefined, code: string | undefined) =>
    strong !== undefined ? style.bold(strong) : style.code(code as string),
  );
}
