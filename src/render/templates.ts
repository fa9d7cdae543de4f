import { readdirSync, readFileSync } from 'fs';
import { join, posix } from 'path';

/** A template as shipped under `templates/`, path relative to that folder, POSIX separators. */
export interface TemplateFile {
  readonly path: string;
  readonly source: string;
}

/** Where the package's templates live, from both `src/render` (tests) and `lib/render` (built). */
export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

let loaded: readonly TemplateFile[] | undefined;

/** Every template file, sorted by path. Read once per process: they ship with the package. */
export function loadTemplates(dir: string = TEMPLATES_DIR): readonly TemplateFile[] {
  if (dir === TEMPLATES_DIR && loaded) return loaded;
  const files: TemplateFile[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const childRel = rel ? posix.join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules') continue;
        walk(childRel);
      } else if (entry.isFile()) {
        files.push({ path: childRel, source: readFileSync(join(dir, childRel), 'utf-8') });
      }
    }
  };
  walk('');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (dir === TEMPLATES_DIR) loaded = files;
  return files;
}
