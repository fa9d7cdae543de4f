/**
 * Issue 12, item 3: a run interrupted at any point leaves, once the next run has looked,
 * the old tree or the new one, and nothing of its own.
 *
 * - In process, deterministically: the run "crashes" at each file-system call in turn
 *   (that call and every later one never reach the disk, as when the process is killed),
 *   for a write into an existing repository, into an empty folder and into a new target;
 *   then the next run's recovery runs. (kill.test.ts does the same with real SIGKILLs.)
 * - SIGINT, SIGTERM and SIGHUP sent to the built CLI at random moments: it exits 130
 *   (or 0 when the signal came after the end), with no stack trace, the tree the old or
 *   the new one right away, and no staging folder anywhere.
 */
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeProject } from '../../src/api';
import { REAL_FILE_OPS } from '../../src/api/file-ops';
import { recoverTarget } from '../../src/api/journal';
import { writeGeneratedWith } from '../../src/api/write-generated';
import { interruptedAfterWrite } from '../../src/cli/main';
import { scratch } from '../cli/helpers';
import {
  assertBuilt,
  changedSpec,
  faultyOps,
  generated,
  leftovers,
  QUIET,
  restoreTree,
  runBuilt,
  specOf,
  subtree,
  tree,
  treeDiff,
  writeSpec,
  type Tree,
} from './helpers';

type Setup = { cwd: string; target: string; force: boolean };

function existingRepo(): Setup {
  const cwd = scratch();
  const target = join(cwd, 'out');
  const r = writeProject(target, specOf(2), { generatorDependency: '^0.0.0' });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  writeFileSync(join(target, 'services', 's1', 'src', 'main.ts'), '// mine\n');
  return { cwd, target, force: true };
}

function emptyFolder(): Setup {
  const cwd = scratch();
  mkdirSync(join(cwd, 'out'));
  return { cwd, target: join(cwd, 'out'), force: false };
}

function newTarget(): Setup {
  const cwd = scratch();
  return { cwd, target: join(cwd, 'out'), force: false };
}

describe('a run that stops at any file-system call is undone or finished by the next run', () => {
  // A new folder is one rename, the last call: every crash before it leaves no folder.
  const cases: [string, () => Setup, Record<string, unknown>, boolean][] = [
    ['--force into an existing repository', existingRepo, changedSpec(2), true],
    ['into an empty folder', emptyFolder, specOf(2), true],
    ['into a new folder', newTarget, specOf(2), false],
  ];
  it.each(cases)('%s', (_, setUp, spec, journaled) => {
    const next = generated(spec);
    const reference = setUp();
    const probe = faultyOps(Number.MAX_SAFE_INTEGER, 'crash');
    expect(writeGeneratedWith(reference.target, next, { force: reference.force }, probe.ops).ok).toBe(true);
    const after = tree(reference.cwd);
    const calls = probe.count;
    // From the lock on (the commit and its cleanup) every call but the many alike moves of
    // staged files into place, of which every third; before it (staging, where a crash
    // only ever leaves a folder to remove) every fifth.
    const lock = probe.log.findIndex((c) => c.startsWith('rename') && c.endsWith('.fargate-connect-commit')) + 1;
    const move = (at: number) => /^rename \S+\/\.fargate-connect-commit\/new\//.test(probe.log[at - 1]);
    const points = [...Array(calls).keys()].map((i) => i + 1).filter((at) => (at >= lock ? !move(at) || at % 3 === 0 : at % 5 === 0));

    const s = setUp();
    const before = tree(s.cwd);
    const outcomes = { old: 0, new: 0 };
    for (const at of points) {
      const crash = faultyOps(at, 'crash');
      writeGeneratedWith(s.target, next, { force: s.force }, crash.ops);
      // The next run begins with this:
      const recovered = recoverTarget(s.target, 'out', REAL_FILE_OPS);
      const where = `crash at call ${at} of ${calls}: ${crash.hit}`;
      expect(recovered.ok, where).toBe(true);
      const now = tree(s.cwd);
      const isOld = treeDiff(now, before).length === 0;
      expect(isOld ? [] : treeDiff(now, after), where).toEqual([]);
      expect(leftovers(s.target), where).toEqual([]);
      outcomes[isOld ? 'old' : 'new']++;
      if (!isOld) restoreTo(s, before, now);
    }
    // Crashes before the commit point leave the old tree, after it the new one.
    expect(outcomes.old).toBeGreaterThan(0);
    if (journaled) expect(outcomes.new).toBeGreaterThan(0);
  });
});

