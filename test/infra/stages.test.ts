/**
 * A platform with stages (issue 15) as the CDK app builds it: the stages fixture
 * (test/fixtures/stages.yaml: dev and staging in one account and region, prod in
 * ap-southeast-7, a region opened after 2023) synthesized once in process with strict
 * CloudFormation validation and cdk-nag on, as `buildStages` in a staged repository's
 * src/main.ts builds it.
 */
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlatform, buildStages } from '../../src/infra';
import { checkPlatform, fromAssembly } from '../../src/infra/testing';
import { stageAssemblyId, type Plan } from '../../src/plan';
import { recordAssembly } from '../../src/transition/record';
import { fixturePlan, planOf, synthStages, type SynthesizedStages } from '../support/synth-platform';

let plan: Plan;
let synth: SynthesizedStages;
beforeAll(() => {
  plan = fixturePlan('stages');
  synth = synthStages(plan, { validate: true });
}, 300_000);

/**
 * How the CDK CLI selects stacks by a pattern: a glob on each stack's hierarchical id
 * (`dev/RelayNetwork`), in which `*` matches anything but `/` (aws-cdk-cli,
 * packages/aws-cdk/lib/cxapp/cloud-assembly.ts, with picomatch). `--all` takes the main
 * assembly's stacks only.
 */
