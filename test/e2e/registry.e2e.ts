import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import { join } from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, run, workDir, type RunResult } from './helpers';
import { startRegistry, type LocalRegistry } from './registry';
import { releaseDryRun, type DryRun } from './release';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as { satisfies(v: string, range: string): boolean; subset(a: string, b: string): boolean };

/**
 * The front doors as users take them: by name, from a registry. The release dry run
 * (`npx projen release:dry-run`, in a clone of HEAD) makes the tarball a release would
 * publish; it is published to a local registry (verdaccio, test/e2e/registry.ts), and
 * then, with npm pointed at that registry:
 *
 *   npm init fargate-connect <dir> -- --config <spec> --yes
 *   npx create-fargate-connect <dir> --config <spec> --yes
 *   npx projen new --from create-fargate-connect        (projen as the registry serves it: latest)
 *
 * Each must exit 0 and write a package.json that depends on the published version's range
 * (`^<version>`, never `file:`), installed from the registry. One of them, the npm init
 * repository, runs its own `npx projen build`. The summary at the end (front door, exit
 * code, range, seconds, and this file's whole wall time: what it adds to CI) is printed.
 *
 * E2E_TARBALL=<tgz> publishes that tarball instead of running the dry run.
 */
const WORK = workDir('fc-e2e-registry');
const SPEC = join(ROOT, 'test', 'fixtures', 'single-server.yaml');
const started = Date.now();
const rows: { door: string; code: number | null; range: string; seconds: number; cpu: number }[] = [];

let registry: LocalRegistry | undefined;
let dryRun: DryRun | undefined;
let tgz: string;
let version: string;

/**
 * CPU seconds of the child processes this process has waited for (and theirs), from
 * /proc/self/stat: a figure the other load on a shared machine does not inflate, beside
 * the wall time. 0 where /proc is missing.
 */
function childCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf-8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in USER_HZ (100)
  } catch {
    return 0;
  }
}
const cpuAtStart = childCpu();

/** sha512 of a file in npm's integrity format. */
function integrity(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

function pkgJson(dir: string): { devDependencies: Record<string, string>; dependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));
}

/** Runs a front door and records its row; logs the output's tail on failure. */
function door(label: string, cmd: string, args: string[], cwd: string, target: string): RunResult {
  const cpu = childCpu();
  const r = run(cmd, args, cwd, registry!.env());
  let range = '';
  try {
    range = pkgJson(target).devDependencies['create-fargate-connect'];
  } catch {
    range = '(no package.json)';
  }
  rows.push({ door: label, code: r.code, range, seconds: r.seconds, cpu: childCpu() - cpu });
  console.log(`[e2e] registry: ${label}: exit ${r.code}, create-fargate-connect ${range}, ${r.seconds.toFixed(1)} s`);
  return r;
}

/**
 * The generated repository depends on the published version's range, and what npm
 * installed (in `lockDir`: the repository, or npx's own folder) is the very tarball
 * published in this run, not a cached one of the same version.
 */
function expectPublishedDependency(dir: string, installs: readonly string[] = [dir]): void {
  expect(pkgJson(dir).devDependencies['create-fargate-connect']).toBe(`^${version}`);
  for (const at of installs) {
    // The lock file, or npm's record of node_modules where there is none (projen new --no-post).
    const lockFile = [join(at, 'package-lock.json'), join(at, 'node_modules', '.package-lock.json')].find((f) => existsSync(f));
    expect(lockFile, `a lock file in ${at}`).toBeDefined();
    const entry = JSON.parse(readFileSync(lockFile!, 'utf-8')).packages['node_modules/create-fargate-connect'];
    expect(entry.version, lockFile).toBe(version);
    expect(entry.integrity, lockFile).toBe(integrity(tgz));
  }
}

/** The folders where npx installed create-fargate-connect (npm's cache, `_npx/<hash>`; npm init makes one too). */
function npxInstalls(): string[] {
  const root = join(registry!.env().npm_config_cache!, '_npx');
  const found = readdirSync(root)
    .map((d) => join(root, d))
    .filter((d) => existsSync(join(d, 'node_modules', 'create-fargate-connect', 'package.json')));
  expect(found.length, `npx installs under ${root}`).toBeGreaterThan(0);
  return found;
}

/**
 * Door 1 installs (and builds) its repository. Doors 2 and 3 stop before the generated
 * repository's own `npm install` (`--no-install`, `--no-post`), to keep the added CI time
 * in budget: what they add is how npm resolves the package by name, which happens before
 * (npx's install, `projen new`'s install of projen and the module). E2E_REGISTRY_INSTALL=all
 * runs them whole, as users do.
 */
const INSTALL_ALL = process.env.E2E_REGISTRY_INSTALL === 'all';

beforeAll(async () => {
  if (process.env.E2E_TARBALL) {
    tgz = process.env.E2E_TARBALL;
  } else {
    // One fixture's templates compared: the comparison itself is unit-tested
    // (test/release/templates-changed.test.ts); here it must run and land in the changelog.
    const cpu = childCpu();
    dryRun = releaseDryRun(WORK, { RELEASE_TEMPLATE_FIXTURES: 'single-server' });
    rows.push({
      door: 'release dry run (clone, bump + templates, compile, package:js)',
      code: dryRun.code,
      range: dryRun.version,
      seconds: dryRun.seconds,
      cpu: childCpu() - cpu,
    });
    console.log(
      `[e2e] registry: release dry run (${dryRun.seconds.toFixed(1)} s):\n${dryRun.output.slice(dryRun.output.indexOf('==== release dry run'))}`,
    );
    if (dryRun.code !== 0 || !dryRun.tgz) throw new Error(`release dry run failed (exit ${dryRun.code}):\n${dryRun.output.slice(-20_000)}`);
    tgz = dryRun.tgz;
  }
  const t = Date.now();
  const cpu = childCpu();
  registry = await startRegistry();
  version = registry.publish(tgz);
  rows.push({ door: 'verdaccio started, tarball published', code: 0, range: version, seconds: (Date.now() - t) / 1000, cpu: childCpu() - cpu });
  console.log(
    `[e2e] registry: verdaccio on ${registry.url}, published create-fargate-connect@${version} (${((Date.now() - t) / 1000).toFixed(1)} s)`,
  );
}, 15 * 60_000);

