import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../src/config';
import { deadUrl, getJson, startApp, startFakeUpstream, upstream, type FakeServer, type RunningApp } from './helpers';

describe(`${SERVICE_NAME}: readiness`, () => {
  let running: RunningApp | undefined;
  let fake: FakeServer | undefined;
  afterEach(async () => {
    await running?.app.close(1000);
    await fake?.close();
    running = undefined;
    fake = undefined;
  });

  it('is ready with no upstreams', async () => {
    running = await startApp([]);
    const res = await getJson(`${running.url}/ready`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready', upstreams: [] });
  });

  it('answers 200 when every upstream /health is up', async () => {
    fake = await startFakeUpstream();
    running = await startApp([upstream('orders', fake.url)]);
    const res = await getJson(`${running.url}/ready`);
    expect(res.status).toBe(200);
    expect(res.body.upstreams).toEqual([expect.objectContaining({ name: 'orders', env: 'ORDERS_URL', state: 'up', status: 200 })]);
    expect(fake.seen).toEqual(['/health']);
  });

  it('answers 503 naming the upstream that is down', async () => {
    fake = await startFakeUpstream();
    running = await startApp([upstream('orders', fake.url), upstream('payments', await deadUrl())]);
    const res = await getJson(`${running.url}/ready`);
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('not-ready');
    expect(res.body.upstreams).toEqual([
      expect.objectContaining({ name: 'orders', state: 'up' }),
      expect.objectContaining({ name: 'payments', state: 'down', error: 'ECONNREFUSED' }),
    ]);
  });

  it('logs a change of readiness once, not on every poll', async () => {
    running = await startApp([upstream('payments', await deadUrl())]);
    await getJson(`${running.url}/ready`);
    await getJson(`${running.url}/ready`);
    const warnings = running.log.lines.map((line) => JSON.parse(line)).filter((e) => e.msg === 'not ready');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].down).toEqual([{ name: 'payments', error: 'ECONNREFUSED' }]);
  });

  it('treats an upstream that answers 5xx as down', async () => {
    fake = await startFakeUpstream((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    running = await startApp([upstream('orders', fake.url)]);
    const res = await getJson(`${running.url}/ready`);
    expect(res.status).toBe(503);
    expect(res.body.upstreams[0]).toMatchObject({ state: 'down', status: 500 });
  });

  it('gives up on a hanging upstream after the timeout', async () => {
    fake = await startFakeUpstream(() => undefined); // never answers
    running = await startApp([upstream('orders', fake.url)], { readyTimeoutMs: 150 });
    const started = Date.now();
    const res = await getJson(`${running.url}/ready`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(503);
    expect(res.body.upstreams[0]).toMatchObject({ state: 'down', error: 'timeout after 150ms' });
  });
});
