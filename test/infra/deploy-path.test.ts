/**
 * The deploy-path defects of issue 10, each checked on templates synthesized in process
 * with the generated repository's own CDK code: what offline validation cannot see, but
 * CloudFormation, ECS or the CDK CLI would hit at deploy time or on the next change.
 */
import { Annotations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../../src/api';
import { runCli } from '../../src/cli/main';
import { planPlatform, type Plan } from '../../src/plan';
import { REGIONS_BEFORE_ECS_ENDPOINT_RULE } from '../../src/plan/regions';
import { formatError, normalizeSpec } from '../../src/spec';
import { modelTransition, recordCloudAssembly } from '../../src/transition';
import { synthPlatform } from '../support/synth-platform';

type Template = Record<string, any>;

function plan(raw: object): Plan {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return planPlatform(result.spec);
}

const PUBLIC = {
  name: 'shop',
  services: [
    { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
    { name: 'admin', role: 'client-only', port: 3001, public: true, publicPath: '/admin' },
    { name: 'api', role: 'client-server', port: 8080 },
  ],
};
const HTTPS = { domain: 'shop.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d' };

function resources(t: Template, type: string): [string, any][] {
  return Object.entries(t.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
}

/** Evaluates a condition expression of a template for a region (Fn::Equals/Or/Not/And over AWS::Region). */
function holds(t: Template, expression: any, region: string): boolean {
  if (typeof expression === 'object' && expression.Condition) return holds(t, t.Conditions[expression.Condition], region);
  const [op, args] = Object.entries(expression)[0] as [string, any[]];
  const value = (v: any): unknown => (v && v.Ref === 'AWS::Region' ? region : v);
  if (op === 'Fn::Equals') return value(args[0]) === value(args[1]);
  if (op === 'Fn::Or') return args.some((a) => holds(t, a, region));
  if (op === 'Fn::And') return args.every((a) => holds(t, a, region));
  if (op === 'Fn::Not') return !holds(t, args[0], region);
  throw new Error(`cannot evaluate ${op}`);
}

/** The value of a template expression in a region: Ref AWS::Region, Fn::Join, Fn::If on conditions over the region. */
function evaluate(t: Template, value: any, region: string): any {
  if (Array.isArray(value)) return value.map((v) => evaluate(t, v, region));
  if (!value || typeof value !== 'object') return value;
  if (value.Ref === 'AWS::Region') return region;
  if (value['Fn::Join']) {
    const [sep, parts] = value['Fn::Join'];
    return (evaluate(t, parts, region) as unknown[]).join(sep);
  }
  if (value['Fn::If']) {
    const [condition, yes, no] = value['Fn::If'];
    return evaluate(t, holds(t, { Condition: condition }, region) ? yes : no, region);
  }
  throw new Error(`cannot evaluate ${JSON.stringify(value)}`);
}

/** Every `Fn::FindInMap` in a template. */
function findInMaps(value: unknown, found: any[][] = []): any[][] {
  if (Array.isArray(value)) value.forEach((v) => findInMaps(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Fn::FindInMap') found.push(v as any[]);
      findInMaps(v, found);
    }
  }
  return found;
}

describe('1. deploy and destroy act on every stack', () => {
  it('runs the CDK commands of a multi-stack app with --all', () => {
    const result = generate(PUBLIC, { generatorDependency: '^0.0.0' });
    if (!result.ok) throw new Error('invalid');
    const tasks = JSON.parse(result.files.find((f) => f.path === '.projen/tasks.json')!.contents).tasks;
    for (const [task, command] of [
      ['deploy', 'cdk deploy --all'],
      ['destroy', 'cdk destroy --all'],
      ['diff', 'cdk diff --all'],
    ]) {
      expect(tasks[task].steps, task).toEqual([{ exec: command, receiveArgs: true }]);
    }
  });
});

describe('review 14.7: the first deploy to an account and region bootstraps it first', () => {
  const generated = () => {
    const result = generate(PUBLIC, { generatorDependency: '^0.0.0' });
    if (!result.ok) throw new Error('invalid');
    return result.files;
  };

  it('has a bootstrap task, and the README says to run it once per account and region before the first deploy', () => {
    const files = generated();
    const tasks = JSON.parse(files.find((f) => f.path === '.projen/tasks.json')!.contents).tasks;
    expect(tasks.bootstrap.steps).toEqual([{ exec: 'cdk bootstrap', receiveArgs: true }]);
    const readme = files.find((f) => f.path === 'README.md')!.contents;
    const commands = readme.slice(readme.indexOf('## Commands'));
    expect(commands.indexOf('npx projen bootstrap')).toBeGreaterThan(0);
    expect(commands.indexOf('npx projen bootstrap')).toBeLessThan(commands.indexOf('npx projen deploy'));
    expect(readme).toMatch(/once per account and region/);
  });

  it("says so in the CLI's Next: lines, before deploy", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'fc-next-'));
    writeFileSync(join(cwd, 'shop.json'), JSON.stringify(PUBLIC));
    const out: string[] = [];
    const code = await runCli(
      ['shop', '--config', 'shop.json', '--yes', '--no-install', '--no-git', '--generator-dependency', 'file:/nonexistent/x.tgz'],
      {
        out: (l) => out.push(l),
        err: () => {},
        stdinIsTTY: false,
        cwd,
      },
    );
    expect(code).toBe(0);
    const next = out.slice(out.indexOf('Next:'));
    const bootstrap = next.findIndex((l) => l.includes('npx projen bootstrap'));
    expect(bootstrap).toBeGreaterThan(0);
    expect(next[bootstrap]).toMatch(/once per account and region/);
    expect(bootstrap).toBeLessThan(next.findIndex((l) => l.includes('npx projen deploy')));
  });
});

