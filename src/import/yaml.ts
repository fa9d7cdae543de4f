/**
 * Copilot manifests as plain values that still know where each field is, so that an error
 * or a report line can say `copilot/api/manifest.yml:12:5`.
 *
 * The syntax checks (size, nesting, aliases, duplicate keys, one document) are the spec
 * parser's own; the positions come from a second parse of the text it accepted.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parseSpecText } from '../spec/parse';
import type { SpecError } from '../spec/types';

/** A key path into a manifest: mapping keys and list indexes. */
export type FieldPath = readonly (string | number)[];

export interface ParsedManifest {
  readonly file: string;
  readonly value: unknown;
  /** The 1-based line and column of the field (its key, for a mapping entry), or of the nearest parent found. */
  position(path: FieldPath): { readonly line: number; readonly column: number };
}

export type ParseManifestResult =
  { readonly ok: true; readonly manifest: ParsedManifest } | { readonly ok: false; readonly errors: readonly SpecError[] };

/** Parses one manifest; errors are located as `file:line:column: message`. */
export function parseManifest(text: string, file: string): ParseManifestResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.replace(/#.*$/gm, '').trim() === '') {
    return { ok: false, errors: [{ path: '', message: `${file}: the file is empty; a Copilot manifest has at least name and type` }] };
  }
  const checked = parseSpecText(body, file);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const lines = new LineCounter();
  const doc = parseDocument(body, { lineCounter: lines, uniqueKeys: false });
  const position = (path: FieldPath): { line: number; column: number } => {
    let offset = doc.contents?.range?.[0] ?? 0;
    let node: Node | null | undefined = doc.contents as Node | null;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        node = node.items[segment] as Node;
        offset = node?.range?.[0] ?? offset;
      } else {
        break;
      }
    }
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  return { ok: true, manifest: { file, value: checked.value, position } };
}

/** `file:line:column: message`, located at `path`. */
export function locatedError(manifest: ParsedManifest, path: FieldPath, message: string): SpecError {
  const { line, column } = manifest.position(path);
  return { path: '', message: `${manifest.file}:${line}:${column}: ${message}` };
}