afterAll(async () => {
  await registry?.stop();
  const lines = [
    `[e2e] registry e2e summary (create-fargate-connect@${version ?? '?'} from a local registry${dryRun ? `, made by the release dry run in ${dryRun.seconds.toFixed(0)} s` : ''})`,
    `[e2e]   ${'step'.padEnd(82)} ${'exit'.padEnd(4)} ${'create-fargate-connect'.padEnd(22)} ${'wall'.padStart(8)} ${'cpu'.padStart(8)}`,
    ...rows.map(
      (r) =>
        `[e2e]   ${r.door.padEnd(82)} ${String(r.code).padEnd(4)} ${r.range.padEnd(22)} ${`${r.seconds.toFixed(1)} s`.padStart(8)} ${`${r.cpu.toFixed(1)} s`.padStart(8)}`,
    ),
    `[e2e]   added CI time (this file): ${((Date.now() - started) / 1000).toFixed(0)} s wall, ${(childCpu() - cpuAtStart).toFixed(0)} s CPU of its processes; load average now ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  ];
  console.log(lines.join('\n'));
}, 60_000);

describe('the release dry run', () => {
  it('computes the next version and changelog, with the templates section, and packs the build stamped with that version', () => {
    if (!dryRun) return; // E2E_TARBALL given: no dry run to check
    expect(dryRun.version).toMatch(/^\d+\.\d+\.\d+$/);
    if (dryRun.simulatedPreviousRelease) expect(dryRun.version).toBe('0.1.1');
    expect(version).toBe(dryRun.version);
    expect(dryRun.output).toMatch(/### Templates (changed|unchanged)/);
    expect(dryRun.output).toContain('nothing was published');
    const files = run('tar', ['-tzf', tgz], ROOT).output.split('\n');
    expect(files).toContain('package/.jsii');
  });
});

describe('the front doors, by name, from a registry', () => {
  it('npm init fargate-connect <dir> -- --config <spec> --yes', () => {
    const dir = join(WORK, 'npm-init');
    const r = door(
      'npm init fargate-connect <dir> -- --config <spec> --yes',
      'npm',
      ['init', 'fargate-connect', dir, '--', '--config', SPEC, '--yes'],
      WORK,
      dir,
    );
    expect(r.code, r.output.slice(-10_000)).toBe(0);
    expectPublishedDependency(dir);
  });

  it('npx create-fargate-connect <dir> --config <spec> --yes', () => {
    const dir = join(WORK, 'npx');
    const flags = INSTALL_ALL ? [] : ['--no-install'];
    const label = `npx create-fargate-connect <dir> --config <spec> --yes${INSTALL_ALL ? '' : ' --no-install'}`;
    const r = door(label, 'npx', ['create-fargate-connect', dir, '--config', SPEC, '--yes', ...flags], WORK, dir);
    expect(r.code, r.output.slice(-10_000)).toBe(0);
    expectPublishedDependency(dir, INSTALL_ALL ? [dir] : npxInstalls());
  });

  it('npx projen new --from create-fargate-connect, with the projen the registry serves as latest', () => {
    const dir = join(WORK, 'shop');
    mkdirSync(dir);
    // --no-git: a commit needs a git identity, which CI may not have.
    const flags = ['--no-git', ...(INSTALL_ALL ? [] : ['--no-post'])];
    const r = door(
      `npx projen new --from create-fargate-connect ${flags.join(' ')}`,
      'npx',
      ['projen', 'new', '--from', 'create-fargate-connect', ...flags],
      dir,
      dir,
    );
    expect(r.code, r.output.slice(-10_000)).toBe(0);
    // projen new installed the module (and projen) before it synthesized, --no-post or not.
    expectPublishedDependency(dir);

    // The peer range policy (README, "Versions"): projen new installs projen@latest, and
    // our peer range must admit it. Here that is whatever projen the registry serves today.
    const latest = run('npm', ['view', 'projen', 'version'], dir, registry!.env()).output.trim();
    const installed = JSON.parse(readFileSync(join(dir, 'node_modules', 'projen', 'package.json'), 'utf-8')).version;
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf-8')).peerDependencies.projen;
    console.log(`[e2e] registry: projen new ran with projen ${installed} (registry latest ${latest}; our peer range ${ours})`);
    expect(installed).toBe(latest);
    expect(semver.satisfies(installed, ours)).toBe(true);
  });

  it('the npm init repository passes its own `npx projen build`', () => {
    const dir = join(WORK, 'npm-init');
    const cpu = childCpu();
    const r = run('npx', ['projen', 'build'], dir, registry!.env());
    rows.push({ door: 'npx projen build (in the npm init repository)', code: r.code, range: '', seconds: r.seconds, cpu: childCpu() - cpu });
    console.log(`[e2e] registry: npx projen build in the npm init repository: exit ${r.code}, ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output.slice(-20_000)).toBe(0);
    expect(r.output).toMatch(/Test Files\s+\d+ passed/);
  });
});
