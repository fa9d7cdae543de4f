import { describe, expect, it } from 'vitest';
import {
  formatRecordFile,
  parsePlanArgs,
  planReport,
  RECORD_FILE,
  runPlan,
  SynthesisError,
  type CommittedRecord,
  type PlanIo,
  type PlatformRecord,
} from '../../src/day-two';
import { planned, recordOf, SHOP, withService } from './fixtures';

describe('parsePlanArgs', () => {
  it('takes no option, --base or --record, in both spellings', () => {
    expect(parsePlanArgs([])).toEqual({ ok: true, args: {} });
    expect(parsePlanArgs(['--base', 'main'])).toEqual({ ok: true, args: { base: 'main' } });
    expect(parsePlanArgs(['--base=origin/main'])).toEqual({ ok: true, args: { base: 'origin/main' } });
    expect(parsePlanArgs(['--record', 'old.json'])).toEqual({ ok: true, args: { record: 'old.json' } });
    expect(parsePlanArgs(['-h'])).toEqual({ ok: true, args: { help: true } });
  });

  it.each([
    [['--bogus'], 'unknown argument "--bogus"'],
    [['main'], 'unknown argument "main"'],
    [['--base'], '--base needs a value: --base <git-ref>, e.g. --base main'],
    [['--base='], '--base needs a value'],
    [['--base', '--record', 'x'], '--base needs a value'],
    [['--record'], '--record needs a value: --record <file>'],
    [['--base', 'a', '--base', 'b'], '--base is given twice'],
    [['--base', 'main', '--record', 'x.json'], '--base and --record both name the record to compare with: give one'],
  ])('refuses %j: %s', (argv, error) => {
    const r = parsePlanArgs(argv);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(error);
  });
});

describe('planReport: the comparison of two records', () => {
  it('exits 0 for a change the deploy applies in place, and shows it at the spec level', () => {
    const after = withService(SHOP, 'api', { desiredCount: 3 });
    const r = planReport(recordOf(SHOP), recordOf(after));
    expect(r.exitCode).toBe(0);
    expect(r.text).toContain('  ~ api: desiredCount 2 -> 3');
    expect(r.text).toContain('ShopServices  ~1 updated');
    expect(r.text).toContain('Safe to deploy.');
  });

  it('exits 1 when a service is deleted, naming it and how to do the change safely', () => {
    const renamed = { ...SHOP, services: [withService(SHOP, 'web', { calls: ['orders'] }).services[0], planned('orders')] };
    const r = planReport(recordOf(SHOP), recordOf(renamed));
    expect(r.exitCode).toBe(1);
    expect(r.text).toContain('  - api: removed');
    expect(r.text).toContain('INTERRUPTION service-deleted: ShopServices/apiService (AWS::ECS::Service "api")');
    expect(r.text).toMatch(/Safely: .*To rename or move it without downtime, add the new service beside the old one/);
    expect(r.text).toContain('Not safe to deploy as is (exit 1)');
  });

  it('exits 1 when the deploy would fail: a custom-named service replaced', () => {
    // SchedulingStrategy is create-only: the service is replaced, and its name is held by the old one.
    const r = planReport(recordOf(SHOP), recordOf(SHOP, { api: { SchedulingStrategy: 'DAEMON' } }));
    expect(r.exitCode).toBe(1);
    expect(r.text).toMatch(/FAILURE replace-custom-named: ShopServices\/apiService/);
  });
});

/** A PlanIo over in-memory git refs and files; records what it printed and whether it synthesized. */
function fakeIo(options: {
  refs?: Record<string, CommittedRecord>;
  files?: Record<string, string>;
  current?: PlatformRecord | Error;
}): PlanIo & { stdout: string; stderr: string; synthesized: boolean } {
  const io = {
    stdout: '',
    stderr: '',
    synthesized: false,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    committedRecord: (ref: string): CommittedRecord => options.refs?.[ref] ?? (options.refs ? { kind: 'no-commit' } : { kind: 'no-git' }),
    readFile: (path: string) => options.files?.[path],
    executionPolicies: () => ({}),
    currentRecord: () => {
      io.synthesized = true;
      if (options.current instanceof Error) throw options.current;
      return { record: options.current ?? recordOf(SHOP), how: 'a new synthesis (test)' };
    },
  };
  return io;
}

const COMMIT = 'a1b2c3d4e5f6a7b8c9d0';
const found = (record: PlatformRecord): CommittedRecord => ({ kind: 'found', commit: COMMIT, text: formatRecordFile(record) });

