// The local entry: the load balancer's listener on one port. Matching follows ALB path
// patterns (case-sensitive, `*` and `?`, path only), rules by ascending priority, the
// first match wins, and the default action is the listener's fixed 404.
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createRouter, parseRoutes, pathOf, patternToRegExp, startEntry, type Entry, type EntryRoute } from '../../src/tasks/local/entry';
import { assertBuilt } from '../write/helpers';

const HOST = '127.0.0.1';
/** The compiled entry, as docker compose runs it: one file, plain node, nothing beside it. */
const ENTRY_FILE = path.resolve(__dirname, '../../lib/tasks/local/entry.js');

describe('ALB path patterns', () => {
  const matches = (pattern: string, p: string) => patternToRegExp(pattern).test(p);

  it('match the whole path, case-sensitively', () => {
    expect(matches('/admin', '/admin')).toBe(true);
    expect(matches('/admin', '/Admin')).toBe(false);
    expect(matches('/admin', '/admin/')).toBe(false);
    expect(matches('/admin', '/x/admin')).toBe(false);
  });

  it('read * as any run of characters, slashes included, and ? as exactly one', () => {
    expect(matches('/admin/*', '/admin/')).toBe(true);
    expect(matches('/admin/*', '/admin/a/b/c')).toBe(true);
    expect(matches('/admin/*', '/admin')).toBe(false);
    expect(matches('/*', '/')).toBe(true);
    expect(matches('/a?c', '/abc')).toBe(true);
    expect(matches('/a?c', '/ac')).toBe(false);
    expect(matches('/a?c', '/abbc')).toBe(false);
  });

  it('take every other character literally', () => {
    expect(matches('/a.b', '/a.b')).toBe(true);
    expect(matches('/a.b', '/axb')).toBe(false);
    expect(matches('/a+(b)', '/a+(b)')).toBe(true);
    expect(matches('/a~_-', '/a~_-')).toBe(true);
  });

  it('are compared with the path only, not the query string', () => {
    expect(pathOf('/admin/x?next=/y')).toBe('/admin/x');
    expect(pathOf('/')).toBe('/');
    expect(pathOf('http://example.com/a?b')).toBe('/a');
  });
});

describe('the listener rules', () => {
  const rules: EntryRoute[] = [
    { service: 'web', priority: 50000, pathPatterns: ['/*'] },
    { service: 'admin', priority: 38000, pathPatterns: ['/admin', '/admin/*'] },
    { service: 'admin-api', priority: 36000, pathPatterns: ['/admin/api', '/admin/api/*'] },
  ];
  const route = createRouter(rules);

  it('are evaluated by ascending priority, whatever their order: the first match wins', () => {
    expect(route('/admin/api/v1')?.service).toBe('admin-api');
    expect(route('/admin/apix')?.service).toBe('admin');
    expect(route('/admin')?.service).toBe('admin');
    expect(route('/adminx')?.service).toBe('web');
    expect(createRouter([...rules].reverse())('/admin/api')?.service).toBe('admin-api');
    // Were they evaluated in array order, `/*` would take everything.
    expect(
      createRouter([
        { service: 'low', priority: 2, pathPatterns: ['/*'] },
        { service: 'high', priority: 1, pathPatterns: ['/x'] },
      ])('/x')?.service,
    ).toBe('high');
  });

  it('leave a path no rule matches to the default action', () => {
    expect(createRouter(rules.slice(1))('/other')).toBeUndefined();
  });

  it('are checked when read from ENTRY_ROUTES, every problem named', () => {
    expect(() => parseRoutes({})).toThrow('routes: expected a JSON array');
    expect(() =>
      parseRoutes([
        { service: 'a', priority: 1, pathPatterns: ['/a'], target: 'http://a:1' },
        { service: 'b', priority: 1, pathPatterns: ['b'], target: 'ftp://b' },
        { service: '', priority: 0, pathPatterns: [] },
      ]),
    ).toThrow(
      [
        'routes[1].priority: 1 is already the priority of a',
        'routes[1].pathPatterns: expected path patterns, each starting with "/"',
        'routes[1].target: expected an http:// URL, got "ftp://b"',
        'routes[2].service: expected the service name',
        'routes[2].priority: expected an integer from 1 to 50000',
        'routes[2].pathPatterns: expected path patterns, each starting with "/"',
        'routes[2]: expected a target URL, or why there is none (unavailable)',
      ].join('\n'),
    );
  });
});

