// Runs every service on loopback, as `npx projen local` does, and checks that each call is
// wired and each public path answers through the entry from the service that owns it.
import * as path from 'node:path';
import { LOCAL_CHECKS, startLocal, type LocalRun } from 'create-fargate-connect/infra/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { platform } from '../src/generated/platform';

let run: LocalRun | undefined;
beforeAll(async () => {
  run = await startLocal(platform, path.resolve(__dirname, '..'));
}, 120_000);
afterAll(() => run?.topology.stop(), 30_000);

for (const check of LOCAL_CHECKS) it(check.title, async () => expect(await check.run(run!)).toEqual([]), 60_000);
