/**
 * From a spec file to a plain JS value: size and encoding checks, then JSON (`.json`) or
 * YAML (anything else). Every error is `{ path: '', message: 'file:line:column: ...' }`.
 *
 * Hostile input is bounded before the parsers see it: at most 1 MiB, at most 64 levels of
 * flow nesting (`[`/`{`); and before the YAML composer (which recurses) sees it: at most
 * 64 levels of nesting of any kind. Then at most 100 alias uses adding at most 100,000
 * values, one document, no duplicate keys.
 * `readSpecFile` is the only function in src/spec that does I/O.
 */
import { readFileSync, statSync } from 'node:fs';
import { Composer, LineCounter, Parser, isAlias, isCollection, isPair, isScalar, visit } from 'yaml';
import type { CST, Document, YAMLError } from 'yaml';
import { parseJson } from './json';
import * as m from './messages';
import type { SpecError } from './types';

/** The outcome of reading or parsing a spec file: a plain value, or errors located in the file. */
export type ParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errors: readonly SpecError[] };

/** The outcome of decoding a file's bytes. */
export type DecodeResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly errors: readonly SpecError[] };

/** Largest spec file accepted, in bytes (1 MiB). */
export const MAX_SPEC_BYTES = 1024 * 1024;

/** Deepest nesting of `[`/`{` accepted; a spec needs 4. */
export const MAX_NESTING = 64;

/** Most YAML alias uses accepted when building the value (yaml's `maxAliasCount`). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Most values YAML aliases may add to the document when it is expanded. `MAX_ALIAS_COUNT`
 * alone lets 100 aliases of one long list multiply a file by 100; a spec that shares a
 * `calls` list between services through an anchor stays far below this.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** Most syntax errors listed for one file; the rest are counted. */
export const MAX_SYNTAX_ERRORS = 10;

function fileError(message: string): ParseResult & DecodeResult {
  return { ok: false, errors: [{ path: '', message }] };
}

/** 1-based line and column (in UTF-16 code units) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Parses spec text: JSON when `fileName` ends in `.json`, YAML otherwise. `fileName` only
 * chooses the syntax and prefixes messages (`platform.yaml:3:7: ...`).
 */
export function parseSpecText(text: string, fileName: string): ParseResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SPEC_BYTES) return fileError(m.fileTooLarge(fileName, bytes));
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fileError(m.fileEmpty(fileName));
  return /\.json$/i.test(fileName) ? parseJsonText(body, fileName) : parseYamlText(body, fileName);
}

function parseJsonText(text: string, fileName: string): ParseResult {
  const result = parseJson(text, MAX_NESTING);
  if (result.ok) return { ok: true, value: result.value };
  const { line, column } = lineColumn(text, result.error.offset);
  return fileError(m.at(fileName, line, column, result.error.message));
}

/**
 * Offset of the first `[` or `{` nested deeper than `max`, or -1. Comments and quoted
 * scalars are skipped; brackets inside plain scalars count, which errs on the safe side.
 */
