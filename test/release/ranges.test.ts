/**
 * The version policy (README, "Versions"): the ranges a user's npm resolves must hold
 * together, for our package and for the repositories it generates.
 *
 * - projen: our peer range admits every projen 0.x from the one we build with, because
 *   `projen new --from` installs projen@latest first. The registry e2e runs `projen new`
 *   with whatever the registry serves as latest; PROJEN_LATEST is the latest when this was
 *   last checked (`npm view projen version`), kept here so a narrowed range fails offline.
 * - constructs, aws-cdk-lib, aws-cdk: generated repositories take caret ranges within
 *   the major we test (constructs 10, aws-cdk-lib 2, CDK CLI 2; CLI 3 rejects the cloud
 *   assemblies aws-cdk-lib 2 writes), from the version the tests synthesize with.
 * - Node: the engines a generated repository declares must satisfy every dependency's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../src/api';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as {
  satisfies(v: string, range: string): boolean;
  subset(a: string, b: string): boolean;
  minVersion(range: string): { version: string } | null;
};

const ROOT = resolve(__dirname, '..', '..');
const PROJEN_LATEST = '0.103.25';

const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf-8'));
const installed = (name: string) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf-8'));

const result = generate({ name: 'shop', services: [{ name: 'api', role: 'client-server', port: 8080 }] });
if (!result.ok) throw new Error('the starter spec is invalid');
const generated = JSON.parse(result.files.find((f) => f.path === 'package.json')!.contents);
const generatedRange = (name: string): string => generated.dependencies?.[name] ?? generated.devDependencies?.[name];

describe('projen', () => {
  const peer: string = ours.peerDependencies.projen;

  it('our peer range admits the projen we build with and the latest checked', () => {
    expect(semver.satisfies(ours.devDependencies.projen, peer)).toBe(true);
    expect(semver.satisfies(PROJEN_LATEST, peer), `projen ${PROJEN_LATEST} (latest) is outside our peer range ${peer}`).toBe(true);
  });

  it('admits the next projen minors, which `projen new` will install before we release again', () => {
    const [major, minor] = PROJEN_LATEST.split('.').map(Number);
    for (const next of [`${major}.${minor + 1}.0`, `${major}.${minor + 5}.0`]) expect(semver.satisfies(next, peer), next).toBe(true);
  });

  it('the projen a generated repository pins is inside our peer range (its npm install never conflicts)', () => {
    expect(semver.subset(generatedRange('projen'), peer), `${generatedRange('projen')} within ${peer}`).toBe(true);
  });
});

describe('constructs and aws-cdk-lib in generated repositories', () => {
  it('constructs: caret within 10, inside our peer range and the peer ranges of aws-cdk-lib, projen and cdk-nag', () => {
    const range = generatedRange('constructs');
    expect(semver.subset(range, '^10.0.0')).toBe(true);
    expect(semver.subset(range, ours.peerDependencies.constructs)).toBe(true);
    for (const dep of ['aws-cdk-lib', 'projen', 'cdk-nag']) {
      const theirs = installed(dep).peerDependencies?.constructs;
      expect(semver.subset(range, theirs), `constructs ${range} within ${dep}'s peer range ${theirs}`).toBe(true);
    }
  });

  it("aws-cdk-lib: caret within 2, from the version the tests synthesize with, inside cdk-nag's peer range", () => {
    const range = generatedRange('aws-cdk-lib');
    expect(semver.subset(range, '^2.0.0')).toBe(true);
    expect(semver.minVersion(range)!.version).toBe(installed('aws-cdk-lib').version);
    expect(semver.subset(range, installed('cdk-nag').peerDependencies['aws-cdk-lib'])).toBe(true);
  });

  it('the CDK CLI (aws-cdk) stays on major 2', () => {
    expect(semver.subset(generatedRange('aws-cdk'), '^2.0.0')).toBe(true);
    expect(semver.satisfies('3.0.0', generatedRange('aws-cdk'))).toBe(false);
  });
});

describe('Node engines', () => {
  // vite comes with vitest (its engines are narrower than vitest's own).
  const deps = ['aws-cdk-lib', 'constructs', 'projen', 'cdk-nag', 'vitest', 'vite', 'tsx', 'typescript', 'esbuild'];
  // The lowest Node each range admits, on every LTS line it admits.
  const lts = (range: string) => [semver.minVersion(range)!.version, '22.12.0', '24.0.0'].filter((v) => semver.satisfies(v, range));

  it('a generated repository declares ours, and its Node versions satisfy every dependency it installs', () => {
    expect(generated.engines.node).toBe(ours.engines.node);
    for (const dep of deps.filter((d) => existsSync(join(ROOT, 'node_modules', d)))) {
      const theirs = installed(dep).engines?.node;
      if (!theirs) continue;
      for (const v of lts(generated.engines.node))
        expect(semver.satisfies(v, theirs), `${dep} ${installed(dep).version} needs node ${theirs}; Node ${v} is admitted`).toBe(true);
    }
  });
});
