/**
 * `npx projen plan` with stages: each stage's synthesis (its nested assembly) recorded in
 * platform.record.json beside the platform, and planned per stage (`--stage <name>`, or
 * every stage in turn), as the pull-request workflow's matrix runs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatRecordFile,
  parsePlanArgs,
  parseRecordFile,
  RECORD_FILE,
  runPlan,
  stageReport,
  writeRecordFile,
  type PlatformRecord,
} from '../../src/day-two';
import type { Plan } from '../../src/plan';
import { pipelinePlan, synthStages } from '../support/stages';
import { recordOf, SHOP, stagedIo, stagedRecord, withService } from './fixtures';

const fakeIo = stagedIo;

const BEFORE = stagedRecord({ dev: SHOP, prod: SHOP });
const DEV_SCALED = stagedRecord({ dev: withService(SHOP, 'api', { desiredCount: 3 }), prod: SHOP });
const PROD_LOSES_API = stagedRecord({ dev: SHOP, prod: { ...SHOP, services: [SHOP.services[0]!] } });

describe('--stage', () => {
  it('is an option with a value', () => {
    expect(parsePlanArgs(['--stage', 'prod', '--base', 'main'])).toEqual({ ok: true, args: { stage: 'prod', base: 'main' } });
    expect(parsePlanArgs(['--stage=dev'])).toEqual({ ok: true, args: { stage: 'dev' } });
    expect(parsePlanArgs(['--stage'])).toEqual({ ok: false, error: '--stage needs a value: --stage <name>, e.g. --stage prod' });
  });

  it('plans only that stage: its own platform and assembly against its own record', () => {
    const io = fakeIo(BEFORE, DEV_SCALED);
    expect(runPlan(['--stage', 'dev'], io)).toBe(0);
    expect(io.stdout).toContain('== Stage dev ==');
    expect(io.stdout).not.toContain('== Stage prod ==');
    expect(io.stdout).toContain('~ api: desiredCount 2 -> 3');
    const prod = fakeIo(BEFORE, DEV_SCALED);
    expect(runPlan(['--stage', 'prod'], prod)).toBe(0);
    expect(prod.stdout).toContain('Spec changes: none.');
  });

  it('exits 1 for the stage whose deploy would interrupt a service, 0 for the others', () => {
    expect(runPlan(['--stage', 'dev'], fakeIo(BEFORE, PROD_LOSES_API))).toBe(0);
    const io = fakeIo(BEFORE, PROD_LOSES_API);
    expect(runPlan(['--stage', 'prod'], io)).toBe(1);
    expect(io.stdout).toContain('service-deleted');
  });

  it('without --stage plans every stage in turn, exiting with the worst', () => {
    const io = fakeIo(BEFORE, PROD_LOSES_API);
    expect(runPlan([], io)).toBe(1);
    expect(io.stdout.indexOf('== Stage dev ==')).toBeLessThan(io.stdout.indexOf('== Stage prod =='));
  });

  it('treats a stage without a record as a first deploy', () => {
    const io = fakeIo(stagedRecord({ dev: SHOP }), BEFORE);
    expect(runPlan(['--stage', 'prod'], io)).toBe(0);
    expect(io.stdout).toContain('No recorded synthesis of stage prod before: its first deploy creates every stack. Exit 0.');
  });

  it('refuses a stage the platform does not have, and --stage without stages (exit 2)', () => {
    const io = fakeIo(BEFORE, BEFORE);
    expect(runPlan(['--stage', 'qa'], io)).toBe(2);
    expect(io.stderr).toBe('error: --stage qa: no such stage (its stages: dev, prod)\n');
    const plain = fakeIo(recordOf(SHOP), recordOf(SHOP));
    expect(runPlan(['--stage', 'dev'], plain)).toBe(2);
    expect(plain.stderr).toBe('error: --stage dev: the platform has no stages (spec `stages`); plan it without --stage\n');
  });
});

describe('the record file with stages', () => {
  it('keeps each stage\'s assembly, and records a platform without stages as before (no "stages" key)', () => {
    const text = formatRecordFile(BEFORE);
    expect(parseRecordFile(text, RECORD_FILE)).toEqual(BEFORE);
    expect(formatRecordFile(recordOf(SHOP))).not.toContain('"stages"');
    expect(() => parseRecordFile(text.replace(/"stages": \{/, '"stages": [').replace(/\}\n\}\n$/, ']\n}\n'), RECORD_FILE)).toThrow();
  });

  it('records the nested assembly of every stage of a real synthesis, which plans per stage', () => {
    const write = (plan: Plan): PlatformRecord => {
      const { outdir } = synthStages(plan);
      const dir = join(outdir, '..');
      writeRecordFile(dir, plan);
      return parseRecordFile(readFileSync(join(dir, RECORD_FILE), 'utf8'), RECORD_FILE);
    };
    const plan = pipelinePlan();
    const before = write(plan);
    expect(Object.keys(before.stages!)).toEqual(['dev', 'staging', 'prod']);
    expect(before.assembly.stacks).toEqual([]);
    expect(before.stages!.prod!.stacks.map((s) => s.name)).toEqual(['prod-ShopNetwork', 'prod-ShopServices']);
    expect(stageReport(before, before, 'prod').exitCode).toBe(0);

    // prod scales orders; dev and staging do not change.
    const scaled = (p: Plan): Plan => ({ ...p, services: p.services.map((s) => (s.name === 'orders' ? { ...s, desiredCount: 4 } : s)) });
    const after = write({ ...plan, stages: plan.stages!.map((s) => (s.name === 'prod' ? { ...s, plan: scaled(s.plan) } : s)) });
    expect(stageReport(before, after, 'prod').text).toContain('~ orders: desiredCount 2 -> 4');
    expect(stageReport(before, after, 'prod').text).toContain('prod-ShopServices');
    expect(stageReport(before, after, 'dev').text).toContain('Spec changes: none.');
  }, 120_000);

  it("stops the build's record step when a stage has no nested assembly", () => {
    const { outdir } = synthStages(pipelinePlan([{ name: 'dev', account: '111111111111', region: 'eu-west-1' }]));
    const dir = join(outdir, '..');
    expect(() => writeRecordFile(dir, pipelinePlan([{ name: 'qa', account: '111111111111', region: 'eu-west-1' }]))).toThrow(
      /assembly-qa is missing: the app does not build stage qa as a CDK Stage named after it; synthesize again/,
    );
  }, 120_000);
});
