/**
 * The table of spec fields (src/spec/fields.ts) is the one place a field is described:
 * the JSON Schema, the jsii options and the README's reference are written from it by
 * `npx projen spec:docs` (these fail when a committed file was not regenerated), and
 * `--help` prints its spec section from it at run time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS_FILE, optionsSource, readmeWithReference, README_FILE, SCHEMA_FILE } from '../../scripts/spec-docs';
import { HELP } from '../../src/cli/args';
import { SPEC_TABLE, type FieldTable } from '../../src/spec/fields';
import { specHelp, specReadme } from '../../src/spec/reference';
import { specSchemaText } from '../../src/spec/schema';

const REGENERATE = 'run `npx projen spec:docs` and commit the result';

/** Every key of the spec, nested ones as `dockerBuild.context`. */
function allKeys(table: FieldTable, prefix = ''): string[] {
  return table.fields.flatMap((f) => [
    `${prefix}${f.key}`,
    ...(f.kind === 'mapping' ? allKeys(f.table, `${prefix}${f.key}.`) : f.kind === 'services' ? allKeys(f.table) : []),
  ]);
}

describe('files written from the table of spec fields', () => {
  it('schema/fargate-connect.schema.json', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf-8'), REGENERATE).toBe(specSchemaText());
  });

  it('src/project/options.ts (the jsii options, with their @default docs)', () => {
    expect(readFileSync(OPTIONS_FILE, 'utf-8'), REGENERATE).toBe(optionsSource());
  });

  it("the README's spec reference", () => {
    const readme = readFileSync(README_FILE, 'utf-8');
    expect(readme, REGENERATE).toBe(readmeWithReference(readme));
    expect(readme).toContain(specReadme());
  });
});

describe('what the table says about each field', () => {
  it('reaches --help, the README and the jsii options for every key', () => {
    const options = readFileSync(OPTIONS_FILE, 'utf-8');
    const readme = specReadme();
    for (const path of allKeys(SPEC_TABLE).filter((k) => k !== '$schema')) {
      const key = path.split('.').pop()!;
      expect(specHelp(), path).toMatch(new RegExp(`^ *(- )?${key.replace('$', '\\$')}:`, 'm'));
      expect(readme, path).toContain(`| \`${path}\` |`);
      expect(options, path).toMatch(new RegExp(`readonly ${key}\\??: `));
    }
  });

  it('gives --help its spec section, in lines of at most 80 columns', () => {
    expect(HELP).toContain(`\n${specHelp()}\n`);
    for (const line of specHelp().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('writes @default from the default the normalizer fills in', () => {
    const options = optionsSource();
    expect(options).toMatch(/@default 256\n\s+\*\/\n\s+readonly cpu\?: number;/);
    expect(options).toMatch(/@default Profile.PROD\n\s+\*\/\n\s+readonly profile\?: Profile;/);
    expect(options).toMatch(/@default "\/health"\n\s+\*\/\n\s+readonly healthCheckPath\?: string;/);
    expect(options).toMatch(/@default 2 with profile prod, 1 with profile dev\n/);
    // Required in the spec, no default: no @default.
    expect(options).toMatch(/\/\*\* `client-only` or `client-server`. \*\/\n\s+readonly role: ServiceRole;/);
  });
});
