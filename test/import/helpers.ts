import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { importCopilot, type CopilotFiles, type ImportOptions, type ImportResult } from '../../src/import';

export const FIXTURES = join(__dirname, 'fixtures');
/** The fixture workspaces: real Copilot manifests (see fixtures/SOURCES.md). */
export const FIXTURE_NAMES = ['multi-svc-app', 'app-with-domain', 'env-overrides', 'inferred-calls'] as const;

/** A fixture workspace as the importer takes it. */
export function fixtureFiles(name: string): Record<string, string> {
  const root = join(FIXTURES, name);
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = rel ? posix.join(rel, e.name) : e.name;
      if (e.isDirectory()) walk(p);
      else out[p] = readFileSync(join(root, p), 'utf8');
    }
  };
  walk('');
  return out;
}

/** One real manifest of a fixture. */
export function manifest(fixture: string, workload: string): string {
  return readFileSync(join(FIXTURES, fixture, 'copilot', workload, 'manifest.yml'), 'utf8');
}

/** A workspace of one application from manifests given as text, by workload folder. */
export function workspace(manifests: Record<string, string>, application = 'kudos'): Record<string, string> {
  const files: Record<string, string> = { 'copilot/.workspace': `application: ${application}\n` };
  for (const [folder, text] of Object.entries(manifests)) files[`copilot/${folder}/manifest.yml`] = text;
  return files;
}

/** Imports and expects success. */
export function imported(files: CopilotFiles, options?: ImportOptions): Extract<ImportResult, { ok: true }> {
  const r = importCopilot(files, options);
  if (!r.ok) throw new Error(`expected an import, got:\n${r.errors.map((e) => e.message).join('\n')}`);
  return r;
}

/** The error messages of a failed import. */
export function importErrors(files: CopilotFiles, options?: ImportOptions): string[] {
  const r = importCopilot(files, options);
  if (r.ok) throw new Error(`expected errors, got a spec: ${JSON.stringify(r.spec)}`);
  return r.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
}

/** Writes files under a fresh temporary folder; returns it. */
export function onDisk(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'fc-import-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

/** Every entry of a result's report, flattened, with its subject. */
export function entries(r: Extract<ImportResult, { ok: true }>) {
  return r.report.subjects.flatMap((s) => s.entries.map((e) => ({ subject: s.name, ...e })));
}
