/**
 * The smoke test after a stage's deploy: what to check, from the stage's plan and the
 * stack outputs `cdk deploy --outputs-file` wrote, and whether a round of answers passes.
 * Pure; ./smoke-run.ts does the requests, the AWS CLI calls and the waiting.
 *
 * It opens nothing: public services are reached through the load balancer the platform
 * already has, at their own path; private services are not reached over HTTP at all (no
 * bastion, no new rule): for them, and for every service, ECS is asked whether the service
 * reached a steady state (as many tasks running as desired, one deployment, completed).
 */
import { clusterName, hasAppFolder, LOAD_BALANCER_DNS_OUTPUT, type Plan, type PlannedService } from '../../plan';

/** `cdk deploy --outputs-file`: output values by output key, by stack name. */
export type StackOutputs = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** One HTTP request through the load balancer. */
export interface HttpCheck {
  readonly service: string;
  /** What is checked, for the log: `web: GET /ready is 200`. */
  readonly what: string;
  /** `http` or `https`. */
  readonly protocol: 'http' | 'https';
  /** Where the request connects: the load balancer's DNS name. */
  readonly host: string;
  /** The Host header and TLS server name: the spec's `domain` (its certificate's name) with HTTPS. */
  readonly hostHeader?: string;
  readonly path: string;
  /** `200`: exactly 200, and (for a generated app's /ready) a body saying ready; `answers`: any status below 500. */
  readonly expect: 200 | 'answers';
  /** A text the body must contain. */
  readonly bodyIncludes?: string;
}

export interface SmokePlan {
  readonly http: readonly HttpCheck[];
  /** The cluster and the ECS services that must be steady. */
  readonly ecs: { readonly cluster: string; readonly region?: string; readonly services: readonly string[] };
  /** What the test does not cover, said plainly in its output. */
  readonly notes: readonly string[];
}

/** The path under a public path: `/` + `ready` is `/ready`, `/admin` + `ready` is `/admin/ready`. */
export function underPath(publicPath: string, leaf: string): string {
  const base = publicPath.replace(/\/+$/, '');
  return `${base}/${leaf}`;
}

/** The load balancer's DNS name from the outputs of the stage's stacks; undefined when no stack has it. */
export function loadBalancerDns(outputs: StackOutputs): string | undefined {
  for (const stack of Object.values(outputs)) {
    const value = stack[LOAD_BALANCER_DNS_OUTPUT];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** The checks of one stage (its plan) after a deploy that wrote `outputs`; throws when a public platform's outputs lack the load balancer. */
export function smokePlan(plan: Plan, outputs: StackOutputs, region?: string): SmokePlan {
  const publicServices = plan.services.filter((s) => s.public);
  const notes: string[] = [];
  const http: HttpCheck[] = [];
  if (publicServices.length > 0) {
    const host = loadBalancerDns(outputs);
    if (host === undefined) {
      throw new Error(
        `no ${LOAD_BALANCER_DNS_OUTPUT} output in the deploy's outputs (stacks: ${Object.keys(outputs).join(', ') || 'none'}); ` +
          'deploy with `--outputs-file` and a version of create-fargate-connect whose network stack has that output',
      );
    }
    const https = plan.domain !== undefined && plan.certificateArn !== undefined;
    const target = { protocol: https ? ('https' as const) : ('http' as const), host, ...(https ? { hostHeader: plan.domain! } : {}) };
    for (const s of publicServices) http.push(...serviceChecks(s, target));
  }
  const privateServices = plan.services.filter((s) => !s.public).map((s) => s.name);
  if (privateServices.length > 0) {
    notes.push(
      `Not probed over HTTP (private: nothing outside the VPC reaches them, and the test opens nothing): ${privateServices.join(', ')}. ` +
        'Each is checked in ECS instead: running tasks = desired, one completed deployment.',
    );
  }
  return {
    http,
    ecs: { cluster: clusterName(plan.name, plan.stage), ...(region !== undefined ? { region } : {}), services: plan.services.map((s) => s.name) },
    notes,
  };
}

function serviceChecks(s: PlannedService, target: Pick<HttpCheck, 'protocol' | 'host' | 'hostHeader'>): HttpCheck[] {
  const entry: HttpCheck = { ...target, service: s.name, what: `${s.name}: GET ${s.publicPath} answers`, path: s.publicPath, expect: 'answers' };
  // A generated app serves /ready under its public path too (the load balancer forwards
  // only that path's requests to it); an image or a Dockerfile of the user's has no known
  // readiness route.
  if (!hasAppFolder(s)) return [entry];
  const ready = underPath(s.publicPath, 'ready');
  return [
    entry,
    { ...target, service: s.name, what: `${s.name}: GET ${ready} is 200 (ready)`, path: ready, expect: 200, bodyIncludes: '"status":"ready"' },
  ];
}

/** What one request got: a status and body, or an error (refused, timed out, TLS). */
export type HttpResult = { readonly status: number; readonly body: string } | { readonly error: string };

/** Undefined when the check passed, else why not. */
export function httpFailure(check: HttpCheck, result: HttpResult): string | undefined {
  if ('error' in result) return result.error;
  if (check.expect === 'answers') return result.status < 500 ? undefined : `status ${result.status}`;
  if (result.status !== 200) return `status ${result.status}`;
  if (check.bodyIncludes !== undefined && !result.body.includes(check.bodyIncludes))
    return `no ${check.bodyIncludes} in the body: ${result.body.slice(0, 200)}`;
  return undefined;
}

/** One service as `aws ecs describe-services` describes it (the fields the test reads). */
export interface DescribedService {
  readonly serviceName: string;
  readonly status?: string;
  readonly desiredCount?: number;
  readonly runningCount?: number;
  readonly deployments?: readonly { readonly status?: string; readonly rolloutState?: string }[];
}

/** Why each expected service is not steady (by name); empty when all are. */
export function ecsFailures(expected: readonly string[], described: readonly DescribedService[]): Map<string, string> {
  const byName = new Map(described.map((d) => [d.serviceName, d]));
  const failures = new Map<string, string>();
  for (const name of expected) {
    const d = byName.get(name);
    if (!d) failures.set(name, 'not found in the cluster');
    else if (d.status !== 'ACTIVE') failures.set(name, `status ${d.status ?? 'unknown'}`);
    else if (d.runningCount !== d.desiredCount) failures.set(name, `${d.runningCount ?? 0} of ${d.desiredCount ?? 0} tasks running`);
    else if ((d.deployments ?? []).length !== 1) failures.set(name, `${(d.deployments ?? []).length} deployments in progress`);
    else if (d.deployments![0]!.rolloutState !== undefined && d.deployments![0]!.rolloutState !== 'COMPLETED') {
      failures.set(name, `deployment ${d.deployments![0]!.rolloutState}`);
    }
  }
  return failures;
}

/** `describe-services` takes at most 10 services a call. */
export function describeBatches(services: readonly string[], size = 10): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < services.length; i += size) out.push(services.slice(i, i + size));
  return out;
}
