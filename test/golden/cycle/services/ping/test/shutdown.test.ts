import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../src/config';
import { httpGet } from '../src/upstreams';
import { exitOnSignals } from '../src/shutdown';
import { getJson, HOST, startApp, startFakeUpstream, upstream, type FakeServer, type RunningApp } from './helpers';

describe(`${SERVICE_NAME}: graceful shutdown`, () => {
  let running: RunningApp | undefined;
  let fake: FakeServer | undefined;
  afterEach(async () => {
    await running?.app.close(1000);
    await fake?.close();
    running = undefined;
    fake = undefined;
  });

  it('on SIGTERM finishes the in-flight request, refuses new ones, then exits 0', async () => {
    // A slow upstream keeps a request to GET / in flight while the signal arrives.
    let upstreamReached!: () => void;
    const reached = new Promise<void>((resolve) => (upstreamReached = resolve));
    fake = await startFakeUpstream((_req, res) => {
      upstreamReached();
      setTimeout(() => res.end(JSON.stringify({ service: 'slow' })), 300);
    });
    running = await startApp([upstream('slow', fake.url)]);
    const signals = new EventEmitter();
    const exitCodes: number[] = [];
    let exited!: () => void;
    const exitedPromise = new Promise<void>((resolve) => (exited = resolve));
    exitOnSignals(running.app, { log: running.log, timeoutMs: 5000, source: signals, exit: (code) => (exitCodes.push(code), exited()) });

    const inFlight = getJson(`${running.url}/`);
    await reached;
    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGTERM', 'SIGTERM'); // a second signal must not cut the drain short

    expect(running.app.draining).toBe(true);
    await expect(httpGet(`${running.url}/health`, { timeoutMs: 1000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body.calls[0]).toMatchObject({ name: 'slow', ok: true });
    await exitedPromise;
    expect(exitCodes).toEqual([0]);
  });

  it('cuts off requests still open at the deadline and exits 1', async () => {
    fake = await startFakeUpstream(() => undefined); // never answers
    running = await startApp([upstream('stuck', fake.url)], { upstreamTimeoutMs: 10_000 });
    const inFlight = getJson(`${running.url}/`).catch((err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await running.app.close(200)).toBe('forced');
    expect(await inFlight).toBeInstanceOf(Error);
  });

  it('the real process drains and exits 0 on SIGTERM', async () => {
    // One process, as in the container (`node --import tsx` rather than the tsx wrapper).
    const tsxLoader = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST, LOG_LEVEL: 'info' };
    for (const key of Object.keys(env)) if (key.endsWith('_URL')) delete env[key];
    const child = spawn(process.execPath, ['--import', tsxLoader, path.join(__dirname, '../src/main.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      const logs: Record<string, unknown>[] = [];
      const port = await new Promise<number>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry['msg'] === 'listening') resolve(entry['port'] as number);
        });
        void exit.then((code) => reject(new Error(`exited early with ${code}`)));
      });
      expect((await getJson(`http://${HOST}:${port}/health`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(logs.map((e) => e['msg'])).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    } finally {
      clearTimeout(kill);
    }
  }, 20_000);
});