/** A backend that answers with what it received. */
async function echoServer(name: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.statusCode = req.url?.includes('status=201') ? 201 : 200;
      res.end(JSON.stringify({ service: name, method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return {
    url: `http://${HOST}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the entry', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function start(routes: EntryRoute[], options: { timeoutMs?: number } = {}): Promise<Entry> {
    const entry = await startEntry({ routes, port: 0, host: HOST, ...options });
    cleanup.push(entry.close);
    return entry;
  }

  it('forwards method, path, query, headers and body unchanged, adding the X-Forwarded headers', async () => {
    const admin = await echoServer('admin');
    cleanup.push(admin.close);
    const entry = await start([{ service: 'admin', priority: 10, pathPatterns: ['/admin', '/admin/*'], target: admin.url }]);
    const res = await fetch(`${entry.url}/admin/x/y?q=1&status=201`, { method: 'POST', body: 'hello', headers: { 'x-custom': 'v' } });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const body = (await res.json()) as { headers: Record<string, string> };
    expect(body).toMatchObject({ service: 'admin', method: 'POST', url: '/admin/x/y?q=1&status=201', body: 'hello' });
    expect(body.headers).toMatchObject({
      'x-custom': 'v',
      host: `${HOST}:${entry.port}`,
      'x-forwarded-for': HOST,
      'x-forwarded-proto': 'http',
      'x-forwarded-port': String(entry.port),
    });
  });

  it("answers a path no rule matches with the listener's default: 404, text/plain, Not found", async () => {
    const entry = await start([{ service: 'admin', priority: 10, pathPatterns: ['/admin', '/admin/*'], target: 'http://127.0.0.1:9' }]);
    for (const p of ['/', '/adminx', '/Admin']) {
      const res = await fetch(`${entry.url}${p}`);
      expect({ p, status: res.status, type: res.headers.get('content-type'), body: await res.text() }).toEqual({
        p,
        status: 404,
        type: 'text/plain',
        body: 'Not found',
      });
    }
  });

  it('answers 502 when the target cannot be reached, 503 when there is none, 504 when it stays silent', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, HOST, resolve));
    cleanup.push(
      () =>
        new Promise((resolve) => {
          silent.closeAllConnections();
          silent.close(() => resolve());
        }),
    );
    const dead = await echoServer('dead');
    await dead.close();
    const entry = await start(
      [
        { service: 'gone', priority: 1, pathPatterns: ['/gone'], target: dead.url },
        { service: 'image', priority: 2, pathPatterns: ['/image'], unavailable: 'runs the image x, not started locally' },
        { service: 'slow', priority: 3, pathPatterns: ['/slow'], target: `http://${HOST}:${(silent.address() as AddressInfo).port}` },
      ],
      { timeoutMs: 200 },
    );
    const answer = async (p: string) => {
      const res = await fetch(`${entry.url}${p}`);
      return { status: res.status, body: await res.text() };
    };
    expect(await answer('/gone')).toEqual({ status: 502, body: 'Bad gateway' });
    expect(await answer('/image')).toEqual({ status: 503, body: 'Service unavailable: image runs the image x, not started locally' });
    expect(await answer('/slow')).toEqual({ status: 504, body: 'Gateway timeout' });
  });

  it('runs as a plain node program from ENTRY_ROUTES and ENTRY_PORT (as in docker compose), and stops on SIGTERM', async () => {
    assertBuilt();
    const web = await echoServer('web');
    cleanup.push(web.close);
    const routes = [{ service: 'web', priority: 50000, pathPatterns: ['/*'], target: web.url }];
    const child = spawn(process.execPath, [ENTRY_FILE], {
      env: { PATH: process.env['PATH'], ENTRY_ROUTES: JSON.stringify(routes), ENTRY_PORT: '0', ENTRY_HOST: HOST },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    cleanup.push(async () => {
      child.kill('SIGKILL');
      await exited;
    });
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const url = /listening on (http:\/\/\S+);/.exec(line)?.[1];
    expect(url, line).toBeDefined();
    const res = await fetch(`${url}/any/path`);
    expect(((await res.json()) as { service: string }).service).toBe('web');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('as a program, refuses invalid ENTRY_ROUTES with the field and exits 1', async () => {
    assertBuilt();
    const child = spawn(process.execPath, [ENTRY_FILE], {
      env: { PATH: process.env['PATH'], ENTRY_ROUTES: '[{"service":"web","priority":0,"pathPatterns":["/*"],"target":"http://web:1"}]' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('routes[0].priority: expected an integer from 1 to 50000');
  });
});
