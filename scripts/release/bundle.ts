/**
 * What a published package needs from its own tarball: every bundled dependency, and
 * every dependency of those, must be inside it, because npm installs nothing for a
 * bundled package. `npm pack` run where node_modules is a symlink (a git worktree sharing
 * another checkout's node_modules) packs the bundled packages without their dependencies;
 * the CLI then dies on its first require (prompts needs kleur).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly bundleDependencies?: readonly string[];
  readonly bundledDependencies?: readonly string[];
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));

/** Where node would find `name` from `from` without leaving `root` (the unpacked package). */
function resolveWithin(root: string, from: string, name: string): string | undefined {
  for (let dir = from; dir.startsWith(root); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root) break;
  }
  return undefined;
}

/** `<needed by> -> <missing>` for every dependency the unpacked package at `root` lacks. */
export function missingBundled(root: string): string[] {
  const top = manifest(root);
  const missing: string[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, name: string, neededBy: string): void => {
    const found = resolveWithin(root, dir, name);
    if (!found) {
      missing.push(`${neededBy} -> ${name}`);
      return;
    }
    if (seen.has(found)) return;
    seen.add(found);
    for (const dep of Object.keys(manifest(found).dependencies ?? {})) visit(found, dep, name);
  };
  for (const name of top.bundleDependencies ?? top.bundledDependencies ?? []) visit(root, name, top.name);
  return missing.sort();
}