export function excessiveFlowNesting(text: string, max: number): number {
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    const prev = i === 0 ? '\n' : text[i - 1];
    const tokenStart = /[\s[{,:]/.test(prev);
    if (c === '#' && /\s/.test(prev)) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if ((c === '"' || c === "'") && tokenStart) {
      i++;
      while (i < n) {
        if (c === '"' && text[i] === '\\') i += 2;
        else if (c === "'" && text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === c) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === '[' || c === '{') {
      depth++;
      if (depth > max) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
    i++;
  }
  return -1;
}

/**
 * Cuts YAML's concrete syntax tree at `max` levels of nesting (block and flow collections
 * counted together): a collection deeper than that is replaced by an empty scalar.
 * Returns the smallest offset of a collection it cut, or -1. Iterative: the point is to
 * refuse, with a stable message, what would otherwise overflow the composer's stack, while
 * the syntax errors before the cut are still reported.
 */
export function limitYamlNesting(tokens: readonly CST.Token[], max: number): number {
  const isCollection = (t: CST.Token | null | undefined): t is CST.BlockMap | CST.BlockSequence | CST.FlowCollection =>
    t?.type === 'block-map' || t?.type === 'block-seq' || t?.type === 'flow-collection';
  let first = -1;
  const stack: { token: CST.Token; depth: number }[] = [];
  for (const token of tokens) {
    if (token.type !== 'document' || !isCollection(token.value)) continue;
    if (max < 1) {
      first = first < 0 ? token.value.offset : Math.min(first, token.value.offset);
      token.value = { type: 'scalar', offset: token.value.offset, indent: token.value.indent, source: '' };
    } else {
      stack.push({ token: token.value, depth: 1 });
    }
  }
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    if (!isCollection(token)) continue;
    for (const item of token.items as { key?: CST.Token | null; value?: CST.Token }[]) {
      for (const side of ['key', 'value'] as const) {
        const child = item[side];
        if (!isCollection(child)) continue;
        if (depth + 1 <= max) {
          stack.push({ token: child, depth: depth + 1 });
          continue;
        }
        first = first < 0 ? child.offset : Math.min(first, child.offset);
        item[side] = { type: 'scalar', offset: child.offset, indent: child.indent, source: '' };
      }
    }
  }
  return first;
}

/** Values in `node` once its aliases are expanded (each scalar, collection and pair key counts one). */
function expandedSize(node: unknown, doc: Document, memo: Map<unknown, number>): number {
  // Iterative post-order; nesting is bounded, alias chains are not.
  const pending: { node: unknown; expanded: boolean }[] = [{ node, expanded: false }];
  const active = new Set<unknown>();
  while (pending.length > 0) {
    const top = pending[pending.length - 1];
    if (memo.has(top.node)) {
      pending.pop();
      continue;
    }
    const children: unknown[] = [];
    if (isAlias(top.node)) children.push(top.node.resolve(doc));
    else if (isCollection(top.node)) {
      for (const item of top.node.items) {
        if (isPair(item)) children.push(item.key, item.value);
        else children.push(item);
      }
    }
    if (!top.expanded) {
      top.expanded = true;
      active.add(top.node);
      for (const c of children) if (c !== null && c !== undefined && !memo.has(c) && !active.has(c)) pending.push({ node: c, expanded: false });
      continue;
    }
    pending.pop();
    active.delete(top.node);
    let size = isAlias(top.node) ? 0 : 1;
    for (const c of children) size += memo.get(c) ?? (c === null || c === undefined ? 0 : 1);
    memo.set(top.node, Math.min(size, Number.MAX_SAFE_INTEGER));
  }
  return memo.get(node) ?? 0;
}

interface Located {
  readonly offset: number;
  readonly message: string;
}

function yamlErrorMessage(e: YAMLError): string {
  if (e.code === 'MULTIPLE_DOCS') return m.multipleDocuments();
  // Keep the parser's own words, on one line.
  return e.message.replace(/\s+/g, ' ').trim();
}

function parseYamlText(text: string, fileName: string): ParseResult {
  const deep = excessiveFlowNesting(text, MAX_NESTING);
  if (deep >= 0) {
    const { line, column } = lineColumn(text, deep);
    return fileError(m.at(fileName, line, column, m.tooDeep(MAX_NESTING)));
  }

  const lineCounter = new LineCounter();
  // parseAllDocuments in two steps, to bound the nesting the (recursive) composer sees.
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const tooDeep = limitYamlNesting(tokens, MAX_NESTING);
  // Duplicate keys are found below, by the key each one becomes in the JS object.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, strict: true, logLevel: 'error' });
  const docs = [...composer.compose(tokens)];
  if (docs.length === 0) return fileError(m.fileEmpty(fileName));
  const doc = docs[0];

  const problems: Located[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) problems.push({ offset: e.pos[0], message: yamlErrorMessage(e) });
  if (docs.length > 1) problems.push({ offset: docs[1].range[0], message: m.multipleDocuments() });
  if (tooDeep >= 0) problems.push({ offset: tooDeep, message: m.tooDeep(MAX_NESTING) });

  const sizes = new Map<unknown, number>();
  let added = 0;
  let expansion: Located | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value ?? '');
        if (seen.has(key)) problems.push({ offset: pair.key.range?.[0] ?? 0, message: m.duplicateKey(key) });
        seen.add(key);
      }
    },
    Pair(_, pair) {
      const key = pair.key as { range?: [number, number, number] } | null;
      if (key !== null && !isScalar(key)) problems.push({ offset: key.range?.[0] ?? 0, message: m.nonScalarKey() });
    },
    Alias(_, alias) {
      const target = alias.resolve(doc);
      if (target === undefined) {
        problems.push({ offset: alias.range?.[0] ?? 0, message: m.unresolvedAlias(alias.source) });
        return;
      }
      added += expandedSize(target, doc, sizes);
      if (added > MAX_ALIAS_EXPANSION && expansion === undefined) {
        expansion = { offset: alias.range?.[0] ?? 0, message: m.aliasExpansion(MAX_ALIAS_EXPANSION) };
      }
    },
  });

  if (problems.length > 0) {
    const unique = new Map<string, Located>();
    for (const p of problems) unique.set(`${p.offset}\u0000${p.message}`, p);
    // Past a cut, the parts that were cut away leave problems of their own: leave those out.
    const sorted = [...unique.values()].filter((p) => tooDeep < 0 || p.offset <= tooDeep).sort((a, b) => a.offset - b.offset);
    const errors: SpecError[] = sorted.slice(0, MAX_SYNTAX_ERRORS).map((p) => {
      const { line, col } = lineCounter.linePos(p.offset);
      return { path: '', message: m.at(fileName, line, col, p.message) };
    });
    if (sorted.length > MAX_SYNTAX_ERRORS) errors.push({ path: '', message: m.moreSyntaxErrors(fileName, sorted.length - MAX_SYNTAX_ERRORS) });
    return { ok: false, errors };
  }

  // Only "---" and comments: the document holds an empty, untagged null scalar.
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null && contents.tag === undefined && contents.range[0] === contents.range[1])) {
    return fileError(m.fileEmpty(fileName));
  }
  let value: unknown;
  try {
    // Aliases become shared references here, so this is cheap; yaml refuses alias bombs.
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/alias count/i.test(message)) return fileError(m.aliasBomb(fileName, MAX_ALIAS_COUNT));
    return fileError(`${fileName}: ${message.replace(/\s+/g, ' ')}`);
  }
  // What reads the value visits each shared reference again: bound that work.
  if (expansion !== undefined) {
    const { line, col } = lineCounter.linePos(expansion.offset);
    return fileError(m.at(fileName, line, col, expansion.message));
  }
  return { ok: true, value };
}

/** Offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes a spec file's bytes as UTF-8 (a leading BOM is dropped). Invalid UTF-8 is an
 * error located at the first bad byte; so is a file over 1 MiB.
 */
export function decodeSpecBytes(bytes: Uint8Array, fileName: string): DecodeResult {
  if (bytes.length > MAX_SPEC_BYTES) return fileError(m.fileTooLarge(fileName, bytes.length));
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const { line, column } = lineColumn(prefix, prefix.length);
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    return fileError(m.notUtf8(fileName, line, column, bytes[bad] ?? 0, utf16));
  }
}

function readFailure(e: unknown): string {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return typeof code === 'string' ? code : 'unknown error';
  }
}

/**
 * Reads, decodes and parses the spec file at `path` (the path also prefixes messages).
 * Refuses anything but a regular file of at most 1 MiB before reading it, and a file that
 * holds a single scalar (plain text) after.
 */
export function readSpecFile(path: string): ParseResult {
  let bytes: Uint8Array;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return fileError(m.cannotRead(path, 'it is a directory'));
    if (!stat.isFile()) return fileError(m.cannotRead(path, 'not a regular file'));
    if (stat.size > MAX_SPEC_BYTES) return fileError(m.fileTooLarge(path, stat.size));
    bytes = readFileSync(path);
  } catch (e) {
    return fileError(m.cannotRead(path, readFailure(e)));
  }
  const decoded = decodeSpecBytes(bytes, path);
  if (!decoded.ok) return decoded;
  const parsed = parseSpecText(decoded.text, path);
  // Any text file parses as one YAML string (`--config /proc/self/environ`): say it is not
  // a spec without quoting it, since it may hold anything, secrets included.
  if (parsed.ok && ['string', 'number', 'boolean'].includes(typeof parsed.value)) {
    return fileError(m.notASpecFile(path, typeof parsed.value as 'string' | 'number' | 'boolean'));
  }
  return parsed;
}
