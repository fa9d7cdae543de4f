import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../src/config';
import { upstreamsFromEnv } from '../src/upstreams';
import { deadUrl, getJson, startApp, upstream, type RunningApp } from './helpers';

describe(`${SERVICE_NAME}: liveness`, () => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.app.close(1000);
    running = undefined;
  });

  it('GET /health answers 200 without asking any upstream', async () => {
    running = await startApp([upstream('gone', await deadUrl())]);
    const res = await getJson(`${running.url}/health`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', service: SERVICE_NAME });
  });

  it("also serves the spec's health check path", async () => {
    running = await startApp([], { healthPath: '/healthz' });
    expect((await getJson(`${running.url}/healthz`)).status).toBe(200);
    expect((await getJson(`${running.url}/health`)).status).toBe(200);
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    running = await startApp([]);
    expect((await getJson(`${running.url}/nope`)).status).toBe(404);
    const res = await fetch(`${running.url}/health`, { method: 'POST' });
    expect(res.status).toBe(405);
    await res.arrayBuffer();
  });
});

describe(`${SERVICE_NAME}: upstreams from the environment`, () => {
  it('reads every http(s) *_URL variable and nothing else', () => {
    const found = upstreamsFromEnv({
      ORDERS_URL: 'http://orders:8080',
      ORDER_API_URL: 'http://order-api:8081/',
      DATABASE_URL: 'postgres://db:5432/app',
      PORT: '3000',
      lower_url: 'http://x:1',
    });
    expect(found).toEqual([
      { name: 'orders', env: 'ORDERS_URL', url: 'http://orders:8080' },
      { name: 'order-api', env: 'ORDER_API_URL', url: 'http://order-api:8081' },
    ]);
  });
});
