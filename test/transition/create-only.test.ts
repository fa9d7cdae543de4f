/**
 * The committed create-only data is what scripts/create-only-properties.py derives from
 * the registry schemas cfn-lint ships (checked where cfn-lint is installed, as here and on
 * CI), and nested and `*` paths are read the way the schemas mean them.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOnlyValues, knowsType } from '../../src/transition/create-only';
import { CREATE_ONLY_PROPERTIES } from '../../src/transition/create-only-properties';

const script = join(__dirname, '..', '..', 'scripts', 'create-only-properties.py');
const python = spawnSync('python3', ['-c', 'import cfnlint'], { encoding: 'utf8' });

describe('create-only data', () => {
  it.skipIf(python.status !== 0)('equals what the script derives from the installed cfn-lint', () => {
    const run = spawnSync('python3', [script, '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    const derived = JSON.parse(run.stdout) as Record<string, string[]>;
    // On a mismatch: python3 scripts/create-only-properties.py, and commit the result.
    expect(CREATE_ONLY_PROPERTIES).toEqual(derived);
  });

  it('holds the types generated stacks use, and a generous set besides', () => {
    for (const type of [
      'AWS::ECS::Service',
      'AWS::ECS::TaskDefinition',
      'AWS::ElasticLoadBalancingV2::ListenerRule',
      'AWS::EC2::SecurityGroupIngress',
      'AWS::ServiceDiscovery::HttpNamespace',
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
    ]) {
      expect(knowsType(type), type).toBe(true);
    }
    expect(CREATE_ONLY_PROPERTIES['AWS::ECS::Service']).toEqual(['Cluster', 'Role', 'SchedulingStrategy', 'ServiceName']);
    expect(Object.keys(CREATE_ONLY_PROPERTIES).length).toBeGreaterThan(300);
    expect(knowsType('Custom::AWS')).toBe(true);
    expect(knowsType('AWS::Made::Up')).toBe(false);
  });

  it('reads nested paths, `*` over lists, and stops at an intrinsic function', () => {
    // AWS::EC2::VPCEndpoint: DnsOptions/PrivateDnsPreference is create-only, DnsRecordIpType is not.
    expect(
      createOnlyValues('AWS::EC2::VPCEndpoint', { VpcId: 'vpc-1', DnsOptions: { PrivateDnsPreference: 'ALL_DOMAINS', DnsRecordIpType: 'ipv4' } }),
    ).toEqual([
      ['DnsOptions/PrivateDnsPreference', 'ALL_DOMAINS'],
      ['VpcId', 'vpc-1'],
    ]);
    expect(createOnlyValues('AWS::EC2::VPCEndpoint', { DnsOptions: { 'Fn::If': ['C', {}, {}] } })).toEqual([
      ['DnsOptions', { 'Fn::If': ['C', {}, {}] }],
    ]);
    // AWS::EC2::TransitGatewayConnectPeer: ConnectPeerConfiguration/BgpConfigurations/*/PeerAsn.
    expect(CREATE_ONLY_PROPERTIES['AWS::EC2::TransitGatewayConnectPeer']).toContain('ConnectPeerConfiguration/BgpConfigurations/*/PeerAsn');
    const peers = createOnlyValues('AWS::EC2::TransitGatewayConnectPeer', {
      ConnectPeerConfiguration: { BgpConfigurations: [{ PeerAsn: 1 }, { PeerAsn: 2 }] },
    });
    expect(peers.filter(([p]) => p.includes('PeerAsn'))).toEqual([
      ['ConnectPeerConfiguration/BgpConfigurations/0/PeerAsn', 1],
      ['ConnectPeerConfiguration/BgpConfigurations/1/PeerAsn', 2],
    ]);
  });
});
