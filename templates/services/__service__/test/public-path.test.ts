// A public service behind the shared load balancer: the balancer forwards `/admin` and
// `/admin/...` unchanged, so the app must answer there, not only at `/`.
import { afterEach, describe, expect, it } from 'vitest';
import { SERVICE_NAME } from '../src/config';
import { readSettings } from '../src/settings';
import { getJson, startApp, type RunningApp } from './helpers';

describe(`${SERVICE_NAME}: the public path`, () => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.app.close(1000);
    running = undefined;
  });

  it('answers the sample route at the public path and every path under it, and still at /', async () => {
    running = await startApp([], { publicPath: '/admin' });
    for (const path of ['/admin', '/admin/', '/admin/x', '/admin/x/y?q=1', '/']) {
      const res = await getJson(`${running.url}${path}`);
      expect({ path, status: res.status, service: res.body.service }).toEqual({ path, status: 200, service: SERVICE_NAME });
    }
    expect((await getJson(`${running.url}/admin/x`)).body.path).toBe('/admin/x');
  });

  it('answers 404 beside the public path: a shared prefix is not a parent path', async () => {
    running = await startApp([], { publicPath: '/admin' });
    for (const path of ['/adminx', '/admi', '/other', '/Admin']) {
      expect({ path, status: (await getJson(`${running.url}${path}`)).status }).toEqual({ path, status: 404 });
    }
  });

  it('keeps the probes at their own paths', async () => {
    running = await startApp([], { publicPath: '/admin', healthPath: '/healthz' });
    expect((await getJson(`${running.url}/health`)).body).toEqual({ status: 'ok', service: SERVICE_NAME });
    expect((await getJson(`${running.url}/healthz`)).body).toEqual({ status: 'ok', service: SERVICE_NAME });
    expect((await getJson(`${running.url}/ready`)).body.status).toBe('ready');
  });

  it('answers /ready under the public path too, where the load balancer forwards it', async () => {
    running = await startApp([], { publicPath: '/admin' });
    const res = await getJson(`${running.url}/admin/ready`);
    expect({ status: res.status, body: res.body.status }).toEqual({ status: 200, body: 'ready' });
  });

  it('with the public path `/`, answers every path the probes do not take', async () => {
    running = await startApp([], { publicPath: '/' });
    for (const path of ['/', '/x', '/deep/er/path']) {
      expect({ path, status: (await getJson(`${running.url}${path}`)).status }).toEqual({ path, status: 200 });
    }
    expect((await getJson(`${running.url}/health`)).body.status).toBe('ok');
  });

  it('without a public path (a private service), answers the sample route at `/` only', async () => {
    running = await startApp([]);
    expect((await getJson(`${running.url}/`)).status).toBe(200);
    expect((await getJson(`${running.url}/admin`)).status).toBe(404);
  });
});

describe(`${SERVICE_NAME}: PUBLIC_PATH`, () => {
  it('is read from the environment, without a trailing slash; unset means not public', () => {
    expect(readSettings({ PUBLIC_PATH: '/admin' }).publicPath).toBe('/admin');
    expect(readSettings({ PUBLIC_PATH: '/admin/' }).publicPath).toBe('/admin');
    expect(readSettings({ PUBLIC_PATH: '/' }).publicPath).toBe('/');
    expect(readSettings({}).publicPath).toBeUndefined();
  });

  it('must start with "/"', () => {
    expect(() => readSettings({ PUBLIC_PATH: 'admin' })).toThrow('PUBLIC_PATH must start with "/", got "admin"');
  });
});
