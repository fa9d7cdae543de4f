/**
 * One test per rule of the transition model: each breaks the rule on purpose with small
 * hand-written before/after templates and expects the hazard; most also show the safe
 * variant of the same change reporting nothing, so the rule is not a blanket alarm.
 */
import { describe, expect, it } from 'vitest';
import { exitCode } from '../../src/transition';
import { att, imp, kinds, model, NET, network, only, out, ref, res, service, services, type StackSpec } from './helpers';

const base = { [NET]: network(), ShopServices: services({ Api: service('api') }) };

describe('no change, and plain updates', () => {
  it('reports nothing for the same assembly twice, and skips every stack', () => {
    const r = model(base, base);
    expect(r.hazards).toEqual([]);
    expect(r.changes).toEqual([]);
    expect(r.stacks.map((s) => s.status)).toEqual(['unchanged', 'unchanged']);
    expect(exitCode(r)).toBe(0);
  });

  it('reports nothing for an in-place update (desired count, log retention)', () => {
    const after = {
      [NET]: network({ resources: { Logs: res('AWS::Logs::LogGroup', { RetentionInDays: 90 }) } }),
      ShopServices: services({ Api: service('api', { DesiredCount: 4 }) }),
    };
    const before = { [NET]: network({ resources: { Logs: res('AWS::Logs::LogGroup', { RetentionInDays: 30 }) } }), ShopServices: base.ShopServices };
    const r = model(before, after);
    expect(r.hazards).toEqual([]);
    expect(r.changes.map((c) => `${c.logicalId}:${c.action}`)).toEqual(['Logs:update', 'Api:update']);
    expect(r.stacks.map((s) => [s.stack, s.status, s.updated])).toEqual([
      [NET, 'update', 1],
      ['ShopServices', 'update', 1],
    ]);
    expect(exitCode(r)).toBe(0);
  });
});

describe('stacks deploy in dependency order', () => {
  // Web reads an output that Api's stack only gains in this deploy.
  const before = { [NET]: network(), Api: services({ Svc: service('api') }), Web: services({ Svc: service('web') }) };
  const after = (webDependsOnApi: boolean) => ({
    [NET]: network(),
    // Listed first, as if the assembly had it first: only a dependency puts it after Api.
    Web: services({ Svc: service('web', { DesiredCount: out('Api', 'OutCount') }) }, webDependsOnApi ? [NET, 'Api'] : [NET]),
    Api: {
      ...services({ Svc: service('api'), Param: res('AWS::SSM::Parameter', { Type: 'String', Value: '2' }) }),
      outputs: { OutCount: { Value: att('Param', 'Value') } },
    },
  });

  it('deploys a consumer after its producer when it depends on it', () => {
    const r = model(before, after(true));
    expect(r.deployOrder).toEqual([NET, 'Api', 'Web']);
    expect(r.hazards).toEqual([]);
  });

  it('without the dependency the consumer deploys first and the output does not exist yet', () => {
    const r = model(before, after(false));
    expect(r.deployOrder).toEqual([NET, 'Web', 'Api']);
    expect(only(r, 'missing-output')).toMatchObject({ stack: 'Web', logicalId: 'Svc', severity: 'failure' });
  });
});

describe('stacks that left the app are not deleted', () => {
  it('reports the stack, which keeps its resources and their names', () => {
    const before = { ...base, ShopWorkers: services({ Worker: service('worker') }) };
    // The worker moves into ShopServices; its old stack leaves the app and still runs it.
    const after = { ...base, ShopServices: services({ Api: service('api'), Worker: service('worker') }) };
    const r = model(before, after);
    expect(only(r, 'stack-left-app')).toMatchObject({ stack: 'ShopWorkers', severity: 'loss' });
    expect(only(r, 'stack-left-app').message).toContain('1 ECS service');
    const conflicts = r.hazards.filter((h) => h.kind === 'name-conflict');
    expect(conflicts.map((h) => h.message)).toEqual([
      expect.stringMatching(
        /ECS service name "worker" in ShopNetwork\/Cluster, still held by AWS::ECS::Service ShopWorkers\/Worker, whose stack left the app/,
      ),
      expect.stringMatching(/Service Connect discovery name "worker" in ShopNetwork\/Namespace/),
    ]);
    expect(r.stacks.at(-1)).toMatchObject({ stack: 'ShopWorkers', status: 'left-app' });
    expect(exitCode(r)).toBe(1);
  });
});

