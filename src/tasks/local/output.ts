// Terminal output of `npx projen local`: one prefixed line per service log line, and a
// summary table. Colour as every command of ours decides it (src/terminal: a terminal,
// NO_COLOR, FORCE_COLOR); the table aligned by display width, ruled only on a terminal.
import { colorEnabled, formatTable as formatTerminalTable, styleFor } from '../../terminal';

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92];

export interface Printer {
  /** Writes one line from a service, prefixed with its name. */
  service(name: string, line: string): void;
  /** Writes a line from local itself. */
  info(line: string): void;
  table(rows: readonly (readonly string[])[]): void;
}

export interface PrinterOptions {
  readonly out: NodeJS.WritableStream & { isTTY?: boolean };
  readonly names: readonly string[];
  readonly color?: boolean;
}

export function createPrinter(options: PrinterOptions): Printer {
  const { out, names } = options;
  const color = options.color ?? colorEnabled(process.env, Boolean(out.isTTY));
  const width = Math.max(5, ...names.map((n) => n.length));
  const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const prefixes = new Map(names.map((name, i) => [name, paint(COLORS[i % COLORS.length]!, `${name.padEnd(width)} |`)]));
  return {
    service: (name, line) => void out.write(`${prefixes.get(name) ?? name} ${formatLogLine(line)}\n`),
    info: (line) => void out.write(`${paint(1, `${'local'.padEnd(width)} |`)} ${line}\n`),
    table: (rows) => void out.write(formatTable(rows, color)),
  };
}

/**
 * The apps log one JSON object per line; on a terminal `level msg key=value` reads
 * better. The prefix already names the service and the time is now. Other lines pass
 * through unchanged.
 */
export function formatLogLine(line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return line;
  const { time: _time, service: _service, level, msg, ...rest } = entry as Record<string, unknown>;
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [
    String(level ?? '')
      .toUpperCase()
      .padEnd(5),
    String(msg ?? ''),
    ...fields,
  ].join(' ');
}

/** Left-aligned columns; the first row is the header, emphasised and ruled off. */
export function formatTable(rows: readonly (readonly string[])[], color = false): string {
  if (rows.length === 0) return '';
  return formatTerminalTable(rows, { header: true, rule: true, style: styleFor(color) }).join('\n') + '\n';
}
