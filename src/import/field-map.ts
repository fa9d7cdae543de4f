/**
 * THE table of Copilot manifest fields and the spec key each one becomes: the one place
 * that says what is mapped, what is not, and what is waiting for a key that has not landed.
 *
 * When a key lands (issue 14: arch, spot, timeouts, alarms; environment, secrets, exec and
 * autoscaling have landed; issue 15's stages landed, but a stage needs an account and
 * region that no Copilot manifest holds, so `environments` stays a todo), switch its rows from `not-yet` to `mapped` and
 * give the mapping code in ./map-service.ts the field (the report then shows it as mapped).
 * A field the table does not know is reported as unknown, never dropped in silence.
 */

/** What the importer does with a field. */
export type FieldState =
  /** Mapped by ./map-service.ts, which writes its own report line. */
  | 'mapped'
  /** Waiting for the spec key `ours`, which issue `issue` adds. */
  | 'not-yet'
  /** No equivalent on this platform. */
  | 'not-mapped'
  /** Identity or structure (`name`, `type`): nothing to report. */
  | 'ignored';

export interface FieldRule {
  /**
   * The field, as a dotted path: `image.port`, `count.spot`. A rule for one workload type
   * only is prefixed with it (`Backend Service:http.path`); an environment manifest's
   * fields with `Environment:`.
   */
  readonly field: string;
  readonly state: FieldState;
  /** The spec key it maps (or will map) to. */
  readonly ours?: string;
  /** The issue that adds `ours`, for `not-yet`. */
  readonly issue?: number;
  /** Look into a mapping value: its fields have rules of their own. */
  readonly descend?: boolean;
  /** Report each key of a mapping value on its own line (variables, secrets). */
  readonly perKey?: boolean;
  /** Why it is not mapped (for `not-yet` and `not-mapped`). */
  readonly why?: string;
  /** What to do instead. */
  readonly todo?: string;
}

/** Issue 15 adds stages (issue 14's production settings have landed). */
export const STAGES_ISSUE = 15;

const HTTP_TUNING = (what: string): Omit<FieldRule, 'field'> => ({
  state: 'not-mapped',
  why: `the load balancer's ${what} is fixed by the generated infrastructure`,
  todo: 'change it in src/infra (public-entry.ts / public-route.ts) if you depend on it',
});

