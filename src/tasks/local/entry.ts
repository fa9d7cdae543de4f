// The load balancer, on this machine: one port that routes to the public services by the
// listener's rules (the `route` of each service in src/generated/platform.ts, computed by
// the generator for the CDK app too) and answers everything else with the listener's
// default 404. Compiled to one file of plain Node without dependencies, so that
// `npx projen local` loads it in process and docker-compose.yml runs that very file
// (lib/tasks/local/entry.js) in a `node` container:
//   ENTRY_ROUTES='[{"service":"web","priority":50000,"pathPatterns":["/*"],"target":"http://web:3000"}]' \
//   ENTRY_PORT=8080 node node_modules/create-fargate-connect/lib/tasks/local/entry.js
// Nothing but node: modules may be imported here.
import * as http from 'node:http';

/** One listener rule with where it forwards to. */
export interface EntryRoute {
  /** The public service the rule forwards to. */
  readonly service: string;
  /** Lower is evaluated first; unique, as on the listener. */
  readonly priority: number;
  /** ALB path patterns; any one matching is enough. */
  readonly pathPatterns: readonly string[];
  /** Base URL of the service, e.g. `http://127.0.0.1:4001`. */
  readonly target?: string;
  /** Why there is no target (e.g. an image local does not run): answered with 503. */
  readonly unavailable?: string;
}

export interface EntryOptions {
  readonly routes: readonly EntryRoute[];
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  /** One line per failed forward; none by default. */
  readonly log?: (line: string) => void;
  /** How long a target may stay silent, 60000 by default (the balancer's idle timeout). */
  readonly timeoutMs?: number;
}

export interface Entry {
  readonly port: number;
  readonly url: string;
  readonly server: http.Server;
  close(): Promise<void>;
}

/** The listener's default action, as deployed: a fixed 404. */
export const NOT_FOUND = { status: 404, contentType: 'text/plain', body: 'Not found' };

/** Headers that describe one connection, not the message: never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * An ALB path pattern as a RegExp: case-sensitive, `*` matches any run of characters
 * (slashes included), `?` exactly one; everything else stands for itself.
 */
export function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}

