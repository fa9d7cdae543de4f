import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeProject } from '../../src/api';
import { NAMESPACE_TAG_SWITCH } from '../../src/infra/switches';
import { formatPlacement } from '../../src/plan';

const spec = {
  name: 'kept',
  services: [
    { name: 'api', role: 'client-server', port: 8080 },
    { name: 'web', role: 'client-only', port: 3000, calls: ['api'] },
  ],
};

describe('writing into an existing repository', () => {
  it('keeps every service in the stack its stack-placement.json says, instead of placing it anew', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fc-kept-')), 'repo');
    mkdirSync(dir);
    // A repository whose web service was placed in a second stack (it grew, then shrank).
    const placement = {
      stacks: [
        { name: 'services', services: ['api'] },
        { name: 'services-2', services: ['web'] },
      ],
    };
    writeFileSync(join(dir, 'stack-placement.json'), formatPlacement(placement));
    const result = writeProject(dir, spec, { force: true, generatorDependency: '^0.0.0' });
    expect(result.errors).toEqual([]);
    const written = JSON.parse(readFileSync(join(dir, 'stack-placement.json'), 'utf-8'));
    expect(written.stacks).toEqual(placement.stacks);
    const platform = readFileSync(join(dir, 'src/generated/platform.ts'), 'utf-8');
    expect(platform).toContain('"stack": "services-2"');
  });

  it('refuses, writing nothing, when the placement file is broken', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fc-kept-')), 'repo');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stack-placement.json'), '{ not json');
    const result = writeProject(dir, spec, { force: true, generatorDependency: '^0.0.0' });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ path: 'stack-placement.json', message: 'is not valid JSON; restore it from git' }]);
    expect(readFileSync(join(dir, 'stack-placement.json'), 'utf-8')).toBe('{ not json');
  });

  it('keeps the infrastructure switches its cdk.json has (its .projenrc.ts is kept too), and gives a new repository every one', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fc-kept-')), 'repo');
    mkdirSync(dir);
    // A repository made before the switch existed: its .projenrc.ts lists none, so its cdk.json has none.
    writeFileSync(
      join(dir, 'cdk.json'),
      JSON.stringify({ app: 'npx tsx src/main.ts', context: { '@aws-cdk/core:validateAgainstDefaultRules': true } }),
    );
    expect(writeProject(dir, spec, { force: true, generatorDependency: '^0.0.0' }).errors).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf-8')).context[NAMESPACE_TAG_SWITCH]).toBeUndefined();

    const fresh = join(mkdtempSync(join(tmpdir(), 'fc-kept-')), 'repo');
    expect(writeProject(fresh, spec, { generatorDependency: '^0.0.0' }).errors).toEqual([]);
    expect(JSON.parse(readFileSync(join(fresh, 'cdk.json'), 'utf-8')).context[NAMESPACE_TAG_SWITCH]).toBe(true);
    expect(readFileSync(join(fresh, '.projenrc.ts'), 'utf-8')).toContain(NAMESPACE_TAG_SWITCH);
  });
});
