// The invariants create-fargate-connect holds every platform to (private network, security
// groups along the calls, deploy order, public entry, services, stacks), checked on this
// repository's app as `cdk synth` builds it: src/main.ts, your additions included. This
// file is yours: when an addition breaks one on purpose, skip that check by its id.
import * as path from 'node:path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { checkPlatform, fromAssembly, synthesize, type Synthesized } from 'create-fargate-connect/infra/testing';
import { buildSynthesis } from 'create-fargate-connect/tasks';
import { beforeAll, expect, it } from 'vitest';
import { platform } from '../src/generated/platform';
import { createApp } from '../src/main';

const SKIP: string[] = []; // e.g. ['security-groups/egress']

let synthesized: Synthesized;
beforeAll(() => {
  // In `npx projen build` the app was just synthesized (cdk synth, with strict validation
  // and cdk-nag) and its sources noted: check that synthesis. Run on its own after a change,
  // this test synthesizes the app itself (VALIDATE_IN_TESTS=1 adds validation and cdk-nag).
  const build = buildSynthesis(path.resolve(__dirname, '..'));
  synthesized =
    build.cdkOut !== undefined
      ? fromAssembly(platform, new CloudAssembly(build.cdkOut))
      : synthesize(platform, (app) => createApp(app), { validate: process.env.VALIDATE_IN_TESTS === '1' });
}, 300_000);

it('holds every platform invariant', () => {
  expect(checkPlatform(synthesized, { skip: SKIP })).toEqual({});
});
