/**
 * A generated repository with its own tools and the package as a user installs it (its
 * `infra/` and `tasks/` subpaths, lib/), without npm (test/support/generated-repo.ts):
 * everything it holds type-checks against the library, its own platform test passes, its
 * task glue runs each task, and the extension example (examples/extend/main.ts, in
 * docs/INFRA.md) compiles, synthesizes with strict validation and cdk-nag, holds every
 * platform check and has its four additions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedRepo, type ScratchRepo } from '../support/generated-repo';

const EXAMPLE = readFileSync(join(__dirname, '..', '..', 'examples', 'extend', 'main.ts'), 'utf-8');

/** The example's additions, read from its synthesis inside the repository. */
const EXTENDED_TEST = `import { checkPlatform, interfaceEndpoints, synthesize } from 'create-fargate-connect/infra/testing';
import { expect, it } from 'vitest';
import { platform } from '../src/generated/platform';
import { createApp } from '../src/extended';

it('holds every platform check with its additions, and has them', () => {
  const s = synthesize(platform, (app) => createApp(app), { validate: true });
  expect(checkPlatform(s)).toEqual({});
  expect(interfaceEndpoints(s).map((e) => e.name)).toContain('ssm');
  const taskDefinition = (name: string) => {
    const service = s.ecsService(name)!;
    return s.resolve(service.stack, service.resource.Properties!.TaskDefinition)!.resource.Properties!;
  };
  const inventory = taskDefinition('inventory').ContainerDefinitions;
  expect(inventory.map((c: { Name: string }) => c.Name)).toEqual(['app', 'log-shipper']);
  expect(inventory[0].DependsOn).toEqual([{ ContainerName: 'log-shipper', Condition: 'HEALTHY' }]);
  expect(JSON.stringify(taskDefinition('orders').ContainerDefinitions[0].Image)).toContain('market/orders:v2');
  const payments = taskDefinition('payments');
  const role = s.resolve(s.ecsService('payments')!.stack, payments.TaskRoleArn)!;
  const policies = s.resourcesOfType('AWS::IAM::Policy').filter((p) => JSON.stringify(p.resource.Properties!.Roles).includes(role.logicalId));
  expect(JSON.stringify(policies.map((p) => p.resource.Properties!.PolicyDocument))).toContain('ssm:GetParameter');
});
`;

describe('a generated repository, with the package as installed', () => {
  let repo: ScratchRepo;
  beforeAll(() => {
    repo = generatedRepo('five-services');
    repo.write('src/extended.ts', EXAMPLE);
    repo.write('test/extended.test.ts', EXTENDED_TEST);
  });
  afterAll(() => repo?.remove());

  it('type-checks everything it holds against the library: app, data, glue, tests, and the extension example', () => {
    const r = repo.run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.dev.json']);
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  }, 300_000);

  it("passes its own platform tests (strict validation and cdk-nag on), the example's included", () => {
    const r = repo.run('npx', ['vitest', 'run', '--project', 'platform'], { VALIDATE_IN_TESTS: '1' });
    expect(r.code, r.output.slice(-5000)).toBe(0);
    expect(r.output).toMatch(/test\/platform\.test\.ts/);
    expect(r.output).toMatch(/test\/extended\.test\.ts/);
    expect(r.output).toMatch(/Tests\s+2 passed/);
  }, 300_000);

  it('runs each task through its glue, and refuses an unknown one with the usage', () => {
    const cost = repo.run('npx', ['tsx', 'scripts/tasks.ts', 'cost']);
    expect(cost.code, cost.output).toBe(0);
    // Piped, so laid out as plain text: an aligned table, no Markdown.
    expect(cost.output).toMatch(/^Interface endpoint ecr\.api, 2 AZs +1460 +endpoint-AZ-hours +14\.60$/m);
    expect(cost.output).not.toMatch(/\|---|\*\*|`/);
    const unknown = repo.run('npx', ['tsx', 'scripts/tasks.ts', 'deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('no task "deploy"\nusage: tsx scripts/tasks.ts <local|cost|plan|record');
    const help = repo.run('npx', ['tsx', 'scripts/tasks.ts', 'local', '--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('usage: npx projen local [--check] [--entry-port <port>]');
  }, 120_000);
});