describe('within a stack, new resources are created before old ones are deleted', () => {
  it('a service under a new logical id collides with the old one, deleted only in the cleanup', () => {
    const after = { [NET]: network(), ShopServices: services({ ApiV2: service('api') }) };
    const r = model(base, after);
    expect(kinds(r)).toEqual(['name-conflict', 'name-conflict', 'service-deleted']);
    expect(r.hazards[0].message).toMatch(/removed from this stack but deleted only in the cleanup phase/);
    expect(r.hazards[0]).toMatchObject({ stack: 'ShopServices', logicalId: 'ApiV2', physicalName: 'api' });
  });

  it('the same holds for a listener port on one load balancer', () => {
    const after = {
      [NET]: (() => {
        const n = network({
          resources: { Http2: res('AWS::ElasticLoadBalancingV2::Listener', { LoadBalancerArn: ref('Lb'), Port: 80, Protocol: 'HTTP' }) },
          outputs: { OutHttp: { Value: ref('Http2') } },
        });
        delete (n.resources as Record<string, unknown>).Http;
        return n;
      })(),
      ShopServices: base.ShopServices,
    };
    const r = model(base, after);
    expect(only(r, 'name-conflict').message).toMatch(/listener port "80" in ShopNetwork\/Lb/);
  });
});

