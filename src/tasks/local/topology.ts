import type { Plan } from '../../plan';
import { startEntry, type Entry } from './entry';
import { createPrinter, type Printer } from './output';
import { LOCAL_HOST, localEntryRoutes, localServiceNames, planLocal, type LocalService } from './plan';
import { freePorts } from './ports';
import { poll, probe } from './probe';
import { spawnService, stopProcess, type ServiceProcess } from './process';

export interface TopologyOptions {
  /** Repository root. @default process.cwd() */
  readonly root?: string;
  /** @default process.stdout */
  readonly out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Do not print the services' output (it is still kept for error messages). */
  readonly quiet?: boolean;
  readonly color?: boolean;
  /** How long one service may take to answer its health check path. @default 30000 */
  readonly startTimeoutMs?: number;
  /** How long one service may take to exit after SIGTERM before it is killed. @default 15000 */
  readonly stopTimeoutMs?: number;
  /**
   * Port of the local entry (the load balancer's rules on one port); 0 picks a free one.
   * @default 8080, or a free port when 8080 is taken
   */
  readonly entryPort?: number;
}

/** How often a starting service's health check path is asked. */
const HEALTH_POLL_MS = 25;

/** The entry's port when none is asked for: taken or not, local still starts. */
export const DEFAULT_ENTRY_PORT = 8080;

export interface ServiceStatus {
  readonly name: string;
  readonly url: string;
  /** Status of the health check path, undefined when nothing answered. */
  readonly health: number | undefined;
  readonly ready: number | undefined;
  /** The /ready body: which upstreams the service found up or down. */
  readonly readyBody: unknown;
}

/** A service that did not come up; carries its last output. */
export class StartError extends Error {
  constructor(
    readonly service: string,
    reason: string,
    readonly output: readonly string[],
  ) {
    super(`${service} ${reason}${output.length ? `; its last output:\n  ${output.join('\n  ')}` : ''}`);
    this.name = 'StartError';
  }
}

