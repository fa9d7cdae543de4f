/**
 * The one table of spec fields. Each entry says what a key is, how it is checked (the
 * value rule of ./rules.ts), its default, and the words every document uses for it.
 * From it come: the normalizer's keys, readers and defaults (./normalize.ts), the JSON
 * Schema (./schema.ts, written to schema/fargate-connect.schema.json), the `--help` spec
 * section and the README's spec reference (./reference.ts), and the jsii options of the
 * project type (src/project/options.ts, written by `npx projen spec:docs`).
 *
 * Adding a field: one entry here, its rule in ./rules.ts, its type in ./types.ts (a
 * compile-time check below keeps the two key lists equal), then `npx projen spec:docs`.
 * A scalar field needs nothing else in the normalizer; what consumes it (src/plan,
 * templates) is up to the field.
 */
import { SIDECAR_CPU, SIDECAR_MEMORY } from './fargate';
import * as m from './messages';
import {
  ARCHS,
  LIMITS,
  PROFILES,
  ROLES,
  validateAzs,
  validateBuildContext,
  validateBuildDockerfile,
  validateCertificateArn,
  validateCopilotName,
  validateCpu,
  validateDesiredCount,
  validateDomain,
  validateArch,
  validateEmail,
  validateHealthCheckCommand,
  validateIdleTimeout,
  validatePerRequestTimeout,
  validateSpot,
  validateTopicArn,
  validateHealthCheckPath,
  validateImage,
  validateMemory,
  validateAccount,
  validateRegion,
  validateRoleArn,
  validateStageName,
  validateNamespace,
  validatePort,
  validateProfile,
  validateProjectName,
  validatePublicPath,
  validateRole,
  validateServiceName,
  validateScalingCount,
  validateScalingPercent,
  validateScalingRequests,
  type PatternName,
} from './rules';
import type {
  Alarms,
  Arch,
  CopilotMigration,
  Profile,
  Service,
  ServiceAutoscaling,
  ServiceBuild,
  ServiceTimeouts,
  Spec,
  Stage,
  StageServiceOverride,
} from './types';

/** The defaults the normalizer fills in. */
export const DEFAULTS = {
  /** `namespace` defaults to `<name>` followed by this suffix. */
  namespaceSuffix: '.internal',
  azs: 2,
  profile: 'prod' as Profile,
  public: false,
  publicPath: '/',
  calls: [] as readonly string[],
  cpu: 256,
  memory: 512,
  desiredCount: { dev: 1, prod: 2 } as Readonly<Record<Profile, number>>,
  healthCheckPath: '/health',
  dockerfile: 'Dockerfile',
  environments: [] as readonly string[],
  arch: 'x86_64' as Arch,
} as const;

/** What a default may depend on besides the field itself. */
export interface DefaultContext {
  readonly name: string;
  readonly profile: Profile;
}

/** The field as an option of the jsii project type (src/project/options.ts). */
export interface OptionDoc {
  /** The option's doc comment (Markdown, no `@default`). */
  readonly doc: string;
  /** `@default` where the spec's default does not say it (the spec requires the key, or projen new fills it). */
  readonly default?: string;
  /** Optional although the spec requires it (the project type fills it in). */
  readonly optional?: true;
}

interface FieldCommon {
  readonly key: string;
  /** One line: the README's spec reference and `--help`. */
  readonly summary: string;
  /** The JSON Schema's description: the whole rule in words. */
  readonly description: string;
  /** Read and checked, then dropped: not part of the normalized spec (`$schema`). */
  readonly ignored?: true;
  /** Set when the key is required: what to give (the hint of the missing-key error). */
  readonly required?: string;
  /** Filled in when the key is absent; also the schema's `default`. */
  readonly default?: unknown;
  /** A default that depends on other fields; `schemaDefault` is the one the schema states. */
  readonly defaultFrom?: (c: DefaultContext) => unknown;
  readonly schemaDefault?: unknown;
  /** The default in words, as jsii's `@default` takes it (`- HTTP only`), where it is not one value. */
  readonly defaultText?: string;
  readonly examples?: readonly unknown[];
  /** The value `--help` shows, as YAML; else the first example, else the default. */
  readonly helpExample?: string;
  /** Other spellings of this key that the unknown-key error suggests it for (lowercase). */
  readonly aliases?: readonly string[];
  /** The jsii option, or `none` for a key the project type does not take. */
  readonly option: OptionDoc | 'none';
}

