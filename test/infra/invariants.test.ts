/**
 * The platform invariants (src/infra/testing, the checks every generated repository runs
 * on its own app) on each fixture's synthesis, plus what holds exactly for a platform
 * with nothing added: the checks themselves tolerate additions in src/main.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_CONTAINER_NAME } from '../../src/infra';
import { checkPlatform, interfaceEndpoints, PLATFORM_CHECKS, type Synthesized } from '../../src/infra/testing';
import { NEW_REGION_INTERFACE_ENDPOINTS, TASK_INTERFACE_ENDPOINTS } from '../../src/plan/regions';
import { platformEndpoints } from '../../src/plan';
import { fixturePlan, synthChecked } from '../support/synth-platform';

const FIXTURES = readdirSync(join(__dirname, '..', 'fixtures'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));

describe.each(FIXTURES)('fixture %s', (fixture) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthChecked(fixturePlan(fixture));
  }, 300_000);

  it.each(PLATFORM_CHECKS.map((c) => [c.id, c] as const))('holds %s', (_, c) => {
    expect(c.run(s)).toEqual([]);
  });

  it('has exactly the planned stacks, the interface endpoints tasks need and one container per task', () => {
    expect([...s.templates.keys()].sort()).toEqual([...s.stackNames].sort());
    expect(
      interfaceEndpoints(s)
        .map((e) => e.name)
        .sort(),
    ).toEqual([...TASK_INTERFACE_ENDPOINTS, ...NEW_REGION_INTERFACE_ENDPOINTS, ...platformEndpoints(s.platform.services)].sort());
    for (const td of s.resourcesOfType('AWS::ECS::TaskDefinition')) {
      expect(td.resource.Properties?.ContainerDefinitions.map((c: { Name: string }) => c.Name)).toEqual([APP_CONTAINER_NAME]);
    }
  });

  it('holds them all through checkPlatform', () => {
    expect(checkPlatform(s)).toEqual({});
  });
});
