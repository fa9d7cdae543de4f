/**
 * The built CLI on a real pseudo-terminal, typed into as a user types, and the screen it
 * leaves, read back through a headless terminal emulator (@xterm/headless): what the user
 * saw, with every redraw applied, not the bytes that drew it.
 *
 * `script` (util-linux) gives the command its terminal. The emulator is a devDependency;
 * while it is not installed in node_modules, FC_XTERM_HEADLESS may name its folder.
 */
import { spawn, spawnSync } from 'child_process';
import { createRequire } from 'module';
import { join } from 'path';
import { staleBuild } from './helpers';

const ROOT = join(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'create-fargate-connect.js');

export const KEY = { enter: '\r', up: '\x1b[A', down: '\x1b[B', space: ' ', backspace: '\x7f', ctrlC: '\x03', ctrlG: '\x07' } as const;

/** Removes terminal control sequences (CSI, cursor save/restore, OSC) from captured output. */
export function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[78=>]/g, '');
}

/** Why these tests cannot run here, or `undefined`. */
export function ptyUnavailable(): string | undefined {
  const stale = staleBuild();
  if (stale.length > 0) return `lib/ is older than src/ (${stale.join(', ')}): run \`npx projen compile\` before these tests`;
  if (spawnSync('script', ['--version']).status !== 0)
    return '`script` (util-linux) is needed to give the CLI a terminal: apt-get install util-linux';
  return undefined;
}

/** A command on a pseudo-terminal of a fixed size that we can type into and read from. */
export class Terminal {
  private raw = '';
  private cursor = 0;
  private readonly exited: Promise<number | null>;
  private readonly child;

  constructor(command: string, cwd: string, size: { cols: number; rows: number } = { cols: 120, rows: 50 }, env: NodeJS.ProcessEnv = {}) {
    // A fixed size: prompts wraps and clears lines by the terminal width.
    const sized = `stty cols ${size.cols} rows ${size.rows}; exec ${command}`;
    const base = { ...process.env };
    delete base.NO_COLOR;
    delete base.FORCE_COLOR;
    // -q quiet, -f flush each write, -e return the command's exit code, -c the command.
    this.child = spawn('script', ['-qfec', sized, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...base, TERM: 'xterm', ...env } });
    this.child.stdout.on('data', (d: Buffer) => (this.raw += d.toString('utf-8')));
    this.child.stderr.on('data', (d: Buffer) => (this.raw += d.toString('utf-8')));
    this.exited = new Promise((done) => this.child.on('exit', (code) => done(code)));
  }

  /** Every byte shown so far, control sequences included. */
  get bytes(): string {
    return this.raw;
  }

  /** Everything shown so far, without control sequences. */
  get text(): string {
    return stripAnsi(this.raw);
  }

  /** Waits until `marker` appears after the previous one found. */
  async waitFor(marker: string, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const at = this.text.indexOf(marker, this.cursor);
      if (at >= 0) {
        this.cursor = at + marker.length;
        return;
      }
      if (Date.now() > until) throw new Error(`timed out waiting for ${JSON.stringify(marker)}; the terminal shows:\n${this.text.slice(-3000)}`);
      await sleep(20);
    }
  }

  /** Types keys one by one, as a user would. */
  async type(...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.child.stdin.write(k);
      await sleep(15);
    }
  }

  /** Waits for `marker`, then types. */
  async answer(marker: string, ...keys: string[]): Promise<void> {
    await this.waitFor(marker);
    await this.type(...keys);
  }

  async exit(timeoutMs = 20_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

interface HeadlessTerminal {
  write(data: string, done: () => void): void;
  buffer: { active: { length: number; getLine(i: number): { translateToString(trimRight: boolean): string } | undefined } };
}
type HeadlessModule = { Terminal: new (options: { cols: number; rows: number; scrollback: number; allowProposedApi?: boolean }) => HeadlessTerminal };

/** @xterm/headless, from node_modules or from FC_XTERM_HEADLESS; the reason when neither has it. */
export function loadEmulator(): HeadlessModule | string {
  const require = createRequire(__filename);
  for (const from of ['@xterm/headless', process.env.FC_XTERM_HEADLESS].filter((f): f is string => f !== undefined && f !== '')) {
    try {
      return require(from) as HeadlessModule;
    } catch {
      // try the next
    }
  }
  return '@xterm/headless is not installed: add it to devDeps in .projenrc.ts (npx projen), or set FC_XTERM_HEADLESS to its folder';
}

/**
 * The lines a terminal of this size shows after `bytes`, scrollback first: each line as
 * the emulator holds it, trailing spaces and trailing empty lines dropped.
 */
export function renderScreen(emulator: HeadlessModule, bytes: string, size: { cols: number; rows: number }): Promise<string[]> {
  const term = new emulator.Terminal({ cols: size.cols, rows: size.rows, scrollback: 10_000, allowProposedApi: true });
  return new Promise((done) =>
    term.write(bytes, () => {
      const buffer = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      done(lines);
    }),
  );
}

/**
 * Times change from run to run, and the number of files with the templates; what the
 * screen says does not.
 */
export function normalize(lines: readonly string[]): string {
  return (
    lines
      .map((l) =>
        l
          .replace(/\((failed after |stopped after )?(\d+(\.\d)? s|\d+ min \d\d s)\)/g, '($1… s)')
          .replace(/\b\d+ files\b/g, 'N files')
          .replace(/\b\d+ of them managed\b/g, 'N of them managed'),
      )
      .join('\n') + '\n'
  );
}