export const FIELD_RULES: readonly FieldRule[] = [
  // Identity
  { field: 'name', state: 'ignored' },
  { field: 'type', state: 'ignored' },

  // image
  { field: 'image', state: 'mapped', descend: true },
  { field: 'image.build', state: 'mapped', ours: 'dockerBuild', descend: true },
  { field: 'image.build.dockerfile', state: 'mapped', ours: 'dockerBuild.dockerfile' },
  { field: 'image.build.context', state: 'mapped', ours: 'dockerBuild.context' },
  {
    field: 'image.build.args',
    state: 'not-mapped',
    why: 'dockerBuild has no build arguments',
    todo: 'make them the defaults of the ARG lines in the Dockerfile (ARG NAME=value)',
  },
  {
    field: 'image.build.target',
    state: 'not-mapped',
    why: 'dockerBuild builds the last stage',
    todo: 'make that stage the last one in the Dockerfile',
  },
  { field: 'image.build.cache_from', state: 'not-mapped', why: 'dockerBuild has no build cache sources', todo: 'nothing: it only speeds up builds' },
  { field: 'image.location', state: 'mapped', ours: 'image' },
  { field: 'image.port', state: 'mapped', ours: 'port' },
  { field: 'image.healthcheck', state: 'mapped', ours: 'healthCheckCommand', descend: true },
  { field: 'image.healthcheck.command', state: 'mapped', ours: 'healthCheckCommand' },
  ...['interval', 'retries', 'timeout', 'start_period'].map((k): FieldRule => ({
    field: `image.healthcheck.${k}`,
    state: 'not-mapped',
    why: 'the container health check runs every 15 s, 5 s timeout, 3 retries, 30 s start period here',
    todo: 'change them in src/infra/service.ts if your container needs others',
  })),
  {
    field: 'image.credentials',
    state: 'not-mapped',
    why: 'tasks here pull only from Amazon ECR in their own region, without registry credentials',
    todo: 'push the image to ECR (or create an ECR pull-through cache rule) and use its ECR URI as image',
  },
  {
    field: 'image.labels',
    state: 'not-mapped',
    why: 'the spec sets no Docker labels',
    todo: 'add them in src/infra/service.ts if something reads them',
  },
  {
    field: 'image.docker_labels',
    state: 'not-mapped',
    why: 'the spec sets no Docker labels',
    todo: 'add them in src/infra/service.ts if something reads them',
  },
  { field: 'image.depends_on', state: 'not-mapped', why: 'a task here has one container (and the Service Connect agent)', todo: 'see sidecars' },

  // Task size and count
  { field: 'cpu', state: 'mapped', ours: 'cpu' },
  { field: 'memory', state: 'mapped', ours: 'memory' },
  { field: 'count', state: 'mapped', ours: 'desiredCount', descend: true },
  // Autoscaling: mapped (or reported) by ./map-settings.ts, which writes each line.
  ...['range', 'cpu_percentage', 'memory_percentage', 'requests', 'response_time', 'queue_delay', 'cooldown'].map((k): FieldRule => ({
    field: `count.${k}`,
    state: 'mapped',
    ours: 'autoscaling',
  })),
  { field: 'count.spot', state: 'mapped', ours: 'spot, desiredCount' },

  // Production settings: mapped by ./map-settings.ts, one report line per variable and secret.
  { field: 'variables', state: 'mapped', ours: 'environment' },
  {
    field: 'env_file',
    state: 'not-mapped',
    ours: 'environment',
    why: 'the file is not read (it lived in S3 for Copilot)',
    todo: 'copy its variables to environment',
  },
  { field: 'secrets', state: 'mapped', ours: 'secrets' },
  { field: 'exec', state: 'mapped', ours: 'exec' },
  { field: 'platform', state: 'mapped', ours: 'arch' },
  {
    field: 'environments',
    state: 'not-mapped',
    ours: 'stages',
    why: "a stage needs its environment's account and region, which Copilot keeps outside the manifests; a stage overrides only profile, azs, domain, certificateArn, alarms and each service's desiredCount and autoscaling",
    todo: 'add the environment to stages (name, account, region: copilot env show -n <env> prints them) and set a count there as services.<service>.desiredCount; other fields are the same in every stage',
  },

  // Network
  { field: 'network', state: 'mapped', descend: true },
  { field: 'network.connect', state: 'mapped', ours: 'role, calls' },
  { field: 'network.vpc', state: 'mapped', descend: true },
  {
    field: 'network.vpc.placement',
    state: 'not-mapped',
    why: 'tasks always run in private isolated subnets here, with no route to the internet',
    todo: 'check that the service needs no internet access (public subnets or NAT gave it some)',
  },
  {
    field: 'network.vpc.security_groups',
    state: 'not-mapped',
    why: "security groups here follow the call graph; extra groups belong to Copilot's VPC",
    todo: 'grant access to the resources they opened in this VPC (src/infra)',
  },

  // http (Load Balanced Web Service: the public load balancer)
  { field: 'http', state: 'mapped', ours: 'public', descend: true },
  { field: 'http.path', state: 'mapped', ours: 'publicPath' },
  { field: 'http.healthcheck', state: 'mapped', ours: 'healthCheckPath', descend: true },
  { field: 'http.healthcheck.path', state: 'mapped', ours: 'healthCheckPath' },
  ...['port', 'success_codes', 'healthy_threshold', 'unhealthy_threshold', 'interval', 'timeout', 'grace_period'].map((k): FieldRule => ({
    field: `http.healthcheck.${k}`,
    ...HTTP_TUNING(`health check ${k.replace(/_/g, ' ')}`),
  })),
  {
    field: 'http.alias',
    state: 'not-mapped',
    why: 'the load balancer serves one domain (domain and certificateArn), and routes by path only',
    todo: "set domain and certificateArn; move the DNS records as the README's migration runbook says",
  },
  {
    field: 'http.hosted_zone',
    state: 'not-mapped',
    why: 'the generated stacks create no DNS records',
    todo: 'point the record at the new load balancer yourself (README: migration runbook)',
  },
  {
    field: 'http.target_container',
    state: 'not-mapped',
    why: 'the load balancer forwards to the app container; a task has no sidecars here',
    todo: 'see sidecars',
  },
  {
    field: 'http.target_port',
    state: 'not-mapped',
    why: "the load balancer forwards to the service's port",
    todo: "serve the load balancer's traffic on port",
  },
  {
    field: 'http.additional_rules',
    state: 'not-mapped',
    why: 'a service has one path on the load balancer',
    todo: 'serve the other paths under publicPath, or split them into services of their own',
  },
  { field: 'http.stickiness', ...HTTP_TUNING('stickiness') },
  { field: 'http.allowed_source_ips', ...HTTP_TUNING('source IP allow-list') },
  { field: 'http.deregistration_delay', ...HTTP_TUNING('deregistration delay') },
  { field: 'http.redirect_to_https', ...HTTP_TUNING('redirect to HTTPS (on whenever certificateArn is set)') },
  { field: 'http.version', ...HTTP_TUNING('protocol version (HTTP/1.1)') },
  {
    field: 'http.alb',
    state: 'not-mapped',
    why: 'the platform creates its own load balancer',
    todo: 'nothing; the imported load balancer stays with Copilot',
  },
  {
    field: 'Backend Service:http',
    state: 'not-mapped',
    ours: 'public',
    descend: true,
    why: 'a Backend Service behind an internal load balancer: this platform has only the public one; private services are reached through Service Connect',
    todo: "callers use http://<name>:<port> (their <NAME>_URL variable) instead of the internal load balancer's name",
  },
  {
    field: 'Backend Service:http.path',
    state: 'not-mapped',
    why: 'internal load balancer path; the service is private here',
    todo: 'serve it at the root of the service',
  },

  // Everything else a Load Balanced Web Service or Backend Service can have
  {
    field: 'nlb',
    state: 'not-mapped',
    why: 'no Network Load Balancer here: the public entry is the Application Load Balancer',
    todo: 'serve HTTP behind the load balancer, or add an NLB in src/infra',
  },
  {
    field: 'sidecars',
    state: 'not-mapped',
    why: 'a task has one container here, besides the Service Connect agent',
    todo: 'run each sidecar as a service of its own, or add the container in src/infra/service.ts',
  },
  {
    field: 'storage',
    state: 'not-mapped',
    why: 'no volumes here: neither EFS nor extra ephemeral storage',
    todo: 'keep the data in a data store; before retiring Copilot, copy or retain the EFS file system (README: migration runbook)',
  },
  {
    field: 'logging',
    state: 'not-mapped',
    why: 'logs go to CloudWatch Logs, one group per service; no FireLens',
    todo: 'subscribe to the log group, or add FireLens in src/infra/service.ts',
  },
  {
    field: 'observability',
    state: 'not-mapped',
    why: 'no tracing sidecar here',
    todo: 'instrument the app, or add the collector in src/infra/service.ts',
  },
  {
    field: 'publish',
    state: 'not-mapped',
    why: 'no SNS topics here',
    todo: 'create the topics in a stack of your own; the VPC needs an sns endpoint to reach them',
  },
  {
    field: 'taskdef_overrides',
    state: 'not-mapped',
    why: 'Copilot CloudFormation overrides do not apply to these stacks',
    todo: 'make the change in src/infra/service.ts',
  },
  {
    field: 'deployment',
    state: 'not-mapped',
    why: 'deployments here are rolling (100% minimum healthy) with the circuit breaker and rollback on',
    todo: 'change src/infra/service.ts if you need another strategy',
  },
  { field: 'entrypoint', state: 'not-mapped', why: "the spec runs the image's own ENTRYPOINT", todo: 'set ENTRYPOINT in the Dockerfile' },
  { field: 'command', state: 'not-mapped', why: "the spec runs the image's own CMD", todo: 'set CMD in the Dockerfile' },

  // Environment manifests
  { field: 'Environment:name', state: 'ignored' },
  { field: 'Environment:type', state: 'ignored' },
  {
    field: 'Environment:network',
    state: 'not-mapped',
    why: 'the platform creates its own VPC (private isolated subnets over azs Availability Zones, no NAT)',
    todo: 'nothing; an imported VPC stays with Copilot (reach resources in it through peering or a Transit Gateway)',
  },
  {
    field: 'Environment:http',
    state: 'not-mapped',
    why: 'one load balancer per platform, with domain and certificateArn for HTTPS',
    todo: 'set domain and certificateArn (an ACM certificate in the region you deploy to)',
  },
  {
    field: 'Environment:cdn',
    state: 'not-mapped',
    why: 'no CloudFront distribution here',
    todo: 'put a distribution in front of the load balancer yourself',
  },
  { field: 'Environment:observability', state: 'not-mapped', why: 'Container Insights settings are fixed here', todo: 'nothing' },
];

