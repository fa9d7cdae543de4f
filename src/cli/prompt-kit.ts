/**
 * Asking one question on a terminal, with `prompts` underneath: how a question is asked,
 * how its answer is read and checked, and how every line a prompt draws is kept within
 * the terminal's width.
 *
 * Why the width matters: `prompts` redraws a prompt by erasing the lines it believes it
 * wrote, and its error line under a text prompt is erased as one line even when the
 * terminal wrapped it onto two. A message wider than the terminal therefore leaves a stale
 * line behind, and every later prompt is drawn over it. So each prompt's first line (the
 * question and its hint) is fitted to the width on every draw, a validation message is
 * shown under the prompt only when it fits on one line, and a longer one is printed in
 * full, wrapped, once the prompt has closed, before the question is asked again.
 *
 * The prompt function is injectable; `prompts` itself is the default. Its `inject()`
 * skips the prompt's own `validate`, so every answer is checked again here and a rejected
 * one is reported (on `io.err`) and asked again.
 */
import type { Answers, Choice, Options, PromptObject } from 'prompts';
import * as m from '../spec/messages';
import { validateInteger, validatePort } from '../spec/rules';
import { displayWidth, styleFor, truncate, wrapLine, type Screen } from '../terminal';

/** What the flow needs of `prompts`: one question at a time, answered under `value`. */
export type PromptFn = (question: PromptObject<'value'>, options: Options) => Promise<Answers<'value'>>;

/** Where the questions are asked: lines for the flow's own output, and the terminal if there is one. */
export interface AskIo {
  readonly err: (line: string) => void;
  /** The terminal the prompts draw on; absent when answers are injected (tests). */
  readonly screen?: Screen;
}

/** The user stopped the questions (Ctrl-C, Escape). */
export class Cancelled extends Error {}

/** A question's text: the whole of it, and a shorter one for a narrow terminal. */
export interface Message {
  readonly long: string;
  readonly short?: string;
}

/** One question: how to ask it, how to read the answer, and the rule it must meet. */
export interface Question<T> {
  readonly prompt: Omit<PromptObject<'value'>, 'name' | 'validate' | 'format' | 'message' | 'onRender'>;
  readonly message: Message;
  /** From the prompt's answer to the value (a text prompt answers "" for "the default"). */
  readonly parse: (answer: unknown) => T;
  /** The message of the first rule the value breaks, or `undefined`. */
  readonly check: (value: T) => string | undefined;
}

/** A run of rejected answers this long means the answers are scripted and stuck. */
const MAX_REJECTED = 10;

/** What `prompts` shows after the question on its first line, besides our hint. */
const PROMPT_CHROME = {
  /** "? " before the question, " › " after it. */
  around: 5,
  /** A text prompt leaves at least this much room for typing on the first line. */
  typing: 12,
  /** confirm's "(Y/n)". */
  confirm: 5,
  /** "› " before a validation message. */
  error: 2,
} as const;

/** The default hints of select prompts, and ours for multiselect, long and short. */
const HINTS: Readonly<Record<string, readonly string[]>> = {
  select: ['- Use arrow-keys. Return to submit.', '- arrows, Enter'],
  multiselect: ['- Space to select, Enter when done (none is fine)', '- Space selects, Enter ends', ''],
};

/** The question's text that fits in `room` columns: the long one, the short one, or the short one cut. */
export function fitMessage(message: Message, room: number): string {
  if (displayWidth(message.long) <= room) return message.long;
  const short = message.short ?? message.long;
  return displayWidth(short) <= room ? short : truncate(short, Math.max(1, room));
}

/** The parts of a `prompts` element that fitting reads and sets. */
interface PromptElement {
  out?: { columns?: number };
  msg: string;
  hint?: string;
  errorMsg?: string;
}

/**
 * `onRender` for a prompt: before each draw, sets the question, the hint and the error
 * line to what fits the terminal's current width (so a resize is followed too).
 */
function fitOnRender(q: Question<unknown>, drawn: { msg: string }): (this: PromptElement) => void {
  const type = String(q.prompt.type);
  const initial = typeof q.prompt.initial === 'string' ? q.prompt.initial : '';
  return function (this: PromptElement) {
    const columns = this.out?.columns;
    if (columns === undefined || columns <= 0) return;
    // The last column stays free: a line that fills it leaves the cursor in limbo on some terminals.
    const room = columns - 1 - PROMPT_CHROME.around;
    if (type === 'text') {
      this.msg = fitMessage(q.message, room - Math.max(displayWidth(initial), PROMPT_CHROME.typing));
      if (this.errorMsg !== undefined) this.errorMsg = truncate(this.errorMsg, columns - 1 - PROMPT_CHROME.error);
    } else if (type === 'confirm') {
      this.msg = fitMessage(q.message, room - PROMPT_CHROME.confirm);
    } else {
      const hints = HINTS[type] ?? [''];
      const hint = hints.find((h) => displayWidth(q.message.long) + 1 + displayWidth(h) <= room) ?? hints[hints.length - 1];
      this.msg = fitMessage(q.message, room - (hint === '' ? 0 : 1 + displayWidth(hint)));
      this.hint = hint;
    }
    drawn.msg = this.msg;
  };
}

export class Asker {
  constructor(
    private readonly prompt: PromptFn,
    private readonly io: AskIo,
  ) {}

