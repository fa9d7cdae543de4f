// The invariants create-fargate-connect holds every platform to (private network, security
// groups along the calls, deploy order, public entry, services, stacks), checked on this
// repository's app as `cdk synth` builds it: src/main.ts, your additions included. This
// file is yours: when an addition breaks one on purpose, skip that check by its id.
import { checkPlatform, synthesize, type Synthesized } from 'create-fargate-connect/infra/testing';
import { beforeAll, expect, it } from 'vitest';
import { platform } from '../src/generated/platform';
import { createApp } from '../src/main';

const SKIP: string[] = []; // e.g. ['security-groups/egress']

let synthesized: Synthesized;
beforeAll(() => {
  // VALIDATE_IN_TESTS=1 adds strict CloudFormation validation and cdk-nag (the build's synth runs them).
  synthesized = synthesize(platform, (app) => createApp(app), { validate: process.env.VALIDATE_IN_TESTS === '1' });
}, 300_000);

it('holds every platform invariant', () => {
  expect(checkPlatform(synthesized, { skip: SKIP })).toEqual({});
});
