/**
 * The platform invariants (src/infra/testing, the checks every generated repository runs
 * on its own app) on each fixture's synthesis, plus what holds exactly for a platform
 * with nothing added: the checks themselves tolerate additions in src/main.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_CONTAINER_NAME } from '../../src/infra';
import { checkPlatform, fromAssembly, interfaceEndpoints, PLATFORM_CHECKS, type Synthesized } from '../../src/infra/testing';
import { needsNewRegionEndpoints, NEW_REGION_INTERFACE_ENDPOINTS, TASK_INTERFACE_ENDPOINTS } from '../../src/plan/regions';
import { platformEndpoints } from '../../src/plan';
import { fixturePlan, synthChecked, synthStages } from '../support/synth-platform';

const FIXTURES = readdirSync(join(__dirname, '..', 'fixtures'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe.each(FIXTURES)('fixture %s', (fixture) => {
  let s: Synthesized;
  /** What the checks run on: the platform, or each stage of a staged one (its own stacks, region and plan). */
  let targets: Synthesized[];
  beforeAll(() => {
    const plan = fixturePlan(fixture);
    s = plan.stages ? fromAssembly(plan, synthStages(plan).assembly) : synthChecked(plan);
    targets = s.stages ? [...s.stages.values()] : [s];
  }, 300_000);

  it.each(PLATFORM_CHECKS.map((c) => [c.id, c] as const))('holds %s', (_, c) => {
    for (const t of targets) expect(c.run(t)).toEqual([]);
  });

  it('has exactly the planned stacks, the interface endpoints tasks need and one container per task', () => {
    for (const t of targets) {
      expect([...t.templates.keys()].sort()).toEqual([...t.stackNames].sort());
      // A stage's region decides the newer-region endpoints at synth; elsewhere they are conditional.
      const byRegion = t.region === undefined || needsNewRegionEndpoints(t.region) ? NEW_REGION_INTERFACE_ENDPOINTS : [];
      expect(
        interfaceEndpoints(t)
          .map((e) => e.name)
          .sort(),
      ).toEqual([...TASK_INTERFACE_ENDPOINTS, ...byRegion, ...platformEndpoints(t.platform.services)].sort());
      for (const td of t.resourcesOfType('AWS::ECS::TaskDefinition')) {
        expect(td.resource.Properties?.ContainerDefinitions.map((c: { Name: string }) => c.Name)).toEqual([APP_CONTAINER_NAME]);
      }
    }
  });

  it('holds them all through checkPlatform', () => {
    expect(checkPlatform(s)).toEqual({});
  });
});
