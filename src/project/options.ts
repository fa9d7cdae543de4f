/**
 * The options of the projen project type: the spec, as jsii structs and enums.
 * Field names and meanings are those of the spec file (schema/fargate-connect.schema.json).
 *
 * Generated from the table of spec fields (src/spec/fields.ts) by `npx projen spec:docs`:
 * edit the table, not this file.
 */

/** How a service takes part in ECS Service Connect. */
export enum ServiceRole {
  /** Calls other services; nobody calls it (front ends, workers, load-balancer targets). */
  CLIENT_ONLY = 'client-only',
  /** Registers an endpoint in the namespace so other services can call it. */
  CLIENT_SERVER = 'client-server',
}

/** The CPU architecture of a service's tasks. */
export enum CpuArch {
  /** Intel/AMD (linux/amd64). */
  X86_64 = 'x86_64',
  /** AWS Graviton (linux/arm64): cheaper per vCPU-hour and GB-hour. */
  ARM64 = 'arm64',
}

/** Cost and availability trade-off of the generated infrastructure. */
export enum Profile {
  /** Interface endpoints in one AZ, one task per service. */
  DEV = 'dev',
  /** Interface endpoints in every AZ, at least two tasks per service. */
  PROD = 'prod',
}

/** The AWS Copilot application a platform replaces. */
export interface CopilotMigrationOptions {
  /** The Copilot application's name, as in `copilot/.workspace`. */
  readonly application: string;
  /**
   * Its environments (`copilot env ls`), named in the runbook's commands.
   * @default []
   */
  readonly environments?: string[];
}

/** Where every alarm of the platform notifies: an email address or an existing SNS topic. */
export interface AlarmsOptions {
  /**
   * An email address: a topic is created with this subscription (SNS asks to confirm it). Not with `topicArn`.
   * @default - no email
   */
  readonly email?: string;
  /**
   * An existing standard SNS topic ARN, in the deploy region, that every alarm notifies. Not with `email`.
   * @default - no topic
   */
  readonly topicArn?: string;
}

/** Where a service's image is built from: your own Dockerfile, kept where it is. */
export interface ServiceBuildOptions {
  /**
   * The Docker build context, relative to the repository root; it may start with `../`
   * for code that lives beside the repository (letters, digits and `. _ ~ @ + , -`
   * separated by `/`).
   */
  readonly context: string;
  /**
   * The Dockerfile, relative to `context` and inside it.
   * @default "Dockerfile"
   */
  readonly dockerfile?: string;
}

/** Target tracking on a service's task count. */
export interface ServiceAutoscalingOptions {
  /** The fewest tasks autoscaling keeps. */
  readonly min: number;
  /** The most tasks autoscaling starts. */
  readonly max: number;
  /**
   * Average CPU utilization to hold, in percent.
   * @default - no CPU target
   */
  readonly cpu?: number;
  /**
   * Average memory utilization to hold, in percent.
   * @default - no memory target
   */
  readonly memory?: number;
  /**
   * Load balancer requests per task per minute to hold; public services only.
   * @default - no request target
   */
  readonly requests?: number;
}

/** Service Connect timeouts of a client-server service's endpoint, in seconds. */
export interface ServiceTimeoutsOptions {
  /**
   * Seconds a caller waits for the whole response to one request; 0 turns the limit off.
   * @default - the Service Connect default (15 s)
   */
  readonly perRequest?: number;
  /**
   * Seconds an idle connection stays open; 0 turns the limit off.
   * @default - the Service Connect default (300 s for HTTP)
   */
  readonly idle?: number;
}

