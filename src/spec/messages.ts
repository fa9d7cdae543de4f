/**
 * Every message the spec module reports, in one place, so that the CLI prompts and the
 * normalizer say exactly the same thing about the same mistake.
 *
 * Messages never embed user text raw: values pass through `show()`, which quotes them,
 * escapes anything outside printable ASCII (newlines, terminal escapes, bidi controls) and
 * shortens long values. A message is always a single line.
 */
import { MAX_FARGATE_TASK, SIDECAR_CPU, SIDECAR_MEMORY } from './fargate';

/** Longest part of a user string quoted back in a message (an ACM ARN fits). */
const SHOW_MAX = 100;

/** Quotes a string for a message: `"a\nb"`; escapes all but printable ASCII. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c > 0xffff) out += `\\u{${c.toString(16)}}`;
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** A user value as shown in a message: strings quoted (and cut at 100 characters), numbers as is. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const chars = [...value];
    return chars.length > SHOW_MAX ? quote(`${chars.slice(0, SHOW_MAX).join('')}...`) : quote(value);
  }
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'bigint') return `${value}`;
  return kindOf(value);
}

/** The kind of a raw value, in the words of a YAML/JSON author. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  const t = typeof value;
  if (t === 'bigint') return 'number';
  if (t !== 'object') return t;
  const proto = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return 'mapping';
  const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && /^[A-Za-z0-9_$]{1,40}$/.test(ctor.name) ? ctor.name : 'object';
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

// ---------------------------------------------------------------------------------------
// Expected-type phrases
// ---------------------------------------------------------------------------------------

export const EXPECT = {
  integer: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  spec: 'a mapping with name and services',
  service: 'a mapping with name, role and port',
  services: 'a list of services',
  calls: 'a list of service names',
  serviceName: 'a service name (a string)',
  dockerBuild: 'a mapping with context (and optionally dockerfile)',
  copilotMigration: 'a mapping with application (and optionally environments)',
  environments: 'a list of Copilot environment names',
  timeouts: 'a mapping with perRequest and/or idle (seconds)',
  alarms: 'a mapping with email or topicArn',
  stages: 'a list of stages',
  stage: 'a mapping with name, account and region',
  stageServices: 'a mapping of service names to { desiredCount, autoscaling }',
  stageService: 'a mapping with desiredCount and/or autoscaling',
} as const;

// ---------------------------------------------------------------------------------------
// Structure and types
// ---------------------------------------------------------------------------------------

/** `"80" is a string, expected an integer`; `a list was given, expected a string`. */
export function typeMismatch(value: unknown, expected: string): string {
  const kind = kindOf(value);
  if (value === null || value === undefined) return `no value (null) was given, expected ${expected}`;
  if (kind === 'list' || kind === 'mapping') return `a ${kind} was given, expected ${expected}`;
  if (kind === 'string' || kind === 'number' || kind === 'boolean') return `${show(value)} is ${article(kind)}, expected ${expected}`;
  return `a value of type ${kind} was given, expected ${expected}`;
}

/** `8.5 is not a whole number, expected an integer`. */
export function notAnInteger(value: number): string {
  return `${show(value)} is not a whole number, expected an integer`;
}

/** `is required (the port the app listens on, 1-65535)`. */
export function required(hint: string): string {
  return `is required (${hint})`;
}

export const REQUIRED_HINT = {
  stageName: 'a lowercase DNS label such as "prod"; npx projen deploy:<name> deploys the stage',
  stageAccount: 'the 12-digit AWS account id the stage deploys to, quoted, e.g. "111111111111"',
  stageRegion: 'the region the stage deploys to, e.g. "eu-west-1"',
  name: 'a short kebab-case project name such as "shop"; it prefixes stack, cluster and resource names',
  services: 'a list of services, each with name, role and port',
  serviceName: 'a lowercase DNS label such as "orders"; other services call it by this name',
  role: '"client-server" if other services call it, "client-only" if none does',
  port: 'the port the app listens on, 1024-65535',
  buildContext: 'the Docker build context, relative to the repository root, e.g. "../api"',
  copilotApplication: "the Copilot application's name, as in copilot/.workspace",
  scalingMin: 'the fewest tasks, e.g. 2',
  scalingMax: 'the most tasks, e.g. 10',
} as const;

/** `the value is empty; remove the key or give a value such as "shop.internal"`. */
export function emptyValue(example: string): string {
  return `the value is empty; remove the key or give a value such as ${quote(example)}`;
}

/** Safety net for a value that passes every specific check but not the final pattern. */
export function notValid(value: string): string {
  return `${show(value)} is not valid`;
}

/** `unknown key "prot"; did you mean "port"?` or `unknown key "x"; allowed keys: a, b`. */
export function unknownKey(key: string, allowed: readonly string[], suggestion?: string): string {
  return suggestion !== undefined
    ? `unknown key ${show(key)}; did you mean ${show(suggestion)}?`
    : `unknown key ${show(key)}; allowed keys: ${allowed.join(', ')}`;
}

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

const PROJECT_NAME_CHARS = 'a project name uses only lowercase letters, digits and hyphens (kebab-case, e.g. "shop-platform")';
const SERVICE_NAME_CHARS = 'a service name uses only lowercase letters, digits and hyphens (a DNS label, e.g. "orders-api")';

/** `the name is empty; ...`. */
export function nameEmpty(kind: 'project' | 'service'): string {
  return kind === 'project'
    ? 'the name is empty; use a short kebab-case name such as "shop"'
    : 'the name is empty; use a lowercase DNS label such as "orders"';
}

/** `"My App" contains "M", which is not allowed; ...`. */
export function nameBadChar(value: string, ch: string, kind: 'project' | 'service'): string {
  return `${show(value)} contains ${quote(ch)}, which is not allowed; ${kind === 'project' ? PROJECT_NAME_CHARS : SERVICE_NAME_CHARS}`;
}

