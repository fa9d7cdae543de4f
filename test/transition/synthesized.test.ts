/**
 * The model on real syntheses: the five-services fixture built with the generated
 * repository's infrastructure library (src/infra, as test/fuzz/synth.test.ts does), in
 * process, with the slow checks (schema validation, cdk-nag) off. About a second each.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planPlatform, type Plan } from '../../src/plan';
import { formatError, loadSpecFile } from '../../src/spec';
import {
  exitCode,
  formatReport,
  modelTransition,
  recordAssembly,
  recordCloudAssembly,
  serializeRecord,
  type AssemblyRecord,
} from '../../src/transition';
import { knowsType } from '../../src/transition/create-only';
import { buildPlatform } from '../../src/infra';

const scratch = mkdtempSync(join(tmpdir(), 'fc-transition-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fixturePlan(): Plan {
  const result = loadSpecFile(join(__dirname, '..', 'fixtures', 'five-services.yaml'));
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return planPlatform(result.spec);
}

/** Synthesizes a plan; returns the record made from cdk.out and the one made in memory. */
function synthesize(plan: Plan, images: Record<string, string> = {}): { fromDir: AssemblyRecord; inMemory: AssemblyRecord } {
  const dir = mkdtempSync(join(scratch, 'case-'));
  const servicesDir = join(dir, 'services');
  for (const s of plan.services) {
    mkdirSync(join(servicesDir, s.name), { recursive: true });
    // The Dockerfile's content is the image's asset hash.
    writeFileSync(join(servicesDir, s.name, 'Dockerfile'), `FROM scratch\n# ${images[s.name] ?? 'v1'}\n`);
  }
  const app = new App({
    outdir: join(dir, 'cdk.out'),
    builtinCloudFormationValidation: false,
    context: {
      '@aws-cdk/core:validateAgainstDefaultRules': false,
      'aws:cdk:disable-asset-staging': true,
    },
  });
  buildPlatform(app, plan as never, { nag: false, servicesDir });
  const assembly = app.synth();
  const inMemory = recordCloudAssembly(assembly);
  return { fromDir: recordAssembly(join(dir, 'cdk.out')), inMemory };
}

function withService(plan: Plan, name: string, change: Record<string, unknown>): Plan {
  return { ...plan, services: plan.services.map((s) => (s.name === name ? { ...s, ...change } : s)) };
}

describe('five-services, synthesized', () => {
  let plan: Plan;
  let base: AssemblyRecord;
  beforeAll(() => {
    plan = fixturePlan();
    const { fromDir, inMemory } = synthesize(plan);
    base = fromDir;
    expect(serializeRecord(inMemory)).toBe(serializeRecord(fromDir));
  });

  it('records every stack in deploy order, and the create-only data covers every type in them', () => {
    expect(base.stacks.map((s) => s.name)).toEqual(['MarketNetwork', 'MarketServices']);
    expect(base.stacks[1].dependencies).toEqual(['MarketNetwork']);
    const types = new Set(base.stacks.flatMap((s) => Object.values(s.resources).map((r) => r.type)));
    expect([...types].filter((t) => !knowsType(t))).toEqual([]);
  });

  it('the same synthesis twice: nothing to do', () => {
    const again = synthesize(plan).fromDir;
    expect(serializeRecord(again)).toBe(serializeRecord(base));
    const r = modelTransition(base, again);
    expect(r.hazards).toEqual([]);
    expect(r.changes).toEqual([]);
  });

  it("one service's desiredCount: an in-place update, safe", () => {
    const r = modelTransition(base, synthesize(withService(plan, 'inventory', { desiredCount: 5 })).fromDir);
    expect(r.changes.map((c) => `${c.stack}/${c.logicalId}:${c.action}`)).toEqual(['MarketServices/inventoryServiceC0F2D5C1:update']);
    expect(r.hazards).toEqual([]);
    expect(exitCode(r)).toBe(0);
  });

  it("one service's new image: its task definition is replaced, the service updated in place, safe", () => {
    const r = modelTransition(base, synthesize(plan, { orders: 'v2' }).fromDir);
    expect(r.changes.map((c) => `${c.logicalId}:${c.action}`)).toEqual(['ordersTaskDefinition55090264:replace', 'ordersService50A586E0:update']);
    expect(r.hazards).toEqual([]);
  });

  it('a service renamed: the old service is deleted, reported with the way to do it safely', () => {
    const renamed: Plan = {
      ...plan,
      services: plan.services.map((s) =>
        s.name === 'payments'
          ? { ...s, name: 'billing' }
          : {
              ...s,
              calls: s.calls.map((c) => (c === 'payments' ? 'billing' : c)),
              upstreams: s.upstreams.map((u) => (u.service === 'payments' ? { ...u, service: 'billing', env: 'BILLING_URL' } : u)),
            },
      ),
      deployOrder: plan.deployOrder.map((n) => (n === 'payments' ? 'billing' : n)),
      stacks: plan.stacks.map((st) => ({ ...st, services: st.services.map((n) => (n === 'payments' ? 'billing' : n)) })),
    };
    const r = modelTransition(base, synthesize(renamed).fromDir);
    expect(r.hazards.map((h) => `${h.kind} ${h.logicalId}`)).toEqual(['service-deleted paymentsServiceF0DA431F']);
    expect(r.hazards[0].safely).toMatch(/add the new service beside the old one/);
    expect(exitCode(r)).toBe(1);
    expect(formatReport(r)).toMatch(/INTERRUPTION service-deleted: MarketServices\/paymentsServiceF0DA431F \(AWS::ECS::Service "payments"\)/);
  });

  it('a service moved to a stack that deploys first: its names are still held by the old one', () => {
    const moved: Plan = {
      ...withService(plan, 'payments', { stack: 'services-0' }),
      stacks: [
        { name: 'services-0', services: ['payments'] },
        ...plan.stacks.map((st) => ({ ...st, services: st.services.filter((n) => n !== 'payments') })),
      ],
    };
    const after = synthesize(moved).fromDir;
    expect(after.stacks.map((s) => s.name)).toEqual(['MarketNetwork', 'MarketServices-0', 'MarketServices']);
    const r = modelTransition(base, after);
    const conflicts = r.hazards.filter((h) => h.kind === 'name-conflict');
    expect(conflicts.map((h) => h.message.split(',')[0])).toEqual([
      'paymentsServiceF0DA431F needs the ECS service name "payments" in MarketNetwork/ClusterC2E21B66',
      'paymentsServiceF0DA431F needs the Service Connect discovery name "payments" in MarketNetwork/ClusterDefaultServiceDiscoveryNamespaceD29986FD',
    ]);
    expect(conflicts[0].message).toMatch(
      /still held by AWS::ECS::Service MarketServices\/paymentsServiceF0DA431F, removed from MarketServices but deleted only when that stack deploys, later/,
    );
    expect(r.hazards.map((h) => h.kind)).toContain('service-deleted');
    expect(exitCode(r)).toBe(1);
  });
});
