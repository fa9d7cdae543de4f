import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../src/config';
import { deadUrl, getJson, startApp, startFakeUpstream, upstream, type FakeServer, type RunningApp } from './helpers';

describe(`${SERVICE_NAME}: sample route GET /`, () => {
  let running: RunningApp | undefined;
  let fake: FakeServer | undefined;
  afterEach(async () => {
    await running?.app.close(1000);
    await fake?.close();
    running = undefined;
    fake = undefined;
  });

  it('calls each upstream once and returns what they said', async () => {
    const headers: Record<string, unknown>[] = [];
    fake = await startFakeUpstream((req, res) => {
      headers.push(req.headers);
      res.end(JSON.stringify({ service: 'orders', calls: [] }));
    });
    running = await startApp([upstream('orders', fake.url)]);
    const res = await getJson(`${running.url}/`, { 'x-request-id': 'req-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ service: SERVICE_NAME, calls: [{ name: 'orders', ok: true, status: 200, body: { service: 'orders' } }] });
    expect(headers).toEqual([expect.objectContaining({ 'x-request-id': 'req-1', 'x-call-chain': SERVICE_NAME })]);
  });

  it('answers 502 with the error when an upstream cannot be reached', async () => {
    running = await startApp([upstream('orders', await deadUrl())]);
    const res = await getJson(`${running.url}/`);
    expect(res.status).toBe(502);
    expect(res.body.calls).toEqual([expect.objectContaining({ name: 'orders', ok: false, error: 'ECONNREFUSED' })]);
    expect(running.log.lines.some((line) => JSON.parse(line).msg === 'upstream calls failed')).toBe(true);
  });

  it('answers 502 when an upstream is slower than the timeout', async () => {
    fake = await startFakeUpstream(() => undefined); // never answers
    running = await startApp([upstream('orders', fake.url)], { upstreamTimeoutMs: 150 });
    const res = await getJson(`${running.url}/`);
    expect(res.status).toBe(502);
    expect(res.body.calls[0]).toMatchObject({ ok: false, error: 'timeout after 150ms' });
  });

  it('does not call upstreams again when it is already in the call chain', async () => {
    fake = await startFakeUpstream();
    running = await startApp([upstream('orders', fake.url)]);
    const res = await getJson(`${running.url}/`, { 'x-call-chain': `orders,${SERVICE_NAME}` });
    expect(res.status).toBe(200);
    expect(res.body.calls).toEqual([]);
    expect(fake.seen).toEqual([]);
  });

  it('writes one JSON log line per request', async () => {
    running = await startApp([]);
    await getJson(`${running.url}/`);
    const entry = running.log.lines.map((line) => JSON.parse(line)).find((e) => e.msg === 'request');
    expect(entry).toMatchObject({ level: 'info', service: SERVICE_NAME, method: 'GET', path: '/', status: 200 });
  });
});