/** `"1shop" must start with a lowercase letter`. */
export function nameStart(value: string): string {
  return `${show(value)} must start with a lowercase letter`;
}

/** `"shop-" ends with a hyphen; remove it`. */
export function nameTrailingHyphen(value: string): string {
  return `${show(value)} ends with a hyphen; remove it`;
}

/** `"a--b" contains "--"; ...` (why: identifiers derived from names would collide). */
export function nameDoubleHyphen(value: string): string {
  return (
    `${show(value)} contains "--"; use single hyphens (names are split on hyphens into identifiers ` +
    'such as "ordersApi", where "a--b" and "a-b" would collide; "--" in a DNS label is also reserved for IDNs like "xn--")'
  );
}

/** `"<33 chars>" is 33 characters; the project name is at most 32 ...`. */
export function projectNameTooLong(value: string, max: number): string {
  return `${show(value)} is ${[...value].length} characters; the project name is at most ${max} because it prefixes stack names, the cluster name and resource names`;
}

/** `"<64 chars>" is 64 characters; a service name is at most 63 ...`. */
export function serviceNameTooLong(value: string, max: number): string {
  return (
    `${show(value)} is ${[...value].length} characters; a service name is at most ${max}: it is the Service Connect ` +
    `discovery name and DNS name, and a DNS label holds at most ${max} characters (ECS alone would allow 255)`
  );
}

/** `"localhost" is reserved: ...`. */
export function serviceNameReserved(value: string): string {
  return (
    `${show(value)} is reserved: Service Connect writes every service name into each task's /etc/hosts, ` +
    'so this name would take over localhost; choose another name'
  );
}

/** `"orders" is already used by services[1]`. */
export function duplicateServiceName(name: string, firstPath: string): string {
  return `${show(name)} is already used by ${firstPath}`;
}

// ---------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------

/** `"server" is not a role; use "client-server" (...) or "client-only" (...)`. */
export function notARole(value: string, suggestion?: string): string {
  const hint = suggestion !== undefined ? ` (did you mean ${show(suggestion)}?)` : '';
  return (
    `${show(value)} is not a role${hint}; use "client-server" (other services call it: it registers a Service Connect endpoint) ` +
    'or "client-only" (it only calls others or is reached through the load balancer: it registers no endpoint)'
  );
}

