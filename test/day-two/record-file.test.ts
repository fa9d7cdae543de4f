import { describe, expect, it } from 'vitest';
import { formatRecordFile, parseRecordFile, RECORD_FILE } from '../../src/day-two';
import { serializeRecord } from '../../src/transition';
import { recordOf, SHOP, withService } from './fixtures';

describe('the record file', () => {
  const record = recordOf(SHOP);

  it('says in its first lines what it is and that it must be committed', () => {
    const head = formatRecordFile(record).split('\n').slice(0, 7).join('\n');
    expect(head).toContain(`${RECORD_FILE}: the last synthesis of this platform, written by \`npx projen build\``);
    expect(head).toContain('Commit it');
    expect(head).toContain('npx projen plan');
  });

  it('reads back what it wrote, and writes the same bytes again', () => {
    const text = formatRecordFile(record);
    const back = parseRecordFile(text, RECORD_FILE);
    expect(back.platform).toEqual(SHOP);
    expect(serializeRecord(back.assembly)).toBe(serializeRecord(record.assembly));
    expect(formatRecordFile(back)).toBe(text);
  });

  it('keeps one resource per line, so a diff of the file names the resources that changed', () => {
    const a = formatRecordFile(record).split('\n');
    const b = formatRecordFile(recordOf(withService(SHOP, 'api', { desiredCount: 3 }))).split('\n');
    const changed = b.filter((l, i) => l !== a[i]);
    expect(changed.map((l) => l.trim().split(':')[0])).toEqual(['"desiredCount"', '"apiService"']);
  });

  it('refuses what is not a record, naming the file and the fix', () => {
    expect(() => parseRecordFile('{', 'x.json')).toThrow(/^x\.json: not JSON .*run `npx projen build` to record it again/);
    expect(() => parseRecordFile('{"version": 7}', 'x.json')).toThrow('x.json: not a platform record of version 1 (version 7)');
    expect(() => parseRecordFile('{"version": 1, "platform": {}}', 'x.json')).toThrow('x.json: "platform" must be the planned platform');
    expect(() => parseRecordFile(JSON.stringify({ version: 1, platform: SHOP, assembly: { version: 9 } }), 'x.json')).toThrow(
      'x.json: version 9 is not 1; record it again',
    );
  });
});
