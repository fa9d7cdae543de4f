import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'fs';
import { join } from 'path';
import { e2eEnv, ROOT, run } from './helpers';

export interface DryRun {
  readonly version: string;
  readonly tag: string;
  /** The tarball the release would publish, copied out of the clone. */
  readonly tgz: string;
  /** What `npx projen release:dry-run` printed. */
  readonly output: string;
  readonly code: number | null;
  readonly seconds: number;
  /** The release tag the clone was given when the repository had none. */
  readonly simulatedPreviousRelease?: string;
}

/**
 * `npx projen release:dry-run` in a clone of this checkout's HEAD (a release is made of a
 * commit; the dry run bumps package.json and rebuilds, which the checkout must not see).
 *
 * Until the first release the repository has no release tag, and a first release is
 * 0.0.0, which a generated repository's range could not tell from an unreleased build.
 * The clone then gets one, as if the parent of HEAD had been released as v0.1.0, and a
 * `fix:` commit on top: the dry run releases 0.1.1, and its changelog compares the
 * templates of HEAD~1 with HEAD's. Once real tags exist they are used as they are.
 */
export function releaseDryRun(work: string, env: NodeJS.ProcessEnv = {}): DryRun {
  // Under the checkout's .tmp/ (ignored by git, vitest and the package): on the file
  // system of its node_modules, which the clone gets as hard links (below).
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const clone = mkdtempSync(join(ROOT, '.tmp', 'release-clone-'));
  try {
    return dryRunIn(clone, work, env);
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
}

function dryRunIn(clone: string, work: string, env: NodeJS.ProcessEnv): DryRun {
  const git = (args: string[], cwd = clone) => {
    const r = run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], cwd);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.output}`);
    return r.output.trim();
  };
  const head = git(['rev-parse', 'HEAD'], ROOT);
  git(['clone', '-q', '--no-checkout', ROOT, clone], work);
  git(['checkout', '-q', '--detach', head]);
  // A real node_modules folder, not a symlink to ours: npm pack leaves the dependencies
  // of bundled packages out of the tarball when node_modules is a symlink. Hard links
  // cost about 2 s; a copy (another file system) much more.
  const modules = realpathSync(join(ROOT, 'node_modules'));
  if (run('cp', ['-al', modules, join(clone, 'node_modules')], clone).code !== 0) {
    rmSync(join(clone, 'node_modules'), { recursive: true, force: true });
    const copy = run('cp', ['-a', modules, join(clone, 'node_modules')], clone);
    if (copy.code !== 0) throw new Error(`could not copy node_modules into the clone:\n${copy.output}`);
  }

  let simulatedPreviousRelease: string | undefined;
  if (git(['tag', '--list', 'v*']) === '') {
    const hasParent = run('git', ['rev-parse', '--verify', '--quiet', 'HEAD~1'], clone).code === 0;
    git(['tag', 'v0.1.0', hasParent ? 'HEAD~1' : 'HEAD']);
    simulatedPreviousRelease = 'v0.1.0';
  }
  git(['commit', '-q', '--allow-empty', '-m', 'fix: release dry run of the registry e2e']);

  const r = run('npx', ['projen', 'release:dry-run'], clone, { ...e2eEnv(), ...env });
  const line = /^release:dry-run: (\S+) (\S+) (\S+)$/m.exec(r.output);
  let tgz = '';
  if (line) {
    tgz = join(work, line[3].replace(/^.*\//, ''));
    copyFileSync(line[3], tgz);
  }
  return { version: line?.[1] ?? '', tag: line?.[2] ?? '', tgz, output: r.output, code: r.code, seconds: r.seconds, simulatedPreviousRelease };
}
