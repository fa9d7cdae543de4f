import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingBundled } from '../../scripts/release/bundle';

const scratch = mkdtempSync(join(tmpdir(), 'fc-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function pkg(dir: string, name: string, dependencies: Record<string, string> = {}, extra: object = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, dependencies, ...extra }));
}

describe('missingBundled', () => {
  it('accepts bundled packages whose dependencies are in the tarball, hoisted or nested', () => {
    const root = join(scratch, 'whole');
    pkg(root, 'cli', { prompts: '^2', yaml: '^2' }, { bundledDependencies: ['prompts', 'yaml'] });
    pkg(join(root, 'node_modules', 'prompts'), 'prompts', { kleur: '^3', sisteransi: '^1' });
    pkg(join(root, 'node_modules', 'kleur'), 'kleur');
    pkg(join(root, 'node_modules', 'prompts', 'node_modules', 'sisteransi'), 'sisteransi');
    pkg(join(root, 'node_modules', 'yaml'), 'yaml');
    expect(missingBundled(root)).toEqual([]);
  });

  it('names what a bundled package needs and the tarball lacks', () => {
    const root = join(scratch, 'symlinked');
    pkg(root, 'cli', { prompts: '^2' }, { bundledDependencies: ['prompts', 'handlebars'] });
    pkg(join(root, 'node_modules', 'prompts'), 'prompts', { kleur: '^3', sisteransi: '^1' });
    expect(missingBundled(root)).toEqual(['cli -> handlebars', 'prompts -> kleur', 'prompts -> sisteransi']);
  });
});
