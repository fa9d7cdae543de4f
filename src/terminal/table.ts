/**
 * Tables for a terminal: columns aligned by the width they take on screen, numbers to the
 * right, and, given a width, text columns wrapped at word boundaries so that every line
 * fits. Without a width (a pipe), the same aligned table, never wrapped.
 */
import { PLAIN, type Style } from './style';
import { displayWidth, wrapLine } from './text';

export type Align = 'left' | 'right';

export interface TableOptions {
  /** Per column; a missing entry is `left`. Right-aligned columns (numbers) never wrap. */
  readonly align?: readonly Align[];
  /** The first row names the columns: emphasised, and ruled off when `rule`. */
  readonly header?: boolean;
  /** A line under the header (on a terminal). @default false */
  readonly rule?: boolean;
  /** The lines fit in this many columns, text cells wrapping as needed. @default unlimited */
  readonly width?: number;
  /** Spaces between columns. @default 2 */
  readonly gap?: number;
  /** What starts every line. @default '' */
  readonly indent?: string;
  /** Rows (indexes into `rows`) shown in bold, such as a total. */
  readonly strong?: readonly number[];
  readonly style?: Style;
}

/** The narrowest a wrapping column gets before the table gives up fitting. */
const MIN_WRAPPED = 10;

function columnWidths(rows: readonly (readonly string[])[], options: TableOptions): number[] {
  const count = Math.max(...rows.map((r) => r.length));
  const natural = Array.from({ length: count }, (_, c) => Math.max(0, ...rows.map((r) => displayWidth(r[c] ?? ''))));
  if (options.width === undefined) return natural;
  const gap = options.gap ?? 2;
  const widths = [...natural];
  const total = () => displayWidth(options.indent ?? '') + widths.reduce((a, b) => a + b, 0) + gap * (count - 1);
  const floor = (c: number) => Math.min(natural[c], MIN_WRAPPED);
  const wraps = (c: number) => (options.align?.[c] ?? 'left') === 'left';
  let excess = total() - options.width;
  while (excess > 0) {
    let widest = -1;
    for (let c = 0; c < count; c++) {
      if (wraps(c) && widths[c] > floor(c) && (widest < 0 || widths[c] > widths[widest])) widest = c;
    }
    if (widest < 0) break;
    widths[widest]--;
    excess--;
  }
  return widths;
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** The table's lines. Cells may hold emphasis already; widths ignore it. */
export function formatTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  if (rows.length === 0) return [];
  const style = options.style ?? PLAIN;
  const gap = ' '.repeat(options.gap ?? 2);
  const indent = options.indent ?? '';
  const widths = columnWidths(rows, options);
  const strong = new Set(options.strong ?? []);
  const lines: string[] = [];
  rows.forEach((row, r) => {
    const isHeader = options.header === true && r === 0;
    const emphasis = isHeader || strong.has(r) ? style.bold : (s: string) => s;
    const cells = widths.map((w, c) => {
      const text = row[c] ?? '';
      return (options.align?.[c] ?? 'left') === 'left' && displayWidth(text) > w ? wrapLine(text, w, { indent: '' }) : [text];
    });
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++) {
      const parts = widths.map((w, c) => {
        const text = cells[c][i] ?? '';
        const padded = pad(text, w, options.align?.[c] ?? 'left');
        // Emphasis on the text only, so padding never carries an underline or colour.
        return text === '' ? padded : padded.replace(text, emphasis(text));
      });
      lines.push(`${indent}${parts.join(gap)}`.trimEnd());
    }
    if (isHeader && options.rule === true) {
      const total = widths.reduce((a, b) => a + b, 0) + gap.length * (widths.length - 1);
      lines.push(`${indent}${style.dim('─'.repeat(total))}`);
    }
  });
  return lines;
}
