/**
 * What the CLI and the generated repository's scripts know about where their output goes:
 * a terminal (a `Screen`: its width, whether to colour) or not (a pipe, a file, a CI log),
 * where output stays plain text, one line per fact.
 */
import type { WriteStream } from 'tty';

/** An interactive terminal that output is drawn on. */
export interface Screen {
  /** Its width now (it follows a resize). */
  readonly columns: number;
  /** Its height now. */
  readonly rows: number;
  /** Whether emphasis uses the terminal's means (see `colorEnabled`). */
  readonly color: boolean;
  /** The file descriptor it is written through, for writers that cannot wait for the event loop. */
  readonly fd: number;
  /** Writes as is: no newline added. */
  write(text: string): void;
}

/** The width assumed when a terminal does not say. */
export const DEFAULT_COLUMNS = 80;

/**
 * Whether to colour output, by the conventions of no-color.org and force-color.org, as
 * Node itself reads them: `FORCE_COLOR` set to anything but `0` or `false` turns colour
 * on, even in a pipe, and `FORCE_COLOR=0` turns it off; otherwise a non-empty `NO_COLOR`
 * turns it off; otherwise a terminal other than `TERM=dumb` gets colour.
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

/**
 * How text bound for `stream` is laid out: the terminal's width (none for a pipe or a
 * file, where lines are never wrapped) and whether it is coloured (FORCE_COLOR colours
 * piped output too).
 */
export interface TextOutput {
  readonly columns?: number;
  readonly color: boolean;
}

export function textOutputOf(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): TextOutput {
  const screen = screenOf(stream, env);
  return screen !== undefined ? { columns: screen.columns, color: screen.color } : { color: colorEnabled(env, false) };
}

/** The `Screen` of an output stream, or `undefined` when it is not a terminal. */
export function screenOf(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Screen | undefined {
  if (!stream.isTTY) return undefined;
  const tty = stream as WriteStream;
  const fd = (stream as { fd?: number }).fd ?? 1;
  return {
    get columns() {
      return tty.columns > 0 ? tty.columns : DEFAULT_COLUMNS;
    },
    get rows() {
      return tty.rows > 0 ? tty.rows : 24;
    },
    color: colorEnabled(env, true),
    fd,
    write: (text) => {
      try {
        stream.write(text);
      } catch {
        // The terminal went away (SIGHUP); the run goes on without it.
      }
    },
  };
}
