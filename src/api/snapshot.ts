/**
 * The API reads its caller's input exactly once: a structured clone taken before anything
 * else looks at it. Validation and generation then see the same plain data, so a getter
 * that answers differently each time, or an object changed in between, cannot make the
 * files disagree with the spec that was validated. What cannot be cloned (a Proxy, a
 * function, a symbol) or throws while being read is an error, returned as data.
 */
import { quote } from '../spec/messages';
import type { SpecError } from '../spec/types';

export type Snapshot = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errors: readonly SpecError[] };

/** `what` names the input in the message ("the spec", "the options"); `path` is the error's path. */
export function snapshot(value: unknown, path: string, what: string): Snapshot {
  try {
    return { ok: true, value: structuredClone(value) };
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown };
    const message = String(e?.message ?? err).slice(0, 100);
    const reason =
      e?.name === 'DataCloneError'
        ? `it holds a value that is not plain data (a Proxy, a function, a symbol or the like): ${quote(message)}`
        : `reading it threw ${quote(message)}`;
    return {
      ok: false,
      errors: [
        {
          path,
          message: `${what} cannot be copied as plain data: ${reason}; pass plain objects, lists, strings, numbers and booleans (parsed YAML or JSON is)`,
        },
      ],
    };
  }
}
