/**
 * Property-based, on the SYNTHESIZED CloudFormation: arbitrary valid specs are planned,
 * built with the infrastructure library generated repositories import (src/infra)
 * and synthesized; the templates must hold the platform's invariants:
 *
 * - no NAT gateway (nor an Elastic IP for one), no task or service with a public IP;
 * - security groups follow the call graph: each call has exactly one ingress rule, on the
 *   callee's port from the caller's group, and no rule between service groups lacks a call
 *   (the load balancer may reach public services, on their port);
 * - each caller's AWS::ECS::Service DependsOn its (non-deferred) callees in the same stack,
 *   or its stack depends on theirs; no dependency follows a deferred call;
 * - task sizes are valid Fargate pairs with the sidecar's headroom; Service Connect aliases
 *   are unique and exactly the client-server services;
 * - every stack stays under CloudFormation's 500 resources;
 * - and every platform check of src/infra/testing (what generated repositories run).
 *
 * Strict schema validation and cdk-nag are off here (the generated repository's own build
 * runs them). Runs: 12 by default (about half a second each), FUZZ_RUNS for more; FUZZ_SEED
 * replays a failure (./support.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planPlatform, type Plan } from '../../src/plan';
import { FARGATE_TASK_SIZES, normalizeSpec, SIDECAR_CPU, SIDECAR_MEMORY } from '../../src/spec';
import { buildPlatform } from '../../src/infra';
import { checkPlatform, fromTemplates, type CfnTemplate } from '../../src/infra/testing';
import { fuzzParameters, validSpecArb } from './support';

type Resource = { Type: string; Properties?: Record<string, any>; DependsOn?: string | string[] };
type Template = { Resources: Record<string, Resource>; Outputs?: Record<string, { Value: unknown }> };

interface Synthesized {
  readonly templates: ReadonlyMap<string, Template>;
  /** Stack name -> names of the stacks it depends on directly. */
  readonly dependencies: ReadonlyMap<string, ReadonlySet<string>>;
}

