/**
 * Steps the user waits for (packing, generating, writing, installing, git), shown as they
 * happen. On a terminal: a spinner with what is happening and the time so far, replaced
 * by one line with the result and the time it took. Anywhere else (a pipe, a file, a CI
 * log): one plain line per step, printed when it starts, so a log says what is running.
 */
import type { Screen } from './screen';
import { styleFor } from './style';
import { displayWidth, truncate, wrapLine } from './text';
import { formatElapsed, startTicker } from './ticker';

/** How a step ended, as its result tells. */
export type StepOutcome = 'ok' | 'failed' | 'cancelled';

export interface StepInfo {
  /** What is happening, e.g. `Writing shop`. */
  readonly label: string;
  /** Why it takes a while, or what it does, in one sentence; shown once, before it starts. */
  readonly detail?: string;
}

export interface Steps {
  /** Synchronous work as one step: the spinner keeps moving while it blocks. */
  run<T>(step: StepInfo | string, work: () => T, outcome?: (result: T) => StepOutcome): T;
  /** Work that waits (child processes) as one step. */
  runAsync<T>(step: StepInfo | string, work: () => Promise<T>, outcome?: (result: T) => StepOutcome): Promise<T>;
}

const ENDED: Record<StepOutcome, string> = { ok: '', failed: 'failed after ', cancelled: 'stopped after ' };

/** Steps reported through `out` (plain lines), or drawn on `screen` when there is one. */
export function createSteps(out: (line: string) => void, screen: Screen | undefined): Steps {
  if (screen === undefined) {
    const begin = (step: StepInfo) => out(`• ${step.label}...${step.detail !== undefined ? ` ${step.detail}` : ''}`);
    return {
      run: (step, work) => {
        begin(info(step));
        return work();
      },
      runAsync: async (step, work) => {
        begin(info(step));
        return work();
      },
    };
  }
  const style = styleFor(screen.color);
  const start = (step: StepInfo) => {
    if (step.detail !== undefined) for (const line of wrapLine(step.detail, screen.columns - 1, { indent: '  ' })) out(style.dim(line));
    const started = Date.now();
    // Leaves room for the spinner and the time: the line never wraps, so `\r` redraws it.
    const label = truncate(step.label, Math.max(10, screen.columns - 16));
    const ticker = startTicker(screen, { before: ` ${label}  `, after: '' }, started);
    return (outcome: StepOutcome) => {
      ticker.stop();
      const time = formatElapsed(Date.now() - started);
      const mark = outcome === 'ok' ? style.ok('✔') : style.error('✖');
      const line = `${mark} ${label} ${style.dim(`(${ENDED[outcome]}${time})`)}`;
      screen.write(`\r\x1b[2K${displayWidth(line) < screen.columns ? line : truncate(line, screen.columns - 1)}\n`);
    };
  };
  function run<T>(step: StepInfo | string, work: () => T, outcome?: (result: T) => StepOutcome): T {
    const end = start(info(step));
    let result: T;
    try {
      result = work();
    } catch (err) {
      end('failed');
      throw err;
    }
    end(outcome?.(result) ?? 'ok');
    return result;
  }
  async function runAsync<T>(step: StepInfo | string, work: () => Promise<T>, outcome?: (result: T) => StepOutcome): Promise<T> {
    const end = start(info(step));
    let result: T;
    try {
      result = await work();
    } catch (err) {
      end('failed');
      throw err;
    }
    end(outcome?.(result) ?? 'ok');
    return result;
  }
  return { run, runAsync };
}

function info(step: StepInfo | string): StepInfo {
  return typeof step === 'string' ? { label: step } : step;
}
