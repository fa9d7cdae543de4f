/**
 * The bad-spec catalogue: every file `test/bad-specs/NN-short-name.{yaml,json}` (and every
 * case in test/bad-specs/generated.ts) is run through the in-process CLI, and what it
 * prints on stderr must be exactly `NN-short-name.expected.txt` beside it. Each run must
 * exit 1, print no stack trace, and leave the target (which holds a sentinel file, with
 * --force) exactly as it was, with nothing left beside it.
 *
 * The CLI names the spec file by its absolute path; the scratch folder the case runs in is
 * cut from stderr, so the expected files name the case file as given.
 *
 * Regenerate the expected files (then read `git diff test/bad-specs`) with
 *   UPDATE_BAD_SPECS=1 npx vitest run test/bad-specs.test.ts
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { GENERATED_CASES, FIFTY_MB } from './bad-specs/generated';
import { cli, snapshotTree } from './cli/helpers';

// A pass-through spy on the one way src/spec reads a file, to show that the 50 MB case is
// refused from its size alone and never read.
const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: unknown, ...rest: unknown[]) => {
    reads.push(String(path));
    return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const DIR = join(__dirname, 'bad-specs');
const UPDATE = process.env.UPDATE_BAD_SPECS === '1';
const CASE_FILE = /^(\d\d-[a-z0-9]+(?:-[a-z0-9]+)*)\.(yaml|json)$/;
const FLAGS = ['--yes', '--no-install', '--no-git', '--force', '--generator-dependency', 'file:/nonexistent/create-fargate-connect.tgz'];

interface Case {
  readonly name: string;
  readonly about: string;
  readonly setup: (path: string) => void;
}

const fileCases: Case[] = readdirSync(DIR)
  .filter((f) => CASE_FILE.test(f))
  .map((f) => ({ name: f, about: 'file', setup: (path: string) => copyFileSync(join(DIR, f), path) }));
const cases: Case[] = [...fileCases, ...GENERATED_CASES.map((c) => ({ name: c.name, about: c.about, setup: c.create }))].sort((a, b) =>
  a.name < b.name ? -1 : 1,
);

const expectedPath = (name: string) => join(DIR, `${name.replace(/\.(yaml|json)$/, '')}.expected.txt`);

const scratchDirs: string[] = [];
afterAll(() => {
  for (const d of scratchDirs) rmSync(d, { recursive: true, force: true });
});

describe('the catalogue', () => {
  it('has at least 30 cases, uniquely numbered, each with its expected stderr', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const numbers = cases.map((c) => c.name.slice(0, 2));
    expect(new Set(numbers).size).toBe(numbers.length);
    if (!UPDATE) for (const c of cases) expect(existsSync(expectedPath(c.name)), `${c.name} has no expected file`).toBe(true);
  });

  it('has no expected file without its case', () => {
    const names = new Set(cases.map((c) => expectedPath(c.name)));
    for (const f of readdirSync(DIR).filter((n) => n.endsWith('.expected.txt'))) expect(names.has(join(DIR, f)), f).toBe(true);
  });
});

describe('every bad spec is rejected by the CLI with exactly the expected messages', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const scratch = mkdtempSync(join(tmpdir(), 'fc-bad-spec-'));
    scratchDirs.push(scratch);
    c.setup(join(scratch, name));
    mkdirSync(join(scratch, 'out'));
    writeFileSync(join(scratch, 'out', 'SENTINEL.txt'), 'the user’s file: must survive\n');
    const target = snapshotTree(join(scratch, 'out'));
    const entries = readdirSync(scratch).sort();
    reads.length = 0;

    const started = performance.now();
    const r = await cli(['out', '--config', name, ...FLAGS], { cwd: scratch });
    const elapsed = performance.now() - started;
    const stderr = r.err.split(`${scratch}/`).join('');

    expect(r.code, stderr).toBe(1);
    expect(r.out).toBe('');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).toMatch(/^error: (one problem|\d+ problems), nothing was written:\n/);
    expect(stderr).not.toContain(scratch);
    expect(snapshotTree(join(scratch, 'out'))).toEqual(target);
    expect(readdirSync(scratch).sort()).toEqual(entries);
    expect(elapsed, 'seconds, not minutes').toBeLessThan(10_000);

    if (UPDATE) {
      writeFileSync(expectedPath(name), `${stderr}\n`);
    } else {
      expect(`${stderr}\n`).toBe(readFileSync(expectedPath(name), 'utf8'));
    }
  });
});

describe('a 50 MB file', () => {
  it('is refused by the size check fast, without being read', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'fc-bad-spec-'));
    scratchDirs.push(scratch);
    const spec = join(scratch, 'huge.yaml');
    GENERATED_CASES.find((c) => c.name === '32-fifty-megabytes.yaml')!.create(spec);
    expect(statSync(spec).size).toBe(FIFTY_MB);
    reads.length = 0;
    const started = performance.now();
    const r = await cli(['out', '--config', spec, ...FLAGS], { cwd: scratch });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the file is 50.0 MiB; a spec is at most 1 MiB');
    expect(reads).not.toContain(spec);
  });

  it('is told apart from a spec the spy does see being read', async () => {
    // The spy works: a small spec in the same place is read through it.
    const scratch = mkdtempSync(join(tmpdir(), 'fc-bad-spec-'));
    scratchDirs.push(scratch);
    const spec = join(scratch, 'small.yaml');
    writeFileSync(spec, 'name: Bad\nservices: []\n');
    reads.length = 0;
    const r = await cli(['out', '--config', spec, ...FLAGS], { cwd: scratch });
    expect(r.code).toBe(1);
    expect(reads).toContain(spec);
  });
});