const SG_TAG = 'fargate-connect:security-group';
const scratch = mkdtempSync(join(tmpdir(), 'fc-fuzz-synth-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Synthesizes the plan with the generated app's code; the checks that cost seconds are off. */
function synthesize(plan: Plan): Synthesized {
  const dir = mkdtempSync(join(scratch, 'case-'));
  const servicesDir = join(dir, 'services');
  for (const s of plan.services) {
    mkdirSync(join(servicesDir, s.name), { recursive: true });
    writeFileSync(join(servicesDir, s.name, 'Dockerfile'), 'FROM scratch\n');
  }
  try {
    const app = new App({
      outdir: join(dir, 'cdk.out'),
      builtinCloudFormationValidation: false,
      context: {
        '@aws-cdk/core:validateAgainstDefaultRules': false,
        '@aws-cdk/core:strictCfnValidateErrors': false,
        // Hash the app folders, do not copy them: only the templates are read.
        'aws:cdk:disable-asset-staging': true,
      },
    });
    buildPlatform(app, plan, { nag: false, servicesDir });
    const assembly = app.synth();
    const templates = new Map<string, Template>();
    const dependencies = new Map<string, Set<string>>();
    for (const stack of assembly.stacks) {
      templates.set(stack.stackName, stack.template as Template);
      dependencies.set(
        stack.stackName,
        new Set(stack.dependencies.filter((d) => assembly.stacks.some((s) => s.id === d.id)).map((d) => assembly.getStackArtifact(d.id).stackName)),
      );
    }
    return { templates, dependencies };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Ref {
  readonly stack: string;
  readonly id: string;
  readonly resource: Resource;
}

/** Follows Ref / Fn::GetAtt / Fn::GetStackOutput / Fn::ImportValue to the resource. */
function resolve(s: Synthesized, stack: string, value: unknown, depth = 0): Ref | undefined {
  if (value === null || typeof value !== 'object' || depth > 10) return undefined;
  const v = value as Record<string, any>;
  const at = (st: string, id: string) => {
    const resource = s.templates.get(st)?.Resources[id];
    return resource ? { stack: st, id, resource } : undefined;
  };
  if (typeof v.Ref === 'string') return at(stack, v.Ref);
  if (Array.isArray(v['Fn::GetAtt'])) return at(stack, v['Fn::GetAtt'][0]);
  if (v['Fn::GetStackOutput']) {
    const { StackName, OutputName } = v['Fn::GetStackOutput'];
    return resolve(s, StackName, s.templates.get(StackName)?.Outputs?.[OutputName]?.Value, depth + 1);
  }
  if (v['Fn::ImportValue'] !== undefined) {
    for (const [name, t] of s.templates) {
      for (const output of Object.values(t.Outputs ?? {}) as { Value: unknown; Export?: { Name: unknown } }[]) {
        if (JSON.stringify(output.Export?.Name) === JSON.stringify(v['Fn::ImportValue'])) return resolve(s, name, output.Value, depth + 1);
      }
    }
  }
  return undefined;
}

function tagOf(r: Resource | undefined): string | undefined {
  return (r?.Properties?.Tags as { Key: string; Value: string }[] | undefined)?.find((t) => t.Key === SG_TAG)?.Value;
}

/** Every resource of a type, in every stack. */
function all(s: Synthesized, type: string): Ref[] {
  return [...s.templates].flatMap(([stack, t]) =>
    Object.entries(t.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id, resource]) => ({ stack, id, resource })),
  );
}

/** Values under `key` anywhere in a JSON value. */
function valuesOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesOf(v, key));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

/** The check itself: throws naming the first invariant the templates break. */
function checkTemplates(plan: Plan, s: Synthesized): void {
  const fail = (message: string): never => {
    throw new Error(message);
  };
  const byName = new Map(plan.services.map((x) => [x.name, x]));
  const deferred = new Set(plan.deferredCalls.map((d) => `${d.from}>${d.to}`));
  const edges = plan.services.flatMap((x) => x.calls.map((to) => ({ from: x.name, to, deferred: deferred.has(`${x.name}>${to}`) })));

  // Private by construction.
  for (const type of ['AWS::EC2::NatGateway', 'AWS::EC2::EIP']) if (all(s, type).length > 0) fail(`a ${type} was synthesized`);
  for (const [stack, t] of s.templates) {
    if (valuesOf(t, 'AssignPublicIp').some((v) => v !== 'DISABLED')) fail(`${stack}: AssignPublicIp is not DISABLED everywhere`);
    if (valuesOf(t, 'MapPublicIpOnLaunch').some((v) => v === true)) fail(`${stack}: a subnet maps public IPs on launch`);
    const count = Object.keys(t.Resources).length;
    if (count >= 500) fail(`${stack}: ${count} resources (CloudFormation allows 500)`);
  }

  // One AWS::ECS::Service per service, found by name.
  const ecs = new Map<string, Ref>();
  for (const r of all(s, 'AWS::ECS::Service')) {
    const name = r.resource.Properties?.ServiceName;
    if (!byName.has(name) || ecs.has(name)) fail(`unexpected or repeated ECS service ${name}`);
    ecs.set(name, r);
  }
  if (ecs.size !== plan.services.length) fail(`${ecs.size} ECS services for ${plan.services.length} services`);

  const aliases: string[] = [];
  const stackOfPlanned = new Map<string, string>();
  for (const x of plan.services) {
    const svc = ecs.get(x.name)!;
    const p = svc.resource.Properties!;
    if (p.NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp !== 'DISABLED') fail(`${x.name}: public IP not disabled`);
    // The plan's stacks become CloudFormation stacks one to one (named by the app).
    const cfnStack = stackOfPlanned.get(x.stack) ?? svc.stack;
    stackOfPlanned.set(x.stack, cfnStack);
    if (svc.stack !== cfnStack) fail(`${x.name}: in stack ${svc.stack}, away from the rest of planned stack ${x.stack} (${cfnStack})`);
    // Task size: a Fargate pair with the sidecar's headroom, as planned.
    const task = resolve(s, svc.stack, p.TaskDefinition)?.resource.Properties;
    const cpu = Number(task?.Cpu);
    const memory = Number(task?.Memory);
    if (!FARGATE_TASK_SIZES.some((f) => f.cpu === cpu && f.memory === memory)) fail(`${x.name}: task ${cpu}/${memory} is not a Fargate size`);
    if (cpu < x.cpu + SIDECAR_CPU || memory < x.memory + SIDECAR_MEMORY) fail(`${x.name}: task ${cpu}/${memory} leaves no room for the sidecar`);
    if (cpu !== x.taskCpu || memory !== x.taskMemory) fail(`${x.name}: task ${cpu}/${memory}, planned ${x.taskCpu}/${x.taskMemory}`);
    // Service Connect: on for everyone; an endpoint exactly for client-server services.
    const sc = p.ServiceConnectConfiguration;
    if (sc?.Enabled !== true) fail(`${x.name}: Service Connect is not enabled`);
    const endpoints = (sc.Services ?? []) as { ClientAliases?: { DnsName: string; Port: number }[] }[];
    if (x.role === 'client-only' && endpoints.length > 0) fail(`${x.name}: client-only but registers an endpoint`);
    if (x.role === 'client-server') {
      const own = endpoints.flatMap((e) => e.ClientAliases ?? []);
      if (own.length !== 1 || own[0].DnsName !== x.name || own[0].Port !== x.port) fail(`${x.name}: aliases ${JSON.stringify(own)}`);
    }
    aliases.push(...endpoints.flatMap((e) => (e.ClientAliases ?? []).map((a) => a.DnsName)));
  }
  if (new Set(aliases).size !== aliases.length) fail(`Service Connect aliases repeat: ${aliases.join(', ')}`);
  if (new Set(stackOfPlanned.values()).size !== plan.stacks.length)
    fail(`${plan.stacks.length} planned stacks became ${new Set(stackOfPlanned.values()).size}`);

  // Security groups: who is each group.
  const groupOf = (stack: string, value: unknown): string | undefined => {
    const ref = resolve(s, stack, value);
    return ref?.resource.Type === 'AWS::EC2::SecurityGroup' ? (tagOf(ref.resource) ?? `untagged:${ref.stack}/${ref.id}`) : undefined;
  };
  interface Rule {
    readonly from?: string;
    readonly cidr?: string;
    readonly to: string;
    readonly port: [number, number];
    readonly where: string;
  }
  const rules: Rule[] = [];
  for (const r of all(s, 'AWS::EC2::SecurityGroupIngress')) {
    const p = r.resource.Properties!;
    rules.push({
      from: groupOf(r.stack, p.SourceSecurityGroupId),
      cidr: p.CidrIp ?? p.CidrIpv6 ?? p.SourcePrefixListId,
      to: groupOf(r.stack, p.GroupId) ?? 'unknown',
      port: [p.FromPort, p.ToPort],
      where: `${r.stack}/${r.id}`,
    });
  }
  for (const r of all(s, 'AWS::EC2::SecurityGroup')) {
    for (const p of (r.resource.Properties?.SecurityGroupIngress ?? []) as Record<string, any>[]) {
      rules.push({
        from: groupOf(r.stack, p.SourceSecurityGroupId),
        cidr: p.CidrIp ?? p.CidrIpv6 ?? p.SourcePrefixListId,
        to: tagOf(r.resource) ?? `untagged:${r.stack}/${r.id}`,
        port: [p.FromPort, p.ToPort],
        where: `${r.stack}/${r.id}`,
      });
    }
  }
  const service = (tag: string | undefined) => (tag?.startsWith('service/') ? tag.slice('service/'.length) : undefined);
  for (const x of plan.services) {
    for (const r of rules.filter((rule) => service(rule.to) === x.name)) {
      const caller = service(r.from);
      const portOk = r.port[0] === x.port && r.port[1] === x.port;
      if (r.cidr !== undefined) fail(`${x.name}: ingress from an address range (${r.where})`);
      if (caller !== undefined) {
        if (!edges.some((e) => e.from === caller && e.to === x.name)) fail(`${x.name}: ingress from ${caller}, which does not call it (${r.where})`);
        if (!portOk) fail(`${x.name}: ingress from ${caller} on ${r.port.join('-')} (${r.where})`);
      } else if (r.from === 'alb') {
        if (!x.public) fail(`${x.name}: not public but admits the load balancer (${r.where})`);
        if (!portOk) fail(`${x.name}: load balancer ingress on ${r.port.join('-')}`);
      } else {
        fail(`${x.name}: ingress from ${r.from ?? 'an unresolved source'} (${r.where})`);
      }
    }
  }
  for (const e of edges) {
    const port = byName.get(e.to)!.port;
    const matching = rules.filter((r) => service(r.from) === e.from && service(r.to) === e.to && r.port[0] === port && r.port[1] === port);
    if (matching.length !== 1) fail(`${e.from} -> ${e.to}: ${matching.length} ingress rules on port ${port}`);
  }

  // Deploy order: DependsOn within a stack, stack dependencies across stacks.
  const dependsOn = (r: Ref) => new Set(([] as string[]).concat(r.resource.DependsOn ?? []));
  const dependsOnStack = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const queue = [from];
    while (queue.length > 0) {
      const x = queue.pop()!;
      if (x === to) return true;
      for (const y of s.dependencies.get(x) ?? []) if (!seen.has(y)) (seen.add(y), queue.push(y));
    }
    return false;
  };
  for (const e of edges) {
    const caller = ecs.get(e.from)!;
    const callee = ecs.get(e.to)!;
    if (caller.stack === callee.stack) {
      const has = dependsOn(caller).has(callee.id);
      if (!e.deferred && !has) fail(`${e.from} -> ${e.to}: the caller's service does not DependsOn its callee (${caller.stack})`);
      if (e.deferred && has) fail(`${e.from} -> ${e.to}: deferred, yet DependsOn`);
    } else if (!e.deferred) {
      if (!s.dependencies.get(caller.stack)?.has(callee.stack))
        fail(`${e.from} -> ${e.to}: stack ${caller.stack} does not depend on ${callee.stack}`);
    } else if (dependsOnStack(caller.stack, callee.stack)) {
      fail(`${e.from} -> ${e.to}: deferred, yet ${caller.stack} depends on ${callee.stack}`);
    }
  }
}

