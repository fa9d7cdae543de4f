import { isDeepStrictEqual } from 'node:util';
import type { Synthesized } from './synthesized';

/**
 * One invariant of a synthesized platform: what every platform built by `buildPlatform`
 * holds, additions in `src/main.ts` included (unless they break it on purpose: skip the
 * check by its id then). `run` returns the violations, one sentence each; none means it holds.
 */
export interface PlatformCheck {
  /** Stable id, `<area>/<what>`, e.g. `network/no-nat`. */
  readonly id: string;
  /** What holds, as a test title. */
  readonly title: string;
  readonly run: (s: Synthesized) => string[];
}

/** Collects violations instead of throwing at the first, so a check reports every one. */
export class Violations {
  readonly found: string[] = [];

  /** Records `message` unless `holds`. */
  check(holds: boolean, message: string): void {
    if (!holds) this.found.push(message);
  }

  /** Records a violation unless `actual` deeply equals `expected`. */
  equal(actual: unknown, expected: unknown, what: string): void {
    if (!isDeepStrictEqual(actual, expected)) {
      this.found.push(`${what}: expected ${show(expected)}, got ${show(actual)}`);
    }
  }
}

/** A check from a function that records into a fresh Violations. */
export function check(id: string, title: string, run: (s: Synthesized, v: Violations) => void): PlatformCheck {
  return {
    id,
    title,
    run: (s) => {
      const v = new Violations();
      run(s, v);
      return v.found;
    },
  };
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