const cliSelects = (pattern: string, id: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('[^/]*')}$`,
  ).test(id);

const templatesOf = (stage: string) => synth.stageAssemblies.get(stage)!.stacks.map((s) => s.template as Record<string, any>);
const resourcesOf = (stage: string, type: string) =>
  templatesOf(stage).flatMap((t) => Object.entries(t.Resources as Record<string, any>).filter(([, r]) => r.Type === type));
const endpointNames = (stage: string) =>
  resourcesOf(stage, 'AWS::EC2::VPCEndpoint')
    .filter(([, r]) => r.Properties.VpcEndpointType === 'Interface')
    .map(([, r]) => String(r.Properties.ServiceName).split('.').slice(3).join('.'))
    .sort();

describe('the stages fixture', () => {
  it('makes one CDK Stage per stage, each with its stacks, and no top-level stack', () => {
    expect(synth.assembly.stacks).toEqual([]);
    for (const st of plan.stages!) {
      const stacks = synth.stageAssemblies.get(st.name)!.stacks;
      expect(stacks.map((s) => s.stackName)).toEqual([`${st.name}-RelayNetwork`, `${st.name}-RelayServices`]);
      expect(stacks.map((s) => s.hierarchicalId)).toEqual([`${st.name}/RelayNetwork`, `${st.name}/RelayServices`]);
    }
  });

  it("pins every stack to its stage's account and region", () => {
    const envs = Object.fromEntries(
      plan.stages!.map((st) => [st.name, synth.stageAssemblies.get(st.name)!.stacks.map((s) => `${s.environment.account}/${s.environment.region}`)]),
    );
    expect(envs).toEqual({
      dev: ['111111111111/eu-west-1', '111111111111/eu-west-1'],
      staging: ['111111111111/eu-west-1', '111111111111/eu-west-1'],
      prod: ['222222222222/ap-southeast-7', '222222222222/ap-southeast-7'],
    });
  });

  it('holds every platform check in every stage (strict validation and cdk-nag passed at synth)', () => {
    expect(checkPlatform(fromAssembly(plan, synth.assembly))).toEqual({});
  });

  it('chooses the interface endpoints by region at synth: ecs and ecs-telemetry in the newer region only, with no condition', () => {
    expect(endpointNames('dev')).toEqual(['ecr.api', 'ecr.dkr', 'ecs-agent', 'logs']);
    expect(endpointNames('staging')).toEqual(['ecr.api', 'ecr.dkr', 'ecs-agent', 'logs']);
    expect(endpointNames('prod')).toEqual(['ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry', 'logs']);
    for (const st of plan.stages!) {
      for (const t of templatesOf(st.name)) {
        expect(t.Conditions ?? {}, st.name).toEqual({});
        expect(JSON.stringify(t), st.name).not.toContain('Fn::If');
      }
    }
  });

  it("spans each stage's azs, with zones CloudFormation picks (Fn::GetAZs), not looked up", () => {
    const subnets = (stage: string) => resourcesOf(stage, 'AWS::EC2::Subnet').filter(([, r]) => r.Properties.MapPublicIpOnLaunch === false);
    const isolated = (stage: string) => resourcesOf(stage, 'AWS::EC2::Subnet').filter(([id]) => id.includes('tasks')).length;
    expect({ dev: isolated('dev'), staging: isolated('staging'), prod: isolated('prod') }).toEqual({ dev: 2, staging: 3, prod: 2 });
    for (const st of plan.stages!) {
      for (const [, r] of subnets(st.name)) expect(JSON.stringify(r.Properties.AvailabilityZone)).toContain('Fn::GetAZs');
    }
  });

  it('needs no context lookup and no credentials to synthesize', () => {
    const all: CloudAssembly[] = [synth.assembly, ...synth.stageAssemblies.values()];
    for (const a of all) expect(a.manifest.missing ?? []).toEqual([]);
    for (const st of plan.stages!) for (const t of templatesOf(st.name)) expect(JSON.stringify(t)).not.toMatch(/dummy1[abc]/);
  });

  it('names every physical resource after its stage: dev and staging share an account and region', () => {
    const names = (stage: string) => ({
      cluster: resourcesOf(stage, 'AWS::ECS::Cluster').map(([, r]) => r.Properties.ClusterName),
      namespace: resourcesOf(stage, 'AWS::ServiceDiscovery::HttpNamespace').map(([, r]) => r.Properties.Name),
      topic: resourcesOf(stage, 'AWS::SNS::Topic').map(([, r]) => r.Properties.TopicName),
    });
    expect(names('dev')).toEqual({ cluster: ['relay-dev'], namespace: ['dev.relay.internal'], topic: ['relay-dev-alarms'] });
    expect(names('staging')).toEqual({ cluster: ['relay-staging'], namespace: ['staging.relay.internal'], topic: ['relay-staging-alarms'] });
    // prod notifies its own topic (alarms.topicArn): none is created.
    expect(names('prod')).toEqual({ cluster: ['relay-prod'], namespace: ['prod.relay.internal'], topic: [] });
  });

  it("runs each stage's counts, autoscaling, profile and HTTPS", () => {
    const counts = (stage: string) =>
      Object.fromEntries(resourcesOf(stage, 'AWS::ECS::Service').map(([, r]) => [r.Properties.ServiceName, r.Properties.DesiredCount]));
    // web autoscales: its service leaves DesiredCount to autoscaling (scaling below).
    expect(counts('dev')).toEqual({ web: undefined, api: 1, store: 1 });
    expect(counts('staging')).toEqual({ web: undefined, api: 3, store: 2 });
    expect(counts('prod')).toEqual({ web: undefined, api: 4, store: 2 });
    const scaling = (stage: string) =>
      resourcesOf(stage, 'AWS::ApplicationAutoScaling::ScalableTarget').map(([, r]) => [r.Properties.MinCapacity, r.Properties.MaxCapacity]);
    expect(scaling('dev')).toEqual([[1, 2]]);
    expect(scaling('staging')).toEqual([[2, 6]]);
    const https = (stage: string) =>
      resourcesOf(stage, 'AWS::ElasticLoadBalancingV2::Listener')
        .map(([, r]) => r.Properties.Port)
        .sort();
    expect(https('staging')).toEqual([443, 80]);
    expect(https('dev')).toEqual([80]);
  });

  it('deploys exactly a stage with `<stage>/*` (what deploy:<stage> runs); --all selects no stack', () => {
    const all = [...synth.stageAssemblies.values()].flatMap((a) => a.stacks.map((s) => s.hierarchicalId));
    for (const st of plan.stages!) {
      expect(all.filter((id) => cliSelects(`${st.name}/*`, id))).toEqual([`${st.name}/RelayNetwork`, `${st.name}/RelayServices`]);
    }
    // `cdk deploy --all` takes the main assembly's stacks only.
    expect(synth.assembly.stacks.length).toBe(0);
  });

  it("records each stage's stacks from its nested assembly for npx projen plan, none at the top", () => {
    expect(recordAssembly(synth.outdir).stacks).toEqual([]);
    for (const st of plan.stages!) {
      expect(recordAssembly(join(synth.outdir, stageAssemblyId(st.name))).stacks.map((s) => s.name)).toEqual([
        `${st.name}-RelayNetwork`,
        `${st.name}-RelayServices`,
      ]);
    }
  });
});

describe('the API for src/main.ts', () => {
  it('buildPlatform refuses a platform with stages, naming buildStages', () => {
    expect(() => buildPlatform(new App(), plan)).toThrow(
      /the platform has stages \(dev, staging, prod\): in src\/main.ts, build it with buildStages\(app, platform\)/,
    );
  });

  it('buildStages refuses a platform without stages, naming buildPlatform', () => {
    const { stages: _stages, ...unstaged } = plan;
    expect(() => buildStages(new App(), unstaged)).toThrow(
      /the platform has no stages: in src\/main.ts, build it with buildPlatform\(app, platform\)/,
    );
  });

  it("returns each stage's platform to extend", () => {
    expect(synth.built.map((b) => [b.stage.name, b.cdkStage.account, b.cdkStage.region, b.service('api').spec.desiredCount])).toEqual([
      ['dev', '111111111111', 'eu-west-1', 1],
      ['staging', '111111111111', 'eu-west-1', 3],
      ['prod', '222222222222', 'ap-southeast-7', 4],
    ]);
  });
});

describe('a staged platform with a call cycle', () => {
  it("redeploys the deferred caller in each stage's own stacks and cluster", () => {
    const cycle = planOf({
      name: 'loop',
      profile: 'dev',
      services: [
        { name: 'ping', role: 'client-server', port: 8080, calls: ['pong'] },
        { name: 'pong', role: 'client-server', port: 8081, calls: ['ping'] },
      ],
      stages: [
        { name: 'a', account: '111111111111', region: 'eu-west-1' },
        { name: 'b', account: '111111111111', region: 'eu-west-1' },
      ],
    });
    const s = synthStages(cycle);
    for (const stage of ['a', 'b']) {
      const redeploys = s.stageAssemblies
        .get(stage)!
        .stacks.flatMap((st) => Object.values((st.template as any).Resources as Record<string, any>))
        .filter((r) => r.Type === 'Custom::AWS' && JSON.stringify(r.Properties.Create).includes('updateService'));
      expect(redeploys.length, stage).toBeGreaterThan(0);
      for (const r of redeploys) expect(JSON.stringify(r.Properties.Create), stage).toContain(`"cluster\\":\\"loop-${stage}\\"`);
    }
  });
});

describe('an image of another account', () => {
  it('synthesizes with a warning that its repository policy must allow the pull', () => {
    const crossAccount = planOf({
      name: 'shop',
      services: [{ name: 'api', role: 'client-server', port: 8080, image: '999999999999.dkr.ecr.eu-west-1.amazonaws.com/api:1' }],
      stages: [{ name: 'dev', account: '111111111111', region: 'eu-west-1' }],
    });
    const s = synthStages(crossAccount);
    const warnings = s.stageAssemblies
      .get('dev')!
      .stacks.flatMap((st) => st.messages)
      .filter((msg) => String(msg.entry.data).includes('cross-account-image'));
    expect(warnings.map((w) => String(w.entry.data))).toEqual([
      expect.stringContaining(
        "api pulls 999999999999.dkr.ecr.eu-west-1.amazonaws.com/api:1 from account 999999999999, not stage dev's account 111111111111",
      ),
    ]);
  });
});
