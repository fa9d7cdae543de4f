/**
 * The value rules of a spec, one small pure function per kind of value, each returning the
 * message for the first rule the value breaks (or `undefined` when it is valid). The
 * normalizer applies them to the spec; the CLI prompts apply the same functions to what
 * the user types, so both report the same texts.
 *
 * Each string rule ends in one regular expression (`PATTERNS`) that is also the `pattern`
 * of the JSON Schema; the step-by-step checks before it only choose the most helpful
 * message. The tests check that the step-by-step checks and the pattern agree.
 */
import { ECR_IMAGE_PATTERN_SOURCE } from './ecr';
import { AWS_PARTITION_REGIONS } from './aws-regions';
import { LIMITS } from './limits';
import { partitionOf } from './partition';
import { fargateTaskSize } from './fargate';
import * as m from './messages';
import type { Arch, Profile, Role } from './types';

// Their own modules now (the synth loads them without the rules); still the rules' too.
export { LIMITS, partitionOf };

export const ROLES: readonly Role[] = ['client-only', 'client-server'];
export const PROFILES: readonly Profile[] = ['dev', 'prod'];
export const ARCHS: readonly Arch[] = ['x86_64', 'arm64'];

const KEBAB = '[a-z](?:[a-z0-9-]*[a-z0-9])?';
const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const PATH_SEGMENT = '(?!\\.\\.?(?:/|$))[A-Za-z0-9._~-]+';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const REGISTRY = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
/** A segment of a build path: no spaces, quotes, backslashes or `$` (docker compose would interpolate it). */
const BUILD_SEGMENT = '[A-Za-z0-9._~@+,-]+';
/** Line breaks, C0/C1 controls, and the invisible characters that can make text read differently than it runs. */
const COMMAND_FORBIDDEN = '\\u0000-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff';
// What resolvers read as an IPv4 address (inet_aton: one to four dot-separated decimal,
// octal or hex numbers), and any name whose last label is a number (no top-level domain
// is one): a DNS name is never either.
const NOT_AN_IP = '(?!(?:.*\\.)?[0-9]+$)(?!(?:(?:0x[0-9a-f]*|[0-9]+)\\.){0,3}(?:0x[0-9a-f]*|[0-9]+)$)';
// An ACM (or SNS) ARN names a known partition and one of its regions.
const partitionRegions = (service: string) =>
  Object.entries(AWS_PARTITION_REGIONS)
    .map(([partition, regions]) => `${partition}:${service}:(?:${regions.join('|')})`)
    .join('|');
const PARTITION_REGIONS = partitionRegions('acm');
const ALL_REGIONS = Object.values(AWS_PARTITION_REGIONS).flat();
const PARTITIONS = Object.keys(AWS_PARTITION_REGIONS).join('|');

/**
 * The patterns of the string values, as ECMA-262 source text (the JSON Schema uses exactly
 * these strings). Lengths are separate rules (`LIMITS`, `maxLength` in the schema).
 */
