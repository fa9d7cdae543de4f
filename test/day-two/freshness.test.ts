import { describe, expect, it } from 'vitest';
import { digestInputs, parseStamp, staleReason, writtenAfter } from '../../src/day-two';

describe('staleReason: whether cdk.out is the synthesis of these sources', () => {
  const inputs = digestInputs([
    { path: 'src/main.ts', content: 'app' },
    { path: '.projenrc.ts', content: 'spec' },
  ]);
  const stamp = { manifestMtimeMs: 1000, inputs };

  it("reuses cdk.out stamped with the same contents, whatever the files' times", () => {
    expect(
      staleReason(
        1000,
        stamp,
        digestInputs([
          { path: '.projenrc.ts', content: 'spec' },
          { path: 'src/main.ts', content: 'app' },
        ]),
      ),
    ).toBeUndefined();
  });

  it('synthesizes when a content changed, a file came or went, or nothing vouches for cdk.out', () => {
    expect(staleReason(1000, stamp, { ...inputs, 'src/main.ts': digestInputs([{ path: 'x', content: 'edited' }]).x })).toBe(
      'src/main.ts changed since cdk.out was synthesized',
    );
    expect(staleReason(1000, stamp, { ...inputs, 'src/new.ts': 'abc' })).toBe('src/new.ts was added since cdk.out was synthesized');
    expect(staleReason(1000, stamp, { 'src/main.ts': inputs['src/main.ts'] })).toBe('.projenrc.ts was removed since cdk.out was synthesized');
    expect(staleReason(undefined, stamp, inputs)).toBe('there is no cdk.out yet');
    expect(staleReason(1000, undefined, inputs)).toBe('cdk.out was not synthesized by `npx projen build` or `npx projen plan`');
    // A `cdk synth` by hand since the stamp: its sources are unknown.
    expect(staleReason(2000, stamp, inputs)).toBe('cdk.out was synthesized again since its sources were noted');
  });

  it('reads only a well-formed stamp', () => {
    expect(parseStamp(JSON.stringify(stamp))).toEqual(stamp);
    expect(parseStamp('not json')).toBeUndefined();
    expect(parseStamp('{"inputs": {}}')).toBeUndefined();
    expect(parseStamp(undefined)).toBeUndefined();
  });
});

describe('writtenAfter: the record step refuses a cdk.out older than its inputs', () => {
  it('names the newest input written at or after the manifest', () => {
    expect(
      writtenAfter(100, [
        { path: 'a', mtimeMs: 50 },
        { path: 'b', mtimeMs: 99 },
      ]),
    ).toBeUndefined();
    expect(
      writtenAfter(100, [
        { path: 'a', mtimeMs: 150 },
        { path: 'b', mtimeMs: 120 },
      ]),
    ).toBe('a changed after cdk.out was written');
    expect(writtenAfter(100, [{ path: 'a', mtimeMs: 100 }])).toBe('a changed after cdk.out was written');
    expect(writtenAfter(undefined, [])).toBe('there is no cdk.out yet');
  });
});