const BY_FIELD = new Map(FIELD_RULES.map((r) => [r.field, r]));

/** The rule of `field` for a workload of `type`: the type's own rule first, then the general one. */
export function fieldRule(type: string, field: string): FieldRule | undefined {
  return BY_FIELD.get(`${type}:${field}`) ?? (type === 'Environment' ? undefined : BY_FIELD.get(field));
}

/** Workload types that have no equivalent here, with why and what to do. */
export const UNMAPPED_WORKLOADS: Readonly<Record<string, { readonly why: string; readonly todo: string }>> = {
  'Worker Service': {
    why: 'a service that consumes SQS queues (subscribe); the platform has no queues or topics, and no sqs endpoint in the VPC',
    todo: 'keep it on Copilot until its queues exist here, then add it as a client-only service (dockerBuild with its Dockerfile) and an sqs endpoint',
  },
  'Scheduled Job': {
    why: 'a task run on a schedule (EventBridge + Step Functions); the spec has long-running services only',
    todo: 'keep it on Copilot, or run it as an ECS scheduled task in a stack of your own (same cluster and subnets)',
  },
  'Request-Driven Web Service': {
    why: 'an AWS App Runner service; this platform runs ECS on Fargate only',
    todo: 'add it as a public service (dockerBuild with its Dockerfile, port 8080 or its own), or keep it on App Runner',
  },
  'Static Site': {
    why: 'files in S3 behind CloudFront; this platform runs containers',
    todo: 'keep it on Copilot, or serve the files from one of the services',
  },
};

/** The workload types this importer maps to services. */
export const MAPPED_WORKLOADS = ['Load Balanced Web Service', 'Backend Service'] as const;

/** Every workload type Copilot knows (manifest `type`). */
export const WORKLOAD_TYPES: readonly string[] = [...MAPPED_WORKLOADS, ...Object.keys(UNMAPPED_WORKLOADS)];