export const PATTERN_SOURCES = {
  projectName: `^(?!.*--)${KEBAB}$`,
  serviceName: `^(?!localhost$)(?!.*--)${KEBAB}$`,
  namespace: `^${NOT_AN_IP}${DNS_LABEL}(?:\\.${DNS_LABEL})*$`,
  domain: `^${NOT_AN_IP}${DNS_LABEL}(?:\\.${DNS_LABEL})+$`,
  certificateArn: `^arn:(?:${PARTITION_REGIONS}):[0-9]{12}:certificate/[A-Za-z0-9-]+$`,
  publicPath: `^/(?:${PATH_SEGMENT}(?:/${PATH_SEGMENT})*)?$`,
  healthCheckPath: `^/(?:${PATH_SEGMENT}(?:/|$))*$`,
  image: ECR_IMAGE_PATTERN_SOURCE,
  healthCheckCommand: `^(?:none|(?!\\s*[Nn][Oo][Nn][Ee]\\s*$)(?=.*\\S)[^${COMMAND_FORBIDDEN}]+)$`,
  buildContext: `^${BUILD_SEGMENT}(?:/${BUILD_SEGMENT})*$`,
  buildDockerfile: `^(?!(?:.*/)?\\.\\.(?:/|$))${BUILD_SEGMENT}(?:/${BUILD_SEGMENT})*$`,
  copilotName: '^[a-z][a-z0-9-]+$',
  email: '^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$',
  topicArn: `^arn:(?:${partitionRegions('sns')}):[0-9]{12}:[A-Za-z0-9_-]{1,256}$`,
  envName: '^[A-Za-z_][A-Za-z0-9_]*$',
  envValue: `^[^${COMMAND_FORBIDDEN}]*$`,
  secretRef: '^(?:ssm:[^#]+|secretsmanager:[^#]+(?:#(?:(?![:#])[!-~])+)?)$',
  stageName: `^(?!.*--)${KEBAB}$`,
  account: '^[0-9]{12}$',
  region: `^(?:${ALL_REGIONS.join('|')})$`,
  roleArn: `^arn:(?:${PARTITIONS}):iam::[0-9]{12}:role/(?:[A-Za-z0-9+=,.@_-]+/)*[A-Za-z0-9+=,.@_-]{1,64}$`,
} as const;

