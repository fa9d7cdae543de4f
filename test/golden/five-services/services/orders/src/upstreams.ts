import * as http from 'node:http';
import * as https from 'node:https';

/** A service this one calls, found in the environment. */
export interface Upstream {
  /** Name derived from the variable: `ORDER_API_URL` -> `order-api`. */
  readonly name: string;
  /** The variable it came from, e.g. `ORDERS_URL`. */
  readonly env: string;
  /** Base URL without a trailing slash, e.g. `http://orders:8080` (a Service Connect alias on ECS). */
  readonly url: string;
}

/**
 * Every `<NAME>_URL` variable holding an http(s) URL is an upstream. ECS sets them to
 * Service Connect aliases, `npx projen local` to loopback ports. Other schemes
 * (`DATABASE_URL=postgres://...`) are left alone, so such settings can coexist; any
 * other http(s) `*_URL` setting would be probed by /ready, so name it differently.
 */
export function upstreamsFromEnv(env: NodeJS.ProcessEnv): Upstream[] {
  const upstreams: Upstream[] = [];
  for (const key of Object.keys(env).sort()) {
    const value = env[key];
    if (!/^[A-Z][A-Z0-9_]*_URL$/.test(key) || !value || !/^https?:\/\//i.test(value)) continue;
    // Service names are DNS labels (no underscores), so `_` maps back to `-`.
    const name = key.slice(0, -'_URL'.length).toLowerCase().replace(/_/g, '-');
    upstreams.push({ name, env: key, url: value.replace(/\/+$/, '') });
  }
  return upstreams;
}

export interface HttpResult {
  readonly status: number;
  readonly body: string;
}

export interface GetOptions {
  /** Whole-exchange deadline: connect, headers and body. */
  readonly timeoutMs: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timeout after ${timeoutMs}ms`);
    this.name = 'TimeoutError';
  }
}

// Upstream answers are small JSON documents; a misbehaving one must not fill memory.
const MAX_BODY_BYTES = 64 * 1024;

/** GET with a hard deadline. Rejects on network errors and timeouts, never on a status. */
export function httpGet(url: string, options: GetOptions): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      res.on('end', () => settle(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', (err) => settle(() => reject(err)));
      res.on('close', () => settle(() => reject(new Error('connection closed before the response ended'))));
    };
    const target = new URL(url);
    // agent: false opens one connection per call: nothing pooled keeps the process
    // alive or outlives a test's fake server.
    const requestOptions: http.RequestOptions = { agent: false, headers: { accept: 'application/json', ...options.headers } };
    const req = target.protocol === 'https:'
      ? https.get(target, requestOptions, onResponse)
      : http.get(target, requestOptions, onResponse);
    const timer = setTimeout(() => {
      // Settle first: destroying may surface as a socket error, which should not win.
      settle(() => reject(new TimeoutError(options.timeoutMs)));
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err) => settle(() => reject(err)));
  });
}

/** Short reason for a failed call, for logs and JSON bodies. */
export function describeError(err: unknown): string {
  if (err instanceof TimeoutError) return err.message;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code) return code;
  return err instanceof Error ? err.message : String(err);
}

export type UpstreamState = 'up' | 'down';

export interface ProbeResult {
  readonly name: string;
  readonly env: string;
  readonly url: string;
  readonly state: UpstreamState;
  /** HTTP status, when the upstream answered at all. */
  readonly status?: number;
  /** Why it is down. */
  readonly error?: string;
  readonly ms: number;
}

// Every generated app serves /health; it checks nothing downstream, so probing it
// cannot cascade through the call graph.
export const UPSTREAM_HEALTH_PATH = '/health';

/** Is the upstream alive? Up means its /health answered 2xx within the timeout. */
export async function probeUpstream(upstream: Upstream, timeoutMs: number): Promise<ProbeResult> {
  const started = Date.now();
  const base = { name: upstream.name, env: upstream.env, url: upstream.url };
  try {
    const res = await httpGet(upstream.url + UPSTREAM_HEALTH_PATH, { timeoutMs });
    const ms = Date.now() - started;
    return res.status >= 200 && res.status < 300
      ? { ...base, state: 'up', status: res.status, ms }
      : { ...base, state: 'down', status: res.status, error: `HTTP ${res.status}`, ms };
  } catch (err) {
    return { ...base, state: 'down', error: describeError(err), ms: Date.now() - started };
  }
}

export interface CallResult {
  readonly name: string;
  readonly url: string;
  readonly ok: boolean;
  readonly status?: number;
  /** The upstream's answer: parsed JSON, or the raw text when it is not JSON. */
  readonly body?: unknown;
  readonly error?: string;
  readonly ms: number;
}

/** One call to an upstream; failures come back as data so the caller can decide. */
export async function callUpstream(upstream: Upstream, path: string, options: GetOptions): Promise<CallResult> {
  const started = Date.now();
  try {
    const res = await httpGet(upstream.url + path, options);
    const ok = res.status >= 200 && res.status < 300;
    const result = { name: upstream.name, url: upstream.url, ok, status: res.status, body: parseBody(res.body), ms: Date.now() - started };
    return ok ? result : { ...result, error: `HTTP ${res.status}` };
  } catch (err) {
    return { name: upstream.name, url: upstream.url, ok: false, error: describeError(err), ms: Date.now() - started };
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 200);
  }
}
