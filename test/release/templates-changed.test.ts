/**
 * The "Templates changed" section of the release changelog (scripts/release/templates-changed.ts).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordTemplates } from '../../src/transition';
import { assembly, NET, network, service, services } from '../transition/helpers';
import { CHECKOUT, compareTemplates, extractRelease, templatesSection } from '../../scripts/release/templates-changed';

const vpc = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };
const cluster = (name: string) => ({ Type: 'AWS::ECS::Cluster', Properties: { ClusterName: name } });
const record = (resources: Record<string, unknown>) => recordTemplates([{ name: 'ShopNetwork', template: { Resources: resources } }]);

describe('templatesSection', () => {
  it('says so when no stack changes', () => {
    const same = record({ Vpc: vpc });
    const text = templatesSection('v1.2.0', [{ fixture: 'shop', before: same, after: record({ Vpc: vpc }) }]);
    expect(text).toContain('### Templates unchanged');
    expect(text).toContain('since v1.2.0');
    expect(text).not.toContain('|');
  });

  it('lists each changed stack of each fixture with its resource counts', () => {
    const text = templatesSection('v1.2.0', [
      { fixture: 'shop', before: record({ Vpc: vpc }), after: record({ Vpc: vpc, Cluster: cluster('shop') }) },
      { fixture: 'same', before: record({ Vpc: vpc }), after: record({ Vpc: vpc }) },
    ]);
    expect(text).toContain('### Templates changed');
    expect(text).toContain('| shop | ShopNetwork | update | 1 | 0 | 0 | 0 |');
    expect(text).not.toContain('| same |');
  });

  it('names the hazards of the deploy, one line per kind', () => {
    // An ECS service that keeps its name but must be replaced: CloudFormation refuses that.
    const before = assembly({ [NET]: network(), ShopServices: services({ Api: service('api'), Web: service('web') }) });
    const daemon = { SchedulingStrategy: 'DAEMON' };
    const after = assembly({ [NET]: network(), ShopServices: services({ Api: service('api', daemon), Web: service('web', daemon) }) });
    const text = templatesSection('v1.2.0', [{ fixture: 'shop', before, after }]);
    expect(text).toContain('| shop | ShopServices | update | 0 | 0 | 2 | 0 |');
    // Two services, each a name claim and a discovery name claim: four of a kind, one line.
    expect(text).toMatch(/- shop: \*\*failure\*\* `replace-custom-named` \(4, the first shown\) at ShopServices\/Api: .+ Safely: .+/);
    expect(text).toMatch(/- shop: \*\*interruption\*\* `service-replaced` \(2, the first shown\) at ShopServices\/Api: /);
    expect(text.match(/replace-custom-named/g)).toHaveLength(1);
  });

  it('lists the fixtures it could not compare, and why', () => {
    const text = templatesSection('v1.2.0', [
      { fixture: 'new-field', before: { error: 'services[0].foo: unknown field' }, after: record({ Vpc: vpc }) },
    ]);
    expect(text).toContain('- new-field: not synthesized with v1.2.0: services[0].foo: unknown field');
  });
});

describe('compareTemplates (synthesizes both sides)', () => {
  // Inside the checkout: the sources of "before" resolve this checkout's node_modules.
  mkdirSync(join(CHECKOUT, '.tmp'), { recursive: true });
  const scratch = mkdtempSync(join(CHECKOUT, '.tmp', 'release-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('extracts a release from git: what synthesizes', () => {
    const dest = join(scratch, 'head');
    extractRelease('HEAD', dest);
    for (const p of ['package.json', 'src/spec/index.ts', 'src/plan/index.ts', 'src/infra/platform.ts'])
      expect(existsSync(join(dest, p)), p).toBe(true);
  });

  it('reports the stack whose template the generator changed', async () => {
    // "Before": this checkout with the network's flow log retention at 3 months instead of 1.
    const before = join(scratch, 'before');
    for (const p of ['src', 'templates', 'package.json']) cpSync(join(CHECKOUT, p), join(before, p), { recursive: true });
    const network = join(before, 'src', 'infra', 'network.ts');
    const source = readFileSync(network, 'utf-8');
    expect(source).toContain('logs.RetentionDays.ONE_MONTH');
    writeFileSync(network, source.replace('logs.RetentionDays.ONE_MONTH', 'logs.RetentionDays.THREE_MONTHS'));

    const text = await compareTemplates({ since: 'v0.0.1', beforeRoot: before, fixtures: ['single-server'] });
    expect(text).toContain('### Templates changed');
    expect(text).toContain('| single-server | SoloNetwork | update | 0 | 1 | 0 | 0 |');
    expect(text).not.toContain('SoloServices');
  }, 240_000);
});