/** Puts the target of `s` back as it is in `before` (trees of its parent). */
function restoreTo(s: Setup, before: Tree, now: Tree): void {
  if (!('out/' in before)) rmSync(s.target, { recursive: true, force: true });
  else restoreTree(s.target, subtree(before, 'out'), subtree(now, 'out'));
}

describe('SIGINT, SIGTERM and SIGHUP', () => {
  beforeAll(assertBuilt);

  it('stop the CLI with exit 130 (or let it finish), leaving the old or the new tree and no staging folder', async () => {
    const s = existingRepo();
    const spec = writeSpec(join(s.cwd, 'b.yaml'), changedSpec(20));
    const before = tree(s.cwd);
    // The new tree, from an uninterrupted run.
    const done = await runBuilt(['out', '--config', spec, '--force', ...QUIET], { cwd: s.cwd });
    expect(done.code, done.err).toBe(0);
    const after = tree(s.cwd);
    restoreTo(s, before, after);

    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (let i = 0; i < 3; i++) {
      const signal = signals[i % 3];
      // Anywhere from loading and generating to the write and after it.
      const delay = Math.round(300 + Math.random() * 1500);
      const r = await runBuilt(['out', '--config', spec, '--force', ...QUIET], {
        cwd: s.cwd,
        onStart: (child) => setTimeout(() => child.kill(signal), delay),
      });
      const where = `${signal} after ${delay} ms: exit ${r.code ?? r.signal}, ${r.err.trim()}`;
      // Before node has run a line of ours, the signal's default action ends it.
      if (r.signal !== null) expect(r.out + r.err, where).toBe('');
      else expect([0, 130], where).toContain(r.code);
      expect(r.err, where).not.toMatch(/^\s+at /m);
      if (r.code === 130)
        // --no-install --no-git: after the write, nothing else was to be done.
        expect(r.err, where).toMatch(
          /^(Cancelled \(SIG[A-Z]+\); nothing was written\.|Interrupted \(SIG[A-Z]+\) after the write: out is complete\.)$/m,
        );
      // No recovery needed: the signal is handled between steps, never inside the write.
      expect(leftovers(s.target), where).toEqual([]);
      const now = tree(s.cwd);
      const isOld = treeDiff(now, before).length === 0;
      expect(isOld ? [] : treeDiff(now, after), where).toEqual([]);
      if (r.err.includes('nothing was written')) expect(isOld, where).toBe(true);
      if (!isOld) restoreTo(s, before, now);
    }
  }, 120_000);
});

describe('what an interrupt after the write says', () => {
  it('names the steps it was asked for that did not run or finish, and only those', () => {
    expect(interruptedAfterWrite('SIGINT', 'out', ['npm install', 'git init'], 'were not run')).toBe(
      'Interrupted (SIGINT) after the write: out is complete; npm install and git init were not run.',
    );
    expect(interruptedAfterWrite('SIGTERM', 'out', ['git init'], 'were not run')).toBe(
      'Interrupted (SIGTERM) after the write: out is complete; git init was not run.',
    );
    expect(interruptedAfterWrite('SIGINT', 'out', ['git init'], 'did not finish')).toBe(
      'Interrupted (SIGINT) after the write: out is complete; git init did not finish.',
    );
    // --no-install --no-git: the run had nothing left to do.
    expect(interruptedAfterWrite('SIGHUP', 'out', [], 'did not finish')).toBe('Interrupted (SIGHUP) after the write: out is complete.');
  });
});