  async ask<T>(q: Question<T>): Promise<T> {
    const screen = this.io.screen;
    // On a terminal, a message too wide for the error line lets the answer through: it is
    // refused below, once the prompt has closed, with the message in full.
    const fits = (problem: string) => screen === undefined || displayWidth(problem) <= screen.columns - 1 - PROMPT_CHROME.error;
    const validate = (answer: unknown): string | true => {
      const problem = q.check(q.parse(answer));
      return problem === undefined || !fits(problem) ? true : problem;
    };
    const onCancel = (): never => {
      throw new Cancelled();
    };
    const drawn = { msg: q.message.long };
    for (let rejected = 0; ; rejected++) {
      if (rejected === MAX_REJECTED && screen === undefined) throw new Error(`${MAX_REJECTED} answers in a row were rejected: ${q.message.long}`);
      const question = {
        ...q.prompt,
        name: 'value',
        message: q.message.long,
        ...(screen !== undefined ? { onRender: fitOnRender(q as Question<unknown>, drawn) } : {}),
        ...(q.prompt.type === 'text' ? { validate } : {}),
      } as PromptObject<'value'>;
      const answers = await this.prompt(question, { onCancel });
      if (!Object.prototype.hasOwnProperty.call(answers, 'value')) throw new Cancelled();
      const value = q.parse(answers.value);
      const problem = q.check(value);
      if (problem === undefined) return value;
      if (screen !== undefined && q.prompt.type === 'text') this.eraseAnswered(screen, drawn.msg, answers.value);
      this.reject(problem);
    }
  }

  /**
   * Removes the line a closed text prompt left ("✔ question … answer") for an answer that
   * is refused after all, so the screen never shows a refused answer as accepted.
   */
  private eraseAnswered(screen: Screen, msg: string, answer: unknown): void {
    const line = `✔ ${msg} … ${typeof answer === 'string' ? answer : ''}`;
    const rows = Math.max(1, Math.ceil(displayWidth(line) / screen.columns));
    screen.write(`\x1b[${rows}A\r\x1b[J`);
  }

  /** The rejected answer's message, in full: wrapped to the terminal, under a mark. */
  private reject(problem: string): void {
    const screen = this.io.screen;
    if (screen === undefined) {
      this.io.err(`✖ ${problem}`);
      return;
    }
    const style = styleFor(screen.color);
    const lines = wrapLine(`✖ ${problem}`, screen.columns - 1, { indent: '  ' });
    lines.forEach((line, i) => this.io.err(i === 0 ? `${style.error('✖')}${line.slice(1)}` : line));
  }
}

/** A text answer, trimmed; empty means the default. */
function textAnswer(answer: unknown, initial: string | undefined): unknown {
  if (answer === undefined) return initial ?? '';
  if (typeof answer !== 'string') return answer;
  const s = answer.trim();
  return s === '' ? (initial ?? '') : s;
}

function message(text: string | Message): Message {
  return typeof text === 'string' ? { long: text } : text;
}

export function text(msg: string | Message, initial: string | undefined, rule: (s: string) => string | undefined): Question<unknown> {
  return {
    prompt: { type: 'text', ...(initial !== undefined ? { initial } : {}) },
    message: message(msg),
    parse: (answer) => textAnswer(answer, initial),
    check: (value) => (typeof value === 'string' ? rule(value) : m.typeMismatch(value, m.EXPECT.string)),
  };
}

export function confirm(msg: string | Message, initial: boolean): Question<unknown> {
  return {
    prompt: { type: 'confirm', initial },
    message: message(msg),
    parse: (answer) => answer,
    check: (value) => (typeof value === 'boolean' ? undefined : m.typeMismatch(value, m.EXPECT.boolean)),
  };
}

export function select<V extends string>(
  msg: string | Message,
  choices: readonly { value: V; title: string; description?: string }[],
  initial = 0,
  rule?: (value: string) => string | undefined,
): Question<unknown> {
  const values: readonly string[] = choices.map((c) => c.value);
  const notAChoice = (value: unknown): string => `${m.show(value)} is not one of the choices: ${values.join(', ')}`;
  return {
    prompt: { type: 'select', choices: choices.map((c) => ({ ...c })), initial },
    message: message(msg),
    parse: (answer) => answer,
    check: (value) => {
      if (typeof value !== 'string') return m.typeMismatch(value, m.EXPECT.string);
      if (rule !== undefined) return rule(value);
      return values.includes(value) ? undefined : notAChoice(value);
    },
  };
}

/** The port, typed as text: digits become a number, anything else stays text for the message. */
export function portQuestion(msg: string | Message, initial: number): Question<unknown> {
  const base = text(msg, String(initial), () => undefined);
  return {
    ...base,
    parse: (answer) => {
      const value = typeof answer === 'number' ? answer : base.parse(answer);
      return typeof value === 'string' && /^[+-]?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
    },
    check: (value) => validateInteger(value) ?? validatePort(value as number),
  };
}

export function multiselect(
  msg: string | Message,
  choices: readonly Choice[],
  check: (names: readonly string[]) => string | undefined,
): Question<unknown> {
  return {
    prompt: { type: 'multiselect', choices: [...choices], instructions: false, hint: HINTS.multiselect[0] },
    message: message(msg),
    parse: (answer) => answer ?? [],
    check: (value) =>
      Array.isArray(value) && value.every((v) => typeof v === 'string') ? check(value as string[]) : m.typeMismatch(value, m.EXPECT.calls),
  };
}
