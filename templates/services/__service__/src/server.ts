import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './log';
import { callUpstream, probeUpstream, type Upstream } from './upstreams';

export interface AppOptions {
  readonly service: string;
  readonly upstreams: readonly Upstream[];
  readonly log: Logger;
  /** Liveness path from the spec, served in addition to /health. @default '/health' */
  readonly healthPath?: string;
  /**
   * The service's path on the public load balancer. The balancer forwards `/admin` and
   * `/admin/...` unchanged, so the sample route answers there as well as at `/` (where
   * Service Connect callers reach it); with `/` it answers every path the probes do not
   * take, as the balancer sends it every path no other rule matches.
   * @default - not public: the sample route is `/` only
   */
  readonly publicPath?: string;
  /** Deadline for each upstream /health probe behind /ready. @default 1000 */
  readonly readyTimeoutMs?: number;
  /** Deadline for each upstream call made by the sample route. @default 2000 */
  readonly upstreamTimeoutMs?: number;
}

export type CloseResult = 'drained' | 'forced';

export interface App {
  readonly server: http.Server;
  /** Resolves with the bound port (useful with port 0). Host omitted: all interfaces. */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Stop accepting, let in-flight requests finish, then resolve. After `timeoutMs`
   * the remaining connections are cut and the result is 'forced'. Safe to call twice.
   */
  close(timeoutMs: number): Promise<CloseResult>;
  /** True once close() has been called: /ready answers 503 from then on. */
  readonly draining: boolean;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, ctx: RequestContext) => Promise<void> | void;

interface RequestContext {
  /** The request's path, as the client (or the load balancer) sent it. */
  readonly path: string;
  readonly requestId: string;
  readonly chain: readonly string[];
}

const CALL_CHAIN_HEADER = 'x-call-chain';
const REQUEST_ID_HEADER = 'x-request-id';
// The sample route follows the call graph; this bounds it even if names get mangled.
const MAX_CALL_DEPTH = 8;
const PROBE_PATHS = new Set(['/health', '/ready']);

export function createApp(options: AppOptions): App {
  const { service, upstreams, log } = options;
  const healthPath = options.healthPath ?? '/health';
  const readyTimeoutMs = options.readyTimeoutMs ?? 1000;
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 2000;
  const publicPath = options.publicPath === undefined ? undefined : options.publicPath.replace(/\/+$/, '') || '/';
  const underPublicPath = (path: string): boolean =>
    publicPath !== undefined && (publicPath === '/' || path === publicPath || path.startsWith(`${publicPath}/`));
  let draining = false;
  // Upstreams found down by the last /ready; starts empty so that a first "ready" is quiet.
  let downBefore = '';
  let closing: Promise<CloseResult> | undefined;

  const send = (res: http.ServerResponse, status: number, body: unknown): void => {
    const payload = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(payload));
    res.setHeader('cache-control', 'no-store');
    // While draining, keep-alive clients must not reuse this connection.
    if (draining) res.setHeader('connection', 'close');
    res.end(payload);
  };

  // Liveness: answers as long as the process can serve, whatever the upstreams do,
  // so one sick dependency cannot make ECS restart its callers.
  const health: Handler = (_req, res) => send(res, 200, { status: 'ok', service });

  // Readiness: can this service do its job right now? Only people and tooling ask;
  // the container and load balancer health checks use the liveness path.
  const ready: Handler = async (_req, res) => {
    if (draining) return send(res, 503, { status: 'draining', service, upstreams: [] });
    const probes = await Promise.all(upstreams.map((u) => probeUpstream(u, readyTimeoutMs)));
    const down = probes.filter((p) => p.state === 'down');
    // Log changes only: whoever polls /ready should not flood the log.
    const downNow = down.map((p) => p.name).join(',');
    if (downNow !== downBefore) {
      if (down.length > 0) log.warn('not ready', { down: down.map((p) => ({ name: p.name, error: p.error })) });
      else log.info('ready', { upstreams: probes.map((p) => p.name) });
      downBefore = downNow;
    }
    send(res, down.length === 0 ? 200 : 503, { status: down.length === 0 ? 'ready' : 'not-ready', service, upstreams: probes });
  };

  // Sample business route, at `/` and at and under the public path: calls every upstream's
  // `/` once and reports each outcome. The call chain header stops it from going round a
  // call cycle.
  const hello: Handler = async (_req, res, ctx) => {
    const path = ctx.path;
    if (ctx.chain.includes(service) || ctx.chain.length >= MAX_CALL_DEPTH) {
      return send(res, 200, { service, path, calls: [], note: 'already in the call chain; not calling upstreams again' });
    }
    const headers = { [REQUEST_ID_HEADER]: ctx.requestId, [CALL_CHAIN_HEADER]: [...ctx.chain, service].join(',') };
    const calls = await Promise.all(upstreams.map((u) => callUpstream(u, '/', { timeoutMs: upstreamTimeoutMs, headers })));
    const failed = calls.filter((c) => !c.ok);
    if (failed.length > 0) log.warn('upstream calls failed', { requestId: ctx.requestId, failed: failed.map((c) => ({ name: c.name, error: c.error })) });
    send(res, failed.length === 0 ? 200 : 502, { service, path, calls });
  };

  // Later entries win: the spec's liveness path must stay cheap even if it is '/'.
  const routes = new Map<string, Handler>([['/', hello], ['/ready', ready], ['/health', health], [healthPath, health]]);
  // The load balancer forwards only the public path's requests here: readiness answers under
  // it too, so it can be checked from outside (the deploy's smoke test asks there).
  if (publicPath !== undefined && publicPath !== '/') routes.set(`${publicPath}/ready`, ready);

  const server = http.createServer((req, res) => {
    const started = Date.now();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // Reused from the caller so one id follows a request through the call graph; capped
    // because it is copied into every log line.
    const requestId = headerValue(req, REQUEST_ID_HEADER)?.slice(0, 128) || randomUUID();
    const chain = (headerValue(req, CALL_CHAIN_HEADER) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    res.on('finish', () => {
      const fields = { method: req.method, path, status: res.statusCode, ms: Date.now() - started, requestId };
      // Health checks arrive every few seconds; keep them out of the default log level.
      if (PROBE_PATHS.has(path) || path === healthPath) log.debug('request', fields);
      else log.info('request', fields);
    });
    // Exact routes (the probes among them) first; then the sample route under the public path.
    const handler = routes.get(path) ?? (underPublicPath(path) ? hello : undefined);
    if (!handler) return send(res, 404, { error: 'not found', path });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, { error: 'method not allowed' });
    }
    Promise.resolve()
      .then(() => handler(req, res, { path, requestId, chain }))
      .catch((err: unknown) => {
        log.error('request failed', { path, requestId, err });
        if (!res.headersSent) send(res, 500, { error: 'internal error', requestId });
        else res.destroy();
      });
  });
  // Behind an ALB (idle timeout 60 s) Node's 5 s default makes the server close
  // connections the balancer still reuses, which surfaces as sporadic 502s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return {
    server,
    get draining() {
      return draining;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close(timeoutMs) {
      closing ??= new Promise<CloseResult>((resolve) => {
        draining = true;
        const deadline = setTimeout(() => {
          server.closeAllConnections();
          resolve('forced');
        }, timeoutMs);
        deadline.unref();
        // close() stops the listener and waits for open connections; idle keep-alive
        // ones are closed now, busy ones end after their response (connection: close).
        server.close(() => {
          clearTimeout(deadline);
          resolve('drained');
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
