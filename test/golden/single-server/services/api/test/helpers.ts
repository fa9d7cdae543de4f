// Shared by this service's tests. Every server here binds 127.0.0.1 on port 0.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SERVICE_NAME } from '../src/config';
import { createLogger, type Logger } from '../src/log';
import { createApp, type App, type AppOptions } from '../src/server';
import { httpGet, type Upstream } from '../src/upstreams';

export const HOST = '127.0.0.1';

/** A logger that keeps its lines, so test output stays quiet and logs can be asserted. */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger(SERVICE_NAME, { level: 'debug', write: (line) => void lines.push(line) }), { lines });
}

export interface RunningApp {
  readonly app: App;
  readonly url: string;
  readonly log: ReturnType<typeof memoryLogger>;
}

export async function startApp(upstreams: readonly Upstream[], options: Partial<AppOptions> = {}): Promise<RunningApp> {
  const log = memoryLogger();
  const app = createApp({ service: SERVICE_NAME, upstreams, log, readyTimeoutMs: 300, upstreamTimeoutMs: 500, ...options });
  const port = await app.listen(0, HOST);
  return { app, url: `http://${HOST}:${port}`, log };
}

export interface FakeServer {
  readonly url: string;
  /** Requests received so far, by path. */
  readonly seen: string[];
  close(): Promise<void>;
}

/** A stand-in upstream: /health answers 200 unless `handler` says otherwise. */
export async function startFakeUpstream(handler?: http.RequestListener): Promise<FakeServer> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    if (handler) return handler(req, res);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url === '/health' ? { status: 'ok' } : { service: 'fake', calls: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${HOST}:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL where nothing listens: a port that was free a moment ago. */
export async function deadUrl(): Promise<string> {
  const fake = await startFakeUpstream();
  await fake.close();
  return fake.url;
}

export function upstream(name: string, url: string): Upstream {
  return { name, env: `${name.toUpperCase().replace(/-/g, '_')}_URL`, url };
}

export interface JsonResponse {
  readonly status: number;
  readonly body: any;
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await httpGet(url, { timeoutMs: 5000, headers });
  return { status: res.status, body: JSON.parse(res.body) };
}
