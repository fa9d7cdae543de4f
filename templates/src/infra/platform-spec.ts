/**
 * The shape of `src/generated/platform.ts`: the normalized spec plus everything the
 * generator derived from it (deploy order, cycle breaks, task sizes, stack layout,
 * listener rules).
 * The generator is the single source of these values; the tests in `test/infra`
 * re-derive the invariants from `calls` independently.
 */

/** How a service takes part in ECS Service Connect. */
export type ServiceRole = 'client-only' | 'client-server';

/** One service of the platform, normalized (every default filled in). */
export interface ServiceSpec {
  /** Lowercase DNS label; also the Service Connect discovery name and client alias. */
  readonly name: string;
  /** `client-only` calls others; `client-server` is also reachable by others. */
  readonly role: ServiceRole;
  /** Container port the app listens on. */
  readonly port: number;
  /** Behind the shared internet-facing load balancer. @default false */
  readonly public: boolean;
  /** Path prefix on the load balancer. @default "/" */
  readonly publicPath: string;
  /** Names of the client-server services this one calls. @default [] */
  readonly calls: readonly string[];
  /** The app's CPU units (without the sidecar). @default 256 */
  readonly cpu: number;
  /** The app's memory in MiB (without the sidecar). @default 512 */
  readonly memory: number;
  /** Running tasks. @default 2 for profile prod, 1 for dev */
  readonly desiredCount: number;
  /** Liveness path used by the container and load balancer health checks. @default "/health" */
  readonly healthCheckPath: string;
  /** An existing image in ECR (same region) to run instead of building `services/<name>`. @default built from services/<name> */
  readonly image?: string;
  /**
   * Built from the user's own Dockerfile instead of `services/<name>`: the context relative
   * to the repository root, the Dockerfile relative to the context. @default built from services/<name>
   */
  readonly dockerBuild?: { readonly context: string; readonly dockerfile: string };
  /** The container health check as written in the spec: a shell command, or `none`. `containerHealthCheck` is what to use. */
  readonly healthCheckCommand?: string;
  /** Task CPU units: app + Service Connect sidecar headroom, rounded up to a Fargate size. */
  readonly taskCpu: number;
  /** Task memory in MiB: app + sidecar headroom, rounded up to a Fargate size. */
  readonly taskMemory: number;
  /** Environment variables naming each upstream, e.g. `{ ORDERS_URL: "http://orders:8080" }`. */
  readonly upstreamEnv: Readonly<Record<string, string>>;
  /**
   * The app container's environment, the same on ECS, in docker-compose.yml and (with
   * loopback addresses) under `npx projen local`:
   * - `PORT`: the container port;
   * - `HEALTH_PATH`: the liveness path, for services built from `services/<name>` (the
   *   app also serves it; an `image` or a `dockerBuild` gets none);
   * - `PUBLIC_PATH`: for every public service, its `publicPath`. The load balancer
   *   forwards `/admin` and `/admin/...` unchanged, so the app serves its routes there.
   *   Unset for private services;
   * - the `upstreamEnv` variables.
   */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * The shared listener's rule for this service, decided by the generator; public
   * services only. The local entry (`npx projen local`, docker compose) routes by the same
   * data.
   */
  readonly route?: ListenerRoute;
  /** Name of the services stack this service is placed in (stack-placement.json). */
  readonly stack: string;
  /**
   * The container health check as the ECS command array: `['CMD', 'node', '-e', ...]` (the
   * node probe of `healthCheckPath`, for apps built from services/<name>) or
   * `['CMD-SHELL', '<healthCheckCommand>']`. Absent for none (`image` services by default,
   * or `healthCheckCommand: none`): ECS then only checks that the container keeps running,
   * and the load balancer still checks `healthCheckPath` of a public service.
   */
  readonly containerHealthCheck?: readonly string[];
  /**
   * For a client-only service none of whose calls orders its deploy: the client-server
   * service it waits for, so it never starts in a namespace where nothing is registered.
   * `deferred` when that service is in a later stack: then it is redeployed once that
   * service exists instead.
   */
  readonly registrationWait?: { readonly service: string; readonly deferred: boolean };
}

/** A listener rule on the shared load balancer. */
export interface ListenerRoute {
  /**
   * Rule priority: lower is evaluated first, unique on the listener. Longer paths come
   * before the shorter paths they extend; `/` is last (50000). Stable when other public
   * services come and go.
   */
  readonly priority: number;
  /**
   * ALB path patterns, any one matching is enough: case-sensitive, `*` matches any run of
   * characters, `?` exactly one; compared with the path only, not the query string.
   * `/admin` gives `/admin` and `/admin/*`; `/` gives `/*`.
   */
  readonly pathPatterns: readonly string[];
}

/**
 * A call edge that is NOT turned into a CloudFormation dependency: the callee's stack
 * redeploys the caller once the callee exists.
 */
export interface DeferredCall {
  readonly from: string;
  readonly to: string;
  /** `cycle`: closes a call cycle in one stack; `stack-order`: the callee is in a later stack. */
  readonly reason: 'cycle' | 'stack-order';
}

export interface PlatformSpec {
  /** Kebab-case project name; prefix of stack names. */
  readonly name: string;
  /** Cloud Map HTTP namespace, the cluster's Service Connect default. */
  readonly namespace: string;
  /** Availability Zones the VPC spans. @default 2 */
  readonly azs: number;
  /** `prod`: endpoints in every AZ, >= 2 tasks. `dev`: endpoints in one AZ, 1 task. @default "prod" */
  readonly profile: 'dev' | 'prod';
  /** Public DNS name of the load balancer; with `certificateArn` turns on HTTPS. */
  readonly domain?: string;
  /** ACM certificate for `domain`. */
  readonly certificateArn?: string;
  /** The AWS Copilot application this platform replaces (the README's migration runbook). */
  readonly copilotMigration?: { readonly application: string; readonly environments: readonly string[] };
  /** Services in spec order. */
  readonly services: readonly ServiceSpec[];
  /** Service names, servers before their callers (the order CloudFormation will follow). */
  readonly deployOrder: readonly string[];
  /** Call edges left out of the deploy dependencies; the deploy redeploys each caller once its callee exists. */
  readonly deferredCalls: readonly DeferredCall[];
  /**
   * Services stacks in deploy order, each with the services it holds (possibly none) and
   * the removed services whose security group it keeps (`retired`, see stack-placement.json).
   */
  readonly stacks: readonly {
    readonly name: string;
    readonly services: readonly string[];
    readonly retired?: readonly string[];
  }[];
}
