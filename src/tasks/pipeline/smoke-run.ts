/**
 * `npx projen smoke:<stage>`: the smoke test of ./smoke.ts against the deployed stage,
 * retried until it passes or a bounded wait ends (targets register and tasks start for a
 * while after CloudFormation says done). The requests and the AWS CLI are the edges,
 * passed in, so the waiting is tested without them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';
import { stageOutputsFile, type Plan } from '../../plan';
import {
  describeBatches,
  ecsFailures,
  httpFailure,
  smokePlan,
  type DescribedService,
  type HttpCheck,
  type HttpResult,
  type SmokePlan,
  type StackOutputs,
} from './smoke';

export interface SmokeIo {
  readonly probe: (check: HttpCheck) => Promise<HttpResult>;
  /** The services of `cluster` as `aws ecs describe-services` gives them; throws when the call fails. */
  readonly describe: (cluster: string, services: readonly string[], region?: string) => Promise<DescribedService[]>;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
}

export interface SmokeTiming {
  /** How long to keep trying. @default 600 s */
  readonly timeoutMs?: number;
  /** Pause between rounds. @default 15 s */
  readonly intervalMs?: number;
}

/** Runs the checks in rounds until every one has passed once (true) or time is up (false). */
export async function runSmoke(plan: SmokePlan, io: SmokeIo, timing: SmokeTiming = {}): Promise<boolean> {
  const timeoutMs = timing.timeoutMs ?? 600_000;
  const intervalMs = timing.intervalMs ?? 15_000;
  const deadline = io.now() + timeoutMs;
  for (const note of plan.notes) io.log(`note: ${note}`);
  let httpPending = [...plan.http];
  let ecsPending = [...plan.ecs.services];
  let reasons = new Map<string, string>();
  for (let round = 1; ; round++) {
    reasons = new Map();
    const results = await Promise.all(httpPending.map(async (c) => [c, httpFailure(c, await io.probe(c))] as const));
    for (const [check, failure] of results) {
      if (failure === undefined) io.log(`ok: ${check.what}`);
      else reasons.set(check.what, failure);
    }
    httpPending = results.filter(([, f]) => f !== undefined).map(([c]) => c);
    if (ecsPending.length > 0) {
      try {
        const described = (await Promise.all(describeBatches(ecsPending).map((b) => io.describe(plan.ecs.cluster, b, plan.ecs.region)))).flat();
        const failures = ecsFailures(ecsPending, described);
        for (const name of ecsPending) if (!failures.has(name)) io.log(`ok: ${name}: steady in ECS (running = desired, deployment completed)`);
        for (const [name, why] of failures) reasons.set(`${name}: steady in ECS`, why);
        ecsPending = ecsPending.filter((n) => failures.has(n));
      } catch (e) {
        reasons.set('ECS describe-services', (e as Error).message);
      }
    }
    if (httpPending.length === 0 && ecsPending.length === 0 && reasons.size === 0) {
      io.log(`smoke test passed (round ${round})`);
      return true;
    }
    if (io.now() + intervalMs > deadline) break;
    io.log(`round ${round}: waiting for ${[...reasons.keys()].join('; ')}`);
    await io.sleep(intervalMs);
  }
  io.log(`smoke test failed after ${Math.round(timeoutMs / 1000)} s:`);
  for (const [what, why] of reasons) io.log(`  ${what}: ${why}`);
  return false;
}

export const SMOKE_USAGE = `Usage: npx projen smoke:<stage>   (tsx scripts/tasks.ts smoke <stage> [--outputs <file>] [--timeout <seconds>])

After \`cdk deploy --outputs-file ${stageOutputsFile('<stage>')}\` of a stage, with that stage's
AWS credentials: each public service answers at its path through the load balancer and its
/ready is 200; every ECS service is steady (running = desired). Private services are not
probed over HTTP. Retries every 15 s for up to --timeout seconds (default 600).
`;

/** The task: parses its arguments, reads the outputs, runs the test. Exit 0 passed, 1 failed, 2 usage. */
export async function smokeCommand(
  args: readonly string[],
  context: { readonly dir: string; readonly platform: Plan },
  io: SmokeIo = nodeSmokeIo(),
): Promise<number> {
  const [stageName, ...rest] = args;
  const stages = context.platform.stages ?? [];
  if (stageName === undefined || stageName.startsWith('-')) {
    process.stderr.write(`error: name the stage\n${SMOKE_USAGE}`);
    return 2;
  }
  const stage = stages.find((s) => s.name === stageName);
  if (!stage) {
    process.stderr.write(
      `error: no stage "${stageName}" in the spec (${stages.length > 0 ? `its stages: ${stages.map((s) => s.name).join(', ')}` : 'it has no stages'})\n`,
    );
    return 2;
  }
  let outputsFile = stageOutputsFile(stage.name);
  let timeoutSeconds = 600;
  for (let i = 0; i < rest.length; i++) {
    const value = rest[i + 1];
    if (rest[i] === '--outputs' && value !== undefined) outputsFile = rest[++i]!;
    else if (rest[i] === '--timeout' && value !== undefined && /^\d+$/.test(value)) timeoutSeconds = Number(rest[++i]);
    else {
      process.stderr.write(`error: unexpected argument ${JSON.stringify(rest[i])}\n${SMOKE_USAGE}`);
      return 2;
    }
  }
  const path = join(context.dir, outputsFile);
  let outputs: StackOutputs = {};
  if (existsSync(path)) outputs = JSON.parse(readFileSync(path, 'utf8'));
  else if (stage.plan.services.some((s) => s.public)) {
    process.stderr.write(`error: ${outputsFile} does not exist: deploy the stage with --outputs-file ${outputsFile} first\n`);
    return 2;
  }
  let plan: SmokePlan;
  try {
    plan = smokePlan(stage.plan, outputs, stage.region);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
  return (await runSmoke(plan, io, { timeoutMs: timeoutSeconds * 1000 })) ? 0 : 1;
}

export function nodeSmokeIo(): SmokeIo {
  return {
    probe: (check) => request(check),
    describe: async (cluster, services, region) => {
      const argv = [
        'ecs',
        'describe-services',
        '--cluster',
        cluster,
        '--services',
        ...services,
        '--output',
        'json',
        ...(region ? ['--region', region] : []),
      ];
      const r = spawnSync('aws', argv, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`aws ${argv.join(' ')} failed: ${r.error?.message ?? r.stderr.trim()}`);
      return (JSON.parse(r.stdout) as { services?: DescribedService[] }).services ?? [];
    },
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: (line) => process.stdout.write(`${line}\n`),
  };
}

/** One GET, 10 s at most; with HTTPS the TLS name and Host header are the domain, the connection goes to the load balancer. */
function request(check: HttpCheck): Promise<HttpResult> {
  return new Promise((resolve) => {
    const lib = check.protocol === 'https' ? https : http;
    const req = lib.request(
      {
        host: check.host,
        path: check.path,
        method: 'GET',
        timeout: 10_000,
        headers: check.hostHeader ? { host: check.hostHeader } : {},
        ...(check.protocol === 'https' && check.hostHeader ? { servername: check.hostHeader } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (e) => resolve({ error: e.message }));
    req.end();
  });
}