/** One service of the platform. */
export interface ServiceOptions {
  /** Lowercase DNS label, unique; the Service Connect discovery name and client alias. */
  readonly name: string;
  /** `client-only` or `client-server`. */
  readonly role: ServiceRole;
  /**
   * Container port the app listens on, 1024-65535: the app runs as a non-root user, which
   * cannot bind lower ports on Fargate (the load balancer still listens on 80/443).
   */
  readonly port: number;
  /**
   * Put the service behind the shared internet-facing load balancer.
   * @default false
   */
  readonly public?: boolean;
  /**
   * Path prefix on the shared load balancer (public services only).
   * @default "/"
   */
  readonly publicPath?: string;
  /**
   * Names of the client-server services this one calls.
   * @default []
   */
  readonly calls?: string[];
  /**
   * The app's CPU units; the task adds 256 for the Service Connect sidecar.
   * @default 256
   */
  readonly cpu?: number;
  /**
   * The app's memory in MiB; the task adds 64 for the Service Connect sidecar.
   * @default 512
   */
  readonly memory?: number;
  /**
   * Running tasks.
   * @default 2 with profile prod, 1 with profile dev
   */
  readonly desiredCount?: number;
  /**
   * Liveness path for the container and load balancer health checks; required for a public service with `image` or `dockerBuild`.
   * @default "/health"
   */
  readonly healthCheckPath?: string;
  /**
   * Run this existing container image instead of building `services/<name>`: an image in
   * Amazon ECR in the region you deploy to (`<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag]`),
   * pushed there or reached through an ECR pull-through cache rule; tasks in the isolated
   * subnets can pull from nowhere else.
   * @default - built from services/<name>
   */
  readonly image?: string;
  /**
   * Build the image from your own Dockerfile instead of generating `services/<name>`:
   * the code stays where it is (e.g. `{ context: '../api' }`). Not with `image`. Like an
   * image service it gets no container health check unless `healthCheckCommand` gives one,
   * and `npx projen local` does not start it (`docker compose up --build` does).
   * @default - built from services/<name>
   */
  readonly dockerBuild?: ServiceBuildOptions;
  /**
   * The container health check: a shell command that exits 0 while the container is
   * healthy (run with CMD-SHELL, so the image needs /bin/sh), or `none` for no container
   * health check (ECS then only checks that the container keeps running; the load balancer
   * still checks `healthCheckPath` of a public service).
   * @default - a node probe of healthCheckPath for services built from services/<name>; none for `image` services
   */
  readonly healthCheckCommand?: string;
  /**
   * Target tracking on the task count, between `min` and `max`, on CPU %, memory % or
   * (public services only) load balancer requests per task; at least one target.
   * @default - desiredCount tasks, always
   */
  readonly autoscaling?: ServiceAutoscalingOptions;
  /**
   * Plain environment variables of the app container (not PORT, HEALTH_PATH, PUBLIC_PATH or a generated `*_URL`).
   * @default - none besides the generated ones
   */
  readonly environment?: { [name: string]: string };
  /**
   * Secrets injected as environment variables: `ssm:<parameter name or ARN>` or
   * `secretsmanager:<secret name or ARN>[#<json-key>]`; the execution role may read exactly these.
   * @default - none
   */
  readonly secrets?: { [name: string]: string };
  /**
   * ECS Exec into the app container; sessions are logged to the service's log group.
   * @default - off
   */
  readonly exec?: boolean;
  /**
   * The tasks' CPU architecture; the image is built for it.
   * @default CpuArch.X86_64
   */
  readonly arch?: CpuArch;
  /**
   * Percentage of tasks on Fargate Spot; under profile prod the first task stays on regular Fargate.
   * @default - the FARGATE launch type, no Spot
   */
  readonly spot?: number;
  /**
   * Service Connect timeouts of its endpoint, in seconds (client-server services only).
   * @default - the Service Connect defaults
   */
  readonly timeouts?: ServiceTimeoutsOptions;
}

/** What one service runs with in one stage, instead of its own values. */
export interface StageServiceOptions {
  /**
   * Tasks ECS keeps running in this stage.
   * @default - the service's own (or, with a profile of the stage's, that profile's default)
   */
  readonly desiredCount?: number;
  /**
   * Target tracking in this stage, replacing the service's autoscaling.
   * @default - the service's own
   */
  readonly autoscaling?: ServiceAutoscalingOptions;
}