describe('2. public platforms deploy in every region aws-cdk-lib knows', () => {
  const t = synthPlatform(plan(PUBLIC)).templates.get('ShopNetwork')!;

  it('looks up the ELB log delivery account with a default, so no region is missing from the lookup', () => {
    const lookups = findInMaps(t);
    expect(lookups.length).toBeGreaterThan(0);
    expect(t.Transform).toContain('AWS::LanguageExtensions');
    for (const region of RegionInfo.regions.map((r) => r.name)) {
      for (const [map, key, attribute, options] of lookups) {
        const known = t.Mappings?.[map]?.[key.Ref === 'AWS::Region' ? region : key]?.[attribute];
        // Either the mapping answers for this region, or the lookup has a default.
        expect(known !== undefined || options?.DefaultValue !== undefined, `${region}: ${map}`).toBe(true);
      }
    }
  });

  it("grants the region's delivery account where aws-cdk-lib has one, else the service principal alone", () => {
    const map = Object.keys(t.Mappings).find((m) => m.includes('ElbAccounts'))!;
    for (const info of RegionInfo.regions) {
      const account = t.Mappings[map][info.name]?.account;
      expect(account, info.name).toBe(info.elbv2Account ?? 'none');
    }
    const policy = JSON.stringify(resources(t, 'AWS::S3::BucketPolicy')[0]![1].Properties.PolicyDocument);
    expect(policy).toContain('logdelivery.elasticloadbalancing.amazonaws.com');
  });
});

