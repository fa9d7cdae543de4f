// One JSON object per line on stdout: CloudWatch Logs (via the awslogs driver) and
// `docker compose logs` keep lines intact, and Logs Insights can query the fields.

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

export interface LoggerOptions {
  /** Lines below this level are dropped. @default 'info' */
  readonly level?: Level;
  /** Where a finished line goes; tests collect lines instead of printing. */
  readonly write?: (line: string) => void;
}

const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function parseLevel(value: string | undefined, fallback: Level = 'info'): Level {
  const wanted = (value ?? '').trim().toLowerCase();
  return wanted in RANK ? (wanted as Level) : fallback;
}

export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const emit = (level: Level, msg: string, fields?: Fields): void => {
    if (RANK[level] < min) return;
    const core = { time: new Date().toISOString(), level, service, msg };
    // Core keys stay first in the line and cannot be overwritten by caller fields.
    write(JSON.stringify(Object.assign({}, core, fields, core), errorsAsObjects));
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}

// JSON.stringify turns an Error into `{}`; keep what helps when reading logs.
function errorsAsObjects(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as NodeJS.ErrnoException).code;
  return { name: value.name, message: value.message, ...(code ? { code } : {}) };
}
