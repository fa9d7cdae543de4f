/**
 * The cases of the bad-spec catalogue that are not plain text files: bytes that are not
 * UTF-8 (kept as code so no editor or git setting can "fix" them), files too large to
 * commit, and a path that is not a file. Each is written into the run's scratch folder
 * under its name; its expected stderr is `<name without extension>.expected.txt` beside
 * this file, like every other case.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_SPEC_BYTES } from '../../src/spec';

export interface GeneratedCase {
  /** File name, `NN-short-name.yaml` or `.json`, numbered in the same series as the files. */
  readonly name: string;
  /** What the case is about, for the test's title. */
  readonly about: string;
  /** Creates the case at `path`. */
  readonly create: (path: string) => void;
}

const VALID = 'name: shop\nservices:\n  - name: api\n    role: client-server\n    port: 8080\n';

/** A spec of exactly `size` bytes: a valid one followed by comment lines. */
export function paddedSpec(size: number): Buffer {
  const out = Buffer.alloc(size, 0x20);
  out.write(VALID, 0, 'utf8');
  // Comment lines of 1 KiB from the end of the spec on, so the file stays valid YAML.
  for (let at = VALID.length; at < size; at += 1024) {
    out.write('#', at, 'utf8');
    if (at + 1023 < size) out.write('\n', at + 1023, 'utf8');
  }
  return out;
}

/** Size of the "50 MB" case: larger than any spec by a factor of 50. */
export const FIFTY_MB = 50 * 1024 * 1024;

export const GENERATED_CASES: readonly GeneratedCase[] = [
  {
    name: '09-non-utf8-latin1.yaml',
    about: 'a Latin-1 file (é as the single byte 0xe9)',
    create: (path) =>
      writeFileSync(
        path,
        Buffer.concat([
          Buffer.from('name: shop\nservices:\n  - name: caf', 'latin1'),
          Buffer.from([0xe9]),
          Buffer.from('\n    role: client-server\n    port: 8080\n'),
        ]),
      ),
  },
  {
    name: '10-utf16-with-bom.yaml',
    about: 'a UTF-16LE file with its byte order mark',
    create: (path) => writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, 'utf16le')])),
  },
  {
    name: '31-oversize-file.yaml',
    about: 'a file one byte over the 1 MiB limit',
    create: (path) => writeFileSync(path, paddedSpec(MAX_SPEC_BYTES + 1)),
  },
  {
    name: '32-fifty-megabytes.yaml',
    about: 'a 50 MB file (refused by its size, never read)',
    create: (path) => writeFileSync(path, paddedSpec(FIFTY_MB)),
  },
  {
    name: '48-config-is-a-directory.yaml',
    about: 'a --config path that is a directory',
    create: (path) => mkdirSync(path),
  },
  {
    name: '50-invalid-utf8-sequences.json',
    about: 'an encoded UTF-16 surrogate (0xed 0xa0 0x80) inside a JSON string, after valid multi-byte text',
    create: (path) =>
      writeFileSync(
        path,
        Buffer.concat([
          Buffer.from('{\n  "name": "shop",\n  "services": [\n    { "name": "caf\u00e9 \u2603 \u{1f600}', 'utf8'),
          Buffer.from([0xed, 0xa0, 0x80]),
          Buffer.from('", "role": "client-server", "port": 8080 }\n  ]\n}\n'),
        ]),
      ),
  },
  {
    name: '51-truncated-utf8.yaml',
    about: 'a file cut in the middle of a multi-byte character',
    create: (path) => writeFileSync(path, Buffer.concat([Buffer.from('name: shop\nservices: []\n# \u20ac', 'utf8').subarray(0, -1)])),
  },
];

/** Writes every generated case into `dir`. */
export function writeGeneratedCases(dir: string): void {
  for (const c of GENERATED_CASES) c.create(join(dir, c.name));
}