describe('4. image services', () => {
  const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/cache:7';
  const p = plan({
    name: 'img',
    services: [
      { name: 'api', role: 'client-server', port: 8080, calls: ['cache'] },
      { name: 'cache', role: 'client-server', port: 6379, image },
    ],
  });
  const t = synthPlatform(p).templates.get('ImgServices')!;
  const containerOf = (name: string) => {
    const [, td] = resources(t, 'AWS::ECS::TaskDefinition').find(([id]) => id.startsWith(name))!;
    return td.Properties.ContainerDefinitions[0];
  };

  it('gives an image no node health check it may not be able to run', () => {
    expect(containerOf('cache').HealthCheck).toBeUndefined();
    expect(containerOf('api').HealthCheck.Command.slice(0, 2)).toEqual(['CMD', 'node']);
  });

  it('refuses to deploy outside the region of the ECR image (a rule CloudFormation checks first)', () => {
    const rules = Object.values(t.Rules ?? {}) as any[];
    const assertion = rules.flatMap((r) => r.Assertions).find((a) => JSON.stringify(a.Assert).includes('eu-west-1'));
    expect(assertion.Assert).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] });
    expect(assertion.AssertDescription).toMatch(/ECR in eu-west-1/);
  });

  it('refuses at synth when the stack region is known and differs', () => {
    expect(() => synthPlatform(p, { env: { account: '123456789012', region: 'us-east-1' } })).toThrow(/ECR in eu-west-1/);
  });
});

describe('6. turning on HTTPS keeps the port-80 listener', () => {
  it('gives the port-80 listener the same logical id with and without a certificate', () => {
    const port80 = (t: Template) =>
      resources(t, 'AWS::ElasticLoadBalancingV2::Listener')
        .filter(([, l]) => l.Properties.Port === 80)
        .map(([id]) => id);
    const http = synthPlatform(plan(PUBLIC)).templates.get('ShopNetwork')!;
    const https = synthPlatform(plan({ ...PUBLIC, ...HTTPS })).templates.get('ShopNetwork')!;
    expect(port80(http)).toHaveLength(1);
    expect(port80(https)).toEqual(port80(http));
  });
});