describe('runPlan: which record, and the exit code', () => {
  it('compares with the record committed at HEAD by default, not the working-tree copy', () => {
    const io = fakeIo({
      refs: { HEAD: found(recordOf(SHOP)) },
      // What the last build wrote: already the new synthesis, so comparing with it would show nothing.
      files: { [RECORD_FILE]: formatRecordFile(recordOf(withService(SHOP, 'api', { desiredCount: 3 }))) },
      current: recordOf(withService(SHOP, 'api', { desiredCount: 3 })),
    });
    expect(runPlan([], io)).toBe(0);
    expect(io.stdout).toContain(`Before: ${RECORD_FILE} at HEAD (a1b2c3d4e5f6).`);
    expect(io.stdout).toContain('After: a new synthesis (test).');
    expect(io.stdout).toContain('~ api: desiredCount 2 -> 3');
  });

  it('compares with the record at --base, and exits 1 on a hazard', () => {
    const io = fakeIo({ refs: { main: found(recordOf(SHOP)) }, current: recordOf({ ...SHOP, services: [SHOP.services[0]] }) });
    expect(runPlan(['--base', 'main'], io)).toBe(1);
    expect(io.stdout).toContain(`Before: ${RECORD_FILE} at main (a1b2c3d4e5f6).`);
    expect(io.stdout).toContain('service-deleted');
  });

  it('compares with a file given by --record', () => {
    const io = fakeIo({ refs: {}, files: { 'old.json': formatRecordFile(recordOf(SHOP)) }, current: recordOf(SHOP) });
    expect(runPlan(['--record', 'old.json'], io)).toBe(0);
    expect(io.stdout).toContain('Before: old.json.');
    expect(io.stdout).toContain('Spec changes: none.');
  });

  it('says so and exits 0 when nothing was recorded yet: a new repository, or a base without a record', () => {
    const head = fakeIo({ refs: { HEAD: { kind: 'absent', commit: COMMIT } } });
    expect(runPlan([], head)).toBe(0);
    expect(head.stdout).toContain(`No ${RECORD_FILE} at HEAD (a1b2c3d4e5f6): no synthesis was recorded there.`);
    expect(head.stdout).toContain('Nothing to compare with: a first deploy creates every stack. Exit 0.');
    expect(head.synthesized).toBe(false);

    const base = fakeIo({ refs: { main: { kind: 'absent', commit: COMMIT } } });
    expect(runPlan(['--base', 'main'], base)).toBe(0);
    expect(base.stdout).toContain(`No ${RECORD_FILE} at main`);

    const unborn = fakeIo({ refs: {} });
    expect(runPlan([], unborn)).toBe(0);
    expect(unborn.stdout).toContain('No commit yet');
  });

  it('points at an uncommitted record in the working tree when HEAD has none', () => {
    const io = fakeIo({ refs: { HEAD: { kind: 'absent', commit: COMMIT } }, files: { [RECORD_FILE]: '{}' } });
    expect(runPlan([], io)).toBe(0);
    expect(io.stdout).toContain(
      `is not committed: commit it with the change it records (what is deployed), or compare with it: --record ${RECORD_FILE}`,
    );
  });

  it('uses the file on disk outside git, and says so', () => {
    const io = fakeIo({ files: { [RECORD_FILE]: formatRecordFile(recordOf(SHOP)) } });
    expect(runPlan([], io)).toBe(0);
    expect(io.stdout).toContain(`Before: ${RECORD_FILE} in the working tree (not a git repository, so nothing is committed).`);
    const none = fakeIo({});
    expect(runPlan([], none)).toBe(0);
    expect(none.stdout).toContain(`Not a git repository, and no ${RECORD_FILE}.`);
  });

  it.each([
    [['--bogus'], {}, 'error: unknown argument "--bogus"'],
    [['--base', 'nope'], { refs: {} }, 'error: --base: nope is not a commit of this repository'],
    [['--base', 'main'], {}, 'error: --base needs a git repository; use --record <file> instead'],
    [['--record', 'missing.json'], { refs: {} }, 'error: --record: missing.json does not exist'],
    [
      [],
      { refs: { HEAD: { kind: 'found', commit: COMMIT, text: '{"version": 1}' } as CommittedRecord } },
      `error: ${RECORD_FILE} at HEAD (a1b2c3d4e5f6): "platform" must be`,
    ],
  ])('exits 2 for %j, before any synth', (argv, options, message) => {
    const io = fakeIo(options as Parameters<typeof fakeIo>[0]);
    expect(runPlan(argv, io)).toBe(2);
    expect(io.stderr).toContain(message);
    expect(io.stdout).toBe('');
    expect(io.synthesized).toBe(false);
  });

  it('prints the usage with -h and exits 0', () => {
    const io = fakeIo({});
    expect(runPlan(['--help'], io)).toBe(0);
    expect(io.stdout).toMatch(/^Usage: npx projen plan \[--base <git-ref> \| --record <file>\]/);
  });

  it('exits 1 when the app does not synthesize (the deploy would fail too), 2 when cdk.out cannot be read', () => {
    const failed = fakeIo({ refs: { HEAD: found(recordOf(SHOP)) }, current: new SynthesisError('npx cdk synth -q failed (exit 1)') });
    expect(runPlan([], failed)).toBe(1);
    expect(failed.stderr).toContain('error: npx cdk synth -q failed (exit 1)\nThe app does not synthesize, so the deploy would fail too. Exit 1.');
    const unreadable = fakeIo({ refs: { HEAD: found(recordOf(SHOP)) }, current: new Error('cannot read cdk.out/manifest.json') });
    expect(runPlan([], unreadable)).toBe(2);
  });
});
