import { spawn } from 'child_process';
import type { StepInfo } from '../terminal';

export interface CommandResult {
  readonly ok: boolean;
  /** Everything it printed, for the error message if it fails. */
  readonly output: string;
  readonly stdout: string;
  readonly stderr: string;
  /** Stopped because `cancel` was aborted. */
  readonly cancelled: boolean;
}

/**
 * Runs a command in `cwd`, capturing its output. When `cancel` is aborted the command is
 * sent SIGTERM, and the result says it was cancelled.
 */
export function runCommandAsync(
  cmd: string,
  args: string[],
  cwd: string,
  cancel?: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandResult> {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    let failure = '';
    let settled = false;
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      done({ ok: code === 0 && !cancel?.aborted, output: `${stdout}${stderr}${failure}`, stdout, stderr, cancelled: cancel?.aborted === true });
    };
    if (cancel?.aborted) return finish(null);
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], signal: cancel });
    } catch (err) {
      failure = String(err);
      return finish(null);
    }
    child.stdout.setEncoding('utf-8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf-8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      // Spawning failed (no such command), or the abort killed it: 'close' may not follow.
      failure = String(err);
      if (child.pid === undefined) finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

/**
 * The install step as a newcomer watches it: what is installed, and why the first time
 * takes a while (measured: bench/registry.bench.ts).
 */
export const INSTALL_STEP: StepInfo = {
  label: 'Installing dependencies (npm install)',
  detail:
    'About 340 MB, most of it aws-cdk-lib (the constructs of every AWS service), with projen, the CDK CLI, vitest and tsx: ' +
    "a minute or more the first time, less once npm's cache has them.",
};

export function npmInstall(dir: string, cancel?: AbortSignal): Promise<CommandResult> {
  return runCommandAsync('npm', ['install', '--no-audit', '--no-fund'], dir, cancel);
}

/** `git init` and a first commit; an unset git identity gets a neutral one for this commit only. */
export async function gitInit(dir: string, cancel?: AbortSignal): Promise<CommandResult> {
  const init = await runCommandAsync('git', ['init', '-q', '-b', 'main'], dir, cancel);
  if (!init.ok) return init;
  const add = await runCommandAsync('git', ['add', '-A'], dir, cancel);
  if (!add.ok) return add;
  const hasIdentity = (await runCommandAsync('git', ['config', 'user.email'], dir, cancel)).ok;
  const identity = hasIdentity ? [] : ['-c', 'user.name=create-fargate-connect', '-c', 'user.email=create-fargate-connect@localhost'];
  return runCommandAsync('git', [...identity, 'commit', '-q', '-m', 'Initial commit from create-fargate-connect'], dir, cancel);
}
