/**
 * The normalized spec: what every other module of the engine consumes. Produced only by
 * `normalizeSpec` (./normalize.ts), which fills every default and reports every error.
 */

/** How a service takes part in ECS Service Connect. */
export type Role = 'client-only' | 'client-server';

/** The CPU architecture of a service's tasks (and of its image). */
export type Arch = 'x86_64' | 'arm64';

/** Service Connect timeouts of a client-server service's endpoint, in seconds. */
export interface ServiceTimeouts {
  /** Time the proxy waits for a whole response to one request; 0 turns the limit off. */
  readonly perRequest?: number;
  /** Time a connection stays open while idle; 0 turns the limit off. */
  readonly idle?: number;
}

/** Where every alarm of the platform notifies: one of the two. */
export interface Alarms {
  /** An email address: a topic is created with this subscription. */
  readonly email?: string;
  /** An existing standard SNS topic, in the deploy region. */
  readonly topicArn?: string;
}

/** Cost/availability trade-off of the generated infrastructure. */
export type Profile = 'dev' | 'prod';

/** One problem in the input, located by a path such as `services[2].port`. */
export interface SpecError {
  /** Where the problem is: `name`, `services[2].port`, `services[0].calls[1]`; `` for the document itself. */
  readonly path: string;
  /** What is wrong and how to fix it, e.g. `70000 is not a port (1-65535)`. */
  readonly message: string;
}

/** Where a service's image is built from: a Docker build context and its Dockerfile. */
export interface ServiceBuild {
  /** The build context, relative to the repository root (may start with `../`). */
  readonly context: string;
  /** The Dockerfile, relative to `context` and inside it. @default "Dockerfile" */
  readonly dockerfile: string;
}

/** The AWS Copilot application a platform replaces: turns on the migration runbook. */
export interface CopilotMigration {
  /** The Copilot application's name (copilot/.workspace). */
  readonly application: string;
  /** Its environments, as Copilot names them (`copilot env ls`). */
  readonly environments: readonly string[];
}

/**
 * Target tracking on the service's task count: between `min` and `max`, holding each
 * target given (at least one).
 */
export interface ServiceAutoscaling {
  readonly min: number;
  readonly max: number;
  /** Average CPU utilization to hold, in percent. */
  readonly cpu?: number;
  /** Average memory utilization to hold, in percent. */
  readonly memory?: number;
  /** Load balancer requests per task per minute to hold (public services only). */
  readonly requests?: number;
}

/** A normalized service. */
export interface Service {
  readonly name: string;
  readonly role: Role;
  readonly port: number;
  readonly public: boolean;
  /** Path prefix on the shared load balancer; only meaningful when `public`. */
  readonly publicPath: string;
  readonly calls: readonly string[];
  /** The app's CPU units, without the Service Connect sidecar. */
  readonly cpu: number;
  /** The app's memory (MiB), without the Service Connect sidecar. */
  readonly memory: number;
  readonly desiredCount: number;
  readonly healthCheckPath: string;
  /** An existing container image in Amazon ECR; when set the service gets no app folder. */
  readonly image?: string;
  /**
   * Built from a Dockerfile that lives elsewhere in the repository (or next to it), instead
   * of a generated app folder: the user's own code, kept where it is. Paths as given
   * (relative to the repository root); `dockerfile` defaulted.
   */
  readonly dockerBuild?: ServiceBuild;
  /**
   * The container health check as given: a shell command (run with CMD-SHELL), or `none`.
   * When absent, an app built from `services/<name>` gets a node probe of `healthCheckPath`
   * and an `image` service gets none; the plan holds the resulting command.
   */
  readonly healthCheckCommand?: string;
  /** Target tracking on the task count; without it the service runs `desiredCount` tasks. */
  readonly autoscaling?: ServiceAutoscaling;
  /** Plain environment variables of the app container, by name (never PORT or a generated one). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secrets injected as environment variables, by name: `ssm:<name or ARN>` or `secretsmanager:<name or ARN>[#<json-key>]`. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** ECS Exec (`aws ecs execute-command`) into the app container. */
  readonly exec?: boolean;
  /** The tasks' CPU architecture; the image is built for it. */
  readonly arch: Arch;
  /**
   * Percentage of tasks on Fargate Spot (a capacity provider strategy); absent: the
   * FARGATE launch type. Under profile prod the first task stays on regular Fargate.
   */
  readonly spot?: number;
  /** Service Connect timeouts of its endpoint (client-server only). */
  readonly timeouts?: ServiceTimeouts;
}

/** What one service runs with in one stage, instead of its own values. */
export interface StageServiceOverride {
  readonly desiredCount?: number;
  readonly autoscaling?: ServiceAutoscaling;
}

/**
 * One deploy target (spec `stages`): an account and region, and what differs there. The
 * overrides stay as given (absent: the top-level value); the plan applies them.
 */
export interface Stage {
  /** Lowercase DNS label, unique among the stages. */
  readonly name: string;
  /** 12-digit account id. */
  readonly account: string;
  /** A region aws-cdk-lib knows. */
  readonly region: string;
  /** A person approves before the stage deploys. */
  readonly approval: boolean;
  /** The role the deploy workflow assumes; filled with the default `arn:<partition>:iam::<account>:role/<name>-<stage>-deploy`. */
  readonly deployRoleArn: string;
  readonly profile?: Profile;
  readonly azs?: number;
  readonly domain?: string;
  readonly certificateArn?: string;
  readonly alarms?: Alarms;
  /** Per service name. */
  readonly services?: Readonly<Record<string, StageServiceOverride>>;
}

/** A normalized spec. */
export interface Spec {
  readonly name: string;
  readonly namespace: string;
  readonly azs: number;
  readonly profile: Profile;
  readonly domain?: string;
  readonly certificateArn?: string;
  /** Set when the spec was imported from AWS Copilot (`import-copilot`). */
  readonly copilotMigration?: CopilotMigration;
  /** Where alarms notify; absent: they notify nobody (the summary and README say so). */
  readonly alarms?: Alarms;
  readonly services: readonly Service[];
  /** The deploy targets, in deploy order; absent: one region-agnostic platform. */
  readonly stages?: readonly Stage[];
}

/** The outcome of normalizing raw input: a spec when there are no errors. */
export type NormalizeResult =
  | { readonly ok: true; readonly spec: Spec; readonly errors: readonly [] }
  | { readonly ok: false; readonly spec?: undefined; readonly errors: readonly SpecError[] };

/** Formats an error the way every front door prints it. */
export function formatError(e: SpecError): string {
  return e.path ? `${e.path}: ${e.message}` : e.message;
}
