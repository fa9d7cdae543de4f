import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync } from 'fs';
import { dirname, isAbsolute, join, resolve } from 'path';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../project/versions';

/** This package's root, from both src/cli and lib/cli. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

/**
 * How the generated repository's package.json should depend on this package, so that
 * its `.projenrc.ts` import resolves on `npm install`. The package may not be on the
 * registry: a run from a checkout or a tarball must point at that build (a packed
 * tarball, not a linked folder, which would load a second copy of projen), and only a
 * registry install uses the published range.
 */
export function selfDependency(): string {
  if (isCheckout(PACKAGE_ROOT)) return `file:${packCheckout(PACKAGE_ROOT)}`;
  return installedFromTarball(PACKAGE_ROOT) ?? `^${PACKAGE_VERSION}`;
}

/** A source checkout has the projen definition, which the published package leaves out. */
export function isCheckout(root: string = PACKAGE_ROOT): boolean {
  return existsSync(join(root, '.projenrc.ts')) && existsSync(join(root, 'src'));
}

/** Packs the checkout's current build into dist/js and returns the tarball's path. */
function packCheckout(root: string): string {
  const dest = join(root, 'dist', 'js');
  mkdirSync(dest, { recursive: true });
  const out = execFileSync('npm', ['pack', '--pack-destination', dest, '--json', '--silent'], {
    cwd: root,
    encoding: 'utf-8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out) as { filename: string }[];
  return join(dest, info.filename);
}

/**
 * When npm installed us from a tarball (`npx create-fargate-connect@file:/x.tgz`,
 * `npm i /x.tgz`), the lock file beside our node_modules records where it came from.
 */
function installedFromTarball(root: string): string | undefined {
  const nodeModules = dirname(root);
  for (const lock of [join(nodeModules, '.package-lock.json'), join(dirname(nodeModules), 'package-lock.json')]) {
    try {
      const entry = JSON.parse(readFileSync(lock, 'utf-8')).packages?.[`node_modules/${PACKAGE_NAME}`];
      const resolved: unknown = entry?.resolved;
      if (typeof resolved === 'string' && resolved.startsWith('file:')) {
        const path = resolved.slice('file:'.length);
        // npm writes these paths relative to the project root (the folder holding node_modules).
        return `file:${isAbsolute(path) ? path : resolve(dirname(nodeModules), path)}`;
      }
    } catch {
      // no lock file there; try the next place
    }
  }
  return undefined;
}