/** Any container image reference, `[registry[:port]/]repository[:tag][@sha256:digest]`: only chooses the message for an image outside ECR. */
const IMAGE_REFERENCE = new RegExp(
  `^(?:${REGISTRY}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
  'u',
);
/** A first component that names an ECR registry, well formed or not. */
const ECR_LIKE_REGISTRY = /^[^/]*\.dkr\.ecr[^/]*\.amazonaws\.com(?:\.cn)?(?::[0-9]*)?\//i;

export type PatternName = keyof typeof PATTERN_SOURCES;

export const PATTERNS: { readonly [K in PatternName]: RegExp } = {
  projectName: new RegExp(PATTERN_SOURCES.projectName, 'u'),
  serviceName: new RegExp(PATTERN_SOURCES.serviceName, 'u'),
  namespace: new RegExp(PATTERN_SOURCES.namespace, 'u'),
  domain: new RegExp(PATTERN_SOURCES.domain, 'u'),
  certificateArn: new RegExp(PATTERN_SOURCES.certificateArn, 'u'),
  publicPath: new RegExp(PATTERN_SOURCES.publicPath, 'u'),
  healthCheckPath: new RegExp(PATTERN_SOURCES.healthCheckPath, 'u'),
  image: new RegExp(PATTERN_SOURCES.image, 'u'),
  healthCheckCommand: new RegExp(PATTERN_SOURCES.healthCheckCommand, 'u'),
  buildContext: new RegExp(PATTERN_SOURCES.buildContext, 'u'),
  buildDockerfile: new RegExp(PATTERN_SOURCES.buildDockerfile, 'u'),
  copilotName: new RegExp(PATTERN_SOURCES.copilotName, 'u'),
  email: new RegExp(PATTERN_SOURCES.email, 'u'),
  topicArn: new RegExp(PATTERN_SOURCES.topicArn, 'u'),
  envName: new RegExp(PATTERN_SOURCES.envName, 'u'),
  envValue: new RegExp(PATTERN_SOURCES.envValue, 'u'),
  secretRef: new RegExp(PATTERN_SOURCES.secretRef, 'u'),
  stageName: new RegExp(PATTERN_SOURCES.stageName, 'u'),
  account: new RegExp(PATTERN_SOURCES.account, 'u'),
  region: new RegExp(PATTERN_SOURCES.region, 'u'),
  roleArn: new RegExp(PATTERN_SOURCES.roleArn, 'u'),
};

function length(s: string): number {
  return [...s].length;
}

/** The first character of `s` (a whole code point) not matching `allowed`. */
function firstBadChar(s: string, allowed: RegExp): string | undefined {
  for (const ch of s) if (!allowed.test(ch)) return ch;
  return undefined;
}

function fallback(value: string): string {
  return m.notValid(value);
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

function kebabName(value: string, kind: 'project' | 'service'): string | undefined {
  if (value === '') return m.nameEmpty(kind);
  const bad = firstBadChar(value, /^[a-z0-9-]$/);
  if (bad !== undefined) return m.nameBadChar(value, bad, kind);
  if (!/^[a-z]/.test(value)) return m.nameStart(value);
  if (value.endsWith('-')) return m.nameTrailingHyphen(value);
  if (value.includes('--')) return m.nameDoubleHyphen(value);
  return undefined;
}

/** The project name: kebab-case, at most 32 characters. */
export function validateProjectName(value: string): string | undefined {
  const problem = kebabName(value, 'project');
  if (problem !== undefined) return problem;
  if (length(value) > LIMITS.projectNameMaxLength) return m.projectNameTooLong(value, LIMITS.projectNameMaxLength);
  return PATTERNS.projectName.test(value) ? undefined : fallback(value);
}

/** A service name: a lowercase DNS label of at most 63 characters, not `localhost`. */
export function validateServiceName(value: string): string | undefined {
  const problem = kebabName(value, 'service');
  if (problem !== undefined) return problem;
  if (length(value) > LIMITS.serviceNameMaxLength) return m.serviceNameTooLong(value, LIMITS.serviceNameMaxLength);
  if (value === 'localhost') return m.serviceNameReserved(value);
  return PATTERNS.serviceName.test(value) ? undefined : fallback(value);
}

/** A stage's name: a lowercase DNS label of at most 24 characters (it goes into the deploy role's name). */
export function validateStageName(value: string): string | undefined {
  if (value.length > LIMITS.stageNameMaxLength) return m.stageNameTooLong(value, LIMITS.stageNameMaxLength);
  return PATTERNS.stageName.test(value) ? undefined : m.notAStageName(value);
}

// ---------------------------------------------------------------------------------------
// Stages: accounts, regions, roles
// ---------------------------------------------------------------------------------------

/** An AWS account id: 12 digits. */
export function validateAccount(value: string): string | undefined {
  return PATTERNS.account.test(value) ? undefined : m.notAnAccount(value);
}

/** A region aws-cdk-lib's region table knows. */
export function validateRegion(value: string): string | undefined {
  return PATTERNS.region.test(value) ? undefined : m.notARegion(value, suggest(value, ALL_REGIONS));
}

/** An IAM role ARN (`arn:<partition>:iam::<account>:role/<path/><name>`). */
export function validateRoleArn(value: string): string | undefined {
  return PATTERNS.roleArn.test(value) ? undefined : m.notARoleArn(value);
}

// ---------------------------------------------------------------------------------------
// DNS names
// ---------------------------------------------------------------------------------------

function dnsName(value: string, key: 'namespace' | 'domain', example: string): string | undefined {
  if (value === '') return m.emptyValue(example);
  const bad = firstBadChar(value, /^[A-Za-z0-9.-]$/);
  if (bad !== undefined) return m.dnsBadChar(value, bad, key);
  if (/[A-Z]/.test(value)) return m.dnsUppercase(value);
  const labels = value.split('.');
  if (labels.some((l) => l === '')) return m.dnsEmptyLabel(value);
  const long = labels.find((l) => l.length > LIMITS.dnsLabelMaxLength);
  if (long !== undefined) return m.dnsLabelTooLong(value, long.length, LIMITS.dnsLabelMaxLength);
  const hyphen = labels.find((l) => l.startsWith('-') || l.endsWith('-'));
  if (hyphen !== undefined) return m.dnsLabelHyphen(value, hyphen);
  if (value.length > LIMITS.dnsNameMaxLength) return m.dnsTooLong(value, LIMITS.dnsNameMaxLength);
  if (isIpLiteral(labels)) return m.dnsIpLiteral(value, key);
  if (key === 'domain' && labels.length < 2) return m.domainNotQualified(value);
  return PATTERNS[key].test(value) ? undefined : fallback(value);
}

/** An IPv4 address as resolvers read it (`10.0.0.1`, `127.1`, `0x7f.1`), or a name ending in a number. */
function isIpLiteral(labels: readonly string[]): boolean {
  const number = /^(?:0x[0-9a-f]*|[0-9]+)$/;
  return /^[0-9]+$/.test(labels[labels.length - 1]) || (labels.length <= 4 && labels.every((l) => number.test(l)));
}

/** The Cloud Map namespace: a lowercase DNS name. */
export function validateNamespace(value: string): string | undefined {
  return dnsName(value, 'namespace', 'shop.internal');
}

/** The public domain: a lowercase, fully qualified host name. */
export function validateDomain(value: string): string | undefined {
  return dnsName(value, 'domain', 'api.example.com');
}

/** An ACM certificate ARN, in a partition and region that aws-cdk-lib knows. */
export function validateCertificateArn(value: string): string | undefined {
  const parts = /^arn:([^:]*):acm:([^:]*):[0-9]{12}:certificate\/[A-Za-z0-9-]+$/.exec(value);
  if (parts === null) return m.notACertificateArn(value);
  const [, partition, region] = parts;
  const partitions = Object.keys(AWS_PARTITION_REGIONS);
  const regions = Object.prototype.hasOwnProperty.call(AWS_PARTITION_REGIONS, partition) ? AWS_PARTITION_REGIONS[partition] : undefined;
  if (regions === undefined) return m.unknownPartition(value, partition, partitions);
  if (!regions.includes(region)) {
    const home = partitions.find((p) => AWS_PARTITION_REGIONS[p].includes(region));
    return m.unknownRegion(value, region, partition, home, home === undefined ? suggest(region, regions) : undefined);
  }
  return PATTERNS.certificateArn.test(value) ? undefined : m.notACertificateArn(value);
}

// ---------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------

function urlPath(value: string, key: 'publicPath' | 'healthCheckPath', max: number): string | undefined {
  if (!value.startsWith('/')) return m.pathNoLeadingSlash(value);
  const bad = firstBadChar(value, /^[A-Za-z0-9._~/-]$/);
  if (bad !== undefined) return m.pathBadChar(value, bad, key);
  if (value.includes('//')) return m.pathEmptySegment(value);
  const dot = value.split('/').find((s) => s === '.' || s === '..');
  if (dot !== undefined) return m.pathDotSegment(value, dot);
  if (key === 'publicPath' && value !== '/' && value.endsWith('/')) return m.pathTrailingSlash(value);
  if (length(value) > max) return m.pathTooLong(value, key, max);
  return PATTERNS[key].test(value) ? undefined : fallback(value);
}

/** The path prefix of a public service on the load balancer, e.g. `/api`. */
export function validatePublicPath(value: string): string | undefined {
  return urlPath(value, 'publicPath', LIMITS.publicPathMaxLength);
}

/** The liveness path the container and load balancer health checks request. */
export function validateHealthCheckPath(value: string): string | undefined {
  return urlPath(value, 'healthCheckPath', LIMITS.healthCheckPathMaxLength);
}

// ---------------------------------------------------------------------------------------
// image
// ---------------------------------------------------------------------------------------

/**
 * An image in Amazon ECR: `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag][@sha256:digest]`.
 * Tasks in isolated subnets reach no other registry (the region is checked across the spec
 * by the normalizer, and against the stack's region at deploy).
 */
export function validateImage(value: string): string | undefined {
  if (value === '') return m.imageEmpty();
  if (length(value) > LIMITS.imageMaxLength) return m.imageTooLong(value, LIMITS.imageMaxLength);
  if (PATTERNS.image.test(value)) return undefined;
  if (!ECR_LIKE_REGISTRY.test(value) && IMAGE_REFERENCE.test(value)) return m.imageNotInEcr(value);
  return m.imageInvalid(value);
}

// ---------------------------------------------------------------------------------------
// healthCheckCommand
// ---------------------------------------------------------------------------------------

/** A shell command run in the container as its health check, or `none`. */
export function validateHealthCheckCommand(value: string): string | undefined {
  if (value.trim() === '') return m.healthCheckCommandEmpty();
  const bad = firstBadChar(value, new RegExp(`^[^${COMMAND_FORBIDDEN}]$`, 'u'));
  if (bad !== undefined) return m.healthCheckCommandBadChar(value, bad);
  if (length(value) > LIMITS.healthCheckCommandMaxLength) return m.healthCheckCommandTooLong(value, LIMITS.healthCheckCommandMaxLength);
  if (value !== 'none' && value.trim().toLowerCase() === 'none') return m.healthCheckCommandNone(value);
  return PATTERNS.healthCheckCommand.test(value) ? undefined : fallback(value);
}

// ---------------------------------------------------------------------------------------
// build
// ---------------------------------------------------------------------------------------

function buildPath(value: string, key: 'context' | 'dockerfile'): string | undefined {
  if (value === '') return m.buildPathEmpty(key);
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value) || value.startsWith('\\')) return m.buildPathAbsolute(value, key);
  const bad = firstBadChar(value, /^[A-Za-z0-9._~@+,\/-]$/);
  if (bad !== undefined) return m.buildPathBadChar(value, bad, key);
  if (value.includes('//') || value.endsWith('/')) return m.buildPathEmptySegment(value);
  if (key === 'dockerfile' && value.split('/').includes('..')) return m.dockerfileOutsideContext(value);
  if (length(value) > LIMITS.buildPathMaxLength) return m.buildPathTooLong(value, key, LIMITS.buildPathMaxLength);
  return PATTERNS[key === 'context' ? 'buildContext' : 'buildDockerfile'].test(value) ? undefined : fallback(value);
}

/** The Docker build context of a `build` service, relative to the repository root. */
export function validateBuildContext(value: string): string | undefined {
  return buildPath(value, 'context');
}

/** The Dockerfile of a `build` service, relative to its context and inside it. */
export function validateBuildDockerfile(value: string): string | undefined {
  return buildPath(value, 'dockerfile');
}

// ---------------------------------------------------------------------------------------
// copilotMigration
// ---------------------------------------------------------------------------------------

/** A Copilot application or environment name, as Copilot itself accepts it. */
export function validateCopilotName(value: string): string | undefined {
  if (length(value) > LIMITS.copilotNameMaxLength) return m.copilotNameTooLong(value, LIMITS.copilotNameMaxLength);
  return PATTERNS.copilotName.test(value) ? undefined : m.notACopilotName(value);
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

/** `undefined` for an integer, else the message. */
export function validateInteger(value: unknown): string | undefined {
  if (typeof value !== 'number') return m.typeMismatch(value, m.EXPECT.integer);
  return Number.isInteger(value) ? undefined : m.notAnInteger(value);
}

/** The app's port: a TCP port (1-65535) from 1024, which a non-root user can bind. */
export function validatePort(value: number): string | undefined {
  const problem = validateInteger(value) ?? (value >= LIMITS.minPort && value <= LIMITS.maxPort ? undefined : m.notAPort(value));
  if (problem !== undefined) return problem;
  return value < LIMITS.minUnprivilegedPort ? m.privilegedPort(value, LIMITS.minUnprivilegedPort) : undefined;
}

/** The number of Availability Zones, 2-6. */
export function validateAzs(value: number): string | undefined {
  return (
    validateInteger(value) ?? (value >= LIMITS.minAzs && value <= LIMITS.maxAzs ? undefined : m.azsOutOfRange(value, LIMITS.minAzs, LIMITS.maxAzs))
  );
}

/** The app's CPU units (without the sidecar); the upper bound is checked with memory by `validateTaskSize`. */
export function validateCpu(value: number): string | undefined {
  return validateInteger(value) ?? (value >= LIMITS.minCpu ? undefined : m.cpuTooSmall(value, LIMITS.minCpu));
}

/** The app's memory in MiB (without the sidecar); the upper bound is checked by `validateTaskSize`. */
export function validateMemory(value: number): string | undefined {
  return validateInteger(value) ?? (value >= LIMITS.minMemory ? undefined : m.memoryTooSmall(value, LIMITS.minMemory));
}

/** The app's share plus the Service Connect sidecar must fit a Fargate task size. */
export function validateTaskSize(cpu: number, memory: number): string | undefined {
  return fargateTaskSize(cpu, memory) === undefined ? m.taskTooLarge(cpu, memory) : undefined;
}

/** The number of tasks, 1-100. */
export function validateDesiredCount(value: number): string | undefined {
  return (
    validateInteger(value) ??
    (value >= LIMITS.minDesiredCount && value <= LIMITS.maxDesiredCount
      ? undefined
      : m.desiredCountOutOfRange(value, LIMITS.minDesiredCount, LIMITS.maxDesiredCount))
  );
}

// ---------------------------------------------------------------------------------------
// Production settings
// ---------------------------------------------------------------------------------------

/** Percentage of tasks on Fargate Spot, 0-100. */
export function validateSpot(value: number): string | undefined {
  return validateInteger(value) ?? (value >= LIMITS.minSpot && value <= LIMITS.maxSpot ? undefined : m.spotOutOfRange(value));
}

function validateTimeout(key: 'perRequest' | 'idle', value: number): string | undefined {
  return (
    validateInteger(value) ??
    (value >= LIMITS.minTimeoutSeconds && value <= LIMITS.maxTimeoutSeconds
      ? undefined
      : m.timeoutOutOfRange(key, value, LIMITS.minTimeoutSeconds, LIMITS.maxTimeoutSeconds))
  );
}

/** Service Connect per-request timeout, seconds. */
export function validatePerRequestTimeout(value: number): string | undefined {
  return validateTimeout('perRequest', value);
}

/** Service Connect idle timeout, seconds. */
export function validateIdleTimeout(value: number): string | undefined {
  return validateTimeout('idle', value);
}

/** An email address for the alarm topic's subscription. */
export function validateEmail(value: string): string | undefined {
  if (length(value) > LIMITS.emailMaxLength || !PATTERNS.email.test(value)) return m.notAnEmail(value);
  return undefined;
}

/** An existing standard SNS topic: arn:<partition>:sns:<region>:<account>:<name>, partition and region known. */
export function validateTopicArn(value: string): string | undefined {
  const parts = /^arn:([^:]*):sns:([^:]*):[0-9]{12}:[A-Za-z0-9_-]{1,256}$/.exec(value);
  if (parts === null) return m.notATopicArn(value);
  const [, partition, region] = parts;
  const partitions = Object.keys(AWS_PARTITION_REGIONS);
  const regions = Object.prototype.hasOwnProperty.call(AWS_PARTITION_REGIONS, partition) ? AWS_PARTITION_REGIONS[partition] : undefined;
  if (regions === undefined) return m.unknownPartition(value, partition, partitions);
  if (!regions.includes(region)) {
    const home = partitions.find((p) => AWS_PARTITION_REGIONS[p].includes(region));
    return m.unknownRegion(value, region, partition, home, home === undefined ? suggest(region, regions) : undefined, 'sns');
  }
  return PATTERNS.topicArn.test(value) ? undefined : m.notATopicArn(value);
}

// ---------------------------------------------------------------------------------------
// autoscaling, environment, secrets
// ---------------------------------------------------------------------------------------

function inRange(value: number, key: string, min: number, max: number, what: string): string | undefined {
  return validateInteger(value) ?? (value >= min && value <= max ? undefined : m.scalingOutOfRange(value, key, min, max, what));
}

/** autoscaling.min / max: a task count, as desiredCount. */
export function validateScalingCount(key: 'min' | 'max'): (value: number) => string | undefined {
  return (value) => inRange(value, key, LIMITS.minDesiredCount, LIMITS.maxDesiredCount, key === 'min' ? 'the fewest tasks' : 'the most tasks');
}

/** autoscaling.cpu / memory: the average utilization to hold, in percent. */
export function validateScalingPercent(key: 'cpu' | 'memory'): (value: number) => string | undefined {
  return (value) =>
    inRange(value, key, LIMITS.minScalingTarget, LIMITS.maxScalingTarget, `the average ${key === 'cpu' ? 'CPU' : 'memory'} % to hold`);
}

/** autoscaling.requests: load balancer requests per task per minute. */
export function validateScalingRequests(value: number): string | undefined {
  return inRange(value, 'requests', LIMITS.minRequestsTarget, LIMITS.maxRequestsTarget, 'load balancer requests per task per minute');
}

/** An environment variable's name (of `environment` or `secrets`). */
export function validateEnvName(name: string): string | undefined {
  if (length(name) > LIMITS.envNameMaxLength) return m.envNameTooLong(name, LIMITS.envNameMaxLength);
  return PATTERNS.envName.test(name) ? undefined : m.envNameInvalid(name);
}

/** A plain environment variable's value: one line of text. */
export function validateEnvValue(value: string): string | undefined {
  const bad = firstBadChar(value, new RegExp(`^[^${COMMAND_FORBIDDEN}]$`, 'u'));
  if (bad !== undefined) return m.envValueBadChar(value, bad);
  if (length(value) > LIMITS.envValueMaxLength) return m.envValueTooLong(LIMITS.envValueMaxLength);
  return PATTERNS.envValue.test(value) ? undefined : fallback(value);
}

// ---------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------

const ROLE_ALIASES: Readonly<Record<string, string>> = { server: 'client-server', client: 'client-only' };
const PROFILE_ALIASES: Readonly<Record<string, string>> = { production: 'prod', development: 'dev' };

/** `client-only` or `client-server`. */
export function validateRole(value: string): string | undefined {
  return (ROLES as readonly string[]).includes(value) ? undefined : m.notARole(value, suggest(value, ROLES, ROLE_ALIASES));
}

const ARCH_ALIASES: Readonly<Record<string, string>> = {
  amd64: 'x86_64',
  x64: 'x86_64',
  'x86-64': 'x86_64',
  arm: 'arm64',
  aarch64: 'arm64',
  graviton: 'arm64',
};

/** `x86_64` or `arm64`. */
export function validateArch(value: string): string | undefined {
  return (ARCHS as readonly string[]).includes(value) ? undefined : m.notAnArch(value, suggest(value, ARCHS, ARCH_ALIASES));
}

/** `dev` or `prod`. */
export function validateProfile(value: string): string | undefined {
  return (PROFILES as readonly string[]).includes(value) ? undefined : m.notAProfile(value, suggest(value, PROFILES, PROFILE_ALIASES));
}

// ---------------------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------------------

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push([i]);
    for (let j = 1; j <= b.length; j++) d[i].push(i === 0 ? j : 0);
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate the user probably meant: a known alias, a case-insensitive match, or the
 * closest candidate within edit distance 2 (and closer than the input's own length, so
 * that "a" does not suggest "azs"). Ties go to the earlier candidate.
 */
export function suggest(input: string, candidates: readonly string[], aliases: Readonly<Record<string, string>> = {}): string | undefined {
  if (input.length > 64) return undefined;
  const lower = input.toLowerCase();
  const alias = Object.prototype.hasOwnProperty.call(aliases, lower) ? aliases[lower] : undefined;
  if (alias !== undefined) return alias;
  const same = candidates.find((c) => c.toLowerCase() === lower);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const distance = editDistance(lower, c.toLowerCase());
    if (distance < bestDistance && distance < Math.min(input.length, c.length)) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}
