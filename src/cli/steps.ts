import { spawnSync } from 'child_process';

/** Prints one step line with its elapsed time when it ends. */
export function step<T>(log: (line: string) => void, label: string, fn: () => T): T {
  const started = Date.now();
  log(`• ${label}...`);
  const result = fn();
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

export interface CommandResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs a command in `cwd`, capturing its output for the error message if it fails. */
export function runCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): CommandResult {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

export function npmInstall(dir: string): CommandResult {
  return runCommand('npm', ['install', '--no-audit', '--no-fund'], dir);
}

/** `git init` and a first commit; an unset git identity gets a neutral one for this commit only. */
export function gitInit(dir: string): CommandResult {
  const init = runCommand('git', ['init', '-q', '-b', 'main'], dir);
  if (!init.ok) return init;
  const add = runCommand('git', ['add', '-A'], dir);
  if (!add.ok) return add;
  const hasIdentity = runCommand('git', ['config', 'user.email'], dir).ok;
  const identity = hasIdentity ? [] : ['-c', 'user.name=create-fargate-connect', '-c', 'user.email=create-fargate-connect@localhost'];
  return runCommand('git', [...identity, 'commit', '-q', '-m', 'Initial commit from create-fargate-connect'], dir);
}
