import { mkdirSync, readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { writeProject } from '../../src/api';
import { scratch, snapshotTree } from './helpers';

const SPEC = { name: 'solo', services: [{ name: 'api', role: 'client-server', port: 8080 }] };

describe('writeProject is all or nothing', () => {
  it('a write that fails midway leaves a new target absent and no staging folder', () => {
    const cwd = scratch();
    let n = 0;
    const result = writeProject(join(cwd, 'out'), SPEC, {
      generatorDependency: '^0.0.0',
      writeFile: (p, c) => {
        if (++n === 7) throw new Error('disk full (simulated)');
        writeFileSync(p, c);
      },
    });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ path: 'target', message: expect.stringContaining('disk full (simulated)') });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a write that fails midway leaves a --force target byte-for-byte as it was', () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'package.json'), '{"mine":true}');
    const before = snapshotTree(cwd);
    let n = 0;
    const result = writeProject(join(cwd, 'out'), SPEC, {
      force: true,
      generatorDependency: '^0.0.0',
      writeFile: (p, c) => {
        if (++n === 12) throw new Error('disk full (simulated)');
        writeFileSync(p, c);
      },
    });
    expect(result.ok).toBe(false);
    expect(snapshotTree(cwd)).toEqual(before);
  });

  it('returns spec errors as data, with paths', () => {
    const result = writeProject(join(scratch(), 'out'), { name: 'x', services: [{ name: 'api', role: 'server', port: 0 }] });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['services[0].role', 'services[0].port']));
  });
});
