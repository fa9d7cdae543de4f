/**
 * Issue 12, "Also fix": the API returns errors as data in every case, and reads its input
 * once. `generate(spec, null)`, `writeProject(123, spec)`, a getter that throws and a
 * Proxy all threw; a getter answering differently on each read made the files disagree
 * with `result.spec`.
 */
import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { generate, writeGenerated, writeProject } from '../../src/api';
import { scratch } from '../cli/helpers';

const SPEC = { name: 'solo', services: [{ name: 'api', role: 'client-server', port: 8080 }] };

describe('errors as data, never thrown', () => {
  it('repro: generate(spec, null)', () => {
    expect(generate(SPEC, null as never)).toEqual({
      ok: false,
      errors: [{ path: 'options', message: 'null was given, expected an object such as { generatorDependency: "^1.0.0" }, or nothing' }],
    });
  });

  it('repro: writeProject(123, spec), and other targets that are not paths', () => {
    expect(writeProject(123 as never, SPEC)).toEqual({
      ok: false,
      errors: [{ path: 'target', message: 'a number was given; the target is the path of a folder (a non-empty string)' }],
    });
    expect(writeProject('', SPEC).errors[0].message).toBe('an empty string was given; the target is the path of a folder (a non-empty string)');
    expect(writeProject('a\0b', SPEC).errors[0].message).toBe('"a\\u0000b" holds a NUL character, which no path can');
  });

  it('repro: a getter that throws, in the spec and in the options', () => {
    const spec = {
      ...SPEC,
      get namespace(): string {
        throw new Error('boom');
      },
    };
    expect(generate(spec)).toEqual({
      ok: false,
      errors: [
        {
          path: '',
          message:
            'the spec cannot be copied as plain data: reading it threw "boom"; pass plain objects, lists, strings, numbers and booleans (parsed YAML or JSON is)',
        },
      ],
    });
    const options = {
      get generatorDependency(): string {
        throw new Error('nope');
      },
    };
    expect(generate(SPEC, options)).toEqual({ ok: false, errors: [{ path: 'options.generatorDependency', message: 'reading it threw "nope"' }] });
    const cwd = scratch();
    const force = {
      get force(): boolean {
        throw new Error('no');
      },
    };
    expect(writeProject(join(cwd, 'out'), SPEC, force)).toEqual({ ok: false, errors: [{ path: 'options.force', message: 'reading it threw "no"' }] });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('repro: a Proxy (spec, service, options, generate result)', () => {
    const r = generate(new Proxy({ ...SPEC }, {}));
    expect(r.ok).toBe(false);
    expect(r.errors[0].message).toMatch(
      /^the spec cannot be copied as plain data: it holds a value that is not plain data \(a Proxy, a function, a symbol or the like\)/,
    );
    expect(generate({ ...SPEC, services: [new Proxy(SPEC.services[0], {})] }).ok).toBe(false);
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(generate(SPEC, throwing as never)).toEqual({
      ok: false,
      errors: [{ path: 'options.generatorDependency', message: 'reading it threw "trap"' }],
    });
    const cwd = scratch();
    expect(writeGenerated(join(cwd, 'out'), throwing as never)).toEqual({
      ok: false,
      errors: [{ path: 'generated', message: 'reading it threw "trap"' }],
    });
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('options that are not an object, and wrong option types', () => {
    expect(generate(SPEC, 'x' as never).errors[0]).toMatchObject({ path: 'options' });
    expect(generate(SPEC, { generatorDependency: 5 } as never).errors[0]).toEqual({
      path: 'options.generatorDependency',
      message: '5 was given, expected an npm dependency spec such as "^1.0.0" or "file:/path/x.tgz"',
    });
    expect(writeProject(join(scratch(), 'out'), SPEC, { force: 'yes' } as never).errors[0]).toEqual({
      path: 'options.force',
      message: '"yes" was given, expected true or false',
    });
  });

  it('a generate result that is not one, or names paths outside the repository', () => {
    const target = join(scratch(), 'out');
    expect(writeGenerated(target, { ok: false, errors: [] } as never).errors[0].path).toBe('generated');
    const good = generate(SPEC, { generatorDependency: '^0.0.0' });
    if (!good.ok) throw new Error('invalid');
    for (const path of ['../escape.txt', '/etc/passwd', 'a/../../b', '.fargate-connect-commit/journal.json', '']) {
      const r = writeGenerated(target, {
        ...good,
        files: [...good.files, { path, contents: 'x', readonly: false, executable: false, owner: 'generator' }],
      });
      expect(r.ok, path).toBe(false);
      expect(r.errors[0].message, path).toContain('is not a relative path inside the repository');
    }
    expect(existsSync(target)).toBe(false);
  });
});

describe('the input is read once', () => {
  it('repro: a getter that answers differently each time cannot make the files disagree with result.spec', () => {
    let reads = 0;
    const spec = {
      name: 'solo',
      get services() {
        reads++;
        return [{ name: 'api', role: 'client-server', port: reads === 1 ? 8080 : 9999 }];
      },
    };
    const r = generate(spec, { generatorDependency: '^0.0.0' });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(reads).toBe(1);
    expect(r.spec.services[0].port).toBe(8080);
    const platform = r.files.find((f) => f.path === 'src/generated/platform.ts')?.contents ?? '';
    const projenrc = r.files.find((f) => f.path === '.projenrc.ts')?.contents ?? '';
    expect(platform).toContain('8080');
    expect(platform).not.toContain('9999');
    expect(projenrc).toContain('8080');
    expect(projenrc).not.toContain('9999');
  });
});