/** The whole platform on loopback: each service app a child process on its own port. */
export class LocalTopology {
  private readonly root: string;
  private readonly printer: Printer;
  private services: LocalService[] = [];
  private readonly processes = new Map<string, ServiceProcess>();
  private runningEntry: Entry | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly platform: Plan,
    private readonly options: TopologyOptions = {},
  ) {
    this.root = options.root ?? process.cwd();
    const printerOptions = { out: options.out ?? process.stdout, names: localServiceNames(platform) };
    this.printer = createPrinter(options.color === undefined ? printerOptions : { ...printerOptions, color: options.color });
  }

  /** The services as planned by start(): names, ports, URLs, environment. */
  get planned(): readonly LocalService[] {
    return this.services;
  }

  /**
   * The local entry once start() has started it: the public services behind the
   * listener's rules on one port. Undefined when no service is public (on AWS there is
   * no load balancer then either).
   */
  get entry(): { readonly url: string; readonly port: number } | undefined {
    return this.runningEntry && { url: this.runningEntry.url, port: this.runningEntry.port };
  }

  /**
   * Allocates every port first (so call cycles can be wired), then starts every service
   * at once and declares each up once it and the upstreams before it in deployOrder
   * answer their health check: servers first, the way the stacks deploy. The processes
   * start together because a local app learns its upstreams from fixed URLs, not from
   * what is registered when it starts (as on ECS), and a node start is most of the wait.
   * Stops everything again on failure.
   */
  async start(): Promise<readonly LocalService[]> {
    const names = localServiceNames(this.platform);
    const ports = await freePorts(names.length);
    this.services = planLocal(this.platform, new Map(names.map((name, i) => [name, ports[i]!])));
    for (const service of this.services) {
      for (const skip of service.skipped) this.printer.info(`${service.name}: ${skip.env} left unset: ${skip.target} ${skip.reason}`);
    }
    const healthy = new Map<string, Promise<void>>();
    for (const service of this.services) {
      // Every name in startAfter comes earlier in this loop, so its promise exists.
      const upstreamsHealthy = Promise.all(service.startAfter.map((name) => healthy.get(name)));
      healthy.set(
        service.name,
        Promise.all([this.startOne(service), upstreamsHealthy]).then(() => this.printer.info(`${service.name} is up on ${service.url}`)),
      );
    }
    try {
      await Promise.all(healthy.values());
      await this.startEntry();
    } catch (err) {
      await this.stop();
      throw err;
    }
    return this.services;
  }

  /** Starts the entry once every service is up, as the listener routes to healthy targets only. */
  private async startEntry(): Promise<void> {
    const routes = localEntryRoutes(this.platform, this.services);
    if (routes.length === 0 || this.stopping) return;
    const log = (line: string): void => this.printer.info(`entry: ${line}`);
    const wanted = this.options.entryPort;
    try {
      this.runningEntry = await startEntry({ routes, port: wanted ?? DEFAULT_ENTRY_PORT, host: LOCAL_HOST, log });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (wanted !== undefined || code !== 'EADDRINUSE') {
        throw new Error(`the entry cannot listen on ${LOCAL_HOST}:${wanted ?? DEFAULT_ENTRY_PORT}: ${code ?? String(err)}`);
      }
      this.runningEntry = await startEntry({ routes, port: 0, host: LOCAL_HOST, log });
      this.printer.info(`entry: port ${DEFAULT_ENTRY_PORT} is taken, using ${this.runningEntry.port} (--entry-port chooses)`);
    }
    for (const route of routes) {
      if (route.unavailable) this.printer.info(`entry: ${route.pathPatterns.join(' ')} answers 503: ${route.service} ${route.unavailable}`);
    }
  }

  private async startOne(service: LocalService): Promise<void> {
    if (this.stopping) throw new Error('stopped before all services started');
    const proc = spawnService({
      name: service.name,
      root: this.root,
      env: childEnv(service),
      onLine: (name, line) => this.options.quiet || this.printer.service(name, line),
    });
    this.processes.set(service.name, proc);
    void proc.exited.then((code) => this.stopping || this.printer.info(`${service.name} exited unexpectedly (code ${code})`));
    const healthUrl = service.url + service.spec.healthCheckPath;
    // The callers' readiness waits for this answer: ask often (a refused connection costs nothing).
    const up = await poll(async () => (await probe(healthUrl, 1000)).status === 200, {
      timeoutMs: this.options.startTimeoutMs ?? 30_000,
      intervalMs: HEALTH_POLL_MS,
      isOver: () => proc.hasExited() || this.stopping !== undefined,
    });
    if (!up) throw new StartError(service.name, proc.hasExited() ? 'exited during start' : `did not answer ${healthUrl}`, proc.tail());
  }

  /** Health and readiness of every service, asked once. */
  async status(): Promise<ServiceStatus[]> {
    return Promise.all(
      this.services.map(async (service) => {
        const [health, ready] = await Promise.all([probe(service.url + service.spec.healthCheckPath, 2000), probe(`${service.url}/ready`, 3000)]);
        return {
          name: service.name,
          url: service.url,
          health: health.status,
          ready: ready.status,
          readyBody: 'body' in ready ? parseJson(ready.body) : undefined,
        };
      }),
    );
  }

  /** Polls until every /ready answers 200 (upstreams of a cycle come up a little later) or time is up. */
  async waitForReady(timeoutMs: number): Promise<ServiceStatus[]> {
    let latest: ServiceStatus[] = [];
    await poll(
      async () => {
        latest = await this.status();
        return latest.every((s) => s.ready === 200);
      },
      // A service that died will not become ready: report now rather than at the deadline.
      { timeoutMs, intervalMs: 500, isOver: () => this.stopping !== undefined || [...this.processes.values()].some((p) => p.hasExited()) },
    );
    return latest;
  }

  printStatus(statuses: readonly ServiceStatus[]): void {
    const rows = statuses.map((s) => [s.name, s.url, String(s.health ?? 'down'), String(s.ready ?? 'down'), upstreamSummary(s.readyBody)]);
    this.printer.table([['service', 'url', 'health', 'ready', 'upstreams'], ...rows]);
  }

  info(line: string): void {
    this.printer.info(line);
  }

  /** Resolves when every started service has exited, for whatever reason. */
  async exited(): Promise<void> {
    await Promise.all([...this.processes.values()].map((p) => p.exited));
  }

  /** Each started service's exit code (null if a signal ended it), once all have exited. */
  async exitCodes(): Promise<Record<string, number | null>> {
    const entries = await Promise.all([...this.processes].map(async ([name, p]) => [name, await p.exited] as const));
    return Object.fromEntries(entries);
  }

  /**
   * Closes the entry, then SIGTERM to every service (callers first), SIGKILL to any still
   * running at the deadline.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.runningEntry?.close();
      await Promise.all([...this.processes.values()].reverse().map((proc) => stopProcess(proc, this.options.stopTimeoutMs ?? 15_000)));
    })();
    return this.stopping;
  }
}

/** Variables the app reads about itself: only the service's own values may set them. */
const OWN_VARIABLES = new Set(['PORT', 'HOST', 'HEALTH_PATH', 'PUBLIC_PATH']);

/**
 * The parent's environment minus anything that would confuse the app (inherited `*_URL`
 * variables would be taken for upstreams, PORT/HOST for its own address), plus the
 * service's environment as ECS gives it, with loopback addresses.
 */
function childEnv(service: LocalService): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.endsWith('_URL') && !OWN_VARIABLES.has(key)) env[key] = value;
  }
  return { ...env, ...service.env, HOST: LOCAL_HOST };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function upstreamSummary(readyBody: unknown): string {
  const upstreams = (readyBody as { upstreams?: { name?: string; state?: string }[] } | undefined)?.upstreams;
  if (!Array.isArray(upstreams)) return '?';
  return upstreams.map((u) => `${u.name}:${u.state}`).join(' ') || '-';
}