/** What the listener compares with its patterns: the path as sent (`/a/b?c` or `http://h/a/b?c`), without the query string. */
export function pathOf(url: string): string {
  let target = url;
  if (!target.startsWith('/')) {
    try {
      target = new URL(target).pathname;
    } catch {
      return target;
    }
  }
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

/**
 * The listener's evaluation: rules by ascending priority, the first whose patterns match
 * the path wins; undefined means the default action.
 */
export function createRouter(routes: readonly EntryRoute[]): (path: string) => EntryRoute | undefined {
  const rules = [...routes].sort((a, b) => a.priority - b.priority).map((route) => ({ route, patterns: route.pathPatterns.map(patternToRegExp) }));
  return (path) => rules.find((rule) => rule.patterns.some((p) => p.test(path)))?.route;
}

/** Checks routes read from outside (ENTRY_ROUTES): every problem at once, each naming the field. */
export function parseRoutes(raw: unknown): EntryRoute[] {
  const errors: string[] = [];
  if (!Array.isArray(raw)) throw new Error('routes: expected a JSON array of { service, priority, pathPatterns, target }');
  const priorities = new Map<number, string>();
  raw.forEach((r: any, i) => {
    const at = `routes[${i}]`;
    if (typeof r !== 'object' || r === null) return void errors.push(`${at}: expected an object`);
    if (typeof r.service !== 'string' || r.service === '') errors.push(`${at}.service: expected the service name`);
    if (!Number.isInteger(r.priority) || r.priority < 1 || r.priority > 50000) errors.push(`${at}.priority: expected an integer from 1 to 50000`);
    else if (priorities.has(r.priority)) errors.push(`${at}.priority: ${r.priority} is already the priority of ${priorities.get(r.priority)}`);
    else priorities.set(r.priority, r.service);
    if (
      !Array.isArray(r.pathPatterns) ||
      r.pathPatterns.length === 0 ||
      !r.pathPatterns.every((p: unknown) => typeof p === 'string' && p.startsWith('/'))
    ) {
      errors.push(`${at}.pathPatterns: expected path patterns, each starting with "/"`);
    }
    if (r.target !== undefined) {
      let protocol = '';
      try {
        protocol = new URL(r.target).protocol;
      } catch {}
      if (protocol !== 'http:') errors.push(`${at}.target: expected an http:// URL, got ${JSON.stringify(r.target)}`);
    } else if (typeof r.unavailable !== 'string') {
      errors.push(`${at}: expected a target URL, or why there is none (unavailable)`);
    }
    return undefined;
  });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return raw as EntryRoute[];
}

function answer(res: http.ServerResponse, status: number, body: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Starts the entry. Forwards method, path, query, headers and body unchanged (adding the
 * X-Forwarded-* headers the balancer adds); a target that cannot be reached is a 502, one
 * that stays silent past the timeout a 504, a route without a target a 503, as on AWS.
 */
export function startEntry(options: EntryOptions): Promise<Entry> {
  const route = createRouter(options.routes);
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const agent = new http.Agent({ keepAlive: true });
  let listenPort = options.port;

  const server = http.createServer((req, res) => {
    const matched = route(pathOf(req.url ?? '/'));
    if (!matched) return answer(res, NOT_FOUND.status, NOT_FOUND.body);
    if (!matched.target) return answer(res, 503, `Service unavailable: ${matched.service} ${matched.unavailable ?? 'has no target'}`);
    const target = new URL(matched.target);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(key) && value !== undefined) headers[key] = value;
    const client = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${client}` : client;
    headers['x-forwarded-proto'] = 'http';
    headers['x-forwarded-port'] = String(listenPort);
    const upstream = http.request(
      { agent, hostname: target.hostname, port: target.port || 80, method: req.method, path: req.url, headers, timeout: timeoutMs },
      (up) => {
        const back: http.OutgoingHttpHeaders = {};
        for (const [key, value] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(key) && value !== undefined) back[key] = value;
        res.writeHead(up.statusCode ?? 502, back);
        up.pipe(res);
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('timeout', () => {
      log(`${matched.service} sent nothing for ${timeoutMs} ms: 504 for ${req.method} ${req.url}`);
      upstream.destroy();
      answer(res, 504, 'Gateway timeout');
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (res.writableEnded) return;
      log(`${matched.service} at ${matched.target}: ${err.code ?? err.message}: 502 for ${req.method} ${req.url}`);
      answer(res, 502, 'Bad gateway');
    });
    // A client that goes away takes its forwarded request with it.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
    return undefined;
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      listenPort = typeof address === 'object' && address ? address.port : options.port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        port: listenPort,
        url: `http://${host}:${listenPort}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            agent.destroy();
          }),
      });
    });
  });
}

/** As a program (the compose service): routes and port from the environment; SIGTERM stops it. */
function main(): void {
  let routes: EntryRoute[];
  try {
    routes = parseRoutes(JSON.parse(process.env.ENTRY_ROUTES ?? '[]'));
  } catch (err) {
    process.stderr.write(`entry: ENTRY_ROUTES is invalid:\n${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const port = Number(process.env.ENTRY_PORT ?? '8080');
  const host = process.env.ENTRY_HOST ?? '0.0.0.0';
  const log = (line: string) => void process.stdout.write(`entry: ${line}\n`);
  startEntry({ routes, port, host, log }).then(
    (entry) => {
      log(`listening on ${entry.url}; ${routes.map((r) => `${r.pathPatterns.join(' ')} -> ${r.service}`).join(', ') || 'no routes'}`);
      // PID 1 in a container has no default signal handlers: stop on purpose.
      const stop = () => void entry.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (err: NodeJS.ErrnoException) => {
      process.stderr.write(`entry: cannot listen on ${host}:${port}: ${err.code ?? err.message}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) main();
