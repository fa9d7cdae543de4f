/**
 * `npx projen eject-infra` (issue 13): a generated repository takes the library's
 * constructs as its own code, once. On the repository as generated (the package linked as
 * installed, test/support/generated-repo.ts): the templates its app synthesizes are the
 * same before and after, the copy type-checks with the repository's own settings, its own
 * platform test passes on the copy, `npx projen` still synthesizes and leaves the copy
 * alone, and a second run refuses without writing anything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLocally, localizeLibraryImports } from '../../src/tasks/eject';
import { generatedRepo, type ScratchRepo } from '../support/generated-repo';

/** The repository's app, synthesized as `cdk synth` runs it (cdk.json's context), as JSON per stack. */
const SYNTH = `import { readFileSync, writeFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { createApp } from '../src/main';

const context = JSON.parse(readFileSync('cdk.json', 'utf-8')).context;
const app = createApp(new App({ outdir: process.argv[2], context: { ...context, 'aws:cdk:disable-asset-staging': true, 'aws:cdk:version-reporting': false } }));
const templates = Object.fromEntries(app.synth().stacks.map((s) => [s.stackName, s.template]));
writeFileSync(process.argv[3], JSON.stringify(templates, null, 1));
`;

describe('npx projen eject-infra, on a generated repository', () => {
  let repo: ScratchRepo;
  let before: Record<string, unknown>;
  let ejected: { code: number | null; output: string };
  const synth = (name: string) => {
    const r = repo.run('npx', ['tsx', 'scratch/synth.ts', join(repo.dir, 'cdk.out', name), join(repo.dir, `${name}.json`)]);
    if (r.code !== 0) throw new Error(r.output);
    return JSON.parse(readFileSync(join(repo.dir, `${name}.json`), 'utf-8')) as Record<string, unknown>;
  };
  beforeAll(() => {
    repo = generatedRepo('public-two-backends');
    repo.write('scratch/synth.ts', SYNTH);
    before = synth('before');
    ejected = repo.run('npx', ['tsx', 'scripts/tasks.ts', 'eject-infra']);
  }, 300_000);
  afterAll(() => repo?.remove());

  it("copies the constructs into src/infra and points the owners' files at them", () => {
    expect(ejected.code, ejected.output).toBe(0);
    expect(ejected.output).toContain('Copied the infrastructure library');
    expect(existsSync(join(repo.dir, 'src/infra/platform.ts'))).toBe(true);
    expect(existsSync(join(repo.dir, 'src/infra/testing/index.ts'))).toBe(true);
    const main = readFileSync(join(repo.dir, 'src/main.ts'), 'utf-8');
    expect(main).toContain("from './infra'");
    expect(main).not.toContain('create-fargate-connect/infra');
    expect(readFileSync(join(repo.dir, 'test/platform.test.ts'), 'utf-8')).toContain("from '../src/infra/testing'");
    expect(readFileSync(join(repo.dir, '.projenrc.ts'), 'utf-8')).toMatch(/\n {2}infraEjected: true,\n/);
    // The copy imports only itself and the plan of the installed package.
    const platform = readFileSync(join(repo.dir, 'src/infra/platform.ts'), 'utf-8');
    expect(platform).toContain("from 'create-fargate-connect/lib/plan'");
    expect(platform).not.toMatch(/from '\.\.\//);
  });

  it('synthesizes the same templates after as before', () => {
    expect(Object.keys(before)).toEqual(['ShopNetwork', 'ShopServices']);
    expect(synth('after')).toEqual(before);
  }, 300_000);

  it("type-checks the copy with the repository's own settings, and passes its own platform test on it", () => {
    const tsc = repo.run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.dev.json']);
    expect(tsc.output).toBe('');
    const test = repo.run('npx', ['vitest', 'run', '--project', 'platform']);
    expect(test.code, test.output.slice(-3000)).toBe(0);
  }, 300_000);

  it('still synthesizes with npx projen, leaving the copy alone', () => {
    const copy = readFileSync(join(repo.dir, 'src/infra/platform.ts'), 'utf-8');
    const r = repo.run('npx', ['tsx', '.projenrc.ts'], { PROJEN_DISABLE_POST: '1' });
    expect(r.code, r.output).toBe(0);
    expect(readFileSync(join(repo.dir, 'src/infra/platform.ts'), 'utf-8')).toBe(copy);
    expect(readFileSync(join(repo.dir, 'src/main.ts'), 'utf-8')).toContain("from './infra'");
  }, 120_000);

  it('refuses to run a second time, writing nothing', () => {
    const projenrc = readFileSync(join(repo.dir, '.projenrc.ts'), 'utf-8');
    const again = repo.run('npx', ['tsx', 'scripts/tasks.ts', 'eject-infra']);
    expect(again.code).toBe(1);
    expect(again.output).toContain('eject-infra: the infrastructure is already ejected (.projenrc.ts: infraEjected: true)');
    expect(readFileSync(join(repo.dir, '.projenrc.ts'), 'utf-8')).toBe(projenrc);
  }, 60_000);
});

describe('the rewriting of imports', () => {
  it("makes the library's imports of the package absolute and keeps its own relative", () => {
    expect(localizeLibraryImports("import { a } from '../plan';\nimport { b } from './names';\n", 'platform.ts')).toBe(
      "import { a } from 'create-fargate-connect/lib/plan';\nimport { b } from './names';\n",
    );
    expect(localizeLibraryImports("import { a } from '../../spec/fargate';\nimport { b } from '../platform';\n", 'testing/x.ts')).toBe(
      "import { a } from 'create-fargate-connect/lib/spec/fargate';\nimport { b } from '../platform';\n",
    );
  });

  it("points the library's subpaths at the copy", () => {
    expect(
      importLocally(
        "from 'create-fargate-connect/infra';\nfrom 'create-fargate-connect/infra/testing';\nfrom 'create-fargate-connect/tasks';",
        '../src/infra',
      ),
    ).toBe("from '../src/infra';\nfrom '../src/infra/testing';\nfrom 'create-fargate-connect/tasks';");
    expect(importLocally("from 'create-fargate-connect/infra';", 'infra')).toBe("from './infra';");
  });
});
