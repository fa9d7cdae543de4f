import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffTrees, PACK_TIMEOUT_MS, packedTarball, projenNewArgs, readTree, run, workDir } from './helpers';

/**
 * The third front door: `npx projen new --from create-fargate-connect@file:<tgz>` gives
 * the repository the CLI writes for the same spec, from the packed build.
 *
 * The CLI we compare with is the one inside that same tarball, as `projen new` installed
 * it (node_modules/create-fargate-connect/bin), so both sides are one build.
 */
const WORK = workDir('fc-e2e-projen-new');
let tgz: string;

beforeAll(() => {
  const started = Date.now();
  tgz = packedTarball();
  console.log(`[e2e] packed build ${tgz} (${((Date.now() - started) / 1000).toFixed(1)} s, cached per build)`);
}, PACK_TIMEOUT_MS);

/** What the package is made of: projen new reads .jsii, the CLI and the project type need the rest. */
// infra/, tasks/ and register/: the subpaths generated repositories import or require;
// src/infra: the library's sources, for `npx projen eject-infra` (and nothing else of src/,
// checked below).
const PACKAGE_TOP_LEVEL = [
  '.jsii',
  'LICENSE',
  'README.md',
  'bin',
  'infra',
  'lib',
  'node_modules',
  'package.json',
  'register',
  'schema',
  'src',
  'tasks',
  'templates',
];

describe('the packed tarball', () => {
  it('holds the jsii manifest, the build, templates, schema and bundled dependencies, and nothing else', () => {
    const paths = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 })
      .split('\n')
      .filter(Boolean)
      .map((p) => p.replace(/^package\//, ''));
    const top = [...new Set(paths.map((p) => p.split('/')[0]))].sort();
    expect(top, 'top-level entries of the tarball (npmignore)').toEqual(PACKAGE_TOP_LEVEL);
    for (const p of [
      '.jsii',
      'lib/index.js',
      'lib/index.d.ts',
      'templates/.projenrc.ts.hbs',
      'schema/fargate-connect.schema.json',
      'bin/create-fargate-connect.js',
      // `node --require create-fargate-connect/register`: every generated cdk.json and task.
      'register/package.json',
      'lib/register/index.js',
    ]) {
      expect(paths, p).toContain(p);
    }
    const bundled = new Set(paths.filter((p) => p.startsWith('node_modules/')).map((p) => p.split('/')[1]));
    for (const dep of ['handlebars', 'yaml', 'prompts']) expect([...bundled], dep).toContain(dep);
    // projen and constructs are peers: a second copy inside the package would load twice.
    for (const peer of ['projen', 'constructs']) expect([...bundled], peer).not.toContain(peer);
    expect(paths.filter((p) => /^test\//.test(p) || (p.startsWith('src/') && !p.startsWith('src/infra/')))).toEqual([]);
  });
});

/** The spec of `projen new` without flags, in a directory named `shop`: name from the directory, the starter services. */
const STARTER_SPEC = `name: shop
services:
  - name: web
    role: client-only
    port: 3000
    public: true
    calls: [api]
  - name: api
    role: client-server
    port: 8080
`;

/** Runs the CLI of the tarball that `projen new` installed in `from`, without install and git. */
function cliFromTarball(from: string, target: string, spec: string): void {
  const specFile = `${target}.yaml`;
  writeFileSync(specFile, spec);
  const bin = join(from, 'node_modules', 'create-fargate-connect', 'bin', 'create-fargate-connect.js');
  // The dependency is named explicitly: `projen new` records the `--from` spec, and this
  // compares trees, not how the CLI finds its own tarball (its self-dependency).
  const r = run(
    process.execPath,
    [bin, target, '--config', specFile, '--yes', '--no-install', '--no-git', '--generator-dependency', `file:${tgz}`],
    WORK,
  );
  expect(r.code, r.output).toBe(0);
}

/**
 * Left out of the comparison, because they legitimately differ:
 * - node_modules/: `projen new` installs the module (and projen) before it constructs the
 *   project, and the post-synth step runs `npm install`; the CLI ran with --no-install.
 * - package-lock.json: written by that post-synth `npm install`; none with --no-install.
 * Nothing else: .projenrc.ts is compared byte for byte (the project type writes the
 * CLI's .projenrc.ts instead of projen's own rendering), and so are the file modes.
 */
const INSTALL_ARTIFACTS = ['node_modules', 'package-lock.json'];

describe('npx projen new --from <packed tarball>', () => {
  const dir = join(WORK, 'shop');

  it('creates and installs the repository, depending on the tarball it came from', () => {
    mkdirSync(dir);
    const r = run('npx', projenNewArgs(tgz), dir);
    console.log(`[e2e] npx projen new --from <tgz> (module install, synth, npm install): ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));
    expect(pkg.devDependencies['create-fargate-connect']).toBe(`file:${tgz}`);
    expect(readFileSync(join(dir, '.projenrc.ts'), 'utf-8')).toContain("from 'create-fargate-connect'");
  });

  it('is the repository the CLI writes for the same spec', () => {
    const cliDir = join(WORK, 'cli-shop');
    cliFromTarball(dir, cliDir, STARTER_SPEC);
    expect(diffTrees(readTree(dir, INSTALL_ARTIFACTS), readTree(cliDir))).toEqual([]);
  });

  it('is stable: its own `npx projen` changes nothing', () => {
    const before = readTree(dir, INSTALL_ARTIFACTS);
    const r = run('npx', ['projen'], dir);
    console.log(`[e2e] npx projen in the new repository: ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);
    expect(diffTrees(readTree(dir, INSTALL_ARTIFACTS), before)).toEqual([]);
  });

  it('takes the top-level options as flags (--name, --namespace, --azs, --profile)', () => {
    // Any directory name: --name replaces it. No install (--no-post): the tree is what counts.
    const flagsDir = join(WORK, 'Flags_Dir');
    mkdirSync(flagsDir);
    const r = run(
      'npx',
      projenNewArgs(tgz, ['--no-post', '--name', 'orders', '--namespace', 'orders.corp', '--azs', '3', '--profile', 'dev']),
      flagsDir,
    );
    console.log(`[e2e] npx projen new --from <tgz> with flags, --no-post: ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);

    const cliDir = join(WORK, 'cli-orders');
    cliFromTarball(dir, cliDir, `name: orders\nnamespace: orders.corp\nazs: 3\nprofile: dev\n${STARTER_SPEC.replace(/^name: shop\n/, '')}`);
    expect(diffTrees(readTree(flagsDir, ['node_modules']), readTree(cliDir))).toEqual([]);
    expect(readFileSync(join(flagsDir, '.projenrc.ts'), 'utf-8')).toContain('profile: Profile.DEV,');
  });
});
