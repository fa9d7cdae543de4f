/**
 * The release without the publish (`npx projen release:dry-run`): what the release
 * workflow's build job makes, from the same projen tasks, and then stops.
 *
 * 1. `bump`: the next version from the conventional commits since the last release tag,
 *    the changelog (dist/changelog.md) with its templates section
 *    (scripts/release/templates-changed.ts), dist/version.txt and dist/releasetag.txt;
 * 2. `compile` and `package:js`: the build stamped with that version and packed as the
 *    publish job publishes it (dist/js/<name>@<version>.jsii.tgz), .jsii manifest included;
 * 3. the tarball checked: its package.json and .jsii carry the version, and it holds what
 *    its bundled dependencies need (scripts/release/bundle.ts);
 * 4. always, even after a failure: `unbump` (package.json back to 0.0.0), and lib/ and
 *    .jsii restored as they were, so the checkout is left as it was found.
 *
 * Prints the version, the tag, the changelog and the tarball, then one line
 * `release:dry-run: <version> <tag> <tarball>` for scripts. Exit 1 if a step failed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { missingBundled } from './bundle';

const ROOT = resolve(process.cwd());
const BUILD_OUTPUTS = ['lib', '.jsii'];

const timings: string[] = [];

function projen(task: string): void {
  console.log(`\n$ npx projen ${task}`);
  const t = Date.now();
  const r = spawnSync('npx', ['projen', task], { cwd: ROOT, stdio: 'inherit' });
  timings.push(`${task} ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (r.status !== 0) throw new Error(`npx projen ${task} failed (exit ${r.status})`);
}

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf-8').trim();
}

/** package.json and .jsii of a tarball, without unpacking it to disk. */
function tarEntry(tgz: string, path: string): string {
  const r = spawnSync('tar', ['-xzOf', tgz, `package/${path}`], { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${tgz} has no ${path}`);
  return r.stdout;
}

function main(): number {
  const pkgName = (JSON.parse(read('package.json')) as { name: string }).name;
  const backup = mkdtempSync(join(tmpdir(), 'fc-release-dry-run-'));
  const saved = BUILD_OUTPUTS.filter((p) => existsSync(join(ROOT, p)));
  for (const p of saved) cpSync(join(ROOT, p), join(backup, p), { recursive: true, preserveTimestamps: true });
  const started = Date.now();
  let failed = false;
  try {
    rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
    projen('bump');
    const version = read('dist/version.txt');
    const tag = read('dist/releasetag.txt');
    projen('compile');
    projen('package:js');
    const tgz = join(ROOT, 'dist', 'js', `${pkgName}@${version}.jsii.tgz`);
    if (!existsSync(tgz)) throw new Error(`package:js made no ${tgz} (dist/js holds: ${readdirSync(join(ROOT, 'dist', 'js')).join(', ')})`);
    const packedVersion = (JSON.parse(tarEntry(tgz, 'package.json')) as { version: string }).version;
    const jsiiVersion = (JSON.parse(tarEntry(tgz, '.jsii')) as { version: string }).version;
    if (packedVersion !== version || jsiiVersion !== version) {
      throw new Error(`the tarball is not stamped ${version}: package.json ${packedVersion}, .jsii ${jsiiVersion}`);
    }
    const unpacked = mkdtempSync(join(tmpdir(), 'fc-release-unpacked-'));
    try {
      spawnSync('tar', ['-xzf', tgz, '-C', unpacked]);
      const missing = missingBundled(join(unpacked, 'package'));
      if (missing.length) {
        throw new Error(
          `the tarball lacks dependencies of its bundled packages (${missing.join(', ')}): was it packed with a symlinked node_modules?`,
        );
      }
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
    console.log(`\n==== release dry run (${((Date.now() - started) / 1000).toFixed(0)} s: ${timings.join(', ')}): nothing was published ====`);
    console.log(`version: ${version} (tag ${tag}; package.json and .jsii in the tarball agree; bundled dependencies complete)`);
    console.log(`tarball: ${tgz} (${(statSync(tgz).size / 1024).toFixed(0)} KiB)`);
    console.log(
      "publish: the release workflow's release_npm job would run publib-npm on it: npm publish with provenance, authenticated by GitHub OIDC (trusted publishing)",
    );
    console.log(`changelog (dist/changelog.md, the GitHub release notes):\n${read('dist/changelog.md')}\n`);
    console.log(`release:dry-run: ${version} ${tag} ${tgz}`);
  } catch (err) {
    failed = true;
    console.error(`release:dry-run failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    try {
      projen('unbump');
    } catch (err) {
      failed = true;
      console.error(`release:dry-run: unbump failed, package.json keeps the bumped version: ${String(err)}`);
    }
    // The build of the bumped version carries its version (.jsii, jsii type info in lib/):
    // put back what was there, timestamps included (the e2e pack cache keys on them).
    for (const p of BUILD_OUTPUTS) rmSync(join(ROOT, p), { recursive: true, force: true });
    for (const p of saved) cpSync(join(backup, p), join(ROOT, p), { recursive: true, preserveTimestamps: true });
    rmSync(backup, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
