import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSpecBytes, loadSpecFile, parseSpecText, readSpecFile } from '../../src/spec';
import type { ParseResult } from '../../src/spec';
import { excessiveFlowNesting, firstInvalidUtf8, lineColumn } from '../../src/spec/parse';

const FIXTURES = join(__dirname, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'fc-spec-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function valueOf(r: ParseResult): unknown {
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.value;
}

function messagesOf(r: ParseResult): string[] {
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.value)}`);
  for (const e of r.errors) expect(e.path).toBe('');
  return r.errors.map((e) => e.message);
}

describe('parseSpecText: YAML', () => {
  it('parses a spec', () => {
    expect(valueOf(parseSpecText('name: shop\nservices:\n  - {name: api, role: client-server, port: 8080}\n', 'platform.yaml'))).toEqual({
      name: 'shop',
      services: [{ name: 'api', role: 'client-server', port: 8080 }],
    });
  });

  it('uses YAML for every name that does not end in .json', () => {
    expect(valueOf(parseSpecText('a: 1', 'spec.yml'))).toEqual({ a: 1 });
    expect(valueOf(parseSpecText('a: 1', 'spec'))).toEqual({ a: 1 });
  });

  it('uses YAML 1.2: yes/no/on are strings, so they reach the normalizer as such', () => {
    expect(valueOf(parseSpecText('a: yes\nb: on\nc: 0800\n', 'x.yaml'))).toEqual({ a: 'yes', b: 'on', c: 800 });
  });

  it('reports syntax errors with file, line and column', () => {
    expect(messagesOf(parseSpecText('name: shop\nservices:\n  - name: "api\n', 'platform.yaml'))).toEqual([
      'platform.yaml:4:1: Missing closing "quote',
    ]);
    expect(messagesOf(parseSpecText('name: shop\nservices:\n\t- name: api\n', 'platform.yaml'))).toEqual([
      'platform.yaml:3:1: Tabs are not allowed as indentation',
    ]);
    expect(messagesOf(parseSpecText('name: shop\nservices: [a, b\n', 'platform.yaml'))[0]).toMatch(/^platform\.yaml:3:1: .*\]/);
  });

  it('lists at most 10 syntax errors and counts the rest', () => {
    const text = Array.from({ length: 15 }, (_, i) => `k${i}: "open\n`).join('');
    const messages = messagesOf(parseSpecText(text, 'bad.yaml'));
    expect(messages.length).toBeLessThanOrEqual(11);
    expect(messages[0]).toMatch(/^bad\.yaml:\d+:\d+: /);
  });

  it('rejects duplicate keys instead of keeping the last', () => {
    expect(messagesOf(parseSpecText('name: shop\nservices: []\nname: other\n', 'platform.yaml'))).toEqual([
      'platform.yaml:3:1: duplicate key "name"; a key may appear only once in a mapping',
    ]);
    expect(messagesOf(parseSpecText('services:\n  - name: api\n    port: 1\n    "port": 2\n', 'platform.yaml'))).toEqual([
      'platform.yaml:4:5: duplicate key "port"; a key may appear only once in a mapping',
    ]);
  });

  it('rejects keys that would collide in the JS object', () => {
    expect(messagesOf(parseSpecText('1: a\n"1": b\n', 'x.yaml'))).toEqual(['x.yaml:2:1: duplicate key "1"; a key may appear only once in a mapping']);
  });

  it('rejects a second document', () => {
    expect(messagesOf(parseSpecText('name: shop\n---\nname: other\n', 'platform.yaml'))).toEqual([
      'platform.yaml:2:1: the file holds more than one YAML document ("---" starts a new one); a spec is a single document',
    ]);
  });

  it('accepts one document with a leading ---', () => {
    expect(valueOf(parseSpecText('---\nname: shop\n', 'x.yaml'))).toEqual({ name: 'shop' });
  });

  it('rejects an empty file', () => {
    for (const text of ['', '   \n', '# just a comment\n', '---\n', '\ufeff']) {
      expect(messagesOf(parseSpecText(text, 'platform.yaml'))).toEqual(['platform.yaml: the file is empty; a spec needs at least name and services']);
    }
  });

  it('allows a few aliases', () => {
    expect(valueOf(parseSpecText('a: &x [1, 2]\nb: *x\n', 'x.yaml'))).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it('rejects an alias bomb (billion laughs)', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]\n`;
    expect(messagesOf(parseSpecText(text, 'bomb.yaml'))).toEqual([
      'bomb.yaml: YAML aliases expand too much (more than 100 alias uses, a resource exhaustion pattern); a spec needs few or no aliases',
    ]);
  });

  it('rejects an alias with no anchor', () => {
    expect(messagesOf(parseSpecText('a: 1\nb: *nothing\n', 'x.yaml'))).toEqual(['x.yaml:2:4: alias *nothing refers to no anchor defined before it']);
  });

  it('rejects keys that are lists or mappings', () => {
    expect(messagesOf(parseSpecText('? [a, b]\n: 1\n', 'x.yaml'))).toEqual([
      'x.yaml:1:3: a mapping key must be a plain string, not a list or mapping',
    ]);
  });

  it('rejects unknown tags', () => {
    expect(messagesOf(parseSpecText('name: !Ref Shop\n', 'x.yaml'))).toEqual(['x.yaml:1:7: Unresolved tag: !Ref']);
  });

  it('rejects deep flow nesting before parsing', () => {
    expect(messagesOf(parseSpecText(`a: ${'['.repeat(100)}`, 'deep.yaml'))).toEqual([
      'deep.yaml:1:68: nesting is deeper than 64 levels; a spec needs at most 4',
    ]);
    // A megabyte of brackets is refused quickly, without the parser.
    const started = Date.now();
    expect(messagesOf(parseSpecText('{'.repeat(1024 * 1024 - 1), 'deep.yaml'))[0]).toContain('nesting is deeper than 64 levels');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not count brackets in comments and quoted strings as nesting', () => {
    expect(excessiveFlowNesting(`# ${'['.repeat(100)}\na: "${'['.repeat(100)}"\nb: '${'{'.repeat(100)}'\n`, 64)).toBe(-1);
  });

  it('keeps a __proto__ key as an ordinary key', () => {
    const value = valueOf(parseSpecText('__proto__: {polluted: true}\n', 'x.yaml')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseSpecText: JSON', () => {
  it('parses a spec', () => {
    expect(
      valueOf(parseSpecText('{"name": "shop", "services": [{"port": 8080, "x": [true, false, null, -1.5e2, "a\\n\\u0041"]}]}', 'spec.json')),
    ).toEqual({
      name: 'shop',
      services: [{ port: 8080, x: [true, false, null, -150, 'a\nA'] }],
    });
  });

  it('chooses JSON by extension, case-insensitively', () => {
    expect(messagesOf(parseSpecText('a: 1', 'SPEC.JSON'))).toEqual(['SPEC.JSON:1:1: unexpected character "a", expected a value']);
  });

  const cases: [string, string, string][] = [
    ['trailing comma in an object', '{\n  "name": "shop",\n}', 'x.json:2:17: trailing comma before "}"; JSON does not allow one'],
    ['trailing comma in a list', '{"a": [1,\n 2,\n]}', 'x.json:2:3: trailing comma before "]"; JSON does not allow one'],
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 'x.json:3:3: unexpected character "\\"", expected "," or "}"'],
    ['a missing colon', '{"a" 1}', 'x.json:1:6: unexpected character "1", expected ":"'],
    ['single quotes', "{'a': 1}", 'x.json:1:2: unexpected character "\'", expected a key in double quotes (JSON strings use double quotes)'],
    ['a comment', '{\n  // the name\n  "name": "shop"\n}', 'x.json:2:3: comments are not allowed in JSON; use a .yaml file to keep comments'],
    ['an unterminated string', '{"name": "shop}', 'x.json:1:10: unterminated string; add the closing double quote'],
    [
      'a line break in a string',
      '{"name": "sh\nop"}',
      'x.json:1:13: control character U+000A in a string; escape it (for example \\n for a line break)',
    ],
    ['an invalid escape', '{"name": "a\\x"}', 'x.json:1:12: invalid escape "\\\\x" in a string'],
    ['leading zeros', '{"port": 0800}', 'x.json:1:10: numbers must not have leading zeros'],
    ['a bare word', '{"port": NaN}', 'x.json:1:10: unexpected character "N", expected a value'],
    ['an incomplete number', '{"port": 1.}', 'x.json:1:11: invalid number; expected a digit'],
    ['content after the value', '{"a": 1}\n{"b": 2}', 'x.json:2:1: unexpected character "{" after the JSON value; a spec file holds one JSON object'],
    ['an unexpected end', '{"a": [1, 2', 'x.json:1:12: unexpected end of file, expected "," or "]"'],
    ['a duplicate key', '{\n  "name": "a",\n  "name": "b"\n}', 'x.json:3:3: duplicate key "name"; a key may appear only once in a mapping'],
    [
      'a nested duplicate key',
      '{"services": [{"port": 1,\n "port": 2}]}',
      'x.json:2:2: duplicate key "port"; a key may appear only once in a mapping',
    ],
    ['deep nesting', `${'['.repeat(65)}${']'.repeat(65)}`, 'x.json:1:65: nesting is deeper than 64 levels; a spec needs at most 4'],
  ];

  it.each(cases)('reports %s with line and column', (_, text, message) => {
    expect(messagesOf(parseSpecText(text, 'x.json'))).toEqual([message]);
  });

  it('accepts nesting up to 64 levels', () => {
    expect(valueOf(parseSpecText(`${'['.repeat(64)}${']'.repeat(64)}`, 'x.json'))).toBeInstanceOf(Array);
  });

  it('keeps a __proto__ key as an ordinary key', () => {
    const value = valueOf(parseSpecText('{"__proto__": {"polluted": true}}', 'x.json')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores a byte order mark', () => {
    expect(valueOf(parseSpecText('\ufeff{"a": 1}', 'x.json'))).toEqual({ a: 1 });
  });
});

describe('size limit', () => {
  it('rejects text over 1 MiB', () => {
    expect(messagesOf(parseSpecText(`# ${'x'.repeat(1024 * 1024)}`, 'big.yaml'))).toEqual([
      'big.yaml: the file is 1.0 MiB; a spec is at most 1 MiB (a typical spec is a few KiB), so this is probably not a spec file',
    ]);
  });

  it('counts bytes, not characters', () => {
    expect(parseSpecText(`# ${'é'.repeat(600 * 1024)}`, 'big.yaml').ok).toBe(false);
  });

  it('rejects bytes over 1 MiB before decoding them', () => {
    const r = decodeSpecBytes(new Uint8Array(2 * 1024 * 1024), 'big.yaml');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0].message).toBe(
      'big.yaml: the file is 2.0 MiB; a spec is at most 1 MiB (a typical spec is a few KiB), so this is probably not a spec file',
    );
  });

  it('readSpecFile refuses a large file from its size alone', () => {
    const path = join(tmp, 'big.yaml');
    writeFileSync(path, Buffer.alloc(3 * 1024 * 1024, 0x20));
    expect(messagesOf(readSpecFile(path))).toEqual([
      `${path}: the file is 3.0 MiB; a spec is at most 1 MiB (a typical spec is a few KiB), so this is probably not a spec file`,
    ]);
  });
});

