/**
 * A generated repository with stages (issue 15), with the package as installed
 * (test/support/generated-repo.ts): its src/main.ts (buildStages) and .projenrc.ts
 * type-check, its own platform test checks every stage with strict validation and cdk-nag,
 * and an extension of one stage reaches that stage only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedRepo, type ScratchRepo } from '../support/generated-repo';

/** The README's per-stage extension: a policy on one stage's service, read back from each stage's synthesis. */
const EXTENDED = `import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { buildStages } from 'create-fargate-connect/infra';
import { platform } from './generated/platform';

export function createApp(app: App = new App()): App {
  for (const built of buildStages(app, platform)) {
    if (built.stage.name === 'prod') {
      built.service('api').taskRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::relay-prod/*'] }));
    }
  }
  return app;
}
`;

const EXTENDED_TEST = `import { checkPlatform, synthesize } from 'create-fargate-connect/infra/testing';
import { expect, it } from 'vitest';
import { platform } from '../src/generated/platform';
import { createApp } from '../src/extended';

it('extends one stage only, and every stage holds every check', () => {
  const s = synthesize(platform, (app) => createApp(app));
  expect(checkPlatform(s)).toEqual({});
  const policies = (stage: string) => JSON.stringify([...s.stages!.get(stage)!.resourcesOfType('AWS::IAM::Policy')].map((p) => p.resource.Properties));
  expect(policies('prod')).toContain('arn:aws:s3:::relay-prod/*');
  expect(policies('dev')).not.toContain('relay-prod');
  expect(policies('staging')).not.toContain('relay-prod');
});
`;

describe('a generated repository with stages, with the package as installed', () => {
  let repo: ScratchRepo;
  beforeAll(() => {
    repo = generatedRepo('stages');
    repo.write('src/extended.ts', EXTENDED);
    repo.write('test/extended.test.ts', EXTENDED_TEST);
  });
  afterAll(() => repo?.remove());

  it('type-checks its app (buildStages), its data and its tests against the library', () => {
    const r = repo.run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.dev.json']);
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  }, 300_000);

  it('passes its own platform test on every stage (strict validation and cdk-nag on), and the extension', () => {
    const r = repo.run('npx', ['vitest', 'run', '--project', 'platform'], { VALIDATE_IN_TESTS: '1' });
    expect(r.code, r.output.slice(-5000)).toBe(0);
    expect(r.output).toMatch(/Tests\s+2 passed/);
  }, 300_000);
});