/** `"staging" is not a profile; use "dev" (...) or "prod" (...)`. */
export function notAProfile(value: string, suggestion?: string): string {
  const hint = suggestion !== undefined ? ` (did you mean ${show(suggestion)}?)` : '';
  return (
    `${show(value)} is not a profile${hint}; use "dev" (cheaper: one task per service by default) ` +
    'or "prod" (two tasks per service by default, for availability)'
  );
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

/** `70000 is not a port (1-65535)`. */
export function notAPort(value: number): string {
  return `${show(value)} is not a port (1-65535)`;
}

/** `port 80 is below 1024, which a non-root process cannot bind on Fargate ...; use ... 8080`. */
export function privilegedPort(value: number, min: number): string {
  return (
    `port ${show(value)} is below ${min}, which a non-root process cannot bind on Fargate (the generated app runs as the user "node"); ` +
    `use a port from ${min}, e.g. ${value + 8000}: the load balancer still listens on 80/443, and callers use http://<name>:<port>`
  );
}

/** `7 is out of range; azs is 2 to 6 (...)`. */
export function azsOutOfRange(value: number, min: number, max: number): string {
  return (
    `${show(value)} is out of range; azs is ${min} to ${max} (the load balancer and a highly available prod ` +
    `deployment need at least ${min} Availability Zones; each one adds VPC endpoint cost)`
  );
}

/** `0 is out of range; desiredCount is 1 to 100 (...)`. */
export function desiredCountOutOfRange(value: number, min: number, max: number): string {
  return `${show(value)} is out of range; desiredCount is ${min} to ${max} (the number of tasks ECS keeps running for the service)`;
}

/** `64 is below the minimum of 128 CPU units (1024 units = 1 vCPU)`. */
export function cpuTooSmall(value: number, min: number): string {
  return `${show(value)} is below the minimum of ${min} CPU units (1024 units = 1 vCPU)`;
}

/** `64 is below the minimum of 128 MiB`. */
export function memoryTooSmall(value: number, min: number): string {
  return `${show(value)} is below the minimum of ${min} MiB`;
}

/** `cpu 16384 + 256 for the Service Connect sidecar exceeds the largest Fargate task (...); lower cpu`. */
export function taskTooLarge(cpu: number, memory: number): string {
  const cpuOver = cpu + SIDECAR_CPU > MAX_FARGATE_TASK.cpu;
  const memoryOver = memory + SIDECAR_MEMORY > MAX_FARGATE_TASK.memory;
  const largest = `the largest Fargate task (${MAX_FARGATE_TASK.cpu} CPU units, ${MAX_FARGATE_TASK.memory} MiB)`;
  if (cpuOver && memoryOver) {
    return (
      `cpu ${cpu} + ${SIDECAR_CPU} and memory ${memory} + ${SIDECAR_MEMORY} for the Service Connect sidecar ` +
      `exceed ${largest}; lower cpu and memory`
    );
  }
  if (memoryOver) return `memory ${memory} + ${SIDECAR_MEMORY} for the Service Connect sidecar exceeds ${largest}; lower memory`;
  if (cpuOver) return `cpu ${cpu} + ${SIDECAR_CPU} for the Service Connect sidecar exceeds ${largest}; lower cpu`;
  return `no Fargate task size fits cpu ${cpu} + ${SIDECAR_CPU} and memory ${memory} + ${SIDECAR_MEMORY} for the Service Connect sidecar; change cpu or memory`;
}

// ---------------------------------------------------------------------------------------
// Paths (publicPath, healthCheckPath)
// ---------------------------------------------------------------------------------------

/** `"api" must start with "/"; write "/api"`. */
export function pathNoLeadingSlash(value: string): string {
  return `${show(value)} must start with "/"; write ${show(`/${value}`)}`;
}

/** `"/a b" contains " ", which is not allowed; ...`. */
export function pathBadChar(value: string, ch: string, key: string): string {
  return (
    `${show(value)} contains ${quote(ch)}, which is not allowed; ${key} uses only letters, digits and . _ ~ / - ` +
    '(no spaces, quotes or query strings: it is embedded in a health-check command and a load balancer setting)'
  );
}

/** `"/<129 chars>" is 129 characters; publicPath is at most 128`. */
export function pathTooLong(value: string, key: string, max: number): string {
  return `${show(value)} is ${[...value].length} characters; ${key} is at most ${max}`;
}

/** `"/api/" ends with "/"; write "/api" (...)`. */
export function pathTrailingSlash(value: string): string {
  return `${show(value)} ends with "/"; write ${show(value.replace(/\/+$/, ''))} (the load balancer forwards that path and everything under it)`;
}

/** `"/a//b" has an empty segment ("//"); remove the extra "/"`. */
export function pathEmptySegment(value: string): string {
  return `${show(value)} has an empty segment ("//"); remove the extra "/"`;
}

/** `"/a/../b" has a ".." segment; ...`. */
export function pathDotSegment(value: string, segment: string): string {
  return `${show(value)} has a ${quote(segment)} segment; write the path without "." or ".." segments`;
}

/** `publicPath only applies to public services; ...`. */
export function publicPathWithoutPublic(): string {
  return 'publicPath only applies to public services; set public: true or remove publicPath';
}

/** `"/" (the default) is already the publicPath of services[1] ("web"); ...`. */
export function duplicatePublicPath(path: string, isDefault: boolean, firstPath: string, firstName: string | undefined): string {
  const who = firstName !== undefined ? `${firstPath} (${show(firstName)})` : firstPath;
  return `${show(path)}${isDefault ? ' (the default)' : ''} is already the publicPath of ${who}; give each public service its own publicPath`;
}

// ---------------------------------------------------------------------------------------
// calls
// ---------------------------------------------------------------------------------------

/** `"ordrs" is not a service in this spec; did you mean "orders"?`. */
export function callNotAService(name: string, suggestion: string | undefined, known: readonly string[]): string {
  if (suggestion !== undefined) return `${show(name)} is not a service in this spec; did you mean ${show(suggestion)}?`;
  if (known.length === 0) return `${show(name)} is not a service in this spec`;
  const listed = known.slice(0, 10).join(', ') + (known.length > 10 ? `, ... (${known.length} in all)` : '');
  return `${show(name)} is not a service in this spec; the services are: ${listed}`;
}

/** `"orders" is this service itself; ...`. */
export function callSelf(name: string): string {
  return `${show(name)} is this service itself; a service does not call itself through Service Connect, remove it from calls`;
}

/** `"web" is client-only, so it registers no endpoint and cannot be called; ...`. */
export function callClientOnly(name: string): string {
  return `${show(name)} is client-only, so it registers no endpoint and cannot be called; make it client-server or remove the call`;
}

/** `"orders" is already listed at services[0].calls[0]; remove the duplicate`. */
/** The default AWS quota of inbound (and of outbound) rules per security group. */
export { SECURITY_GROUP_RULES } from './quotas';

export function tooManyCalls(count: number, max: number): string {
  return `${count} calls; a service calls at most ${max} others: each call is an outbound rule in its security group, which holds at most ${max} by default (AWS quota); route some calls through a shared service, or split the platform`;
}

export function tooManyCallers(count: number, max: number): string {
  return `called by ${count} services (the load balancer counts as one); a service admits at most ${max}: each caller is an inbound rule in its security group, which holds at most ${max} by default (AWS quota); put a shared service in front of it`;
}

export function callDuplicate(name: string, firstPath: string): string {
  return `${show(name)} is already listed at ${firstPath}; remove the duplicate`;
}

// ---------------------------------------------------------------------------------------
// image
// ---------------------------------------------------------------------------------------

export const IMAGE_EXAMPLE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2';

/** The form of an ECR image reference, as messages spell it. */
export const ECR_IMAGE_FORM = '<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@sha256:<digest>] (amazonaws.com.cn in the China regions)';

/** `image is empty; ...`. */
export function imageEmpty(): string {
  return `image is empty; remove the key to get an app folder for the service, or give an image in Amazon ECR such as "${IMAGE_EXAMPLE}"`;
}

/** `"..." is 300 characters; ECS accepts image references of at most 255`. */
export function imageTooLong(value: string, max: number): string {
  return `${show(value)} is ${[...value].length} characters; ECS accepts image references of at most ${max}`;
}

/** `"Nginx" is not an Amazon ECR image reference; use ...`. */
export function imageInvalid(value: string): string {
  return (
    `${show(value)} is not an Amazon ECR image reference; use ${ECR_IMAGE_FORM} ` +
    `with a lowercase repository of 2-256 characters, e.g. "${IMAGE_EXAMPLE}"`
  );
}

/** `"nginx:1.27" is not in Amazon ECR: ...; push it to ECR ..., or ... pull-through cache`. */
export function imageNotInEcr(value: string): string {
  return (
    `${show(value)} is not in Amazon ECR: tasks in the isolated subnets can pull only from ECR in their own region, through the VPC endpoints; ` +
    'push the image to ECR in the region you deploy to, or create an ECR pull-through cache rule there (e.g. for Docker Hub or ECR Public) ' +
    'and use its ECR URI, <account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<upstream repository>:<tag>'
  );
}

/** `is in ECR in eu-west-1, but services[0].image is in us-east-1; ...`. */
export function imageRegionMismatch(region: string, otherRegion: string, otherPath: string): string {
  return (
    `is in ECR in ${region}, but ${otherPath} is in ${otherRegion}: the platform deploys to one region, and its tasks pull only from ECR in that region; ` +
    'push every image (or create its pull-through cache rule) in the region you deploy to'
  );
}

// ---------------------------------------------------------------------------------------
// build
// ---------------------------------------------------------------------------------------

const BUILD_EXAMPLE = { context: '../api', dockerfile: 'Dockerfile' } as const;

/** `the value is empty; give the build context relative to the repository root, e.g. "../api"`. */
export function buildPathEmpty(key: 'context' | 'dockerfile'): string {
  return key === 'context'
    ? `the value is empty; give the build context relative to the repository root, e.g. ${quote(BUILD_EXAMPLE.context)}`
    : `the value is empty; give the Dockerfile relative to the build context, e.g. ${quote(BUILD_EXAMPLE.dockerfile)}, or remove the key for "Dockerfile"`;
}

/** `"/src/api" is an absolute path; ...`. */
export function buildPathAbsolute(value: string, key: 'context' | 'dockerfile'): string {
  const base = key === 'context' ? 'the repository root' : 'the build context';
  return `${show(value)} is an absolute path; give it relative to ${base} (e.g. ${quote(BUILD_EXAMPLE[key])}), so the repository builds on any machine and in CI`;
}

/** `"my app" contains " ", which is not allowed; ...`. */
export function buildPathBadChar(value: string, ch: string, key: 'context' | 'dockerfile'): string {
  return `${show(value)} contains ${quote(ch)}, which is not allowed; dockerBuild.${key} is a path of letters, digits and . _ ~ @ + , - separated by "/"`;
}

/** `"a//b" has an empty segment; ...`. */
export function buildPathEmptySegment(value: string): string {
  return `${show(value)} has an empty segment ("//", or a trailing "/"); remove the extra "/"`;
}

/** `"../Dockerfile" leaves the build context; ...`. */
export function dockerfileOutsideContext(value: string): string {
  return (
    `${show(value)} leaves the build context (a ".." segment); the Dockerfile must be inside dockerBuild.context, since the image is built from a copy of the context: ` +
    'widen the context, or move the Dockerfile into it'
  );
}

/** `"..." is 1025 characters; build.context is at most 1024`. */
export function buildPathTooLong(value: string, key: 'context' | 'dockerfile', max: number): string {
  return `${show(value)} is ${[...value].length} characters; dockerBuild.${key} is at most ${max}`;
}

/** A service with both `image` and `dockerBuild`. */
/** A public image or dockerBuild service must say the path its load balancer health check requests. */
export function publicWithoutHealthCheckPath(source: 'image' | 'dockerBuild', defaultPath: string): string {
  const what = source === 'image' ? 'an image' : 'a build of your own Dockerfile';
  return (
    `is required for a public service that runs ${what}: the load balancer requests it on every task and replaces ` +
    `tasks that do not answer 2xx, and only a generated app is known to serve the default ${quote(defaultPath)}; ` +
    'set healthCheckPath to a path the container answers with 2xx, e.g. "/" for nginx'
  );
}

export function buildAndImage(): string {
  return 'a service either runs an existing image or is built from dockerBuild, not both; remove image or dockerBuild';
}

// ---------------------------------------------------------------------------------------
// copilotMigration
// ---------------------------------------------------------------------------------------

/** `"Kudos" is not a Copilot name; ...`. */
export function notACopilotName(value: string): string {
  return `${show(value)} is not a Copilot name: lowercase letters, digits and hyphens, starting with a letter, at least 2 characters (as in copilot/.workspace and copilot env ls)`;
}

/** `"..." is 256 characters; a Copilot name is at most 255`. */
export function copilotNameTooLong(value: string, max: number): string {
  return `${show(value)} is ${[...value].length} characters; a Copilot name is at most ${max}`;
}

/** `"test" is already listed at copilotMigration.environments[0]; remove the duplicate`. */
export function environmentDuplicate(name: string, firstPath: string): string {
  return `${show(name)} is already listed at ${firstPath}; remove the duplicate`;
}

/** `101 environments; copilotMigration lists at most 100`. */
export function tooManyEnvironments(count: number, max: number): string {
  return `${count} environments; copilotMigration.environments lists at most ${max}`;
}

// ---------------------------------------------------------------------------------------
// healthCheckCommand
// ---------------------------------------------------------------------------------------

const HEALTH_CHECK_COMMAND_EXAMPLE = 'curl -fs http://127.0.0.1:8080/health || exit 1';

/** `the value is empty; give a shell command ... or "none"`. */
export function healthCheckCommandEmpty(): string {
  return (
    `the value is empty; give a shell command that exits 0 while the container is healthy, e.g. ${quote(HEALTH_CHECK_COMMAND_EXAMPLE)}, ` +
    'or "none" for no container health check'
  );
}

/** `"a\nb" contains "\n", a line break or control character; ...`. */
export function healthCheckCommandBadChar(value: string, ch: string): string {
  return (
    `${show(value)} contains ${quote(ch)}, a line break or invisible control character; ` +
    'healthCheckCommand is one line of visible text (ECS runs it with CMD-SHELL, /bin/sh -c in the container)'
  );
}

/** `"..." is 1025 characters; healthCheckCommand is at most 1024`. */
export function healthCheckCommandTooLong(value: string, max: number): string {
  return `${show(value)} is ${[...value].length} characters; healthCheckCommand is at most ${max} (put a longer check in a script in the image)`;
}

/** `"None" would run as a shell command; write "none" ...`. */
export function healthCheckCommandNone(value: string): string {
  return `${show(value)} would run as a shell command and fail; write "none" (lowercase, nothing around it) for no container health check`;
}

// ---------------------------------------------------------------------------------------
// DNS names (namespace, domain) and the certificate
// ---------------------------------------------------------------------------------------

/** `"Shop.Internal" has uppercase letters; write it in lowercase: "shop.internal"`. */
export function dnsUppercase(value: string): string {
  return `${show(value)} has uppercase letters; write it in lowercase: ${show(value.toLowerCase())}`;
}

/** `"shop_internal" contains "_", which is not allowed; ...`. */
export function dnsBadChar(value: string, ch: string, key: string): string {
  return `${show(value)} contains ${quote(ch)}, which is not allowed; ${key} is dot-separated labels of lowercase letters, digits and hyphens`;
}

/** `"shop..internal" has an empty label; ...`. */
export function dnsEmptyLabel(value: string): string {
  return `${show(value)} has an empty label; separate labels with single dots, with no dot at the start or end`;
}

/** `"..." has a label of 64 characters; a DNS label is at most 63`. */
export function dnsLabelTooLong(value: string, length: number, max: number): string {
  return `${show(value)} has a label of ${length} characters; a DNS label is at most ${max}`;
}

/** `"-shop.internal" has a label that starts or ends with a hyphen ("-shop")`. */
export function dnsLabelHyphen(value: string, label: string): string {
  return `${show(value)} has a label that starts or ends with a hyphen (${show(label)}); labels start and end with a letter or digit`;
}

/** `"..." is 254 characters; a DNS name is at most 253`. */
export function dnsTooLong(value: string, max: number): string {
  return `${show(value)} is ${[...value].length} characters; a DNS name is at most ${max}`;
}

/** `"localhost" is not a fully qualified domain name; use a name such as "api.example.com"`. */
export function domainNotQualified(value: string): string {
  return `${show(value)} is not a fully qualified domain name; use a name such as "api.example.com"`;
}

/** `"10.0.0.1" is an IP address; domain must be a host name such as "api.example.com"`. */
export function dnsIpLiteral(value: string, key: 'namespace' | 'domain'): string {
  return key === 'domain'
    ? `${show(value)} is an IP address; domain is the host name the certificate is issued for, such as "api.example.com"`
    : `${show(value)} is an IP address; namespace is a Cloud Map name such as "shop.internal"`;
}

/** `"arn:aws-foo:..." names the partition "aws-foo", which is not an AWS partition; ...`. */
export function unknownPartition(value: string, partition: string, known: readonly string[]): string {
  return `${show(value)} names the partition ${show(partition)}, which is not an AWS partition (${known.join(', ')})`;
}

/** `"arn:aws:acm:zz-fake-9:..." names the region "zz-fake-9", which is not a region of partition aws; ...`. */
export function unknownRegion(
  value: string,
  region: string,
  partition: string,
  home: string | undefined,
  suggestion: string | undefined,
  service: 'acm' | 'sns' = 'acm',
): string {
  const hint =
    home !== undefined
      ? `; ${quote(region)} is in partition ${home}: write arn:${home}:${service}:${region}:...`
      : suggestion !== undefined
        ? `; did you mean ${quote(suggestion)}?`
        : service === 'acm'
          ? '; use the region the certificate was issued in (the region the stacks deploy to)'
          : '; use the region of the topic (the region the stacks deploy to)';
  return `${show(value)} names the region ${show(region)}, which is not a region of partition ${partition}${hint}`;
}

/** `"..." is not an ACM certificate ARN; expected ...`. */
export function notACertificateArn(value: string): string {
  return (
    `${show(value)} is not an ACM certificate ARN; expected arn:aws:acm:<region>:<12-digit account>:certificate/<id>, ` +
    'e.g. "arn:aws:acm:us-east-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab"'
  );
}

/** `domain needs certificateArn: ...`. */
export function domainWithoutCertificate(): string {
  return (
    'domain needs certificateArn: the load balancer serves HTTPS for the domain with an ACM certificate; ' +
    "add certificateArn, or remove domain to serve plain HTTP on the load balancer's own name"
  );
}

/** `certificateArn needs domain: ...`. */
export function certificateWithoutDomain(): string {
  return 'certificateArn needs domain: the certificate is used only for HTTPS on the domain; add domain, or remove certificateArn';
}

/** `domain is set but no service is public; ...`. */
export function domainWithoutPublicService(key: 'domain' | 'certificateArn'): string {
  return `${key} is set but no service is public; set public: true on the service the domain should reach, or remove domain and certificateArn`;
}

// ---------------------------------------------------------------------------------------
// services as a whole
// ---------------------------------------------------------------------------------------

/** `the list is empty; add at least one service, ...`. */
export function servicesEmpty(): string {
  return 'the list is empty; add at least one service, e.g. { name: api, role: client-server, port: 8080 }';
}

/** `501 services is more than the 500 this generator supports; ...`. */
export function tooManyServices(count: number, max: number): string {
  return `${count} services is more than the ${max} this generator supports; split the platform into several specs (only the first ${max} were checked)`;
}

/** The namespace would never finish its first deployment. */
export function allClientOnly(): string {
  return (
    'every service is client-only; ECS cannot complete the first deployment when the first service in a namespace ' +
    'is client-only: make at least one service client-server'
  );
}

/** Appended when a pathological input produces a flood of errors. */
export function moreErrors(count: number): string {
  return `and ${count} more errors (fix the ones above first)`;
}

// ---------------------------------------------------------------------------------------
// Reading and parsing the file
// ---------------------------------------------------------------------------------------

/** `platform.yaml:3:7: <message>`. */
export function at(fileName: string, line: number, column: number, message: string): string {
  return `${fileName}:${line}:${column}: ${message}`;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** `platform.yaml: the file is 2.0 MiB; a spec is at most 1 MiB ...`. */
export function fileTooLarge(fileName: string, bytes: number): string {
  return `${fileName}: the file is ${sizeText(bytes)}; a spec is at most 1 MiB (a typical spec is a few KiB), so this is probably not a spec file`;
}

/** `platform.yaml:2:5: the file is not valid UTF-8 (byte 0xff); save it as UTF-8`. */
export function notUtf8(fileName: string, line: number, column: number, byte: number, utf16: boolean): string {
  const hint = utf16 ? 'it looks like UTF-16; ' : '';
  return at(fileName, line, column, `the file is not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')}); ${hint}save it as UTF-8`);
}

/** `platform.yaml: the file is empty; a spec needs at least name and services`. */
export function fileEmpty(fileName: string): string {
  return `${fileName}: the file is empty; a spec needs at least name and services`;
}

/** `platform.yaml: cannot read the file (no such file or directory)`. */
export function cannotRead(fileName: string, reason: string): string {
  return `${fileName}: cannot read the file (${reason})`;
}

/** `x.txt: not a spec: the file holds a single string, not a mapping with name and services`; never quotes the file. */
export function notASpecFile(fileName: string, kind: 'string' | 'number' | 'boolean'): string {
  return `${fileName}: not a spec: the file holds a single ${kind}, not ${EXPECT.spec} (is it the right file?)`;
}

/** `duplicate key "port"; a key may appear only once in a mapping`. */
export function duplicateKey(key: string): string {
  return `duplicate key ${show(key)}; a key may appear only once in a mapping`;
}

/** `the file holds more than one YAML document ...`. */
export function multipleDocuments(): string {
  return 'the file holds more than one YAML document ("---" starts a new one); a spec is a single document';
}

/** `platform.yaml: YAML aliases expand too much ...`. */
export function aliasBomb(fileName: string, max: number): string {
  return `${fileName}: YAML aliases expand too much (more than ${max} alias uses, a resource exhaustion pattern); a spec needs few or no aliases`;
}

/** `YAML aliases add more than 100000 values ...`. */
export function aliasExpansion(max: number): string {
  return `YAML aliases add more than ${max} values to the document (a resource exhaustion pattern); a spec needs few or no aliases`;
}

/** `alias *base refers to no anchor defined before it`. */
export function unresolvedAlias(name: string): string {
  return `alias *${name.replace(/[^\x21-\x7e]/g, '?')} refers to no anchor defined before it`;
}

/** `a mapping key must be a plain string, not a list or mapping`. */
export function nonScalarKey(): string {
  return 'a mapping key must be a plain string, not a list or mapping';
}

/** `nesting is deeper than 64 levels; a spec needs at most 4`. */
export function tooDeep(max: number): string {
  return `nesting is deeper than ${max} levels; a spec needs at most 4`;
}

/** `... and 3 more syntax errors`. */
export function moreSyntaxErrors(fileName: string, count: number): string {
  return `${fileName}: and ${count} more syntax errors (fix the ones above first)`;
}

// ---------------------------------------------------------------------------------------
// Production settings: arch, spot, timeouts, alarms
// ---------------------------------------------------------------------------------------

/** The alarm topic in another region than the certificate or an image. */
export function topicRegionMismatch(region: string, otherRegion: string, otherPath: string): string {
  return (
    `is in ${region}, but ${otherPath} is in ${otherRegion}: the platform deploys to one region, and CloudWatch alarms notify SNS topics of their own region; ` +
    'use a topic in the region you deploy to'
  );
}

/** `"amd64" is not an architecture (did you mean "x86_64"?); use ...`. */
export function notAnArch(value: string, suggestion?: string): string {
  const hint = suggestion !== undefined ? ` (did you mean ${show(suggestion)}?)` : '';
  return `${show(value)} is not an architecture${hint}; use "x86_64" (the default) or "arm64" (Graviton: cheaper per vCPU-hour and GB-hour; the image must be built for it)`;
}

/** `120 is out of range; spot is 0 to 100 (...)`. */
export function spotOutOfRange(value: number): string {
  return `${show(value)} is out of range; spot is 0 to 100 (the percentage of tasks on Fargate Spot)`;
}

/** `spot` on a prod service of one task: that task stays on regular Fargate, so nothing runs on Spot. */
export function spotSingleTaskProd(spot: number, desiredCount: number): string {
  return (
    `spot: ${spot} with desiredCount ${desiredCount} under profile prod puts no task on Fargate Spot: profile prod keeps the first task on regular Fargate; ` +
    'set desiredCount to 2 or more, or remove spot'
  );
}

/** `spot` on a prod service that autoscaling can scale in to one task. */
export function spotScalingMinProd(spot: number, min: number): string {
  return (
    `spot: ${spot} with autoscaling.min ${min} under profile prod puts no task on Fargate Spot once autoscaling scales in to ${min}: profile prod keeps the first task on regular Fargate; ` +
    'set autoscaling.min to 2 or more, or remove spot'
  );
}

/** `0 is out of range; timeouts.perRequest is 1 to 2147483647 seconds (...)`. */
export function timeoutOutOfRange(key: 'perRequest' | 'idle', value: number, min: number, max: number): string {
  return (
    `${show(value)} is out of range; timeouts.${key} is ${min} to ${max} seconds ` +
    '(0 turns the limit off; leave the key out for the Service Connect default)'
  );
}

/** `timeouts` on a client-only service: it registers no endpoint for the timeouts to apply to. */
export function timeoutsOnClientOnly(): string {
  return (
    "timeouts apply to the endpoint a client-server service registers (its callers' requests to it); " +
    'this service is client-only and registers none: set role: client-server, or remove timeouts'
  );
}

/** `timeouts: {}`: nothing to set. */
export function timeoutsEmpty(): string {
  return 'timeouts is empty; give perRequest and/or idle in seconds, or remove timeouts';
}

/** Both `email` and `topicArn`. */
export function alarmsEmailAndTopic(): string {
  return 'alarms takes email or topicArn, not both: email creates a topic with that subscription, topicArn uses an existing topic; remove one';
}

/** `alarms: {}`. */
export function alarmsEmpty(): string {
  return 'alarms is empty; give email (a topic is created for it) or topicArn (an existing SNS topic), or remove alarms';
}

/** `"x" is not an email address; ...`. */
export function notAnEmail(value: string): string {
  return `${show(value)} is not an email address; expected name@example.com (SNS sends a confirmation to it)`;
}

/** `"..." is not an SNS topic ARN; expected ...`. */
export function notATopicArn(value: string): string {
  return (
    `${show(value)} is not an SNS topic ARN; expected arn:aws:sns:<region>:<12-digit account>:<topic name> ` +
    '(a standard topic: letters, digits, - and _; CloudWatch alarms cannot notify a FIFO topic), e.g. "arn:aws:sns:us-east-1:123456789012:ops-alarms"'
  );
}

// ---------------------------------------------------------------------------------------
// Production settings: autoscaling, environment, secrets, exec
// ---------------------------------------------------------------------------------------

export const EXPECT_PRODUCTION = {
  autoscaling: 'a mapping with min, max and at least one of cpu, memory, requests',
  environment: 'a mapping of variable names to string values',
  secrets: 'a mapping of variable names to references (ssm:<name> or secretsmanager:<name>)',
} as const;

/** `out of range; autoscaling.min is 1 to 100 (...)`. */
export function scalingOutOfRange(value: number, key: string, min: number, max: number, what: string): string {
  return `${show(value)} is out of range; autoscaling.${key} is ${min} to ${max} (${what})`;
}

export function scalingMinAboveMax(min: number, max: number): string {
  return `min ${min} is above max ${max}; autoscaling keeps the task count between min and max: lower min or raise max`;
}

export function scalingWithoutTarget(): string {
  return 'autoscaling needs at least one target: cpu (average CPU %), memory (average memory %) or requests (per task per minute, public services only)';
}

export function scalingRequestsNotPublic(): string {
  return "requests scales on the load balancer's requests per task, and only a public service has one: use cpu or memory, or set public: true";
}

export function desiredCountOutsideScaling(value: number, min: number, max: number): string {
  return `${show(value)} is outside autoscaling's range ${min} to ${max}; with autoscaling, desiredCount is the usual task count (what the cost estimate prices): set it between min and max, or leave it out`;
}

export function envNameInvalid(name: string): string {
  return `${show(name)} is not an environment variable name: letters, digits and _, not starting with a digit (e.g. LOG_LEVEL)`;
}

export function envNameTooLong(name: string, max: number): string {
  return `${show(name)} is longer than ${max} characters; use a shorter variable name`;
}

export function envNameReserved(name: string, why: string): string {
  return `${show(name)} is set by the platform (${why}); choose another name`;
}

export function envNameInBoth(name: string, other: string): string {
  return `${show(name)} is also in ${other}; a variable is either a plain value (environment) or a secret (secrets), not both`;
}

export function envValueNotString(value: unknown): string {
  return `${typeMismatch(value, 'a string')}: quote it (e.g. "${typeof value === 'number' || typeof value === 'boolean' ? String(value) : '...'}")`;
}

export function envValueBadChar(value: string, ch: string): string {
  return `${show(value)} contains ${quote(ch)}; a value is one line of text without control characters`;
}

export function envValueTooLong(max: number): string {
  return `is longer than ${max} characters; keep large values in a file or a secret`;
}

export function tooManyVariables(count: number, max: number): string {
  return `${count} variables; at most ${max} per service: move some into one JSON secret and read its keys with #<json-key>`;
}

export function secretRefInvalid(value: string): string {
  return `${show(value)} is not a secret reference: ssm:<parameter name or ARN>, or secretsmanager:<secret name or ARN>[#<json-key>] (e.g. ssm:/shop/db/password, secretsmanager:shop/db#password)`;
}

export function secretRefSsmJsonKey(value: string): string {
  return `${show(value)}: #<json-key> reads a key of a Secrets Manager secret; an SSM parameter is one value (drop the #..., or store it in Secrets Manager)`;
}

export function secretRefSsmName(value: string): string {
  return `${show(value)} is not an SSM parameter name: letters, digits and _ . - separated by /, at most 1011 characters (e.g. ssm:/shop/db/password)`;
}

export function secretRefSecretName(value: string): string {
  return `${show(value)} is not a Secrets Manager secret name: letters, digits and / _ + = . @ -, at most 512 characters (e.g. secretsmanager:shop/db)`;
}

export function secretRefArn(value: string, service: 'ssm' | 'secretsmanager'): string {
  return service === 'ssm'
    ? `${show(value)} is not an SSM parameter ARN: arn:<partition>:ssm:<region>:<account>:parameter/<name>`
    : `${show(value)} is not a Secrets Manager secret ARN: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`;
}

export function secretRefJsonKey(value: string): string {
  return `${show(value)}: the JSON key after # is empty, or has a :, a space or a character outside ASCII; give one top-level key of the secret's JSON (e.g. #password)`;
}

export function secretRegionMismatch(region: string, otherRegion: string, otherPath: string): string {
  return (
    `is in ${region}, but ${otherPath} is in ${otherRegion}: the platform deploys to one region, and its tasks reach SSM and Secrets Manager only through that region's endpoints; ` +
    'reference a parameter or secret in the region you deploy to (or give its name)'
  );
}

// ---------------------------------------------------------------------------------------
// stages
// ---------------------------------------------------------------------------------------

const STAGE_NAME_RULE = 'a lowercase DNS label (letters, digits and single hyphens, starting with a letter, not ending with a hyphen)';

/** `"Prod" is not a stage name; use ...`. */
export function notAStageName(value: string): string {
  return `${show(value)} is not a stage name; use ${STAGE_NAME_RULE}, e.g. "prod"`;
}

/** `"..." is 30 characters, over 24: ...`. */
export function stageNameTooLong(value: string, max: number): string {
  return `${show(value)} is ${value.length} characters, over ${max}: the stage name goes into its deploy role's name (<name>-<stage>-deploy, at most 64 characters); use a shorter name`;
}

/** `stages is empty; ...`. */
export function stagesEmpty(): string {
  return 'is an empty list; list at least one stage ({ name, account, region }), or remove stages to deploy one platform with the credentials at hand';
}

/** `25 stages, over 20`. */
export function tooManyStages(count: number, max: number): string {
  return `has ${count} stages, more than ${max}; split the platform`;
}

/** `the stage name "dev" is already used by stages[0]`. */
export function duplicateStageName(name: string, firstPath: string): string {
  return `the stage name ${show(name)} is already used by ${firstPath}; each stage needs its own name (its stacks, cluster and deploy task are named after it)`;
}

/** `"1234" is not an AWS account id: ...`. */
export function notAnAccount(value: string): string {
  return `${show(value)} is not an AWS account id; write its 12 digits as a quoted string, e.g. "111111111111"`;
}

/** An account id given as a YAML number. */
export function accountNotQuoted(value: unknown): string {
  const digits = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? String(value).padStart(12, '0') : '111111111111';
  return `${show(value)} is a number, expected the account id as a quoted string: write account: "${digits}" (YAML reads an unquoted id as a number and drops its leading zeros)`;
}

/** `"eu-west-9" is not a region aws-cdk-lib knows; ...`. */
export function notARegion(value: string, suggestion?: string): string {
  const hint = suggestion !== undefined ? ` (did you mean ${show(suggestion)}?)` : '';
  return `${show(value)} is not a region aws-cdk-lib knows${hint}; use a region code such as "eu-west-1" (\`aws ec2 describe-regions\` lists them; a region newer than the installed aws-cdk-lib needs its upgrade)`;
}

/** `"..." is not an IAM role ARN; ...`. */
export function notARoleArn(value: string): string {
  return `${show(value)} is not an IAM role ARN; use arn:<partition>:iam::<account>:role/<name>, e.g. "arn:aws:iam::111111111111:role/shop-prod-deploy", or leave deployRoleArn out for that default`;
}

/** A stage key that is a spec key but cannot differ between stages. */
export function stageKeyNotOverridable(key: string, allowed: readonly string[]): string {
  return `${show(key)} cannot differ between stages (it is the same platform in every stage); set it at the top of the spec. A stage takes: ${allowed.join(', ')}`;
}

/** A stage service key that cannot differ between stages. */
export function stageServiceKeyNotOverridable(key: string, allowed: readonly string[]): string {
  return `${show(key)} cannot differ between stages (the service's stack, image and wiring are the same in every stage); set it on the service in services. A stage may set for a service: ${allowed.join(', ')}`;
}

/** `services.orderz is not a service of the spec`. */
export function stageServiceUnknown(name: string, suggestion: string | undefined, known: readonly string[]): string {
  const hint = suggestion !== undefined ? `did you mean ${show(suggestion)}? ` : '';
  return `${show(name)} is not a service of the spec; ${hint}a stage overrides only services listed in services (${known.join(', ')})`;
}

/** An ARN of a stage that names another region or partition than the stage's. */
export function stageArnElsewhere(what: string, arn: string, where: string, stage: string, region: string, partition: string, fix: string): string {
  return `${what} ${arn} is in ${where}, but stage ${show(stage)} deploys to ${region} (partition ${partition}): ${fix}`;
}

/** An inherited top-level ARN that does not suit a stage. */
export function stageInheritsArnElsewhere(key: string, arn: string, where: string, stage: string, region: string, fix: string): string {
  return `stage ${show(stage)} deploys to ${region} and inherits the top-level ${key} ${arn}, which is in ${where}: ${fix}`;
}

/** An ECR image of another region than a stage's. */
export function stageImageRegion(stage: string, region: string, service: string, imageRegion: string): string {
  return (
    `stage ${show(stage)} deploys to ${region}, but the image of ${service} is in ECR in ${imageRegion}: tasks in isolated subnets pull only from ECR in their own region; ` +
    `deploy this stage to ${imageRegion}, or replicate the repository to ${region} (ECR replication or a pull-through cache) and give the service a build instead of image`
  );
}

/** A secret ARN of another region than a stage's. */
export function stageSecretRegion(stage: string, region: string, service: string, secretRegion: string): string {
  return (
    `stage ${show(stage)} deploys to ${region}, but a secret of ${service} is in ${secretRegion}: tasks reach SSM and Secrets Manager only through the endpoints of their own region; ` +
    "reference the secret by name (read in each stage's region) or deploy this stage to its region"
  );
}

/** azs a stage's region cannot give. */
export function stageAzs(stage: string, problem: string, inherited: boolean): string {
  return `stage ${show(stage)}: ${problem}${inherited ? ' (set azs on this stage to override the top-level azs)' : ''}`;
}

/** deployRoleArn in another account or partition. */
export function stageRoleElsewhere(arn: string, stage: string, account: string, partition: string): string {
  return `${arn} is not a role of stage ${show(stage)}'s account ${account} in partition ${partition}: the deploy workflow assumes it in the account it deploys to; use arn:${partition}:iam::${account}:role/<name>, or leave deployRoleArn out for the default`;
}

/** The stage's Cloud Map namespace would be too long. */
export function stageNamespaceTooLong(stage: string, namespace: string, max: number): string {
  return `the namespace of stage ${show(stage)}, ${stage}.${namespace}, is over ${max} characters; use a shorter stage name or namespace`;
}

/** domain without certificateArn (or the reverse) in a stage. */
export function stageDomainWithoutCertificate(stage: string, given: 'domain' | 'certificateArn'): string {
  const missing = given === 'domain' ? 'certificateArn' : 'domain';
  return `stage ${show(stage)} has ${given} but no ${missing} (here or at the top): HTTPS needs both; give ${missing} on this stage or at the top`;
}

/** domain on a stage of a platform with no public service. */
export function stageDomainWithoutPublicService(): string {
  return 'needs a public service (public: true) for the load balancer to serve; remove it or make a service public';
}
