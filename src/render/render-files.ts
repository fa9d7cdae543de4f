import { posix } from 'path';
import type { Plan } from '../plan';
import { renderTemplate } from './handlebars';
import { loadTemplates, type TemplateFile } from './templates';
import { buildView } from './view';

/** Who owns a generated file after the first write. */
export type Owner =
  /** Derived from the spec: rewritten on every `npx projen`, read-only on disk. */
  | 'managed'
  /** The user's code from then on: written once, never overwritten. */
  | 'user';

export interface RenderedFile {
  readonly path: string;
  readonly contents: string;
  readonly owner: Owner;
}

/** Path segment that expands to one copy per service with an app folder. */
const SERVICE_SEGMENT = '__service__';

/** Templates written by the front doors themselves (CLI, `projen new`), not by the project type. */
const FRONT_DOOR_ONLY = new Set(['.projenrc.ts.hbs']);

/** Templates under this folder are the deploy pipeline's: written only when the spec has stages. */
const STAGES_ONLY_PREFIX = 'deploy/';

/** Prefixes of paths the user owns. Everything else is derived from the spec. */
const USER_OWNED_PREFIXES = ['services/', 'src/main.ts', 'test/platform.test.ts'];

export function ownerOf(path: string): Owner {
  return USER_OWNED_PREFIXES.some((p) => path === p || path.startsWith(p)) ? 'user' : 'managed';
}

/**
 * Renders the spec-derived files of a generated repository: a pure function of the plan
 * (and the shipped templates). Sorted by path so output order never depends on the
 * file system.
 */
export function renderFiles(plan: Plan, templates: readonly TemplateFile[] = loadTemplates()): RenderedFile[] {
  const view = buildView(plan);
  const out: RenderedFile[] = [];
  for (const t of templates) {
    if (FRONT_DOOR_ONLY.has(t.path)) continue;
    if (t.path.startsWith(STAGES_ONLY_PREFIX) && !plan.stages?.length) continue;
    const segments = t.path.split('/');
    const perService = segments.includes(SERVICE_SEGMENT);
    const targets = perService ? view.appServices : [undefined];
    for (const service of targets) {
      let path = segments.map((seg) => (seg === SERVICE_SEGMENT && service ? service.name : seg)).join('/');
      let contents = t.source;
      if (path.endsWith('.hbs')) {
        path = path.slice(0, -'.hbs'.length);
        contents = renderTemplate(t.source, { ...view, service });
      }
      out.push({ path: posix.normalize(path), contents, owner: ownerOf(path) });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Renders a front-door-only template, e.g. the `.projenrc.ts` the CLI writes once. */
export function renderFrontDoorFile(path: string, context: object, templates = loadTemplates()): string {
  const t = templates.find((x) => x.path === `${path}.hbs`);
  if (!t) throw new Error(`no template ${path}.hbs`);
  return renderTemplate(t.source, context);
}