/** One deploy target of the platform: an account and region, and what differs there. */
export interface StageOptions {
  /**
   * Lowercase DNS label, unique: `npx projen deploy:<name>`, its stacks and its GitHub environment.
   */
  readonly name: string;
  /** The 12-digit AWS account id the stage deploys to. */
  readonly account: string;
  /** The region the stage deploys to. */
  readonly region: string;
  /**
   * A person approves in GitHub (the stage's environment) before the stage deploys.
   * @default false
   */
  readonly approval?: boolean;
  /**
   * The IAM role the deploy workflow assumes with GitHub OIDC, in the stage's account.
   * @default - the role <name>-<stage>-deploy of the stage's account
   */
  readonly deployRoleArn?: string;
  /**
   * Cost and availability trade-off in this stage.
   * @default - the top-level profile
   */
  readonly profile?: Profile;
  /**
   * Availability Zones the VPC spans in this stage.
   * @default - the top-level azs
   */
  readonly azs?: number;
  /**
   * Public DNS name of the load balancer in this stage.
   * @default - the top-level domain
   */
  readonly domain?: string;
  /**
   * ACM certificate ARN for the domain, in the stage's account and region.
   * @default - the top-level certificateArn
   */
  readonly certificateArn?: string;
  /**
   * Where every alarm notifies in this stage, replacing the top-level `alarms`.
   * @default - the top-level alarms
   */
  readonly alarms?: AlarmsOptions;
  /**
   * Per service of the spec, by name: its desiredCount and autoscaling in this stage.
   * @default - every service as the spec says
   */
  readonly services?: { [name: string]: StageServiceOptions };
}

/**
 * Options of `FargateConnectProject`.
 *
 * `projen new --from create-fargate-connect@<spec>` turns every option of a primitive or
 * enum type into a flag (`--name`, `--namespace`, `--azs`, `--profile`, `--domain`,
 * `--certificate-arn`, `--generator-dependency`); `services` and `stages` are struct
 * arrays, which projen cannot take from the command line: edit them in the generated
 * `.projenrc.ts`.
 */
export interface FargateConnectProjectOptions {
  /**
   * Kebab-case project name; prefix of stacks and resources.
   *
   * `projen new` takes the name of the directory it runs in unless `--name` is given.
   * @default $BASEDIR
   */
  readonly name: string;
  /**
   * Cloud Map HTTP namespace used by Service Connect.
   * @default "<name>.internal"
   */
  readonly namespace?: string;
  /**
   * Availability Zones the VPC spans (2-6).
   * @default 2
   */
  readonly azs?: number;
  /**
   * Cost and availability trade-off.
   * @default Profile.PROD
   */
  readonly profile?: Profile;
  /**
   * Public DNS name of the load balancer; with `certificateArn` turns on HTTPS.
   * @default - HTTP only
   */
  readonly domain?: string;
  /**
   * ACM certificate ARN for `domain`.
   * @default - HTTP only
   */
  readonly certificateArn?: string;
  /**
   * The AWS Copilot application this platform replaces (written by
   * `create-fargate-connect import-copilot`): adds a migration runbook to the README.
   * @default - not a migration
   */
  readonly copilotMigration?: CopilotMigrationOptions;
  /**
   * Where every alarm notifies: `{ email }` (a topic is created) or `{ topicArn }`. Without it, alarms notify nobody.
   * @default - alarms notify nobody
   */
  readonly alarms?: AlarmsOptions;
  /**
   * The services.
   * @default - a starter pair: a public `web` front end calling an `api` back end
   */
  readonly services?: ServiceOptions[];
  /**
   * Deploy targets, in deploy order: one CDK Stage each, with a concrete account and region.
   * @default - one platform, deployed to the account and region of the credentials at hand
   */
  readonly stages?: StageOptions[];
  /**
   * Where the project is synthesized.
   * @default "."
   */
  readonly outdir?: string;
  /**
   * How the repository depends on create-fargate-connect (an npm dependency spec such as
   * `^1.2.0` or `file:/abs/create-fargate-connect-1.2.0.tgz`).
   * @default - the spec already in package.json, else the running version's caret range
   */
  readonly generatorDependency?: string;
  /**
   * Behaviour changes of the infrastructure library that alter deployed stacks, by their
   * cdk.json context key (`@fargate-connect/infra:<name>`), each off unless turned on here;
   * written to cdk.json. A new repository lists every switch of the version that created it,
   * on; a later version's new switches stay off until you turn them on (README, "Upgrading";
   * the table: docs/INFRA.md). A key that is no switch of this version is an error.
   * @default - none on (a new repository: every switch on)
   */
  readonly infraSwitches?: { [key: string]: boolean };
  /**
   * `npx projen eject-infra` sets it: the constructs are the repository's own code in
   * `src/infra`, no longer create-fargate-connect/infra; the task refuses to run again, and
   * `infraSwitches` may then name switches of your own.
   * @default false
   */
  readonly infraEjected?: boolean;
}
