import { spawn } from 'node:child_process';

/** Where a command's output goes once it has finished. */
export interface ConcurrentlyOutput {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * Runs shell commands at the same time; 0 when every one exits 0, else 1: the build's
 * compile step runs the type-check and the synth this way (issue 19). Neither needs the
 * other (tsx runs the app without type-checking it), one is mostly parse and check in one
 * thread, the other the CDK app and its validation: side by side they take about as long as
 * the longer alone, where one after the other took both.
 *
 * Each command's output is held and written whole when it ends, in the order they end, so
 * `tsc` errors stay together and editors can still follow their `file(line,col)`. A command
 * ends when its output closes: anything it leaves running in the background with that
 * output keeps the step waiting, as a shell pipeline would.
 */
export async function runConcurrently(
  commands: readonly string[],
  options: { readonly cwd: string; readonly output?: ConcurrentlyOutput },
): Promise<number> {
  const output = options.output ?? { stdout: process.stdout, stderr: process.stderr };
  if (commands.length === 0) {
    output.stderr.write('concurrently: give the commands to run, each as one argument\n');
    return 2;
  }
  const children = new Set<ReturnType<typeof spawn>>();
  // Ctrl-C reaches every process of the terminal's group; a SIGTERM to this one alone
  // (a CI runner's cancel) is passed on, so nothing keeps running behind it.
  const forward = (signal: NodeJS.Signals) => {
    for (const child of children) child.kill(signal);
  };
  process.on('SIGTERM', forward);
  try {
    const codes = await Promise.all(
      commands.map(
        (command) =>
          new Promise<number>((resolve) => {
            const chunks: { stream: 'stdout' | 'stderr'; data: Buffer }[] = [];
            const child = spawn(command, { cwd: options.cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
            children.add(child);
            child.stdout!.on('data', (data: Buffer) => chunks.push({ stream: 'stdout', data }));
            child.stderr!.on('data', (data: Buffer) => chunks.push({ stream: 'stderr', data }));
            let done = false;
            const finish = (code: number, why?: string) => {
              if (done) return;
              done = true;
              children.delete(child);
              for (const { stream, data } of chunks) output[stream].write(data);
              if (code !== 0) output.stderr.write(`✗ ${command}: ${why ?? `exit ${code}`}\n`);
              resolve(code);
            };
            child.on('error', (err) => finish(1, `could not start (${err.message})`));
            child.on('close', (code, signal) => finish(code ?? 1, signal ? `stopped by ${signal}` : undefined));
          }),
      ),
    );
    return codes.every((c) => c === 0) ? 0 : 1;
  } finally {
    process.off('SIGTERM', forward);
  }
}
