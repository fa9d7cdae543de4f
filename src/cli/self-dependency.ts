import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, isAbsolute, join, resolve } from 'path';
import { fsReason } from '../api/fs-error';
import { escapeUnsafe, showPath } from '../api/show-path';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../project/versions';
import { runCommandAsync } from './steps';

/** This package's root, from both src/cli and lib/cli. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

export type SelfDependency =
  | { readonly ok: true; readonly spec: string; /** The private folder holding the packed tarball, if one was packed. */ readonly packDir?: string }
  | { readonly ok: false; readonly cancelled: boolean; readonly message: string };

/**
 * How the generated repository's package.json should depend on this package, so that
 * its `.projenrc.ts` import resolves on `npm install`. The package may not be on the
 * registry: a run from a checkout or a tarball must point at that build (a packed
 * tarball, not a linked folder, which would load a second copy of projen), and only a
 * registry install uses the published range.
 */
export async function selfDependency(root: string = PACKAGE_ROOT, cancel?: AbortSignal): Promise<SelfDependency> {
  if (isCheckout(root)) return packCheckout(root, cancel);
  return { ok: true, spec: installedFromTarball(root) ?? `^${PACKAGE_VERSION}` };
}

/** A source checkout has the projen definition, which the published package leaves out. */
export function isCheckout(root: string = PACKAGE_ROOT): boolean {
  return existsSync(join(root, '.projenrc.ts')) && existsSync(join(root, 'src'));
}

/**
 * Packs the checkout's current build into a private temporary folder (never into the
 * checkout) and returns its `file:` spec. The folder stays: the new repository's
 * package.json points at the tarball in it.
 */
async function packCheckout(root: string, cancel?: AbortSignal): Promise<SelfDependency> {
  let dest: string;
  try {
    dest = mkdtempSync(join(tmpdir(), 'create-fargate-connect-pack-'));
  } catch (err) {
    return {
      ok: false,
      cancelled: false,
      message: `TMPDIR: the temporary folder ${showPath(tmpdir())} cannot be used to pack this build (${fsReason(err)}); set TMPDIR to a writable folder`,
    };
  }
  const r = await runCommandAsync('npm', ['pack', '--pack-destination', dest, '--json', '--silent'], root, cancel);
  const fail = (message: string, cancelled = false): SelfDependency => {
    rmSync(dest, { recursive: true, force: true });
    return { ok: false, cancelled, message };
  };
  if (r.cancelled) return fail('cancelled while packing this build', true);
  const advice = 'fix the checkout (npx projen compile), or pass --generator-dependency <npm-spec>';
  if (!r.ok) {
    const last =
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(-1)[0] ??
      r.output.trim().split('\n').slice(-1)[0] ??
      '';
    return fail(`npm pack failed in ${showPath(root)}${last ? `: ${escapeUnsafe(last.trim().slice(0, 300))}` : ''}; ${advice}`);
  }
  try {
    const [info] = JSON.parse(r.stdout) as { filename: string }[];
    return { ok: true, spec: `file:${join(dest, info.filename)}`, packDir: dest };
  } catch {
    return fail(`npm pack in ${showPath(root)} did not say which file it wrote; ${advice}`);
  }
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
