/**
 * A generated repository on disk without npm: the files generate() returns, written under
 * .tmp/ in this checkout, whose node_modules holds only `create-fargate-connect` (a link to
 * this checkout, so its `infra/`, `tasks/` and `lib/` are what a packed install holds) and
 * `@types`. Everything else resolves from this checkout's node_modules, one level up. The
 * repository's own tools then run in it: `tsc`, `vitest`, `tsx scripts/tasks.ts`.
 * Needs `npx projen compile` first (the package serves lib/).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generate } from '../../src/api';
import { readSpecFile } from '../../src/spec/parse';
import { assertBuilt } from '../write/helpers';

const ROOT = join(__dirname, '..', '..');
let count = 0;

export interface ScratchRepo {
  readonly dir: string;
  /** Runs a command in the repository; `npx`-style commands resolve this checkout's tools. */
  run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): { code: number | null; output: string };
  write(path: string, contents: string): void;
  remove(): void;
}

/** Writes the repository a fixture of test/fixtures generates (or a raw spec). */
export function generatedRepo(fixture: string | object): ScratchRepo {
  assertBuilt();
  let spec: unknown = fixture;
  if (typeof fixture === 'string') {
    const read = readSpecFile(join(ROOT, 'test', 'fixtures', `${fixture}.yaml`));
    if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
    spec = read.value;
  }
  const result = generate(spec, { generatorDependency: `file:${ROOT}` });
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const dir = join(ROOT, '.tmp', 'repos', `${process.pid}-${count++}`);
  rmSync(dir, { recursive: true, force: true });
  const write = (path: string, contents: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  };
  for (const f of result.files) write(f.path, f.contents);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(relative(join(dir, 'node_modules'), ROOT), join(dir, 'node_modules', 'create-fargate-connect'));
  symlinkSync(relative(join(dir, 'node_modules'), join(ROOT, 'node_modules', '@types')), join(dir, 'node_modules', '@types'));
  return {
    dir,
    write,
    run: (command, args, env = {}) => {
      const r = spawnSync(command, [...args], { cwd: dir, encoding: 'utf-8', env: { ...process.env, ...env, NO_COLOR: '1' }, timeout: 600_000 });
      return { code: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
