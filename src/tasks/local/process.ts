import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once output is flushed. */
  readonly exited: Promise<number | null>;
  readonly hasExited: () => boolean;
  /** The last lines the service printed, for error messages. */
  readonly tail: () => string[];
}

export interface SpawnOptions {
  readonly name: string;
  /** Repository root: holds node_modules/tsx and services/<name>. */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly onLine: (name: string, line: string) => void;
}

const TAIL_LINES = 30;

/**
 * Runs `services/<name>/src/main.ts` under tsx, with the service folder as working
 * directory like the container. Node with tsx's hooks rather than the tsx CLI: the CLI
 * is a wrapper process, and a wrapper killed at the deadline would orphan the app.
 */
export function spawnService(options: SpawnOptions): ServiceProcess {
  const { name, root, env, onLine } = options;
  const serviceDir = path.join(root, 'services', name);
  const child = spawn(process.execPath, [...tsxHooks(root, serviceDir), path.join(serviceDir, 'src', 'main.ts')], {
    cwd: serviceDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const record = (line: string): void => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    onLine(name, line);
  };
  createInterface({ input: child.stdout! }).on('line', record);
  createInterface({ input: child.stderr! }).on('line', record);
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      record(`failed to start: ${err.message}`);
      done = true;
      resolve(null);
    });
    child.once('close', (code) => {
      done = true;
      resolve(code);
    });
  });
  return { name, child, exited, hasExited: () => done, tail: () => [...lines] };
}

/**
 * The flags that load tsx into a service's node. A CommonJS app (the generated ones) gets
 * only tsx's require hooks: `--import tsx` also starts tsx's ESM loader, a worker thread
 * that costs more than the app's own start (about 0.4 s of CPU each, eight services on two
 * cores). An app whose package.json says `"type": "module"` gets the ESM loader it needs.
 */
export function tsxHooks(root: string, serviceDir: string): string[] {
  const resolveTsx = createRequire(path.join(root, 'package.json')).resolve;
  if (packageType(serviceDir) === 'module') return ['--import', pathToFileURL(resolveTsx('tsx')).href];
  return ['--require', resolveTsx('tsx/cjs')];
}

function packageType(dir: string): unknown {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: unknown }).type;
  } catch {
    return undefined;
  }
}

/** SIGTERM, then SIGKILL if the process has not exited after `timeoutMs`. */
export async function stopProcess(proc: ServiceProcess, timeoutMs: number): Promise<number | null> {
  if (proc.hasExited()) return proc.exited;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  try {
    return await proc.exited;
  } finally {
    clearTimeout(timer);
  }
}
