import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, posix } from 'path';
import { describe, expect, it } from 'vitest';
import { generate } from '../src/api';
import { readSpecFile } from '../src/spec/parse';

/**
 * test/fixtures/<name>.yaml -> test/golden/<name>/: the whole generated tree.
 * Regenerate with `npx projen golden:update` and read the diff before committing.
 */
const FIXTURES = join(__dirname, 'fixtures');
const GOLDEN = join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Stands in for the generator's own location (a tarball path or a version range). */
export const GENERATOR_PLACEHOLDER = 'file:../create-fargate-connect.tgz';

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

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

describe.each(fixtures)('golden tree %s', (name) => {
  it('matches test/golden/' + name, () => {
    const read = readSpecFile(join(FIXTURES, `${name}.yaml`));
    if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
    const result = generate(read.value, { generatorDependency: GENERATOR_PLACEHOLDER });
    if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    const actual = new Map(result.files.map((f) => [f.path, scrub(f.contents)]));
    const dir = join(GOLDEN, name);

    if (UPDATE) {
      rmSync(dir, { recursive: true, force: true });
      for (const [path, contents] of actual) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), contents);
      }
      return;
    }

    const expected = readTree(dir);
    const missing = [...expected.keys()].filter((p) => !actual.has(p));
    const extra = [...actual.keys()].filter((p) => !expected.has(p));
    expect({ missing, extra }, `file list of golden ${name} (run npx projen golden:update)`).toEqual({ missing: [], extra: [] });
    for (const [path, contents] of actual) {
      expect(contents, `test/golden/${name}/${path} differs (run npx projen golden:update and read the diff)`).toBe(expected.get(path));
    }
  });
});