describe('encoding', () => {
  it('rejects bytes that are not UTF-8, at the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('name: shop\nserv'), Buffer.from([0xff]), Buffer.from('ices: []\n')]);
    const r = decodeSpecBytes(bytes, 'platform.yaml');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([{ path: '', message: 'platform.yaml:2:5: the file is not valid UTF-8 (byte 0xff); save it as UTF-8' }]);
  });

  it('counts columns in characters after multi-byte text', () => {
    const bytes = Buffer.concat([Buffer.from('name: café'), Buffer.from([0xe9]), Buffer.from('\n')]); // Latin-1 é
    const r = decodeSpecBytes(bytes, 'x.yaml');
    expect(!r.ok && r.errors[0].message).toBe('x.yaml:1:11: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8');
  });

  it('recognizes UTF-16', () => {
    const r = decodeSpecBytes(Buffer.from('\ufeffname: shop', 'utf16le'), 'x.yaml');
    expect(!r.ok && r.errors[0].message).toBe('x.yaml:1:1: the file is not valid UTF-8 (byte 0xff); it looks like UTF-16; save it as UTF-8');
  });

  it('finds overlong encodings, surrogates and truncated sequences', () => {
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from('añ€😀', 'utf8'))).toBe(-1);
  });

  it('drops a UTF-8 byte order mark', () => {
    const r = decodeSpecBytes(Buffer.from('\ufeffname: shop', 'utf8'), 'x.yaml');
    expect(r.ok && r.text).toBe('name: shop');
  });
});

