/**
 * A strict JSON (RFC 8259) parser that reports where it failed and rejects duplicate keys.
 *
 * `JSON.parse` keeps the last of duplicate keys silently and its messages (and whether they
 * carry a position) change between Node versions; a spec parser needs neither surprise.
 */
import { duplicateKey, quote, tooDeep } from './messages';

/** The first syntax error: where (a UTF-16 offset into the text) and what. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

export type JsonParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: JsonSyntaxError };

interface Failure {
  readonly jsonFailure: JsonSyntaxError;
}

function isFailure(e: unknown): e is Failure {
  return typeof e === 'object' && e !== null && 'jsonFailure' in e;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Parses `text` as one JSON value; nesting deeper than `maxDepth` is an error. */
export function parseJson(text: string, maxDepth: number): JsonParseResult {
  let i = 0;

  const fail = (offset: number, message: string): never => {
    const failure: Failure = { jsonFailure: { offset, message } };
    throw failure;
  };

  const describe = (offset: number): string => {
    if (offset >= text.length) return 'end of file';
    const cp = text.codePointAt(offset) as number;
    return `character ${quote(String.fromCodePoint(cp))}`;
  };

  const unexpected = (expected: string): never => {
    if (text.startsWith('//', i) || text.startsWith('/*', i)) fail(i, 'comments are not allowed in JSON; use a .yaml file to keep comments');
    const hint = text[i] === "'" ? ' (JSON strings use double quotes)' : '';
    return fail(i, `unexpected ${describe(i)}, expected ${expected}${hint}`);
  };

  const skipWhitespace = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') break;
      i++;
    }
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) fail(start, 'unterminated string; add the closing double quote');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return out;
      }
      if (c < 0x20)
        fail(i, `control character U+${c.toString(16).toUpperCase().padStart(4, '0')} in a string; escape it (for example \\n for a line break)`);
      if (c !== 0x5c) {
        out += text[i];
        i++;
        continue;
      }
      const e = text[i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && Object.prototype.hasOwnProperty.call(simple, e)) {
        out += simple[e];
        i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        fail(i, `invalid escape ${quote(text.slice(i, i + 2))} in a string`);
      }
    }
  };

  const parseValue = (depth: number): unknown => {
    skipWhitespace();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(i, tooDeep(maxDepth));
      return c === '{' ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    if (c === '"') return parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) return fail(i, `invalid number; expected a digit after ${quote(c)}`);
      const start = i;
      i += match[0].length;
      if (/^[0-9]$/.test(text[i] ?? '') && /^-?0$/.test(match[0])) fail(start, 'numbers must not have leading zeros');
      if (text[i] === '.' || text[i] === 'e' || text[i] === 'E') fail(i, 'invalid number; expected a digit');
      return Number(match[0]);
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return unexpected('a value');
  };

  const parseObject = (depth: number): Record<string, unknown> => {
    const obj: Record<string, unknown> = {};
    const seen = new Set<string>();
    i++; // {
    skipWhitespace();
    if (text[i] === '}') {
      i++;
      return obj;
    }
    for (;;) {
      skipWhitespace();
      if (text[i] !== '"') unexpected('a key in double quotes');
      const keyOffset = i;
      const key = parseString();
      if (seen.has(key)) fail(keyOffset, duplicateKey(key));
      seen.add(key);
      skipWhitespace();
      if (text[i] !== ':') unexpected('":"');
      i++;
      const value = parseValue(depth);
      // defineProperty: a "__proto__" key stays an ordinary own key.
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      skipWhitespace();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      if (text[i] !== ',') unexpected('"," or "}"');
      const comma = i;
      i++;
      skipWhitespace();
      if (text[i] === '}') fail(comma, 'trailing comma before "}"; JSON does not allow one');
    }
  };

  const parseArray = (depth: number): unknown[] => {
    const arr: unknown[] = [];
    i++; // [
    skipWhitespace();
    if (text[i] === ']') {
      i++;
      return arr;
    }
    for (;;) {
      arr.push(parseValue(depth));
      skipWhitespace();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      if (text[i] !== ',') unexpected('"," or "]"');
      const comma = i;
      i++;
      skipWhitespace();
      if (text[i] === ']') fail(comma, 'trailing comma before "]"; JSON does not allow one');
    }
  };

  try {
    const value = parseValue(0);
    skipWhitespace();
    if (i < text.length) {
      if (text.startsWith('//', i) || text.startsWith('/*', i)) fail(i, 'comments are not allowed in JSON; use a .yaml file to keep comments');
      fail(i, `unexpected ${describe(i)} after the JSON value; a spec file holds one JSON object`);
    }
    return { ok: true, value };
  } catch (e) {
    if (isFailure(e)) return { ok: false, error: e.jsonFailure };
    throw e;
  }
}
