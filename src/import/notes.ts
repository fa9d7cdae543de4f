import { fieldRule } from './field-map';
import type { EntryStatus, ReportEntry } from './types';
import { dotted, isMapping, shown } from './values';
import type { FieldPath, ParsedManifest } from './yaml';

/** The report lines of one manifest, each placed at its field's line. */
export class Notes {
  readonly entries: ReportEntry[] = [];

  constructor(readonly manifest: ParsedManifest) {}

  /** Removes the lines a later decision replaces. */
  drop(which: (e: ReportEntry) => boolean): void {
    for (let i = this.entries.length - 1; i >= 0; i--) if (which(this.entries[i])) this.entries.splice(i, 1);
  }

  add(
    path: FieldPath,
    status: EntryStatus,
    line: { readonly value?: unknown; readonly target?: string; readonly note: string; readonly todo?: string; readonly field?: string },
  ): void {
    this.entries.push({
      file: this.manifest.file,
      line: this.manifest.position(path).line,
      field: line.field ?? (path.length > 0 ? dotted(path) : '(manifest)'),
      ...(line.value !== undefined ? { value: shown(line.value) } : {}),
      status,
      ...(line.target !== undefined ? { target: line.target } : {}),
      note: line.note,
      ...(line.todo !== undefined ? { todo: line.todo } : {}),
    });
  }
}

/**
 * Reports every field that FIELD_RULES says is not mapped (yet), and every field it does
 * not know; mapped fields are reported by the code that maps them.
 */
export function reportUnmappedFields(notes: Notes, type: string, value: unknown, base: readonly string[] = []): void {
  if (!isMapping(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const path = [...base, key];
    const rule = fieldRule(type, path.join('.'));
    if (rule === undefined) {
      notes.add(path, 'not-mapped', {
        value: v,
        note: `not a ${type} field this importer knows`,
        todo: 'check what it does in Copilot, and rebuild it here (src/infra) if you need it',
      });
      continue;
    }
    if (rule.state === 'ignored') continue;
    if (rule.state === 'mapped') {
      if (rule.descend) reportUnmappedFields(notes, type, v, path);
      continue;
    }
    const target = rule.ours === undefined ? undefined : rule.state === 'not-yet' ? `${rule.ours} (not yet: issue ${rule.issue})` : rule.ours;
    const line = { target, note: rule.why ?? 'not mapped', todo: rule.todo };
    if (key === 'environments' && base.length === 0 && isMapping(v)) {
      // One line per overridden field of each environment, value as written.
      for (const [env, overrides] of Object.entries(v)) {
        if (!isMapping(overrides) || Object.keys(overrides).length === 0) {
          notes.add([...path, env], rule.state, { ...line, value: overrides });
          continue;
        }
        for (const [field, override] of Object.entries(overrides)) {
          notes.add([...path, env, field], rule.state, { ...line, value: override, todo: environmentTodo(notes, env, field, override) ?? line.todo });
        }
      }
    } else if (rule.perKey && isMapping(v)) {
      for (const [k, x] of Object.entries(v)) notes.add([...path, k], rule.state, { ...line, value: x });
    } else {
      notes.add(path, rule.state, { ...line, value: v });
      if (rule.descend) reportUnmappedFields(notes, type, v, path);
    }
  }
}

/** What to write for a per-environment count: the stage's service override, once the stage exists. */
function environmentTodo(notes: Notes, env: string, field: string, value: unknown): string | undefined {
  const name = isMapping(notes.manifest.value) ? notes.manifest.value.name : undefined;
  if (field !== 'count' || typeof value !== 'number' || typeof name !== 'string') return undefined;
  return `add stage ${env} to stages (name, account, region: copilot env show -n ${env} prints them) with services: { ${name}: { desiredCount: ${value} } }`;
}
