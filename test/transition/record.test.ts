/**
 * The record: deterministic, one line per resource, compact, faithful to what the model
 * compares (references, names, create-only values), and asset hashes only where they count.
 */
import { describe, expect, it } from 'vitest';
import { exitCode, formatReport, modelTransition, parseRecord, recordTemplates, serializeRecord, type TransitionReport } from '../../src/transition';
import { assembly, NET, network, out, ref, res, service, services } from './helpers';

const base = { [NET]: network(), ShopServices: services({ Api: service('api') }) };

describe('recordTemplates / serializeRecord / parseRecord', () => {
  it('gives the same bytes whatever the key order of the templates', () => {
    const shuffled = JSON.parse(
      JSON.stringify(base, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)),
    );
    expect(serializeRecord(assembly(shuffled))).toBe(serializeRecord(assembly(base)));
  });

  it('writes one resource or output per line and reads back what it wrote', () => {
    const text = serializeRecord(assembly(base));
    const lines = text.split('\n');
    expect(lines.filter((l) => l.trimStart().startsWith('"Api":'))).toHaveLength(1);
    expect(lines.filter((l) => l.trimStart().startsWith('"OutCluster":'))).toHaveLength(1);
    expect(parseRecord(text)).toEqual(assembly(base));
  });

  it('refuses what it cannot read, naming the fix', () => {
    expect(() => parseRecord('{', 'transitions.json')).toThrow(/^transitions.json: not JSON/);
    expect(() => parseRecord('{"version":0,"stacks":[]}', 'transitions.json')).toThrow(/version 0 is not 1; record it again from a fresh synthesis/);
    expect(() => parseRecord('{"version":1,"stacks":[{}]}')).toThrow(/"stacks" must be a list of stacks/);
  });

  it('keeps what the model needs of a resource: references by index, names, create-only values, policies', () => {
    const r = assembly({
      [NET]: network(),
      S: services({
        Logs: res('AWS::Logs::LogGroup', { LogGroupName: { 'Fn::Sub': '/${AWS::StackName}/api' } }, { DeletionPolicy: 'Retain', DependsOn: ['Api'] }),
        Api: service('api'),
      }),
    });
    const api = r.stacks[1].resources.Api;
    expect(api.refs).toEqual([`${NET}/OutCluster`, `${NET}/OutNamespace`, `${NET}/OutTasksSg`]);
    expect(api.createOnly).toEqual({ Cluster: '${0}', ServiceName: 'api' });
    expect(api.names).toEqual([
      ['ECS service name', '${0}', 'api'],
      ['Service Connect discovery name', '${1}', 'api'],
    ]);
    // AWS::StackName is written out, so names built from it compare right across stacks.
    expect(r.stacks[1].resources.Logs).toEqual({
      type: 'AWS::Logs::LogGroup',
      props: expect.stringMatching(/^[0-9a-f]{16}$/),
      createOnly: { LogGroupName: '/S/api' },
      names: [['log group name', '', '/S/api']],
      dependsOn: ['Api'],
      deletionPolicy: 'Retain',
    });
  });

  it('leaves out CDK metadata, and tells a literal `${` from a reference', () => {
    const r = assembly({
      S: {
        resources: {
          CDKMetadata: res('AWS::CDK::Metadata', { Analytics: 'v2:deflate64:x' }),
          P: res('AWS::SSM::Parameter', { Name: '${not-a-ref}', Type: 'String', Value: '{{resolve:ssm:/a/b}}' }),
        },
      },
    });
    expect(Object.keys(r.stacks[0].resources)).toEqual(['P']);
    expect(r.stacks[0].resources.P.names).toEqual([['SSM parameter name', '', '${!not-a-ref}']]);
    expect(r.stacks[0].resources.P.refs).toBeUndefined();
  });

  it('orders stacks for deploy: dependencies first, else as given', () => {
    const r = recordTemplates([
      { name: 'C', template: {}, dependencies: ['B'] },
      { name: 'A', template: {} },
      { name: 'B', template: {}, dependencies: ['A', 'NotInTheAssembly'] },
    ]);
    expect(r.stacks.map((s) => s.name)).toEqual(['A', 'B', 'C']);
    expect(r.stacks[1].dependencies).toEqual(['A']);
    expect(() =>
      recordTemplates([
        { name: 'A', template: {}, dependencies: ['B'] },
        { name: 'B', template: {}, dependencies: ['A'] },
      ]),
    ).toThrow(/stacks depend on each other: A, B/);
  });

  describe('asset hashes', () => {
    const withImage = (hash: string) => ({
      [NET]: network(),
      S: services({
        Task: res('AWS::ECS::TaskDefinition', {
          ContainerDefinitions: [
            { Name: 'app', Image: { 'Fn::Sub': `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.\${AWS::URLSuffix}/cdk-assets:${hash}` } },
          ],
        }),
        Api: service('api', { TaskDefinition: ref('Task') }),
      }),
    });
    const lines = (stacks: Parameters<typeof assembly>[0], assets?: 'ignore') =>
      serializeRecord(
        recordTemplates(
          Object.entries(stacks).map(([name, s]) => ({ name, template: { Resources: s.resources, Outputs: s.outputs }, dependencies: s.dependsOn })),
          { assets },
        ),
      ).split('\n');

    it('a changed image changes only the task definition line', () => {
      const a = lines(withImage('a'.repeat(64)));
      const b = lines(withImage('b'.repeat(64)));
      const differing = a.filter((l, i) => l !== b[i]);
      expect(differing).toHaveLength(1);
      expect(differing[0]).toMatch(/^\s*"Task":/);
      expect(a.join('\n')).not.toContain('a'.repeat(64));
    });

    it("with assets: 'ignore' the record follows structure only", () => {
      expect(lines(withImage('a'.repeat(64)), 'ignore')).toEqual(lines(withImage('b'.repeat(64)), 'ignore'));
    });
  });
});

