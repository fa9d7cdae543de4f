import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { e2eEnv, PACK_TIMEOUT_MS, packedTarball, ROOT, run, workDir } from './helpers';

/**
 * Day two with the real tools: a repository generated and installed by the CLI, a user
 * edit to an app file, a service added to (and later removed from) its .projenrc.ts, and
 * the repository's own `npx projen`. The wiring is checked on the synthesized templates,
 * with the repository's own node_modules (aws-cdk-lib) and its app, synthesized by the
 * library's test helper (create-fargate-connect/infra/testing).
 * The in-process twin, without npm, is test/project/day-two.test.ts.
 *
 * Along the way, `npx projen plan` against the synthesis recorded on day one: nothing to do,
 * then the added service (safe, exit 0), then a rename (a service deleted, exit 1). Each
 * plan of a change synthesizes once; the record is made by compile (the type-check and the
 * synth, side by side) and post-compile (the record), the part of the build that writes it,
 * rather than a whole build.
 */
const WORK = workDir('fc-e2e-day-two');
const BIN = join(ROOT, 'bin', 'create-fargate-connect.js');
const dir = join(WORK, 'shop');

const SPEC = `name: shop
services:
  - name: web
    role: client-only
    port: 3000
    public: true
    calls: [api]
  - name: api
    role: client-server
    port: 8080
`;

/**
 * Asserts on the synthesized templates from inside the generated repository (its vitest,
 * its aws-cdk-lib): with DAY_TWO=added, `billing` is wired as a callee of `api`; with
 * DAY_TWO=removed, nothing of `billing` is left.
 */
const CHECK = `import { synthesize, tagOf, type Synthesized } from 'create-fargate-connect/infra/testing';
import { describe, expect, it } from 'vitest';
import { platform } from '../src/generated/platform';
import { createApp } from '../src/main';

const s: Synthesized = synthesize(platform, (app) => createApp(app));
const TAG = 'fargate-connect:security-group';

/** Ingress rules, inline or standalone, as "group <- peer :port" by security group tag. */
function ingress(): string[] {
  const out: string[] = [];
  for (const sg of s.resourcesOfType('AWS::EC2::SecurityGroup')) {
    for (const p of sg.resource.Properties?.SecurityGroupIngress ?? []) {
      out.push(\`\${tagOf(sg.resource, TAG)} <- \${s.securityGroupTag(sg.stack, p.SourceSecurityGroupId) ?? p.CidrIp} :\${p.FromPort}\`);
    }
  }
  for (const r of s.resourcesOfType('AWS::EC2::SecurityGroupIngress')) {
    const p = r.resource.Properties!;
    out.push(\`\${s.securityGroupTag(r.stack, p.GroupId)} <- \${s.securityGroupTag(r.stack, p.SourceSecurityGroupId) ?? p.CidrIp} :\${p.FromPort}\`);
  }
  return out;
}

function environmentOf(name: string): Record<string, string> {
  const service = s.ecsService(name)!;
  const td = s.resolve(service.stack, service.resource.Properties!.TaskDefinition)!;
  const env = td.resource.Properties!.ContainerDefinitions[0].Environment as { Name: string; Value: string }[];
  return Object.fromEntries(env.map((e) => [e.Name, e.Value]));
}

const names = () => s.resourcesOfType('AWS::ECS::Service').map((r) => r.resource.Properties!.ServiceName).sort();

if (process.env.DAY_TWO === 'added') {
  describe('billing, added on day two', () => {
    it('runs as an ECS service', () => expect(names()).toEqual(['api', 'billing', 'web']));
    it('admits api, its caller, on its port', () => expect(ingress()).toContain('service/billing <- service/api :8081'));
    it('gives api its URL', () => expect(environmentOf('api')).toMatchObject({ BILLING_URL: 'http://billing:8081' }));
    it('is deployed before api', () => {
      const api = s.ecsService('api')!;
      const billing = s.ecsService('billing')!;
      if (api.stack === billing.stack) {
        expect([api.resource.DependsOn ?? []].flat()).toContain(billing.logicalId);
      } else {
        expect([...(s.stackDependencies.get(api.stack) ?? [])]).toContain(billing.stack);
      }
    });
  });
} else {
  describe('billing, removed again', () => {
    it('has no ECS service', () => expect(names()).toEqual(['api', 'web']));
    it('has no security group rules', () => expect(ingress().filter((r) => r.includes('billing'))).toEqual([]));
    it('is no longer in api\\'s environment', () => expect(Object.keys(environmentOf('api'))).not.toContain('BILLING_URL'));
  });
}
`;

