import { copyFileSync, realpathSync, symlinkSync } from 'fs';
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
  const clone = join(work, 'release-clone');
  const git = (args: string[], cwd = clone) => {
    const r = run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], cwd);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.output}`);
    return r.output.trim();
  };
  const head = git(['rev-parse', 'HEAD'], ROOT);
  git(['clone', '-q', '--no-checkout', ROOT, clone], work);
  git(['checkout', '-q', '--detach', head]);
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(clone, 'node_modules'));

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