export interface StringField extends FieldCommon {
  readonly kind: 'string';
  /** `undefined` when valid, else the message. None: any string (e.g. `$schema`). */
  readonly rule?: (value: string) => string | undefined;
  readonly pattern?: PatternName;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface IntegerField extends FieldCommon {
  readonly kind: 'integer';
  readonly rule: (value: number) => string | undefined;
  readonly minimum: number;
  readonly maximum: number;
}

export interface BooleanField extends FieldCommon {
  readonly kind: 'boolean';
}

export interface EnumField extends FieldCommon {
  readonly kind: 'enum';
  readonly values: readonly string[];
  readonly rule: (value: string) => string | undefined;
  /** The jsii enum: its name, doc, and a doc per value (members are the values in UPPER_SNAKE). */
  readonly enumType: { readonly name: string; readonly doc: string; readonly valueDocs: Readonly<Record<string, string>> };
}

/** A list of strings, each matching a pattern. The normalizer reads each such key with its own reader. */
export interface StringListField extends FieldCommon {
  readonly kind: 'string-list';
  readonly items: { readonly pattern: PatternName; readonly minLength: number; readonly maxLength: number };
  readonly maxItems?: number;
}

/** A mapping of its own fields. */
export interface MappingField extends FieldCommon {
  readonly kind: 'mapping';
  readonly table: FieldTable;
}

/**
 * A mapping of names to strings (`environment`, `secrets`): the names match `names`, the
 * values `values`. The normalizer reads each such key with its own reader.
 */
export interface StringMapField extends FieldCommon {
  readonly kind: 'string-map';
  readonly names: { readonly pattern: PatternName; readonly maxLength: number };
  readonly values: { readonly pattern: PatternName; readonly maxLength?: number };
  readonly maxProperties: number;
}

/** The list of services. */
export interface ServicesField extends FieldCommon {
  readonly kind: 'services';
  readonly minItems: number;
  readonly maxItems: number;
  readonly table: FieldTable;
  /** The schema's `contains`: at least one client-server service. */
  readonly contains: Readonly<Record<string, unknown>>;
}

/** A list of mappings of one table (`stages`). The normalizer reads it with its own reader. */
export interface MappingListField extends FieldCommon {
  readonly kind: 'mapping-list';
  readonly table: FieldTable;
  readonly minItems: number;
  readonly maxItems: number;
}

/**
 * A mapping of names (each one of something else in the spec, e.g. a service) to mappings
 * of one table (a stage's `services`). The normalizer reads it with its own reader.
 */
export interface NamedMappingsField extends FieldCommon {
  readonly kind: 'named-mappings';
  readonly table: FieldTable;
  readonly names: { readonly pattern: PatternName; readonly maxLength: number };
}

export type Field =
  | StringField
  | IntegerField
  | BooleanField
  | EnumField
  | StringListField
  | StringMapField
  | MappingField
  | ServicesField
  | MappingListField
  | NamedMappingsField;

/** The fields of one mapping of the spec. */
export interface FieldTable {
  readonly fields: readonly Field[];
  /** What a value that is not a mapping should have been (the type-mismatch error). */
  readonly expected: string;
  /** The jsii struct the project type takes it as. */
  readonly struct: { readonly name: string; readonly doc: string };
  /**
   * Rules across fields that the JSON Schema can express, in its keywords (the normalizer
   * checks each with its own message: see normalize.ts).
   */
  readonly schemaRules?: Readonly<Record<string, unknown>>;
}

// ---------------------------------------------------------------------------------------
// A service's dockerBuild
// ---------------------------------------------------------------------------------------

export const BUILD_TABLE = {
  expected: m.EXPECT.dockerBuild,
  struct: { name: 'ServiceBuildOptions', doc: "Where a service's image is built from: your own Dockerfile, kept where it is." },
  fields: [
    {
      key: 'context',
      kind: 'string',
      rule: validateBuildContext,
      pattern: 'buildContext',
      minLength: 1,
      maxLength: LIMITS.buildPathMaxLength,
      required: m.REQUIRED_HINT.buildContext,
      summary: 'the Docker build context, from the repository root (may start with ../)',
      description:
        'The Docker build context, relative to the repository root (may start with ../ for code beside the repository): letters, digits and . _ ~ @ + , - separated by /.',
      examples: ['../api'],
      aliases: ['dir', 'directory', 'path'],
      option: {
        doc: [
          'The Docker build context, relative to the repository root; it may start with `../`',
          'for code that lives beside the repository (letters, digits and `. _ ~ @ + , -`',
          'separated by `/`).',
        ].join('\n'),
      },
    },
    {
      key: 'dockerfile',
      kind: 'string',
      rule: validateBuildDockerfile,
      pattern: 'buildDockerfile',
      minLength: 1,
      maxLength: LIMITS.buildPathMaxLength,
      default: DEFAULTS.dockerfile,
      summary: 'the Dockerfile, relative to context and inside it',
      description: 'The Dockerfile, relative to context and inside it (no .. segments).',
      examples: ['Dockerfile', 'docker/api.Dockerfile'],
      aliases: ['file'],
      option: { doc: 'The Dockerfile, relative to `context` and inside it.' },
    },
  ],
} as const satisfies FieldTable;

// ---------------------------------------------------------------------------------------
// A service's autoscaling
// ---------------------------------------------------------------------------------------

export const AUTOSCALING_TABLE = {
  expected: m.EXPECT_PRODUCTION.autoscaling,
  struct: { name: 'ServiceAutoscalingOptions', doc: "Target tracking on a service's task count." },
  fields: [
    {
      key: 'min',
      kind: 'integer',
      rule: validateScalingCount('min'),
      minimum: LIMITS.minDesiredCount,
      maximum: LIMITS.maxDesiredCount,
      required: m.REQUIRED_HINT.scalingMin,
      summary: 'the fewest tasks',
      description: `The fewest tasks autoscaling keeps, ${LIMITS.minDesiredCount} to ${LIMITS.maxDesiredCount}; at most max.`,
      examples: [2],
      option: { doc: 'The fewest tasks autoscaling keeps.' },
    },
    {
      key: 'max',
      kind: 'integer',
      rule: validateScalingCount('max'),
      minimum: LIMITS.minDesiredCount,
      maximum: LIMITS.maxDesiredCount,
      required: m.REQUIRED_HINT.scalingMax,
      summary: 'the most tasks',
      description: `The most tasks autoscaling starts, ${LIMITS.minDesiredCount} to ${LIMITS.maxDesiredCount}; at least min.`,
      examples: [10],
      option: { doc: 'The most tasks autoscaling starts.' },
    },
    {
      key: 'cpu',
      kind: 'integer',
      rule: validateScalingPercent('cpu'),
      minimum: LIMITS.minScalingTarget,
      maximum: LIMITS.maxScalingTarget,
      defaultText: '- no CPU target',
      summary: 'average CPU % to hold',
      description: 'Target tracking on the average CPU utilization of the tasks, in percent.',
      examples: [60],
      aliases: ['cpupercent', 'targetcpu'],
      option: { doc: 'Average CPU utilization to hold, in percent.' },
    },
    {
      key: 'memory',
      kind: 'integer',
      rule: validateScalingPercent('memory'),
      minimum: LIMITS.minScalingTarget,
      maximum: LIMITS.maxScalingTarget,
      defaultText: '- no memory target',
      summary: 'average memory % to hold',
      description: 'Target tracking on the average memory utilization of the tasks, in percent.',
      examples: [70],
      aliases: ['mem', 'memorypercent'],
      option: { doc: 'Average memory utilization to hold, in percent.' },
    },
    {
      key: 'requests',
      kind: 'integer',
      rule: validateScalingRequests,
      minimum: LIMITS.minRequestsTarget,
      maximum: LIMITS.maxRequestsTarget,
      defaultText: '- no request target',
      summary: 'load balancer requests per task per minute to hold (public services only)',
      description:
        'Target tracking on the load balancer requests per task per minute (ALBRequestCountPerTarget); public services only, since only they have a target group.',
      examples: [1000],
      aliases: ['requestspertarget', 'rps'],
      option: { doc: 'Load balancer requests per task per minute to hold; public services only.' },
    },
  ],
  schemaRules: { anyOf: [{ required: ['cpu'] }, { required: ['memory'] }, { required: ['requests'] }] },
} as const satisfies FieldTable;

// ---------------------------------------------------------------------------------------
// copilotMigration
// ---------------------------------------------------------------------------------------

export const COPILOT_MIGRATION_TABLE = {
  expected: m.EXPECT.copilotMigration,
  struct: { name: 'CopilotMigrationOptions', doc: 'The AWS Copilot application a platform replaces.' },
  fields: [
    {
      key: 'application',
      kind: 'string',
      rule: validateCopilotName,
      pattern: 'copilotName',
      minLength: 2,
      maxLength: LIMITS.copilotNameMaxLength,
      required: m.REQUIRED_HINT.copilotApplication,
      summary: 'the Copilot application name, as in copilot/.workspace',
      description: 'The Copilot application name, as in copilot/.workspace.',
      examples: ['kudos'],
      aliases: ['app'],
      option: { doc: "The Copilot application's name, as in `copilot/.workspace`." },
    },
    {
      key: 'environments',
      kind: 'string-list',
      items: { pattern: 'copilotName', minLength: 2, maxLength: LIMITS.copilotNameMaxLength },
      maxItems: LIMITS.maxCopilotEnvironments,
      default: DEFAULTS.environments,
      summary: 'its environments (copilot env ls), named in the runbook',
      description: "Its environments (copilot env ls), named in the runbook's commands.",
      examples: [['test', 'prod']],
      aliases: ['envs', 'environment'],
      option: { doc: "Its environments (`copilot env ls`), named in the runbook's commands." },
    },
  ],
} as const satisfies FieldTable;

// ---------------------------------------------------------------------------------------
// A service's timeouts
// ---------------------------------------------------------------------------------------

export const TIMEOUTS_TABLE = {
  expected: m.EXPECT.timeouts,
  struct: { name: 'ServiceTimeoutsOptions', doc: "Service Connect timeouts of a client-server service's endpoint, in seconds." },
  fields: [
    {
      key: 'perRequest',
      kind: 'integer',
      rule: validatePerRequestTimeout,
      minimum: LIMITS.minTimeoutSeconds,
      maximum: LIMITS.maxTimeoutSeconds,
      defaultText: '- the Service Connect default (15 s)',
      summary: 'seconds a caller waits for a whole response (0: no limit)',
      description: `Seconds the Service Connect proxy waits for the whole response to one request to this service (perRequestTimeoutSeconds), ${LIMITS.minTimeoutSeconds} to ${LIMITS.maxTimeoutSeconds} as ECS allows; 0 turns the limit off. Default: the Service Connect default (15 seconds for HTTP).`,
      examples: [30],
      aliases: ['request', 'perrequesttimeout', 'response'],
      option: { doc: 'Seconds a caller waits for the whole response to one request; 0 turns the limit off.' },
    },
    {
      key: 'idle',
      kind: 'integer',
      rule: validateIdleTimeout,
      minimum: LIMITS.minTimeoutSeconds,
      maximum: LIMITS.maxTimeoutSeconds,
      defaultText: '- the Service Connect default (300 s for HTTP)',
      summary: 'seconds an idle connection stays open (0: no limit)',
      description: `Seconds a connection to this service stays open while idle (idleTimeoutSeconds), ${LIMITS.minTimeoutSeconds} to ${LIMITS.maxTimeoutSeconds} as ECS allows; 0 turns the limit off. An idle timeout shorter than perRequest closes the connection first. Default: the Service Connect default (5 minutes for HTTP).`,
      examples: [600],
      aliases: ['idletimeout', 'keepalive'],
      option: { doc: 'Seconds an idle connection stays open; 0 turns the limit off.' },
    },
  ],
  schemaRules: { anyOf: [{ required: ['perRequest'] }, { required: ['idle'] }] },
} as const satisfies FieldTable;

// ---------------------------------------------------------------------------------------
// alarms
// ---------------------------------------------------------------------------------------

export const ALARMS_TABLE = {
  expected: m.EXPECT.alarms,
  struct: { name: 'AlarmsOptions', doc: 'Where every alarm of the platform notifies: an email address or an existing SNS topic.' },
  fields: [
    {
      key: 'email',
      kind: 'string',
      rule: validateEmail,
      pattern: 'email',
      minLength: 3,
      maxLength: LIMITS.emailMaxLength,
      defaultText: '- no email',
      summary: 'an address: a topic is created with this email subscription (confirm the mail SNS sends)',
      description:
        'An email address: the network stack creates an SNS topic with this email subscription, and every alarm notifies it. SNS sends a confirmation mail; nothing arrives until it is confirmed. Not with topicArn.',
      examples: ['ops@example.com'],
      aliases: ['mail', 'address'],
      option: { doc: 'An email address: a topic is created with this subscription (SNS asks to confirm it). Not with `topicArn`.' },
    },
    {
      key: 'topicArn',
      kind: 'string',
      rule: validateTopicArn,
      pattern: 'topicArn',
      minLength: 1,
      maxLength: LIMITS.topicArnMaxLength,
      defaultText: '- no topic',
      summary: 'an existing standard SNS topic, in the deploy region',
      description:
        'An existing standard SNS topic in the region the stacks deploy to, which every alarm notifies: arn:<partition>:sns:<region>:<account>:<name>, with a partition and one of its regions as aws-cdk-lib knows them. Its access policy must let CloudWatch publish (a topic encrypted with a KMS key needs a key policy that lets cloudwatch.amazonaws.com use it). Not with email.',
      examples: ['arn:aws:sns:us-east-1:123456789012:ops-alarms'],
      aliases: ['topic', 'sns', 'snstopic', 'arn'],
      option: { doc: 'An existing standard SNS topic ARN, in the deploy region, that every alarm notifies. Not with `email`.' },
    },
  ],
  schemaRules: {
    anyOf: [{ required: ['email'] }, { required: ['topicArn'] }],
    dependentSchemas: { email: { not: { required: ['topicArn'] } } },
  },
} as const satisfies FieldTable;

// ---------------------------------------------------------------------------------------
// A service
// ---------------------------------------------------------------------------------------

export const SERVICE_TABLE = {
  expected: m.EXPECT.service,
  struct: { name: 'ServiceOptions', doc: 'One service of the platform.' },
  fields: [
    {
      key: 'name',
      kind: 'string',
      rule: validateServiceName,
      pattern: 'serviceName',
      minLength: 1,
      maxLength: LIMITS.serviceNameMaxLength,
      required: m.REQUIRED_HINT.serviceName,
      summary: 'lowercase DNS label, unique; others call it http://<name>:<port>',
      description: `Service name: a lowercase DNS label (letters, digits, single hyphens; starts with a letter, does not end with a hyphen), at most ${LIMITS.serviceNameMaxLength} characters, unique in the spec, not "localhost". Other services call it by this name (http://<name>:<port>).`,
      examples: ['orders'],
      helpExample: 'web',
      option: { doc: 'Lowercase DNS label, unique; the Service Connect discovery name and client alias.' },
    },
    {
      key: 'role',
      kind: 'enum',
      values: ROLES,
      rule: validateRole,
      required: m.REQUIRED_HINT.role,
      summary: 'client-only | client-server (others call it)',
      description:
        'client-server: other services call it; it registers a Service Connect endpoint. client-only: it only calls others or is reached through the load balancer; it registers no endpoint.',
      helpExample: 'client-only',
      aliases: ['type', 'kind'],
      enumType: {
        name: 'ServiceRole',
        doc: 'How a service takes part in ECS Service Connect.',
        valueDocs: {
          'client-only': 'Calls other services; nobody calls it (front ends, workers, load-balancer targets).',
          'client-server': 'Registers an endpoint in the namespace so other services can call it.',
        },
      },
      option: { doc: '`client-only` or `client-server`.' },
    },
    {
      key: 'port',
      kind: 'integer',
      rule: validatePort,
      minimum: LIMITS.minUnprivilegedPort,
      maximum: LIMITS.maxPort,
      required: m.REQUIRED_HINT.port,
      summary: `container port the app listens on (${LIMITS.minUnprivilegedPort}-${LIMITS.maxPort})`,
      description: `The port the app's container listens on, ${LIMITS.minUnprivilegedPort}-${LIMITS.maxPort}: the app runs as a non-root user, which cannot bind ports below ${LIMITS.minUnprivilegedPort} on Fargate (the load balancer still listens on 80/443). For client-server services also the port callers use (http://<name>:<port>).`,
      examples: [8080],
      helpExample: '3000',
      aliases: ['containerport', 'targetport'],
      option: {
        doc: [
          `Container port the app listens on, ${LIMITS.minUnprivilegedPort}-${LIMITS.maxPort}: the app runs as a non-root user, which`,
          'cannot bind lower ports on Fargate (the load balancer still listens on 80/443).',
        ].join('\n'),
      },
    },
    {
      key: 'public',
      kind: 'boolean',
      default: DEFAULTS.public,
      summary: 'behind the shared internet-facing load balancer',
      description: 'Reachable from the internet through the shared Application Load Balancer.',
      helpExample: 'true',
      aliases: ['exposed', 'external', 'internetfacing'],
      option: { doc: 'Put the service behind the shared internet-facing load balancer.' },
    },
    {
      key: 'publicPath',
      kind: 'string',
      rule: validatePublicPath,
      pattern: 'publicPath',
      minLength: 1,
      maxLength: LIMITS.publicPathMaxLength,
      default: DEFAULTS.publicPath,
      summary: 'path prefix on the load balancer (public services only)',
      description:
        'Path prefix of the service on the load balancer; only with public: true. Starts with /, letters, digits and . _ ~ / - only, no trailing / (except / itself), no empty, . or .. segments; unique among public services.',
      aliases: ['path', 'pathprefix', 'route'],
      option: { doc: 'Path prefix on the shared load balancer (public services only).' },
    },
    {
      key: 'calls',
      kind: 'string-list',
      items: { pattern: 'serviceName', minLength: 1, maxLength: LIMITS.serviceNameMaxLength },
      default: DEFAULTS.calls,
      summary: 'the client-server services it calls',
      description: 'Names of the client-server services this service calls through Service Connect. Not itself, not client-only services, each once.',
      helpExample: '[api]',
      aliases: ['dependson', 'depends_on', 'upstreams', 'dependencies'],
      option: { doc: 'Names of the client-server services this one calls.' },
    },
    {
      key: 'cpu',
      kind: 'integer',
      rule: validateCpu,
      minimum: LIMITS.minCpu,
      maximum: LIMITS.maxCpu,
      default: DEFAULTS.cpu,
      summary: `the app's CPU units (the task adds ${SIDECAR_CPU} for the sidecar)`,
      description: `CPU units for the app (1024 = 1 vCPU), without the Service Connect sidecar; the task gets the smallest Fargate size that fits cpu + ${SIDECAR_CPU} and memory + ${SIDECAR_MEMORY}.`,
      aliases: ['vcpu'],
      option: { doc: `The app's CPU units; the task adds ${SIDECAR_CPU} for the Service Connect sidecar.` },
    },
    {
      key: 'memory',
      kind: 'integer',
      rule: validateMemory,
      minimum: LIMITS.minMemory,
      maximum: LIMITS.maxMemory,
      default: DEFAULTS.memory,
      summary: `the app's MiB (the task adds ${SIDECAR_MEMORY} for the sidecar)`,
      description: `Memory for the app in MiB, without the Service Connect sidecar (${SIDECAR_MEMORY} MiB is added).`,
      aliases: ['mem'],
      option: { doc: `The app's memory in MiB; the task adds ${SIDECAR_MEMORY} for the Service Connect sidecar.` },
    },
    {
      key: 'desiredCount',
      kind: 'integer',
      rule: validateDesiredCount,
      minimum: LIMITS.minDesiredCount,
      maximum: LIMITS.maxDesiredCount,
      defaultFrom: (c) => DEFAULTS.desiredCount[c.profile],
      schemaDefault: DEFAULTS.desiredCount.prod,
      defaultText: `${DEFAULTS.desiredCount.prod} with profile prod, ${DEFAULTS.desiredCount.dev} with profile dev`,
      summary: 'running tasks',
      description: `Number of tasks ECS keeps running, ${LIMITS.minDesiredCount} to ${LIMITS.maxDesiredCount}. Default: ${DEFAULTS.desiredCount.prod} with profile prod, ${DEFAULTS.desiredCount.dev} with profile dev.`,
      aliases: ['replicas', 'count', 'instances'],
      option: { doc: 'Running tasks.' },
    },
    {
      key: 'healthCheckPath',
      kind: 'string',
      rule: validateHealthCheckPath,
      pattern: 'healthCheckPath',
      minLength: 1,
      maxLength: LIMITS.healthCheckPathMaxLength,
      default: DEFAULTS.healthCheckPath,
      summary: 'liveness path of the container and load balancer health checks',
      description:
        'Cheap liveness path requested by the container health check and the load balancer. Required for a public service with image or dockerBuild (the load balancer checks it; only a generated app is known to serve /health). Starts with /; letters, digits and . _ ~ / - only (no spaces, quotes or query strings); no empty, . or .. segments.',
      aliases: ['health', 'healthcheck', 'healthpath'],
      option: {
        doc: 'Liveness path for the container and load balancer health checks; required for a public service with `image` or `dockerBuild`.',
      },
    },
    {
      key: 'image',
      kind: 'string',
      rule: validateImage,
      pattern: 'image',
      minLength: 1,
      maxLength: LIMITS.imageMaxLength,
      defaultText: '- built from services/<name>',
      summary: 'run this image instead of an app folder: in ECR, in the deploy region (push it, or use a pull-through cache rule)',
      description:
        'An existing container image to run instead of an app folder, in Amazon ECR in the region you deploy to: <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag][@sha256:<digest>]. Tasks in the isolated subnets pull only from ECR in their own region (through the VPC endpoints): push the image there, or create an ECR pull-through cache rule (e.g. for Docker Hub or ECR Public) and use its ECR URI. Every image, and certificateArn, must be in the same region.',
      examples: [
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2',
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-public/nginx/nginx:1.27',
      ],
      option: {
        doc: [
          'Run this existing container image instead of building `services/<name>`: an image in',
          'Amazon ECR in the region you deploy to (`<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag]`),',
          'pushed there or reached through an ECR pull-through cache rule; tasks in the isolated',
          'subnets can pull from nowhere else.',
        ].join('\n'),
      },
    },
    {
      key: 'dockerBuild',
      kind: 'mapping',
      table: BUILD_TABLE,
      defaultText: '- built from services/<name>',
      summary: 'build your own Dockerfile, where it is, instead of an app folder (not with image)',
      description:
        'Build the image from your own Dockerfile and code, kept where they are, instead of generating an app folder: the context and Dockerfile are built for the arch of the service (linux/amd64 by default) at deploy (a CDK Docker image asset, pushed to the bootstrap ECR repository). Not with image. Like an image service, it gets no container health check unless healthCheckCommand says one, and npx projen local does not start it (docker compose up --build does).',
      aliases: ['dockerfile', 'context', 'build'],
      option: {
        doc: [
          'Build the image from your own Dockerfile instead of generating `services/<name>`:',
          "the code stays where it is (e.g. `{ context: '../api' }`). Not with `image`. Like an",
          'image service it gets no container health check unless `healthCheckCommand` gives one,',
          'and `npx projen local` does not start it (`docker compose up --build` does).',
        ].join('\n'),
      },
    },
    {
      key: 'healthCheckCommand',
      kind: 'string',
      rule: validateHealthCheckCommand,
      pattern: 'healthCheckCommand',
      minLength: 1,
      maxLength: LIMITS.healthCheckCommandMaxLength,
      defaultText: '- a node probe of healthCheckPath for services built from services/<name>; none for `image` services',
      summary: 'the container health check: a shell command (CMD-SHELL), or none',
      description:
        'The container health check: a shell command that exits 0 while the container is healthy, run with CMD-SHELL (/bin/sh -c in the container, so the image needs a shell), one line of visible text; or "none" for no container health check (ECS then only checks that the container keeps running; the load balancer still checks healthCheckPath of a public service). Default: a node probe of healthCheckPath for services built from services/<name>; none for image services.',
      examples: ['curl -fs http://127.0.0.1:8080/health || exit 1', 'none'],
      helpExample: 'none',
      aliases: ['healthcmd', 'healthcommand', 'healthcheckcmd'],
      option: {
        doc: [
          'The container health check: a shell command that exits 0 while the container is',
          'healthy (run with CMD-SHELL, so the image needs /bin/sh), or `none` for no container',
          'health check (ECS then only checks that the container keeps running; the load balancer',
          'still checks `healthCheckPath` of a public service).',
        ].join('\n'),
      },
    },
    {
      key: 'autoscaling',
      kind: 'mapping',
      table: AUTOSCALING_TABLE,
      defaultText: '- desiredCount tasks, always',
      summary: 'target tracking between min and max tasks on cpu %, memory % or (public) requests',
      description:
        'Target tracking on the task count, between min and max, on the average CPU %, memory %, and (public services only) load balancer requests per task per minute; at least one target. Scaling out waits 60 s between steps, scaling in 300 s. The template then leaves the running count to autoscaling (a deploy never resets it; a new service starts at min), and desiredCount, within [min, max], is the usual count the cost estimate prices.',
      aliases: ['scaling', 'autoscale'],
      option: {
        doc: [
          'Target tracking on the task count, between `min` and `max`, on CPU %, memory % or',
          '(public services only) load balancer requests per task; at least one target.',
        ].join('\n'),
      },
    },
    {
      key: 'environment',
      kind: 'string-map',
      names: { pattern: 'envName', maxLength: LIMITS.envNameMaxLength },
      values: { pattern: 'envValue', maxLength: LIMITS.envValueMaxLength },
      maxProperties: LIMITS.maxVariables,
      defaultText: '- none besides the generated ones',
      summary: 'plain environment variables of the app: NAME: "value" (not PORT, HEALTH_PATH, PUBLIC_PATH or <SERVICE>_URL)',
      description:
        'Plain environment variables of the app container, NAME: "value" (values are strings: quote numbers). Names are letters, digits and _, not starting with a digit, and never one the platform sets: PORT, HEALTH_PATH, PUBLIC_PATH, or <SERVICE>_URL of a service in the spec. Not for secrets: use secrets.',
      examples: [{ LOG_LEVEL: 'info', FEATURE_FLAGS: 'checkout-v2' }],
      helpExample: '{ LOG_LEVEL: info }',
      aliases: ['env', 'variables', 'vars'],
      option: { doc: 'Plain environment variables of the app container (not PORT, HEALTH_PATH, PUBLIC_PATH or a generated `*_URL`).' },
    },
    {
      key: 'secrets',
      kind: 'string-map',
      names: { pattern: 'envName', maxLength: LIMITS.envNameMaxLength },
      values: { pattern: 'secretRef' },
      maxProperties: LIMITS.maxVariables,
      defaultText: '- none',
      summary: 'secrets as environment variables: NAME: ssm:<name or ARN> or secretsmanager:<name or ARN>[#<json-key>]',
      description:
        "Secrets injected into the app container as environment variables when a task starts: NAME: ssm:<parameter name or ARN>, or NAME: secretsmanager:<secret name or ARN>, optionally #<json-key> for one key of the secret's JSON. The execution role may read exactly these parameters and secrets, and the VPC gets the ssm or secretsmanager endpoint. Encrypted with the AWS-managed key; a customer-managed KMS key needs kms:Decrypt for the execution role (README).",
      examples: [{ DB_PASSWORD: 'ssm:/shop/db/password', STRIPE_KEY: 'secretsmanager:shop/stripe#apiKey' }],
      helpExample: '{ DB_PASSWORD: "ssm:/shop/db/password" }',
      aliases: ['secret', 'secretenv'],
      option: {
        doc: [
          'Secrets injected as environment variables: `ssm:<parameter name or ARN>` or',
          '`secretsmanager:<secret name or ARN>[#<json-key>]`; the execution role may read exactly these.',
        ].join('\n'),
      },
    },
    {
      key: 'exec',
      kind: 'boolean',
      defaultText: '- off',
      summary: 'ECS Exec into the app container (adds the ssmmessages endpoint)',
      description:
        "ECS Exec (aws ecs execute-command) into the app container: the task role gets the ssmmessages permissions, sessions are logged to the service's log group, and the VPC gets the ssmmessages endpoint.",
      helpExample: 'true',
      aliases: ['execute', 'executecommand', 'enableexecutecommand', 'ecsexec'],
      option: { doc: "ECS Exec into the app container; sessions are logged to the service's log group." },
    },
    {
      key: 'arch',
      kind: 'enum',
      values: ARCHS,
      rule: validateArch,
      default: DEFAULTS.arch,
      summary: "x86_64 | arm64: the tasks' CPU and the image build platform (arm64 is cheaper)",
      description:
        "The CPU architecture of the service's tasks (the task definition's RuntimePlatform) and of the image built for it (linux/amd64 or linux/arm64): x86_64 or arm64 (AWS Graviton, cheaper per vCPU-hour and GB-hour). An image given with image must be built for it (a multi-architecture image is fine).",
      helpExample: 'arm64',
      aliases: ['architecture', 'cpuarchitecture', 'platform'],
      enumType: {
        name: 'CpuArch',
        doc: "The CPU architecture of a service's tasks.",
        valueDocs: {
          x86_64: 'Intel/AMD (linux/amd64).',
          arm64: 'AWS Graviton (linux/arm64): cheaper per vCPU-hour and GB-hour.',
        },
      },
      option: { doc: "The tasks' CPU architecture; the image is built for it." },
    },
    {
      key: 'spot',
      kind: 'integer',
      rule: validateSpot,
      minimum: LIMITS.minSpot,
      maximum: LIMITS.maxSpot,
      defaultText: '- the FARGATE launch type, no Spot',
      summary: 'percent of tasks on Fargate Spot (profile prod keeps the first task on Fargate)',
      description:
        'Percentage of the tasks on Fargate Spot, 0 to 100, as a capacity provider strategy (FARGATE and FARGATE_SPOT weighted by it). Spot tasks can be stopped with a two-minute warning. Under profile prod the first task always stays on regular Fargate (base 1), and the percentage applies to the tasks above it, so a prod service with spot needs desiredCount 2 or more (with autoscaling, autoscaling.min 2 or more). spot: 0 keeps the strategy with no Spot task (use it to leave Spot: removing the key is reported by npx projen plan).',
      examples: [50],
      aliases: ['fargatespot', 'spotpercent', 'spotweight'],
      option: { doc: 'Percentage of tasks on Fargate Spot; under profile prod the first task stays on regular Fargate.' },
    },
    {
      key: 'timeouts',
      kind: 'mapping',
      table: TIMEOUTS_TABLE,
      defaultText: '- the Service Connect defaults',
      summary: 'Service Connect timeouts of its endpoint, in seconds (client-server only)',
      description:
        "Service Connect timeouts, in seconds, of the endpoint this client-server service registers (its port mapping's TimeoutConfiguration): perRequest and idle, each 0 to 2147483647 as ECS allows. They apply to every caller's requests to it.",
      aliases: ['timeout'],
      option: { doc: 'Service Connect timeouts of its endpoint, in seconds (client-server services only).' },
    },
  ],
  schemaRules: {
    dependentSchemas: {
      publicPath: { properties: { public: { const: true } }, required: ['public'] },
      dockerBuild: { not: { required: ['image'] } },
      timeouts: { properties: { role: { const: 'client-server' } } },
      // Scaling on requests needs the load balancer's target group: public services only.
      autoscaling: {
        if: { properties: { autoscaling: { required: ['requests'] } } },
        then: { properties: { public: { const: true } }, required: ['public'] },
      },
    },
    // A public image or dockerBuild service says the path its load balancer check requests.
    if: {
      properties: { public: { const: true } },
      required: ['public'],
      anyOf: [{ required: ['image'] }, { required: ['dockerBuild'] }],
    },
    then: { required: ['healthCheckPath'] },
  },
} as const satisfies FieldTable;

// ---------------------------------------------------------------------------------------
// stages
// ---------------------------------------------------------------------------------------

/** What a stage may set for one service. */
export const STAGE_SERVICE_TABLE = {
  expected: m.EXPECT.stageService,
  struct: { name: 'StageServiceOptions', doc: 'What one service runs with in one stage, instead of its own values.' },
  fields: [
    {
      key: 'desiredCount',
      kind: 'integer',
      rule: validateDesiredCount,
      minimum: LIMITS.minDesiredCount,
      maximum: LIMITS.maxDesiredCount,
      defaultText: "- the service's own (or, with a profile of the stage's, that profile's default)",
      summary: 'running tasks in this stage',
      description: `Number of tasks ECS keeps running in this stage, ${LIMITS.minDesiredCount} to ${LIMITS.maxDesiredCount}. Default: the service's desiredCount; a service that leaves desiredCount to its profile gets the stage profile's default.`,
      examples: [1],
      option: { doc: 'Tasks ECS keeps running in this stage.' },
    },
    {
      key: 'autoscaling',
      kind: 'mapping',
      table: AUTOSCALING_TABLE,
      defaultText: "- the service's own",
      summary: "target tracking in this stage, instead of the service's",
      description: "Target tracking on the task count in this stage, replacing the service's autoscaling as a whole (same keys and rules).",
      option: { doc: "Target tracking in this stage, replacing the service's autoscaling." },
    },
  ],
} as const satisfies FieldTable;

/** One stage: a deploy target (account and region) and what differs there. */
export const STAGE_TABLE = {
  expected: m.EXPECT.stage,
  struct: { name: 'StageOptions', doc: 'One deploy target of the platform: an account and region, and what differs there.' },
  fields: [
    {
      key: 'name',
      kind: 'string',
      rule: validateStageName,
      pattern: 'stageName',
      minLength: 1,
      maxLength: LIMITS.stageNameMaxLength,
      required: m.REQUIRED_HINT.stageName,
      summary: 'lowercase DNS label, unique: npx projen deploy:<name>, the GitHub environment',
      description: `The stage's name: a lowercase DNS label of at most ${LIMITS.stageNameMaxLength} characters, unique among the stages. Its stacks (<name>-<Project>Network, ...), cluster (<project>-<name>), Service Connect namespace (<name>.<namespace>), deploy task (npx projen deploy:<name>) and GitHub environment are named after it.`,
      examples: ['prod'],
      aliases: ['stage', 'id', 'environment', 'env'],
      option: { doc: 'Lowercase DNS label, unique: `npx projen deploy:<name>`, its stacks and its GitHub environment.' },
    },
    {
      key: 'account',
      kind: 'string',
      rule: validateAccount,
      pattern: 'account',
      minLength: 12,
      maxLength: 12,
      required: m.REQUIRED_HINT.stageAccount,
      summary: 'the 12-digit AWS account id, quoted',
      description:
        'The AWS account the stage deploys to: its 12 digits as a string (quoted in YAML, which would read a number and drop leading zeros).',
      examples: ['111111111111'],
      helpExample: '"111111111111"',
      aliases: ['accountid', 'awsaccount'],
      option: { doc: 'The 12-digit AWS account id the stage deploys to.' },
    },
    {
      key: 'region',
      kind: 'string',
      rule: validateRegion,
      pattern: 'region',
      minLength: 1,
      maxLength: 32,
      required: m.REQUIRED_HINT.stageRegion,
      summary: "the region, one of aws-cdk-lib's region table",
      description:
        "The region the stage deploys to, one aws-cdk-lib's region table knows. The stage's stacks are synthesized for it: its interface endpoints (ecs and ecs-telemetry in regions opened since 23 December 2023) and its azs are checked at synth.",
      examples: ['eu-west-1'],
      aliases: ['awsregion'],
      option: { doc: 'The region the stage deploys to.' },
    },
    {
      key: 'approval',
      kind: 'boolean',
      default: false,
      summary: "a person approves in GitHub (the stage's environment) before it deploys",
      description:
        "A person approves before the deploy workflow deploys this stage: the workflow's job for it runs in a GitHub environment of the stage's name, whose required reviewers approve.",
      helpExample: 'true',
      aliases: ['approve', 'manualapproval', 'protected'],
      option: { doc: "A person approves in GitHub (the stage's environment) before the stage deploys." },
    },
    {
      key: 'deployRoleArn',
      kind: 'string',
      rule: validateRoleArn,
      pattern: 'roleArn',
      minLength: 1,
      maxLength: LIMITS.roleArnMaxLength,
      defaultText: "- the role <name>-<stage>-deploy of the stage's account",
      summary: 'the role the deploy workflow assumes (GitHub OIDC), in the stage account',
      description:
        "The IAM role the deploy workflow assumes with GitHub OIDC to deploy this stage: a role of the stage's account and partition. Default: arn:<partition>:iam::<account>:role/<name>-<stage>-deploy (name: the project's).",
      examples: ['arn:aws:iam::111111111111:role/shop-dev-deploy'],
      aliases: ['role', 'rolearn', 'deployrole'],
      option: { doc: "The IAM role the deploy workflow assumes with GitHub OIDC, in the stage's account." },
    },
    {
      key: 'profile',
      kind: 'enum',
      values: PROFILES,
      rule: validateProfile,
      defaultText: '- the top-level profile',
      helpExample: 'dev',
      summary: 'dev | prod in this stage',
      description: 'The cost/availability profile of this stage, instead of the top-level profile (e.g. dev for a dev stage of a prod platform).',
      enumType: {
        name: 'Profile',
        doc: 'Cost and availability trade-off of the generated infrastructure.',
        valueDocs: {
          dev: 'Interface endpoints in one AZ, one task per service.',
          prod: 'Interface endpoints in every AZ, at least two tasks per service.',
        },
      },
      option: { doc: 'Cost and availability trade-off in this stage.' },
    },
    {
      key: 'azs',
      kind: 'integer',
      rule: validateAzs,
      minimum: LIMITS.minAzs,
      maximum: LIMITS.maxAzs,
      defaultText: '- the top-level azs',
      summary: "Availability Zones in this stage (checked against the stage's region)",
      description:
        "Availability Zones the VPC spans in this stage, instead of the top-level azs; checked against what the stage's region offers Fargate.",
      examples: [3],
      option: { doc: 'Availability Zones the VPC spans in this stage.' },
    },
    {
      key: 'domain',
      kind: 'string',
      rule: validateDomain,
      pattern: 'domain',
      minLength: 1,
      maxLength: LIMITS.dnsNameMaxLength,
      defaultText: '- the top-level domain',
      summary: 'public host name in this stage (with certificateArn)',
      description:
        'The public host name of the load balancer in this stage, instead of the top-level domain; needs a certificateArn (here or at the top).',
      examples: ['staging.example.com'],
      option: { doc: 'Public DNS name of the load balancer in this stage.' },
    },
    {
      key: 'certificateArn',
      kind: 'string',
      rule: validateCertificateArn,
      pattern: 'certificateArn',
      defaultText: '- the top-level certificateArn',
      summary: "ACM certificate in this stage's account and region",
      description:
        "The ACM certificate for the domain in this stage, in the stage's account, region and partition (a load balancer uses only certificates of its own account and region). A stage in another region than the top-level certificateArn needs its own.",
      examples: ['arn:aws:acm:eu-west-1:111111111111:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab'],
      helpExample: 'arn:aws:acm:eu-west-1:111111111111:certificate/<id>',
      option: { doc: "ACM certificate ARN for the domain, in the stage's account and region." },
    },
    {
      key: 'alarms',
      kind: 'mapping',
      table: ALARMS_TABLE,
      defaultText: '- the top-level alarms',
      summary: "where alarms notify in this stage (a topicArn in the stage's region)",
      description:
        "Where every alarm notifies in this stage, replacing the top-level alarms as a whole: { email } or { topicArn } (a topic in the stage's region and partition).",
      option: { doc: 'Where every alarm notifies in this stage, replacing the top-level `alarms`.' },
    },
    {
      key: 'services',
      kind: 'named-mappings',
      table: STAGE_SERVICE_TABLE,
      names: { pattern: 'serviceName', maxLength: LIMITS.serviceNameMaxLength },
      defaultText: '- every service as the spec says',
      summary: 'per service: { desiredCount, autoscaling } in this stage',
      description: 'Per service of the spec, by name: the desiredCount and autoscaling it runs with in this stage.',
      examples: [{ orders: { desiredCount: 1 } }],
      helpExample: '{ orders: { desiredCount: 1 } }',
      option: { doc: 'Per service of the spec, by name: its desiredCount and autoscaling in this stage.' },
    },
  ],
} as const satisfies FieldTable;

// ---------------------------------------------------------------------------------------
// The spec
// ---------------------------------------------------------------------------------------

export const SPEC_TABLE = {
  expected: m.EXPECT.spec,
  struct: {
    name: 'FargateConnectProjectOptions',
    doc: 'Options of `FargateConnectProject`.',
  },
  fields: [
    {
      key: '$schema',
      kind: 'string',
      ignored: true,
      summary: 'the JSON Schema, for editors',
      description: 'The JSON Schema this file follows, for editors; ignored by the generator.',
      option: 'none',
    },
    {
      key: 'name',
      kind: 'string',
      rule: validateProjectName,
      pattern: 'projectName',
      minLength: 1,
      maxLength: LIMITS.projectNameMaxLength,
      required: m.REQUIRED_HINT.name,
      summary: 'kebab-case project name; prefixes stacks and resources',
      description: `Project name in kebab-case: lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen; at most ${LIMITS.projectNameMaxLength} characters because it prefixes stack names, the cluster name and resource names.`,
      examples: ['shop'],
      aliases: ['project', 'projectname', 'app'],
      option: {
        doc: 'Kebab-case project name; prefix of stacks and resources.\n\n`projen new` takes the name of the directory it runs in unless `--name` is given.',
        default: '$BASEDIR',
      },
    },
    {
      key: 'namespace',
      kind: 'string',
      rule: validateNamespace,
      pattern: 'namespace',
      minLength: 1,
      maxLength: LIMITS.dnsNameMaxLength,
      defaultFrom: (c) => `${c.name}${DEFAULTS.namespaceSuffix}`,
      defaultText: `"<name>${DEFAULTS.namespaceSuffix}"`,
      summary: 'Cloud Map HTTP namespace of Service Connect',
      description: `Cloud Map HTTP namespace for Service Connect: a lowercase DNS name (dot-separated labels of letters, digits and hyphens, each 1-63 characters, at most ${LIMITS.dnsNameMaxLength} in all; not an IP address). Default: <name>${DEFAULTS.namespaceSuffix}.`,
      examples: ['shop.internal'],
      aliases: ['ns', 'cloudmapnamespace'],
      option: { doc: 'Cloud Map HTTP namespace used by Service Connect.' },
    },
    {
      key: 'azs',
      kind: 'integer',
      rule: validateAzs,
      minimum: LIMITS.minAzs,
      maximum: LIMITS.maxAzs,
      default: DEFAULTS.azs,
      summary: `Availability Zones the VPC spans (${LIMITS.minAzs}-${LIMITS.maxAzs})`,
      description: `Number of Availability Zones for the private (and, with a public service, public) subnets: ${LIMITS.minAzs} to ${LIMITS.maxAzs}. The load balancer and a highly available prod deployment need at least 2; each AZ adds VPC interface endpoint cost.`,
      aliases: ['az', 'availabilityzones', 'zones'],
      option: { doc: `Availability Zones the VPC spans (${LIMITS.minAzs}-${LIMITS.maxAzs}).` },
    },
    {
      key: 'profile',
      kind: 'enum',
      values: PROFILES,
      rule: validateProfile,
      default: DEFAULTS.profile,
      summary: 'dev | prod: cost vs availability',
      description: 'dev: cheaper, one task per service by default. prod: two tasks per service by default, for availability.',
      aliases: ['env', 'environment', 'stage'],
      enumType: {
        name: 'Profile',
        doc: 'Cost and availability trade-off of the generated infrastructure.',
        valueDocs: {
          dev: 'Interface endpoints in one AZ, one task per service.',
          prod: 'Interface endpoints in every AZ, at least two tasks per service.',
        },
      },
      option: { doc: 'Cost and availability trade-off.' },
    },
    {
      key: 'domain',
      kind: 'string',
      rule: validateDomain,
      pattern: 'domain',
      minLength: 1,
      maxLength: LIMITS.dnsNameMaxLength,
      defaultText: '- HTTP only',
      summary: 'public host name: HTTPS on the load balancer, with certificateArn',
      description:
        'Public host name served over HTTPS by the load balancer, e.g. api.example.com (not an IP address). Requires certificateArn and at least one public service.',
      examples: ['api.example.com'],
      aliases: ['hostname', 'host', 'domainname'],
      option: { doc: 'Public DNS name of the load balancer; with `certificateArn` turns on HTTPS.' },
    },
    {
      key: 'certificateArn',
      kind: 'string',
      rule: validateCertificateArn,
      pattern: 'certificateArn',
      defaultText: '- HTTP only',
      summary: 'ACM certificate for domain, in the deploy region',
      description:
        'ACM certificate for domain, in the region the stacks deploy to: arn:<partition>:acm:<region>:<account>:certificate/<id>, with a partition and one of its regions as aws-cdk-lib knows them. Requires domain.',
      examples: ['arn:aws:acm:us-east-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab'],
      helpExample: 'arn:aws:acm:us-east-1:123456789012:certificate/<id>',
      aliases: ['cert', 'certificate', 'certarn'],
      option: { doc: 'ACM certificate ARN for `domain`.' },
    },
    {
      key: 'copilotMigration',
      kind: 'mapping',
      table: COPILOT_MIGRATION_TABLE,
      defaultText: '- not a migration',
      summary: 'the AWS Copilot application it replaces (written by import-copilot): a migration runbook',
      description:
        'The AWS Copilot application this platform replaces, written by `create-fargate-connect import-copilot`. It adds a migration runbook to the generated README: running both side by side, moving traffic, and retiring the Copilot stacks without losing the resources they own.',
      aliases: ['copilot', 'migration'],
      option: {
        doc: [
          'The AWS Copilot application this platform replaces (written by',
          '`create-fargate-connect import-copilot`): adds a migration runbook to the README.',
        ].join('\n'),
      },
    },
    {
      key: 'alarms',
      kind: 'mapping',
      table: ALARMS_TABLE,
      defaultText: '- alarms notify nobody',
      summary: 'where every alarm notifies: { email } or { topicArn }',
      description:
        'Where every alarm the platform creates notifies (alarm and OK actions): email creates an SNS topic with that subscription, topicArn names an existing standard topic. One of the two. Without it, alarms change state in CloudWatch and notify nobody.',
      aliases: ['alerts', 'notifications', 'alarm'],
      option: { doc: 'Where every alarm notifies: `{ email }` (a topic is created) or `{ topicArn }`. Without it, alarms notify nobody.' },
    },
    {
      key: 'services',
      kind: 'services',
      table: SERVICE_TABLE,
      minItems: 1,
      maxItems: LIMITS.maxServices,
      contains: { type: 'object', properties: { role: { const: 'client-server' } }, required: ['role'] },
      required: m.REQUIRED_HINT.services,
      summary: 'the services, at least one of them client-server',
      description:
        'The services: each one an ECS Fargate service with its own task definition. At least one must be client-server (ECS cannot complete the first deployment of a namespace whose first service is client-only).',
      aliases: ['service'],
      option: {
        doc: 'The services.',
        default: '- a starter pair: a public `web` front end calling an `api` back end',
        optional: true,
      },
    },
    {
      key: 'stages',
      kind: 'mapping-list',
      table: STAGE_TABLE,
      minItems: 1,
      maxItems: LIMITS.maxStages,
      defaultText: '- one platform, deployed to the account and region of the credentials at hand',
      summary: 'deploy targets: one CDK Stage each (npx projen deploy:<name>), in order',
      description:
        'The deploy targets, in deploy order: each one a CDK Stage with a concrete account and region, deployed by npx projen deploy:<name> and by the deploy workflow. A stage may override profile, azs, domain, certificateArn, alarms and, per service, desiredCount and autoscaling. Without stages, the stacks are region-agnostic and npx projen deploy deploys them where the credentials point.',
      aliases: ['stage', 'environments', 'envs'],
      option: { doc: 'Deploy targets, in deploy order: one CDK Stage each, with a concrete account and region.' },
    },
  ],
  schemaRules: {
    dependentRequired: { domain: ['certificateArn'], certificateArn: ['domain'] },
    dependentSchemas: {
      domain: { properties: { services: { contains: { type: 'object', properties: { public: { const: true } }, required: ['public'] } } } },
    },
  },
} as const satisfies FieldTable;

/** The jsii enum member of a value: `client-only` → `CLIENT_ONLY`. */
export function enumMemberName(value: string): string {
  return value.replace(/-/g, '_').toUpperCase();
}

/** A value of an enum field as TypeScript: `Profile.DEV`. */
export function enumMember(field: EnumField, value: string): string {
  return `${field.enumType.name}.${enumMemberName(value)}`;
}

const keyLists = new WeakMap<FieldTable, readonly string[]>();
const aliasMaps = new WeakMap<FieldTable, Readonly<Record<string, string>>>();

/** The keys of a mapping, in table order (the order of the schema and of error messages about missing keys). */
export function keysOf(table: FieldTable): readonly string[] {
  let keys = keyLists.get(table);
  if (keys === undefined) keyLists.set(table, (keys = table.fields.map((f) => f.key)));
  return keys;
}

/** The table's aliases, as `suggest` takes them: misspelling → key. */
export function aliasesOf(table: FieldTable): Readonly<Record<string, string>> {
  let aliases = aliasMaps.get(table);
  if (aliases === undefined)
    aliasMaps.set(table, (aliases = Object.fromEntries(table.fields.flatMap((f) => (f.aliases ?? []).map((a) => [a, f.key])))));
  return aliases;
}

// The table and the types of ./types.ts name the same keys (`$schema` is read and dropped).
type KeysOf<T extends { readonly fields: readonly { readonly key: string }[] }> = T['fields'][number]['key'];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameKeys: [
  Same<Exclude<KeysOf<typeof SPEC_TABLE>, '$schema'>, keyof Spec>,
  Same<KeysOf<typeof SERVICE_TABLE>, keyof Service>,
  Same<KeysOf<typeof BUILD_TABLE>, keyof ServiceBuild>,
  Same<KeysOf<typeof COPILOT_MIGRATION_TABLE>, keyof CopilotMigration>,
  Same<KeysOf<typeof TIMEOUTS_TABLE>, keyof ServiceTimeouts>,
  Same<KeysOf<typeof ALARMS_TABLE>, keyof Alarms>,
  Same<KeysOf<typeof AUTOSCALING_TABLE>, keyof ServiceAutoscaling>,
  Same<KeysOf<typeof STAGE_TABLE>, keyof Stage>,
  Same<KeysOf<typeof STAGE_SERVICE_TABLE>, keyof StageServiceOverride>,
] = [true, true, true, true, true, true, true, true, true];
void sameKeys;