/** src/generated/platform.ts's constant, a JSON literal. */
function generatedPlatform(): { services: { name: string; upstreams: { service: string; port: number; env: string }[] }[] } {
  const text = readFileSync(join(dir, 'src', 'generated', 'platform.ts'), 'utf-8');
  return JSON.parse(/export const platform: \w+ = (\{[\s\S]*\});\s*$/.exec(text)![1]);
}

/** git in the repository, with an identity of its own. */
function git(...args: string[]): void {
  const r = run('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], dir);
  expect(r.code, r.output).toBe(0);
}

/** `npx projen plan` in the repository, its timing logged. */
function plan(what: string): ReturnType<typeof run> {
  const r = run('npx', ['projen', 'plan'], dir);
  console.log(`[e2e] day two: npx projen plan (${what}) ${r.seconds.toFixed(1)} s, exit ${r.code}`);
  return r;
}

/** Replaces exactly one occurrence of `from` in `text`. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  expect(at, `.projenrc.ts contains:\n${from}`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(from, at + 1), `only once:\n${from}`).toBe(-1);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

let tgz: string;
let dayOneProjenrc: string;
const SERVER = join(dir, 'services', 'web', 'src', 'server.ts');
let editedServer: Buffer;

beforeAll(() => {
  tgz = packedTarball();
}, PACK_TIMEOUT_MS);

describe('day two on a generated repository', () => {
  it('is generated and installed by the CLI', () => {
    writeFileSync(join(WORK, 'shop.yaml'), SPEC);
    const r = run(
      process.execPath,
      [BIN, dir, '--config', join(WORK, 'shop.yaml'), '--yes', '--no-git', '--generator-dependency', `file:${tgz}`],
      WORK,
    );
    console.log(`[e2e] day two: create + npm install ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);
    dayOneProjenrc = readFileSync(join(dir, '.projenrc.ts'), 'utf-8');
  });

  it('records its synthesis in the build (compile, post-compile), and plans no change against the committed record', () => {
    git('init', '-q', '-b', 'main');
    const compile = run('npx', ['projen', 'compile'], dir);
    console.log(`[e2e] day two: npx projen compile (type-check and synth side by side) ${compile.seconds.toFixed(1)} s`);
    expect(compile.code, compile.output).toBe(0);
    expect(compile.output).toContain('👾 synth:silent | cdk synth -q');
    const r = run('npx', ['projen', 'post-compile'], dir);
    console.log(`[e2e] day two: npx projen post-compile (record) ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('platform.record.json: recorded this synthesis; commit it with your change');
    git('add', '-A');
    git('commit', '-q', '-m', 'day one, recorded');

    const same = plan('no change');
    expect(same.code, same.output).toBe(0);
    // The build's cdk.out is reused: the plan's own `npx projen` rewrote nothing that matters.
    expect(same.output).toContain('After: cdk.out as it is: synthesized from these very sources and spec.');
    expect(same.output).toContain('Spec changes: none.');
    expect(same.output).toContain('No hazards: the deploy applies with nothing failing, stopping or left behind.');
  });

  it('adds a service from .projenrc.ts on `npx projen`, keeping the edited app file byte for byte', () => {
    appendFileSync(SERVER, '\n// day two: a route of my own\n');
    editedServer = readFileSync(SERVER);

    // The user's edit of the spec: api now calls a new client-server service, billing, and runs 3 tasks.
    let projenrc = replaceOnce(
      dayOneProjenrc,
      '      name: "api",\n      role: ServiceRole.CLIENT_SERVER,\n      port: 8080,\n',
      '      name: "api",\n      role: ServiceRole.CLIENT_SERVER,\n      port: 8080,\n      calls: ["billing"],\n      desiredCount: 3,\n',
    );
    projenrc = replaceOnce(
      projenrc,
      '    },\n  ],\n',
      '    },\n    {\n      name: "billing",\n      role: ServiceRole.CLIENT_SERVER,\n      port: 8081,\n    },\n  ],\n',
    );
    writeFileSync(join(dir, '.projenrc.ts'), projenrc);

    const r = run('npx', ['projen'], dir);
    console.log(`[e2e] day two: npx projen (service added) ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);
    expect(r.output).not.toMatch(/no longer in the spec/);

    expect(readFileSync(SERVER)).toEqual(editedServer);
    expect(existsSync(join(dir, 'services', 'billing', 'src', 'server.ts'))).toBe(true);
    const platform = generatedPlatform();
    expect(platform.services.map((s) => s.name)).toContain('billing');
    expect(platform.services.find((s) => s.name === 'api')!.upstreams).toEqual([{ service: 'billing', port: 8081, env: 'BILLING_URL' }]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));
    expect(pkg.devDependencies['create-fargate-connect']).toBe(`file:${tgz}`);
  });

  it('plans the added service and the new desiredCount as safe (exit 0), at the spec level and per stack', () => {
    const r = plan('service added, desiredCount');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('After: a new synthesis (npx cdk synth -q)');
    expect(r.output).toContain('  ~ api: calls (none) -> billing (+billing)');
    expect(r.output).toContain('  ~ api: desiredCount 2 -> 3');
    expect(r.output).toContain('  + billing: added (client-server on port 8081; calls nothing;');
    expect(r.output).toMatch(/ShopServices +\+\d+ added, ~\d+ updated/);
    expect(r.output).toContain('Safe to deploy.');
  });

  it('wires the new service in the synthesized stacks (ingress from the caller, DependsOn, env)', () => {
    writeFileSync(join(dir, 'test', 'day-two-check.test.ts'), CHECK);
    const r = run('npx', ['vitest', 'run', 'test/day-two-check.test.ts'], dir, { ...e2eEnv(), DAY_TWO: 'added' });
    console.log(`[e2e] day two: synth + checks (added) ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/Tests\s+4 passed/);
  });

  it('removes a service on `npx projen`: its infrastructure goes, its folder stays, a notice says so', () => {
    writeFileSync(join(dir, '.projenrc.ts'), dayOneProjenrc);
    const r = run('npx', ['projen'], dir);
    console.log(`[e2e] day two: npx projen (service removed) ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain(
      'services/billing is no longer in the spec: its infrastructure was removed, its code was left in place. Delete the folder when you no longer need it.',
    );
    expect(existsSync(join(dir, 'services', 'billing', 'src', 'server.ts'))).toBe(true);
    expect(readFileSync(SERVER)).toEqual(editedServer);
    expect(generatedPlatform().services.map((s) => s.name)).toEqual(['web', 'api']);

    const check = run('npx', ['vitest', 'run', 'test/day-two-check.test.ts'], dir, { ...e2eEnv(), DAY_TWO: 'removed' });
    console.log(`[e2e] day two: synth + checks (removed) ${check.seconds.toFixed(1)} s`);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toMatch(/Tests\s+3 passed/);
  });

  it('plans a rename as the deletion of a service (exit 1), naming it and how to rename without downtime', () => {
    // No `npx projen` of our own: the plan task runs it first, so the plan follows .projenrc.ts.
    writeFileSync(join(dir, '.projenrc.ts'), dayOneProjenrc.split('"api"').join('"orders"'));
    const r = plan('api renamed to orders');
    // The plan a reviewer reads on the pull request, in the CI log.
    console.log(r.output);
    // projen reports a failed task as 1, which is also the plan's own code for a hazard.
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain('  ~ web: calls api -> orders (+orders -api)');
    expect(r.output).toContain('  + orders: added');
    expect(r.output).toContain('  - api: removed');
    expect(r.output.replace(/\n +/g, ' ')).toContain('if that is a rename (api -> orders), the deploy deletes the ECS service api');
    expect(r.output).toMatch(/INTERRUPTION service-deleted: ShopServices\/\w+ \(AWS::ECS::Service "api"\)/);
    expect(r.output).toContain('To rename or move it without downtime, add the new service beside the old one');
    expect(r.output).toContain('Not safe to deploy as is (exit 1)');
  });
});
