import { quote } from '../spec/messages';
import type { SpecError } from '../spec/types';

type Failure = { readonly ok: false; readonly errors: readonly SpecError[] };

/** Reads `key` of a caller's object once; a getter or Proxy trap that throws is an error. */
export function readOption(options: object, key: string): { readonly ok: true; readonly value: unknown } | Failure {
  try {
    return { ok: true, value: (options as Record<string, unknown>)[key] };
  } catch (err) {
    const message = String((err as { message?: unknown })?.message ?? err).slice(0, 100);
    return { ok: false, errors: [{ path: `options.${key}`, message: `reading it threw ${quote(message)}` }] };
  }
}
