import { createHash } from 'crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, posix } from 'path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../src/api';
import { loadTemplates } from '../src/render';
import { readSpecFile } from '../src/spec/parse';

/**
 * test/fixtures/<name>.yaml -> test/golden/<name>/: what the generator renders or projen
 * produces for each fixture. Files that are byte copies of a template (templates/ without
 * `.hbs`: the service apps, src/main.ts, the glue) are not copied into every tree: the
 * manifest test/golden/static-files.json records, once per template, the hash of its copy,
 * and per fixture which paths are such copies.
 * Regenerate both with `npx projen golden:update` and read the diff before committing.
 */
const FIXTURES = join(__dirname, 'fixtures');
const GOLDEN = join(__dirname, 'golden');
const MANIFEST = join(GOLDEN, 'static-files.json');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Stands in for the generator's own location (a tarball path or a version range). */
export const GENERATOR_PLACEHOLDER = 'file:../create-fargate-connect.tgz';

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

interface StaticManifest {
  /** sha256 of the generated copy, by template path (under templates/). */
  templates: Record<string, string>;
  /** The generated paths that are copies of a template, by fixture. */
  fixtures: Record<string, string[]>;
}

const STATIC_TEMPLATES = new Set(
  loadTemplates()
    .filter((t) => !t.path.endsWith('.hbs'))
    .map((t) => t.path),
);

/** The template a generated file is a byte copy of (a template without `.hbs`), if any. */
export function staticTemplateOf(path: string): string | undefined {
  const template = path.replace(/^services\/[^/]+\//, 'services/__service__/');
  return STATIC_TEMPLATES.has(template) ? template : undefined;
}

function sha256(contents: string): string {
  return createHash('sha256').update(contents).digest('hex');
}

function readTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = rel ? posix.join(rel, e.name) : e.name;
      if (e.isDirectory()) walk(p);
      else out.set(p, readFileSync(join(root, p), 'utf-8'));
    }
  };
  walk('');
  return out;
}

/** Values that change without the output changing meaning. */
function scrub(contents: string): string {
  return contents.replace(/("create-fargate-connect": ")[^"]+(")/g, `$1${GENERATOR_PLACEHOLDER}$2`);
}

const recorded: StaticManifest = UPDATE ? { templates: {}, fixtures: {} } : (JSON.parse(readFileSync(MANIFEST, 'utf-8')) as StaticManifest);

afterAll(() => {
  if (!UPDATE) return;
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(MANIFEST, `${JSON.stringify({ templates: sorted(recorded.templates), fixtures: sorted(recorded.fixtures) }, null, 2)}\n`);
});

describe.each(fixtures)('golden tree %s', (name) => {
  it('matches test/golden/' + name + ' and the static files of test/golden/static-files.json', () => {
    const read = readSpecFile(join(FIXTURES, `${name}.yaml`));
    if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
    const result = generate(read.value, { generatorDependency: GENERATOR_PLACEHOLDER });
    if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    const all = result.files.map((f) => ({ path: f.path, contents: scrub(f.contents), template: staticTemplateOf(f.path) }));
    const actual = new Map(all.filter((f) => f.template === undefined).map((f) => [f.path, f.contents]));
    const copies = all.filter((f) => f.template !== undefined);
    const dir = join(GOLDEN, name);

    if (UPDATE) {
      rmSync(dir, { recursive: true, force: true });
      for (const [path, contents] of actual) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), contents);
      }
      for (const f of copies) {
        const hash = sha256(f.contents);
        const known = recorded.templates[f.template!];
        if (known !== undefined && known !== hash)
          throw new Error(`${name}/${f.path} is not the same copy of templates/${f.template} as another fixture's`);
        recorded.templates[f.template!] = hash;
      }
      recorded.fixtures[name] = copies.map((f) => f.path);
      return;
    }

    const expected = readTree(dir);
    const missing = [...expected.keys()].filter((p) => !actual.has(p));
    const extra = [...actual.keys()].filter((p) => !expected.has(p));
    expect({ missing, extra }, `file list of golden ${name} (run npx projen golden:update)`).toEqual({ missing: [], extra: [] });
    for (const [path, contents] of actual) {
      expect(contents, `test/golden/${name}/${path} differs (run npx projen golden:update and read the diff)`).toBe(expected.get(path));
    }

    const listed = recorded.fixtures[name] ?? [];
    const copyPaths = copies.map((f) => f.path);
    expect(
      { missing: listed.filter((p) => !copyPaths.includes(p)), extra: copyPaths.filter((p) => !listed.includes(p)) },
      `static files of ${name} in test/golden/static-files.json (run npx projen golden:update)`,
    ).toEqual({ missing: [], extra: [] });
    const differing = copies
      .filter((f) => sha256(f.contents) !== recorded.templates[f.template!])
      .map((f) => `${name}/${f.path} (a copy of templates/${f.template})`);
    expect(
      differing,
      'static files whose contents differ from the hash in test/golden/static-files.json (run npx projen golden:update and read git diff templates/)',
    ).toEqual([]);
  });
});