describe('7. a service that stops being public is detached from the load balancer', () => {
  it('sets in the generated cdk.json the feature flags a new `cdk init` app gets, removeEmptyLoadBalancers among them', () => {
    const result = generate(PUBLIC, { generatorDependency: '^0.0.0' });
    if (!result.ok) throw new Error('invalid');
    const context = JSON.parse(result.files.find((f) => f.path === 'cdk.json')!.contents).context;
    expect(context['@aws-cdk/aws-ecs:removeEmptyLoadBalancers']).toBe(true);
    expect(context['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  });

  it('renders LoadBalancers: [] for a private service, so CloudFormation clears the live value', () => {
    const t = synthPlatform(plan(PUBLIC)).templates.get('ShopServices')!;
    const api = resources(t, 'AWS::ECS::Service').find(([, s]) => s.Properties.ServiceName === 'api')![1];
    expect(api.Properties.LoadBalancers).toEqual([]);
  });
});

describe('8. the ecs and ecs-telemetry endpoints of regions opened since December 2023', () => {
  const t = synthPlatform(plan(PUBLIC)).templates.get('ShopNetwork')!;
  const endpoint = (suffix: string) =>
    resources(t, 'AWS::EC2::VPCEndpoint').find(([, e]) => JSON.stringify(e.Properties.ServiceName).endsWith(`.${suffix}"]]}`))![1];

  it('exist exactly in the regions that need them, including regions newer than this code', () => {
    for (const suffix of ['ecs', 'ecs-telemetry']) {
      const condition = endpoint(suffix).Condition;
      expect(condition, suffix).toBeDefined();
      for (const region of [...RegionInfo.regions.map((r) => r.name), 'xx-future-1']) {
        expect(holds(t, { Condition: condition }, region), `${suffix} in ${region}`).toBe(!REGIONS_BEFORE_ECS_ENDPOINT_RULE.includes(region));
      }
    }
    expect(holds(t, { Condition: endpoint('ecs').Condition }, 'ca-west-1')).toBe(true);
    expect(endpoint('ecs-agent').Condition).toBeUndefined();
  });

  it('are chosen at synth when the region is known', () => {
    const suffixes = (region: string) =>
      resources(synthPlatform(plan(PUBLIC), { env: { account: '123456789012', region } }).templates.get('ShopNetwork')!, 'AWS::EC2::VPCEndpoint')
        .map(([, e]) => JSON.stringify(e.Properties.ServiceName))
        .join(' ');
    expect(suffixes('mx-central-1')).toMatch(/\.ecs-telemetry"/);
    expect(suffixes('mx-central-1')).toMatch(/\.ecs"/);
    expect(suffixes('eu-west-1')).not.toMatch(/\.ecs-telemetry"/);
    expect(suffixes('eu-west-1')).toMatch(/\.ecs-agent"/);
  });
});

describe('9. removing the last public service never deletes a group another stack names', () => {
  it("keeps the load balancer's security group, under the same id, without public services", () => {
    const group = (t: Template) =>
      resources(t, 'AWS::EC2::SecurityGroup')
        .filter(([, g]) => JSON.stringify(g.Properties.Tags ?? []).includes('"alb"'))
        .map(([id]) => id);
    const withPublic = synthPlatform(plan(PUBLIC)).templates.get('ShopNetwork')!;
    const without = synthPlatform(plan({ name: 'shop', services: [{ name: 'api', role: 'client-server', port: 8080 }] })).templates.get(
      'ShopNetwork',
    )!;
    expect(group(withPublic)).toHaveLength(1);
    expect(group(without)).toEqual(group(withPublic));
    expect(resources(without, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([]);
  });
});

describe('10. deferred calls redeploy their callers from CloudFormation', () => {
  const p = plan({
    name: 'loop',
    services: [
      { name: 'ping', role: 'client-server', port: 8080, calls: ['pong'] },
      { name: 'pong', role: 'client-server', port: 8081, calls: ['ping'] },
    ],
  });
  const t = synthPlatform(p).templates.get('LoopServices')!;

  it('holds one redeploy per deferred call, after the callee, in the same account and region', () => {
    expect(p.deferredCalls).toEqual([{ from: 'pong', to: 'ping', reason: 'cycle' }]);
    const custom = resources(t, 'Custom::AWS');
    expect(custom).toHaveLength(1);
    const [, cr] = custom[0]!;
    const ping = resources(t, 'AWS::ECS::Service').find(([, s]) => s.Properties.ServiceName === 'ping')![0];
    expect(cr.DependsOn).toContain(ping);
    expect(JSON.stringify(cr.Properties.Create)).toMatch(/updateService.*\\"service\\":\\"pong\\".*forceNewDeployment\\":true/);
    // Re-run only when what the caller resolves changes: the callee's ARN and port are in its id.
    expect(JSON.stringify(cr.Properties.Create)).toContain(`"Ref":"${ping}"`);
    const policy = JSON.stringify(resources(t, 'AWS::IAM::Policy').map(([, x]) => x.Properties.PolicyDocument));
    expect(policy).toContain(':service/loop/pong');
    expect(policy).not.toMatch(/"ecs:UpdateService","Effect":"Allow","Resource":"\*"/);
  });
});

describe('11. every client-only service waits for a registration', () => {
  it('makes a client-only service that calls nothing depend on a client-server service', () => {
    const p = plan({
      name: 'front',
      services: [
        { name: 'worker', role: 'client-only', port: 3000 },
        { name: 'api', role: 'client-server', port: 8080 },
      ],
    });
    const t = synthPlatform(p).templates.get('FrontServices')!;
    const ids = Object.fromEntries(resources(t, 'AWS::ECS::Service').map(([id, s]) => [s.Properties.ServiceName, id]));
    expect(t.Resources[ids.worker].DependsOn).toContain(ids.api);
  });
});

describe('12. AZ choices that would fail at deploy', () => {
  it('stops azs: 3 before anything is created in regions with fewer Fargate zones', () => {
    const t = synthPlatform(plan({ ...PUBLIC, azs: 3 })).templates.get('ShopNetwork')!;
    const rule = Object.values(t.Rules).find((r: any) => JSON.stringify(r).includes('us-west-1')) as any;
    expect(rule.Assertions[0].Assert).toEqual({ 'Fn::Not': [{ 'Fn::Contains': [['cn-north-1', 'us-west-1'], { Ref: 'AWS::Region' }] }] });
  });

  it('refuses at synth when the region is known', () => {
    expect(() => synthPlatform(plan({ ...PUBLIC, azs: 3 }), { env: { account: '123456789012', region: 'us-west-1' } })).toThrow(/fewer than azs: 3/);
  });

  it('pins subnets by AZ ID where Fargate runs only in some zones', () => {
    const t = synthPlatform(plan(PUBLIC)).templates.get('ShopNetwork')!;
    const subnet = resources(t, 'AWS::EC2::Subnet')[0]![1];
    expect(JSON.stringify(subnet.Properties.AvailabilityZoneId)).toMatch(/usw1-az1/);
    expect(JSON.stringify(subnet.Properties.AvailabilityZoneId)).toMatch(/apne1-az1/);
  });
});

describe('13. every role keeps its Service Connect proxy logs', () => {
  it('configures proxy logs for client-only services too', () => {
    const t = synthPlatform(plan(PUBLIC)).templates.get('ShopServices')!;
    for (const [, s] of resources(t, 'AWS::ECS::Service')) {
      expect(s.Properties.ServiceConnectConfiguration.LogConfiguration?.LogDriver, s.Properties.ServiceName).toBe('awslogs');
    }
  });
});

describe('14. a plain-HTTP load balancer is said so at synth', () => {
  const warnings = (raw: object) => {
    const s = synthPlatform(plan(raw));
    return s.assembly.stacks
      .flatMap((st) => st.messages)
      .filter((m) => m.level === 'warning')
      .map((m) => String(m.entry.data));
  };

  it('warns, louder under prod, and not at all with a certificate', () => {
    expect(warnings({ ...PUBLIC, profile: 'prod' }).join('\n')).toMatch(/PRODUCTION platform served over plain HTTP/);
    expect(warnings({ ...PUBLIC, profile: 'dev' }).join('\n')).toMatch(/serves plain HTTP \(no certificate\)/);
    expect(warnings({ ...PUBLIC, ...HTTPS }).join('\n')).not.toMatch(/plain HTTP/);
  });
});

describe('review 14.1: making an existing private service public deploys', () => {
  const publicApi = { ...PUBLIC, services: PUBLIC.services.map((x) => (x.name === 'api' ? { ...x, public: true, publicPath: '/api' } : x)) };
  const first = plan(PUBLIC);
  const api = (t: Template) => resources(t, 'AWS::ECS::Service').find(([, x]) => x.Properties.ServiceName === 'api')![1];

  it('sets no health check grace period with the load balancer (ECS refuses both in one update)', () => {
    const before = synthPlatform(first);
    const after = synthPlatform(planPlatform((normalizeSpec(publicApi) as any).spec, { placement: first }));
    expect(api(before.templates.get('ShopServices')!).Properties.LoadBalancers).toEqual([]);
    expect(api(after.templates.get('ShopServices')!).Properties.LoadBalancers).toHaveLength(1);
    for (const [, x] of resources(after.templates.get('ShopServices')!, 'AWS::ECS::Service')) {
      expect(x.Properties.HealthCheckGracePeriodSeconds, x.Properties.ServiceName).toBeUndefined();
    }
    const report = modelTransition(recordCloudAssembly(before.assembly), recordCloudAssembly(after.assembly));
    expect(report.hazards.map((h) => h.kind)).toEqual([]);
  });

  it('gives a starting task at least a minute of failed target health checks instead', () => {
    const t = synthPlatform(plan(PUBLIC)).templates.get('ShopServices')!;
    for (const [id, tg] of resources(t, 'AWS::ElasticLoadBalancingV2::TargetGroup')) {
      const p = tg.Properties;
      expect(p.HealthCheckIntervalSeconds * p.UnhealthyThresholdCount, id).toBeGreaterThanOrEqual(60);
    }
  });
});

describe('review 14.4: changing the port of a public service keeps its target group', () => {
  const at = (port: number) => ({ ...PUBLIC, services: PUBLIC.services.map((x) => (x.name === 'web' ? { ...x, port } : x)) });
  const first = plan(at(3000));
  const before = synthPlatform(first);
  const after = synthPlatform(planPlatform((normalizeSpec(at(3100)) as any).spec, { placement: first }));
  const groups = (s: ReturnType<typeof synthPlatform>) => resources(s.templates.get('ShopServices')!, 'AWS::ElasticLoadBalancingV2::TargetGroup');

  it('gives every target group the same Port (create-only) and checks health on the traffic port', () => {
    const ports = groups(before).map(([, g]) => g.Properties.Port);
    expect(new Set(ports).size).toBe(1);
    expect(groups(after).map(([id, g]) => [id, g.Properties.Port])).toEqual(groups(before).map(([id, g]) => [id, g.Properties.Port]));
    for (const [, g] of groups(after)) expect(g.Properties.HealthCheckPort ?? 'traffic-port').toBe('traffic-port');
    const web = resources(after.templates.get('ShopServices')!, 'AWS::ECS::Service').find(([, x]) => x.Properties.ServiceName === 'web')![1];
    expect(web.Properties.LoadBalancers[0].ContainerPort).toBe(3100);
  });

  it('is an in-place update the model finds nothing in', () => {
    const report = modelTransition(recordCloudAssembly(before.assembly), recordCloudAssembly(after.assembly));
    // The task definition and the port's security group rules are replaced; the target group is not.
    const replaced = report.changes.filter((c) => c.action === 'replace').map((c) => c.resourceType);
    expect(replaced).toContain('AWS::ECS::TaskDefinition');
    expect(replaced).not.toContain('AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(report.hazards).toEqual([]);
  });
});

describe('review 14.3: interface endpoints have the service names of every partition', () => {
  const t = synthPlatform(plan(PUBLIC)).templates.get('ShopNetwork')!;
  const endpoints = resources(t, 'AWS::EC2::VPCEndpoint');
  const named = (id: string) => endpoints.find(([logical]) => logical.includes(id))![1];

  it("names ECR's endpoints cn.com.amazonaws in China and com.amazonaws elsewhere, decided at deploy", () => {
    expect(evaluate(t, named('EcrApiEndpoint').Properties.ServiceName, 'cn-north-1')).toBe('cn.com.amazonaws.cn-north-1.ecr.api');
    expect(evaluate(t, named('EcrDkrEndpoint').Properties.ServiceName, 'cn-northwest-1')).toBe('cn.com.amazonaws.cn-northwest-1.ecr.dkr');
    expect(evaluate(t, named('EcrApiEndpoint').Properties.ServiceName, 'us-east-1')).toBe('com.amazonaws.us-east-1.ecr.api');
    expect(evaluate(t, named('EcrDkrEndpoint').Properties.ServiceName, 'eu-west-1')).toBe('com.amazonaws.eu-west-1.ecr.dkr');
    // The gateway endpoint keeps com.amazonaws everywhere: China's S3 gateway is com.amazonaws.<region>.s3.
    const s3 = endpoints.find(([, e]) => e.Properties.VpcEndpointType === 'Gateway')![1];
    expect(evaluate(t, s3.Properties.ServiceName, 'cn-north-1')).toBe('com.amazonaws.cn-north-1.s3');
  });

  it('gives every endpoint, in every region aws-cdk-lib knows, the name aws-cdk-lib gives when the region is known', () => {
    for (const info of RegionInfo.regions) {
      const known = synthPlatform(plan(PUBLIC), { env: { account: '123456789012', region: info.name } }).templates.get('ShopNetwork')!;
      for (const [id, e] of resources(known, 'AWS::EC2::VPCEndpoint')) {
        const agnostic = t.Resources[id];
        expect(agnostic, `${info.name}: ${id}`).toBeDefined();
        expect(evaluate(t, agnostic.Properties.ServiceName, info.name), `${info.name}: ${id}`).toBe(
          evaluate(known, e.Properties.ServiceName, info.name),
        );
      }
    }
  }, 120_000);
});

describe('review 14.5: an image in a pull-through cache can be pulled', () => {
  const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/library/nginx:1.27';
  const p = plan({
    name: 'img',
    services: [
      { name: 'api', role: 'client-server', port: 8080, calls: ['web'] },
      { name: 'web', role: 'client-server', port: 8081, image, healthCheckPath: '/' },
    ],
  });

  it('lets the execution role import the upstream image and create its cache repository, on that repository only', () => {
    const t = synthPlatform(p).templates.get('ImgServices')!;
    const statements = resources(t, 'AWS::IAM::Policy').flatMap(([, x]) => x.Properties.PolicyDocument.Statement as any[]);
    const ptc = statements.find((st) => [st.Action].flat().includes('ecr:BatchImportUpstreamImage'));
    expect(ptc).toBeDefined();
    // Merged with the pull actions on the same repository (minimized policies).
    expect([ptc.Action].flat()).toContain('ecr:CreateRepository');
    expect([ptc.Resource].flat()).toHaveLength(1);
    expect(JSON.stringify(ptc.Resource)).toMatch(/":ecr:eu-west-1:123456789012:repository\/docker-hub\/library\/nginx"/);
    // Only the image's execution role: the built app's role pulls from the asset repository.
    expect(statements.filter((st) => [st.Action].flat().includes('ecr:CreateRepository'))).toHaveLength(1);
  });

  it('passes strict validation and cdk-nag', () => {
    expect(() => synthPlatform(p, { validate: true })).not.toThrow();
  }, 120_000);
});

describe('review 14.8: the network stack stops a deploy to a region its certificate or images are not in', () => {
  const assertions = (t: Template) => Object.values((t.Rules ?? {}) as Record<string, any>).flatMap((r) => r.Assertions);
  const requiring = (t: Template, region: string) =>
    assertions(t).filter((a) => JSON.stringify(a.Assert) === JSON.stringify({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, region] }));

  it("has a rule for the certificate's region, checked before anything is created", () => {
    const t = synthPlatform(plan({ ...PUBLIC, ...HTTPS })).templates.get('ShopNetwork')!;
    const [rule] = requiring(t, 'us-east-1');
    expect(rule?.AssertDescription).toMatch(/certificate .* is in us-east-1/);
    expect(requiring(synthPlatform(plan(PUBLIC)).templates.get('ShopNetwork')!, 'us-east-1')).toEqual([]);
  });

  it('refuses at synth when the stack region is known and differs', () => {
    expect(() => synthPlatform(plan({ ...PUBLIC, ...HTTPS }), { env: { account: '123456789012', region: 'eu-west-1' } })).toThrow(
      /certificate .* is in us-east-1/,
    );
    expect(() => synthPlatform(plan({ ...PUBLIC, ...HTTPS }), { env: { account: '123456789012', region: 'us-east-1' } })).not.toThrow();
  });

  it("has the images' region rule too, so a wrong region stops before the network is built", () => {
    const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/cache:7';
    const p = plan({
      name: 'img',
      services: [
        { name: 'api', role: 'client-server', port: 8080, calls: ['cache'] },
        { name: 'cache', role: 'client-server', port: 6379, image },
      ],
    });
    const [rule] = requiring(synthPlatform(p).templates.get('ImgNetwork')!, 'eu-west-1');
    expect(rule?.AssertDescription).toMatch(/ECR in eu-west-1/);
  });
});

// Keep the import used: Annotations and Match make failures easier to read when extended.
void Annotations;
void Match;
