import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix, relative } from 'path';
import { runCli } from '../../src/cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in process, as a script without a terminal would. */
export async function cli(argv: string[], opts: { cwd: string; tty?: boolean }): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stdinIsTTY: opts.tty ?? false,
    cwd: opts.cwd,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'fc-cli-'));
}

/** Every entry under `root` with its bytes and mode (links as their target): equal snapshots mean nothing changed. */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const p = rel ? posix.join(rel, e.name) : e.name;
      const abs = join(root, p);
      const mode = lstatSync(abs).mode.toString(8);
      if (e.isSymbolicLink()) {
        out[p] = `${mode}:link:${readlinkSync(abs)}`;
      } else if (e.isDirectory()) {
        out[`${p}/`] = mode;
        walk(p);
      } else {
        out[p] = `${mode}:${readFileSync(abs).toString('base64')}`;
      }
    }
  };
  walk('');
  return out;
}

export const FIXTURES = join(__dirname, '..', 'fixtures');

const ROOT = join(__dirname, '..', '..');

/** Each src/**\/*.ts whose lib/**\/*.js is missing or older: the build under test is stale. */
export function staleBuild(): string[] {
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const src = join(dir, e.name);
      if (e.isDirectory()) walk(src);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const lib = join(ROOT, 'lib', relative(join(ROOT, 'src'), src)).replace(/\.ts$/, '.js');
        if (!existsSync(lib) || statSync(lib).mtimeMs < statSync(src).mtimeMs) stale.push(relative(ROOT, src));
      }
    }
  };
  walk(join(ROOT, 'src'));
  return stale;
}