describe('replacing a custom-named resource fails', () => {
  it('a service keeping its name while a create-only property changes', () => {
    const after = { [NET]: network(), ShopServices: services({ Api: service('api', { SchedulingStrategy: 'DAEMON' }) }) };
    const r = model(base, after);
    expect(kinds(r)).toContain('replace-custom-named');
    expect(r.hazards.find((h) => h.kind === 'replace-custom-named')!.message).toMatch(/ECS service name "api"/);
    expect(r.changes).toContainEqual(
      expect.objectContaining({ logicalId: 'Api', action: 'replace', reasons: ['SchedulingStrategy: (none) -> DAEMON'] }),
    );
  });

  it('a replacement that takes a new name is no name failure (but still replaces the service)', () => {
    const after = { [NET]: network(), ShopServices: services({ Api: service('api-2') }) };
    const r = model(base, after);
    expect(kinds(r)).toEqual(['service-replaced']);
  });

  it('follows nested create-only paths (VPC endpoint DnsOptions/PrivateDnsPreference)', () => {
    const endpoint = (preference: string) => ({
      Endpoint: res('AWS::EC2::VPCEndpoint', {
        VpcId: ref('Vpc'),
        ServiceName: 'com.amazonaws.x.logs',
        DnsOptions: { PrivateDnsPreference: preference, DnsRecordIpType: 'ipv4' },
      }),
    });
    const r = model({ [NET]: network({ resources: endpoint('ALL_DOMAINS') }) }, { [NET]: network({ resources: endpoint('VERIFIED_DOMAINS_ONLY') }) });
    expect(r.changes).toEqual([
      expect.objectContaining({
        logicalId: 'Endpoint',
        action: 'replace',
        reasons: ['DnsOptions/PrivateDnsPreference: ALL_DOMAINS -> VERIFIED_DOMAINS_ONLY'],
      }),
    ]);
    const other = model(
      { [NET]: network({ resources: endpoint('ALL_DOMAINS') }) },
      {
        [NET]: network({
          resources: {
            Endpoint: {
              ...endpoint('ALL_DOMAINS').Endpoint,
              Properties: {
                ...endpoint('ALL_DOMAINS').Endpoint.Properties,
                DnsOptions: { PrivateDnsPreference: 'ALL_DOMAINS', DnsRecordIpType: 'dualstack' },
              },
            },
          },
        }),
      },
    );
    expect(other.changes).toEqual([expect.objectContaining({ logicalId: 'Endpoint', action: 'update' })]);
  });

  it('replaces what refers to a replaced resource through a create-only property', () => {
    const vpc = (cidr: string) => ({
      [NET]: network({
        resources: {
          Vpc: res('AWS::EC2::VPC', { CidrBlock: cidr }),
          Subnet: res('AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: '10.0.0.0/24' }),
        },
      }),
    });
    const r = model(vpc('10.0.0.0/16'), vpc('10.1.0.0/16'));
    expect(r.changes.filter((c) => c.action === 'replace').map((c) => c.logicalId)).toEqual(['Vpc', 'Subnet', 'TasksSg']);
    expect(r.changes.find((c) => c.logicalId === 'Subnet')!.reasons).toEqual(['Vpc now resolves to a new resource']);
  });
});

describe('physical names are unique at every step', () => {
  it('ECS service name per cluster: a service moved to a stack that deploys first', () => {
    const before = { [NET]: network(), Low: services({}), High: services({ Api: service('api') }, [NET, 'Low']) };
    const after = { [NET]: network(), Low: services({ Api: service('api') }), High: services({}, [NET, 'Low']) };
    const r = model(before, after);
    expect(r.hazards[0]).toMatchObject({ kind: 'name-conflict', stack: 'Low', logicalId: 'Api', physicalName: 'api' });
    expect(r.hazards[0].message).toMatch(/removed from High but deleted only when that stack deploys, later/);
  });

  it('the same name in another cluster is no conflict', () => {
    const other = res('AWS::ECS::Cluster', { ClusterName: 'batch' });
    const before = {
      [NET]: network({ resources: { Other: other }, outputs: { OutOther: { Value: ref('Other') } } }),
      ShopServices: services({ Api: service('api') }),
    };
    const after = {
      ...before,
      ShopBatch: services({ Api: service('api', { Cluster: out(NET, 'OutOther'), ServiceConnectConfiguration: undefined }) }),
    };
    expect(model(before, after).hazards).toEqual([]);
  });

  it('listener rule priority per listener, compared through outputs by the listener they name', () => {
    const rule = (listener: unknown, priority: number) =>
      res('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: listener, Priority: priority, Actions: [], Conditions: [] });
    // Two output names for the same listener: the model compares the listener, not the text.
    const net = network({ outputs: { OutHttpAgain: { Value: ref('Http') } } });
    const before = { [NET]: net, A: services({ Rule: rule(out(NET, 'OutHttp'), 10) }) };
    const same = model(before, { ...before, B: services({ Rule: rule(out(NET, 'OutHttpAgain'), 10) }) });
    expect(only(same, 'name-conflict').message).toMatch(/listener rule priority "10" in ShopNetwork\/Http, still held by .* A\/Rule/);
    // Another listener (another port on the same load balancer): the priority is free there.
    const two = network({
      resources: { Https: res('AWS::ElasticLoadBalancingV2::Listener', { LoadBalancerArn: ref('Lb'), Port: 443, Protocol: 'HTTPS' }) },
      outputs: { OutHttps: { Value: ref('Https') } },
    });
    const other = model({ [NET]: two, A: before.A }, { [NET]: two, A: before.A, B: services({ Rule: rule(out(NET, 'OutHttps'), 10) }) });
    expect(other.hazards).toEqual([]);
  });

  it('Service Connect discovery name per namespace', () => {
    const twin = service('api-v2');
    const sc = twin.Properties!.ServiceConnectConfiguration as { Services: Array<Record<string, unknown>> };
    sc.Services[0].DiscoveryName = 'api';
    const r = model(base, { ...base, ShopNew: services({ Twin: twin }) });
    expect(only(r, 'name-conflict').message).toMatch(/Service Connect discovery name "api" in ShopNetwork\/Namespace/);
  });

  it.each([
    ['log group name', 'AWS::Logs::LogGroup', { LogGroupName: '/shop/api' }],
    ['IAM role name', 'AWS::IAM::Role', { RoleName: 'shop-api', AssumeRolePolicyDocument: {} }],
    ['ECS cluster name', 'AWS::ECS::Cluster', { ClusterName: 'shop-api' }],
  ])('%s: the same name in a second stack', (kind, type, props) => {
    const before = { [NET]: network(), ShopServices: services({ Named: res(type, props) }) };
    const r = model(before, { ...before, ShopMore: services({ Named: res(type, props) }) });
    expect(only(r, 'name-conflict').message).toContain(`${kind} "${Object.values(props)[0]}"`);
  });

  it('a security group rule re-created under a new logical id duplicates the live one', () => {
    const rule = res('AWS::EC2::SecurityGroupIngress', {
      GroupId: att('ApiSg', 'GroupId'),
      IpProtocol: 'tcp',
      FromPort: 8080,
      ToPort: 8080,
      SourceSecurityGroupId: out(NET, 'OutTasksSg'),
    });
    const sg = res('AWS::EC2::SecurityGroup', { GroupDescription: 'api', VpcId: out(NET, 'OutVpc') });
    const r = model(
      { [NET]: network(), S: services({ ApiSg: sg, Rule: rule }) },
      { [NET]: network(), S: services({ ApiSg: sg, RuleRenamed: rule }) },
    );
    expect(only(r, 'name-conflict').message).toMatch(/security group rule "tcp 8080 8080 ShopNetwork\/TasksSg" in S\/ApiSg/);
  });

  it('a name an in-place update gives up is free only to a resource that waits for it', () => {
    const rule = (priority: number, extra: Record<string, unknown> = {}) =>
      res('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: ref('Http'), Priority: priority, Actions: [], Conditions: [] }, extra);
    // Whichever of the two CloudFormation happens to start first (here: by logical id).
    for (const [giver, taker] of [
      ['First', 'Second'],
      ['Second', 'First'],
    ]) {
      const before = { [NET]: network({ resources: { [giver]: rule(10) } }) };
      const racing = model(before, { [NET]: network({ resources: { [giver]: rule(20), [taker]: rule(10) } }) });
      expect(only(racing, 'name-conflict')).toMatchObject({ logicalId: taker, message: expect.stringMatching(/listener rule priority "10"/) });
      const ordered = model(before, { [NET]: network({ resources: { [giver]: rule(20), [taker]: rule(10, { DependsOn: giver }) } }) });
      expect(ordered.hazards).toEqual([]);
    }
  });
});

describe('a security group that is still referenced cannot be deleted', () => {
  // The network replaces its tasks group (new logical id, new output); the services stack
  // moves to it, but only when it deploys, after the network's cleanup.
  const moved = (stack: StackSpec) => {
    const n = network({
      resources: { TasksSg2: res('AWS::EC2::SecurityGroup', { GroupDescription: 'tasks', VpcId: ref('Vpc') }) },
      outputs: { OutTasksSg2: { Value: att('TasksSg2', 'GroupId') } },
    });
    delete (n.resources as Record<string, unknown>).TasksSg;
    delete (n.outputs as Record<string, unknown>).OutTasksSg;
    return { [NET]: n, ShopServices: stack };
  };

  it('used by an ECS service of another stack (network configuration)', () => {
    const r = model(base, moved(services({ Api: service('api', {}, [out(NET, 'OutTasksSg2')]) })));
    expect(only(r, 'in-use')).toMatchObject({ stack: NET, logicalId: 'TasksSg', resourceType: 'AWS::EC2::SecurityGroup', severity: 'failure' });
    expect(only(r, 'in-use').message).toMatch(/while AWS::ECS::Service ShopServices\/Api still uses it\. DependencyViolation/);
  });

  it("used as the source of another stack's rule", () => {
    const rule = (source: unknown) =>
      res('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-123', IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: source });
    const before = { [NET]: network(), ShopServices: services({ Rule: rule(out(NET, 'OutTasksSg')) }) };
    const r = model(before, moved(services({ Rule: rule(out(NET, 'OutTasksSg2')) })));
    expect(only(r, 'in-use').message).toMatch(/AWS::EC2::SecurityGroupIngress ShopServices\/Rule/);
  });

  it('no longer used by anything: deleted without a hazard', () => {
    const before = { [NET]: network(), ShopServices: services({ Api: service('api', {}, []) }) };
    const r = model(before, moved(services({ Api: service('api', {}, []) })));
    expect(r.hazards).toEqual([]);
  });
});

describe("a created subnet's CIDR overlaps a subnet that exists until cleanup", () => {
  const subnet = (cidr: unknown, az = 0, vpc: unknown = ref('Vpc')) =>
    res('AWS::EC2::Subnet', { VpcId: vpc, CidrBlock: cidr, AvailabilityZone: { 'Fn::Select': [az, { 'Fn::GetAZs': '' }] } });
  const net = (subnets: Record<string, unknown>) => ({ [NET]: network({ resources: subnets as never }) });
  // The layout that packs the groups for the AZs in use: a third AZ moves the public subnets up.
  const twoAzs = net({
    Tasks1: subnet('10.0.0.0/20'),
    Tasks2: subnet('10.0.16.0/20', 1),
    Public1: subnet('10.0.32.0/24'),
    Public2: subnet('10.0.33.0/24', 1),
  });
  const threeAzsPacked = net({
    Tasks1: subnet('10.0.0.0/20'),
    Tasks2: subnet('10.0.16.0/20', 1),
    Tasks3: subnet('10.0.32.0/20', 2),
    Public1: subnet('10.0.48.0/24'),
    Public2: subnet('10.0.49.0/24', 1),
    Public3: subnet('10.0.50.0/24', 2),
  });

  it('a new subnet over the range of one that is replaced, deleted only in the cleanup phase', () => {
    const r = model(twoAzs, threeAzsPacked);
    const conflicts = r.hazards.filter((h) => h.kind === 'cidr-conflict');
    // Tasks3 (10.0.32.0/20) is created while Public1 and Public2 (10.0.32.0/24, 10.0.33.0/24) still exist;
    // their replacements do not overlap anything.
    expect(conflicts.map((h) => [h.logicalId, h.severity])).toEqual([
      ['Tasks3', 'failure'],
      ['Tasks3', 'failure'],
    ]);
    expect(conflicts[0].message).toMatch(
      /Tasks3 needs the address range 10\.0\.32\.0\/20, which overlaps 10\.0\.32\.0\/24 of AWS::EC2::Subnet ShopNetwork\/Public1/,
    );
    expect(conflicts[0].safely).toMatch(/fixed address layout/);
    expect(exitCode(r)).toBe(1);
  });

  it('a replacement at the same CIDR (another AZ) overlaps the subnet it replaces', () => {
    const r = model(net({ A: subnet('10.0.0.0/20') }), net({ A: subnet('10.0.0.0/20', 1) }));
    expect(only(r, 'cidr-conflict').message).toMatch(/overlaps 10\.0\.0\.0\/20 of the A it replaces, deleted only in the cleanup phase/);
  });

  it('a subnet removed in a stack that deploys later still holds its range', () => {
    const before = { ...net({}), Extra: services({ B: subnet('10.0.64.0/20', 0, out(NET, 'OutVpc')) }) };
    const after = { ...net({ A: subnet('10.0.64.0/24') }), Extra: services({}) };
    expect(only(model(before, after), 'cidr-conflict').message).toMatch(
      /AWS::EC2::Subnet Extra\/B, removed from Extra but deleted only when that stack deploys/,
    );
  });

  it('the fixed layout: a third AZ adds subnets beside the others, and moves none', () => {
    const fixed = (azs: number) =>
      net(
        Object.fromEntries(
          Array.from({ length: azs }, (_, i) => [
            [`Tasks${i + 1}`, subnet(`10.0.${16 * i}.0/20`, i)],
            [`Public${i + 1}`, subnet(`10.0.${96 + i}.0/24`, i)],
          ]).flat(),
        ),
      );
    expect(model(fixed(2), fixed(3)).hazards).toEqual([]);
    expect(model(fixed(3), fixed(2)).hazards).toEqual([]);
  });

  it('compares within one VPC, and only literal CIDRs', () => {
    const otherVpc = net({ Vpc2: res('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }), A: subnet('10.0.0.0/20') });
    const moved = net({ Vpc2: res('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }), B: subnet('10.0.0.0/24', 0, ref('Vpc2')) });
    expect(kinds(model(otherVpc, moved))).not.toContain('cidr-conflict');
    const computed = { 'Fn::Select': [0, { 'Fn::Cidr': [att('Vpc', 'CidrBlock'), 4, 12] }] };
    expect(kinds(model(net({ A: subnet('10.0.0.0/20') }), net({ B: subnet(computed) })))).not.toContain('cidr-conflict');
  });
});

describe('weak references (Fn::GetStackOutput)', () => {
  it('an output that does not exist when the consumer deploys breaks it', () => {
    const n = network();
    delete (n.outputs as Record<string, unknown>).OutNamespace;
    const r = model(base, { [NET]: n, ShopServices: base.ShopServices });
    // The services stack is unchanged, so the CLI skips it: it keeps the value it read.
    expect(r.stacks.find((s) => s.stack === 'ShopServices')!.status).toBe('unchanged');
    expect(only(r, 'removed-output')).toMatchObject({ stack: 'ShopServices', logicalId: 'Api', severity: 'loss' });
    // Any change to the services stack makes it deploy, and the read fails then.
    const changed = model(base, { [NET]: n, ShopServices: services({ Api: service('api', { DesiredCount: 3 }) }) });
    expect(only(changed, 'missing-output')).toMatchObject({ stack: 'ShopServices', logicalId: 'Api', severity: 'failure' });
    expect(only(changed, 'missing-output').message).toMatch(/reads output OutNamespace of ShopNetwork/);
  });

  it('a consumer the deploy does not update is left pointing at a deleted resource', () => {
    const role = (id: string) => ({
      resources: { [id]: res('AWS::IAM::Role', { AssumeRolePolicyDocument: {} }) },
      outputs: { OutRole: { Value: att(id, 'Arn') } },
    });
    const consumer = services({ Task: res('AWS::ECS::TaskDefinition', { TaskRoleArn: out(NET, 'OutRole') }) });
    // Same output name, new role behind it: the consumer's template does not change.
    const r = model({ [NET]: network(role('RoleA')), ShopServices: consumer }, { [NET]: network(role('RoleB')), ShopServices: consumer });
    expect(only(r, 'dangling-reference')).toMatchObject({ stack: 'ShopServices', logicalId: 'Task', severity: 'interruption' });
    expect(only(r, 'dangling-reference').message).toMatch(
      /ShopNetwork\/RoleA, which is deleted in ShopNetwork's cleanup; ShopServices is not updated after that/,
    );
  });

  it('a consumer that deploys later is repaired, after a window', () => {
    const role = (id: string) => ({
      resources: { [id]: res('AWS::IAM::Role', { AssumeRolePolicyDocument: {} }) },
      outputs: { [`Out${id}`]: { Value: att(id, 'Arn') } },
    });
    const consumer = (id: string) => services({ Task: res('AWS::ECS::TaskDefinition', { TaskRoleArn: out(NET, `Out${id}`) }) });
    const r = model(
      { [NET]: network(role('RoleA')), ShopServices: consumer('RoleA') },
      { [NET]: network(role('RoleB')), ShopServices: consumer('RoleB') },
    );
    expect(only(r, 'dangling-reference').message).toMatch(/ShopServices points it at the new value only when it deploys, later/);
  });
});

describe('strong references (Export / Fn::ImportValue)', () => {
  const exporting = (value: unknown) => network({ outputs: { OutExported: { Value: value, Export: { Name: 'shop-cluster' } } } });
  const importer = services({ Api: service('api', { Cluster: imp('shop-cluster') }) });

  it('an export in use cannot change or go', () => {
    const r = model(
      { [NET]: exporting(ref('Cluster')), ShopServices: importer },
      { [NET]: exporting(att('Cluster', 'Arn')), ShopServices: importer },
    );
    expect(only(r, 'export-in-use').message).toMatch(/Export shop-cluster is changed while AWS::ECS::Service ShopServices\/Api imports it/);
  });

  it('an import of an export no stack has fails', () => {
    const r = model(base, { [NET]: network(), ShopServices: importer });
    expect(only(r, 'missing-export')).toMatchObject({ stack: 'ShopServices', logicalId: 'Api' });
  });

  it('an export name is unique', () => {
    const r = model(
      { [NET]: exporting(ref('Cluster')) },
      { [NET]: exporting(ref('Cluster')), Other: { resources: {}, outputs: { Dup: { Value: 'x', Export: { Name: 'shop-cluster' } } } } },
    );
    expect(only(r, 'name-conflict').message).toMatch(/Export name shop-cluster is already exported by ShopNetwork/);
  });
});

describe('deleting or replacing an ECS service interrupts its traffic', () => {
  it('deleted', () => {
    const r = model(base, { [NET]: network(), ShopServices: services({}) });
    expect(only(r, 'service-deleted')).toMatchObject({ stack: 'ShopServices', logicalId: 'Api', physicalName: 'api', severity: 'interruption' });
    expect(exitCode(r)).toBe(1);
  });

  it('replaced', () => {
    const r = model(base, { [NET]: network(), ShopServices: services({ Api: service('api-renamed') }) });
    expect(only(r, 'service-replaced').message).toMatch(/ECS service "api" is replaced \(ServiceName: api -> api-renamed\)/);
    expect(exitCode(r)).toBe(1);
  });
});

describe('what is left behind', () => {
  it('a retained, named resource stays and keeps its name', () => {
    const logs = res('AWS::Logs::LogGroup', { LogGroupName: '/shop/api' }, { DeletionPolicy: 'Retain' });
    const r = model(
      { [NET]: network(), A: services({ Logs: logs }) },
      { [NET]: network(), A: services({}), B: services({ Logs: logs }, [NET, 'A']) },
    );
    expect(kinds(r)).toEqual(['retained', 'name-conflict']);
    expect(r.hazards[1].message).toMatch(/log group name "\/shop\/api", still held by AWS::Logs::LogGroup A\/Logs, retained outside any stack/);
  });

  it('a deleted bucket loses its data', () => {
    const r = model({ [NET]: network({ resources: { Bucket: res('AWS::S3::Bucket') } }) }, { [NET]: network() });
    expect(only(r, 'data-deleted')).toMatchObject({ logicalId: 'Bucket', severity: 'loss' });
  });
});

describe('types without create-only data', () => {
  it('are updated in place, with a note', () => {
    const thing = (size: number) => ({ [NET]: network({ resources: { Thing: res('AWS::Made::Up', { Size: size }) } }) });
    const r = model(thing(1), thing(2));
    expect(r.changes).toEqual([expect.objectContaining({ logicalId: 'Thing', action: 'update' })]);
    expect(only(r, 'unknown-type')).toMatchObject({ severity: 'info', resourceType: 'AWS::Made::Up' });
    expect(exitCode(r)).toBe(0);
  });
});

describe('assets', () => {
  const task = (hash: string) => ({
    [NET]: network(),
    ShopServices: services({
      Task: res('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [
          { Name: 'app', Image: { 'Fn::Sub': `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.\${AWS::URLSuffix}/cdk-assets:${hash}` } },
        ],
      }),
      Api: service('api', { TaskDefinition: ref('Task') }),
    }),
  });
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);

  it('a new image replaces the task definition and updates the service in place: no hazard', () => {
    const r = model(task(a), task(b));
    expect(r.changes.map((c) => `${c.logicalId}:${c.action}`)).toEqual(['Task:replace', 'Api:update']);
    expect(r.hazards).toEqual([]);
  });
});

describe('a Service Connect endpoint that moves to another namespace interrupts its callers', () => {
  it('reports each endpoint whose namespace is replaced under it', () => {
    const withNamespace = (name: string) =>
      network({ resources: { Namespace: res('AWS::ServiceDiscovery::HttpNamespace', { Name: name }, { UpdateReplacePolicy: 'Retain' }) } });
    // The service's own template changes (a tag naming the namespace), so its stack deploys.
    const api = (ns: string) => services({ Api: service('api', { Tags: [{ Key: 'fargate-connect:namespace', Value: ns }] }) });
    const r = model(
      { [NET]: withNamespace('shop.internal'), ShopServices: api('shop.internal') },
      { [NET]: withNamespace('shop.local'), ShopServices: api('shop.local') },
    );
    expect(only(r, 'namespace-moved')).toMatchObject({ stack: 'ShopServices', logicalId: 'Api', severity: 'interruption' });
    expect(only(r, 'retained')).toMatchObject({ stack: NET, logicalId: 'Namespace' });
    expect(exitCode(r)).toBe(1);
  });

  it('reports nothing when the namespace stays', () => {
    const tagged = (v: string) => services({ Api: service('api', { Tags: [{ Key: 'team', Value: v }] }) });
    expect(kinds(model({ [NET]: network(), ShopServices: tagged('a') }, { [NET]: network(), ShopServices: tagged('b') }))).toEqual([]);
  });
});

describe('a consumer removed in the same deploy as what it used', () => {
  it('is only noted: the rule goes with its listener, nothing is left pointing at it', () => {
    const rule = res('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: out(NET, 'OutHttp'), Priority: 10, Actions: [], Conditions: [] });
    const withoutLb = network();
    delete (withoutLb.resources as Record<string, unknown>).Lb;
    delete (withoutLb.resources as Record<string, unknown>).Http;
    delete (withoutLb.outputs as Record<string, unknown>).OutHttp;
    const r = model(
      { [NET]: network(), ShopServices: services({ Api: service('api'), Rule: rule }) },
      { [NET]: withoutLb, ShopServices: services({ Api: service('api') }) },
    );
    expect(only(r, 'removed-with-producer')).toMatchObject({ stack: 'ShopServices', logicalId: 'Rule', severity: 'info' });
    expect(exitCode(r)).toBe(0);
  });
});

describe('an ECS service that gets its first load balancer and a grace period in one update fails', () => {
  const lb = { LoadBalancers: [{ ContainerName: 'app', ContainerPort: 8080, TargetGroupArn: ref('Tg') }] };
  const tg = res('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 80, Protocol: 'HTTP', TargetType: 'ip', VpcId: out(NET, 'OutVpc') });
  const stack = (props: Record<string, unknown>) => ({
    [NET]: network(),
    ShopServices: services({ Tg: tg, Api: service('api', { LoadBalancers: [], ...props }) }),
  });

  it('reports a private service made public with HealthCheckGracePeriodSeconds', () => {
    const r = model(stack({}), stack({ ...lb, HealthCheckGracePeriodSeconds: 60 }));
    expect(only(r, 'grace-period-with-new-load-balancer')).toMatchObject({
      stack: 'ShopServices',
      logicalId: 'Api',
      physicalName: 'api',
      severity: 'failure',
    });
    expect(only(r, 'grace-period-with-new-load-balancer').message).toMatch(/only valid for services configured to use load balancers/);
    expect(exitCode(r)).toBe(1);
  });

  it('reports nothing without the grace period, or when the service already had a load balancer', () => {
    expect(model(stack({}), stack(lb)).hazards).toEqual([]);
    expect(model(stack(lb), stack({ ...lb, HealthCheckGracePeriodSeconds: 60 })).hazards).toEqual([]);
    // A new service may have both from the start: CreateService accepts them together.
    expect(model({ [NET]: network(), ShopServices: services({ Tg: tg }) }, stack({ ...lb, HealthCheckGracePeriodSeconds: 60 })).hazards).toEqual([]);
  });
});

describe('an ECS service whose capacity provider strategy appears or changes needs a forced deployment', () => {
  const strategy = (spot: number) => [
    { CapacityProvider: 'FARGATE', Base: 1, Weight: 100 - spot },
    { CapacityProvider: 'FARGATE_SPOT', Base: 0, Weight: spot },
  ];
  const force = (nonce: string) => ({ ForceNewDeployment: { EnableForceNewDeployment: true, ForceNewDeploymentNonce: nonce } });
  const stack = (props: Record<string, unknown>) => ({ [NET]: network(), ShopServices: services({ Api: service('api', props) }) });
  const launchType = { LaunchType: 'FARGATE' };

  it('reports a switch from the launch type to a strategy without ForceNewDeployment', () => {
    const r = model(stack(launchType), stack({ CapacityProviderStrategy: strategy(50) }));
    expect(only(r, 'capacity-change-unforced')).toMatchObject({ stack: 'ShopServices', logicalId: 'Api', physicalName: 'api', severity: 'failure' });
    expect(only(r, 'capacity-change-unforced').message).toMatch(/switches from the launch type to a capacity provider strategy/);
    expect(exitCode(r)).toBe(1);
  });

  it('reports a changed strategy whose nonce stays the same', () => {
    const r = model(
      stack({ CapacityProviderStrategy: strategy(50), ...force('a') }),
      stack({ CapacityProviderStrategy: strategy(80), ...force('a') }),
    );
    expect(only(r, 'capacity-change-unforced').message).toMatch(/changes its capacity provider strategy/);
  });

  it('passes the switch and the change when the nonce changes with them, and an unchanged strategy', () => {
    expect(model(stack(launchType), stack({ CapacityProviderStrategy: strategy(50), ...force('50') })).hazards).toEqual([]);
    expect(
      model(stack({ CapacityProviderStrategy: strategy(50), ...force('50') }), stack({ CapacityProviderStrategy: strategy(0), ...force('0') }))
        .hazards,
    ).toEqual([]);
    expect(
      model(
        stack({ CapacityProviderStrategy: strategy(50), ...force('50') }),
        stack({ CapacityProviderStrategy: strategy(50), ...force('50'), DesiredCount: 3 }),
      ).hazards,
    ).toEqual([]);
  });

  it('reports a strategy dropped for the launch type, and says to keep spot: 0', () => {
    const r = model(stack({ CapacityProviderStrategy: strategy(50), ...force('50') }), stack(launchType));
    expect(only(r, 'capacity-strategy-removed')).toMatchObject({ logicalId: 'Api', severity: 'failure' });
    expect(only(r, 'capacity-strategy-removed').safely).toMatch(/spot: 0/);
  });
});
