import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../src/config';
import { httpGet } from '../src/upstreams';
import { exitOnSignals } from '../src/shutdown';
import { getJson, startApp, startFakeUpstream, upstream, type FakeServer, type RunningApp } from './helpers';

// The real process under SIGTERM (as ECS stops it) is tested for every service at once by
// test/local/topology.test.ts, which starts each app the way the container does.
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
});