describe('readSpecFile and loadSpecFile', () => {
  it('read and parse a file', () => {
    expect(valueOf(readSpecFile(join(FIXTURES, 'shop.yaml')))).toEqual(JSON.parse(readFileSync(join(FIXTURES, 'shop.json'), 'utf8')));
  });

  it('locate errors by the path given', () => {
    const path = join(tmp, 'dup.yaml');
    writeFileSync(path, 'a: 1\na: 2\n');
    expect(messagesOf(readSpecFile(path))).toEqual([`${path}:2:1: duplicate key "a"; a key may appear only once in a mapping`]);
  });

  it('reject bytes that are not UTF-8', () => {
    const path = join(tmp, 'latin1.yaml');
    writeFileSync(path, Buffer.from([0x6e, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(messagesOf(readSpecFile(path))).toEqual([`${path}:1:4: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8`]);
  });

  it('report a missing file and a directory', () => {
    expect(messagesOf(readSpecFile(join(tmp, 'nope.yaml')))).toEqual([`${join(tmp, 'nope.yaml')}: cannot read the file (no such file)`]);
    expect(messagesOf(readSpecFile(tmp))).toEqual([`${tmp}: cannot read the file (it is a directory)`]);
  });

  it('loadSpecFile normalizes, or passes parse errors through', () => {
    const ok = loadSpecFile(join(FIXTURES, 'shop.json'));
    expect(ok.ok && ok.spec.services.map((s) => s.name)).toEqual(['web', 'orders', 'catalog', 'payments']);
    const path = join(tmp, 'broken.json');
    writeFileSync(path, '{"name": }');
    expect(loadSpecFile(path)).toEqual({ ok: false, errors: [{ path: '', message: `${path}:1:10: unexpected character "}", expected a value` }] });
  });
});

describe('lineColumn', () => {
  it('is 1-based', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 });
  });
});