describe('synthesized templates of arbitrary valid specs', () => {
  beforeAll(() => {
    // Load aws-cdk-lib once outside the timed runs.
    synthesize(planPlatform(normalizeSpec({ name: 'warm', services: [{ name: 'a', role: 'client-server', port: 8080 }] }).spec!));
  }, 120_000);

  it('hold the platform invariants', () => {
    fc.assert(
      fc.property(validSpecArb({ maxServices: 40, maxCalls: 6 }), (raw) => {
        const result = normalizeSpec(raw);
        expect(result.errors).toEqual([]);
        const plan = planPlatform(result.spec!);
        const s = synthesize(plan);
        checkTemplates(plan, s);
        // And every check a generated repository runs on its own platform.
        const violations = checkPlatform(fromTemplates(plan, s.templates as ReadonlyMap<string, CfnTemplate>, s.dependencies));
        if (Object.keys(violations).length > 0) throw new Error(`platform checks: ${JSON.stringify(violations, null, 1)}`);
      }),
      fuzzParameters(12),
    );
  }, 600_000);

  it('of a dense graph (twenty services that all call each other) stay within CloudFormation limits', () => {
    const names = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const raw = {
      name: 'dense',
      services: names.map((n, i) => ({ name: n, role: 'client-server', port: 8000 + i, public: i === 0, calls: names.filter((x) => x !== n) })),
    };
    const plan = planPlatform(normalizeSpec(raw).spec!);
    checkTemplates(plan, synthesize(plan));
  }, 120_000);

  it('of a cycle, a diamond, a public client-only front end and an image', () => {
    const raw = {
      name: 'shapes',
      domain: 'shop.example.com',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab',
      services: [
        { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['left', 'right'] },
        { name: 'left', role: 'client-server', port: 8081, calls: ['base'] },
        { name: 'right', role: 'client-server', port: 8082, calls: ['base'], public: true, publicPath: '/right' },
        { name: 'base', role: 'client-server', port: 8083, calls: ['left'], image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/base:1' },
      ],
    };
    const plan = planPlatform(normalizeSpec(raw).spec!);
    expect(plan.deferredCalls).toEqual([{ from: 'base', to: 'left', reason: 'cycle' }]);
    checkTemplates(plan, synthesize(plan));
  }, 120_000);

  it('are checked by checks that catch each kind of breakage', () => {
    const raw = {
      name: 'bite',
      services: [
        { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
        { name: 'api', role: 'client-server', port: 8080, calls: ['db'] },
        { name: 'db', role: 'client-server', port: 5432 },
      ],
    };
    const plan = planPlatform(normalizeSpec(raw).spec!);
    const good = synthesize(plan);
    checkTemplates(plan, good);
    const broken = (change: (t: Template, all: Map<string, Template>) => void): Synthesized => {
      const templates = new Map([...good.templates].map(([k, v]) => [k, structuredClone(v)]));
      const stack = [...templates.values()].find((t) => Object.values(t.Resources).some((r) => r.Type === 'AWS::ECS::Service'))!;
      change(stack, templates);
      return { templates, dependencies: good.dependencies };
    };
    const find = (t: Template, type: string, p: (r: Resource) => boolean = () => true) =>
      Object.entries(t.Resources).find(([, r]) => r.Type === type && p(r))!;
    const ecsOf = (t: Template, name: string) => find(t, 'AWS::ECS::Service', (r) => r.Properties?.ServiceName === name);
    const cases: [string, (t: Template) => void, RegExp][] = [
      ['a NAT gateway', (t) => (t.Resources.Nat = { Type: 'AWS::EC2::NatGateway' }), /NatGateway/],
      ['a public IP', (t) => (ecsOf(t, 'api')[1].Properties!.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp = 'ENABLED'), /AssignPublicIp/],
      [
        'a missing call rule',
        (t) => delete t.Resources[find(t, 'AWS::EC2::SecurityGroupIngress', (r) => r.Properties?.FromPort === 5432)[0]],
        /api -> db: 0 ingress rules/,
      ],
      [
        'a rule without a call',
        (t) => {
          const [id, rule] = find(t, 'AWS::EC2::SecurityGroupIngress', (r) => r.Properties?.FromPort === 5432);
          t.Resources[`${id}Copy`] = {
            ...structuredClone(rule),
            Properties: {
              ...structuredClone(rule.Properties),
              GroupId: structuredClone(find(t, 'AWS::EC2::SecurityGroupIngress', (r) => r.Properties?.FromPort === 8080)[1].Properties!.GroupId),
              FromPort: 8080,
              ToPort: 8080,
            },
          };
        },
        /api: ingress from api, which does not call it/,
      ],
      [
        'a CIDR rule',
        (t) => (find(t, 'AWS::EC2::SecurityGroupIngress', (r) => r.Properties?.FromPort === 5432)[1].Properties!.CidrIp = '10.0.0.0/16'),
        /address range/,
      ],
      [
        'a wrong port',
        (t) => (find(t, 'AWS::EC2::SecurityGroupIngress', (r) => r.Properties?.FromPort === 5432)[1].Properties!.FromPort = 0),
        /db: ingress from api on 0-5432|api -> db: 0 ingress rules/,
      ],
      ['a missing DependsOn', (t) => (ecsOf(t, 'api')[1].DependsOn = []), /api -> db: the caller's service does not DependsOn/],
      ['a task too small', (t) => (find(t, 'AWS::ECS::TaskDefinition')[1].Properties!.Cpu = '300'), /not a Fargate size/],
      [
        'a client-only endpoint',
        (t) => (ecsOf(t, 'web')[1].Properties!.ServiceConnectConfiguration.Services = [{ ClientAliases: [{ DnsName: 'web', Port: 3000 }] }]),
        /client-only but registers/,
      ],
      [
        'too many resources',
        (t) => Array.from({ length: 500 }, (_, i) => (t.Resources[`Pad${i}`] = { Type: 'AWS::CloudFormation::WaitConditionHandle' })),
        /\d+ resources \(CloudFormation allows 500\)/,
      ],
    ];
    for (const [what, change, message] of cases) {
      expect(() => checkTemplates(plan, broken(change)), what).toThrow(message);
    }
  }, 120_000);

  it('of names that hyphens could confuse (a-b -> c and a -> b-c) have one rule per call', () => {
    // Found by this fuzz while the app named each call's rules `Call-${from}-${to}`: both
    // calls got the id "Call-a-b-c" and synth threw "There is already a Construct with name".
    const raw = {
      name: 'collide',
      services: [
        { name: 'a', role: 'client-only', port: 3000, calls: ['b-c'] },
        { name: 'a-b', role: 'client-only', port: 3001, calls: ['c'] },
        { name: 'c', role: 'client-server', port: 8080 },
        { name: 'b-c', role: 'client-server', port: 8081 },
      ],
    };
    const plan = planPlatform(normalizeSpec(raw).spec!);
    checkTemplates(plan, synthesize(plan));
  }, 120_000);
});