describe('formatReport and exitCode', () => {
  it('prints each stack, each hazard with the way to do it safely, and the verdict', () => {
    const r = modelTransition(assembly(base), assembly({ [NET]: network(), ShopServices: services({}) }));
    const text = formatReport(r);
    expect(text).toContain(`  ${NET}   no changes`);
    expect(text).toContain('  ShopServices  -1 removed');
    expect(text).toMatch(
      /1 hazard:\n  INTERRUPTION service-deleted: ShopServices\/Api \(AWS::ECS::Service "api"\)\n    ECS service "api" is deleted.*\n    Safely: .*add the new service beside the old one/,
    );
    expect(text).toMatch(/Not safe to deploy as is \(exit 1\)/);
  });

  it('says so when there is nothing to fear', () => {
    const r = modelTransition(assembly(base), assembly(base));
    expect(formatReport(r)).toMatch(/No hazards[^\n]*\n\nSafe to deploy\.\n$/);
  });

  it('exits 1 on any failure, interruption or loss, 0 when every hazard is info', () => {
    const report = (severity: 'failure' | 'interruption' | 'loss' | 'info'): TransitionReport => ({
      deployOrder: [],
      stacks: [],
      changes: [],
      hazards: [{ kind: 'retained', severity, stack: 'S', message: '', safely: '' }],
    });
    expect(['failure', 'interruption', 'loss', 'info'].map((s) => exitCode(report(s as 'info')))).toEqual([1, 1, 1, 0]);
    const left = modelTransition(assembly({ ...base, Old: services({}) }), assembly(base));
    expect(left.hazards.map((h) => h.kind)).toEqual(['stack-left-app']);
    expect(exitCode(left)).toBe(1);
  });

  it('a reference to a stack outside both assemblies is a missing output', () => {
    const r = modelTransition(assembly(base), assembly({ ...base, X: services({ Api: service('x', { Cluster: out('Elsewhere', 'OutCluster') }) }) }));
    expect(r.hazards[0]).toMatchObject({ kind: 'missing-output', message: expect.stringMatching(/is in no deployed stack/) });
  });
});
