/**
 * A synthesis writes its assembly and nothing else. The CDK CLI runs the app with
 * CDK_OUTDIR set, and under it every `App` synthesizes itself when the process ends unless
 * made with `autoSynth: false`: the library's own helper App (the stacks it resolves
 * endpoint names in, one per region) once did, writing 47 empty stacks and a validation
 * report into the temporary folder on every `cdk synth`, and failing the synth when the
 * context came in CDK_CONTEXT_JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CDK_FEATURE_FLAGS } from '../../src/project/cdk-feature-flags';

const ROOT = resolve(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'fc-side-effects-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The app as the CLI runs it: its own process, CDK_OUTDIR and the context in the environment.
const APP = `
const { App } = require('aws-cdk-lib');
const { buildPlatform } = require(${JSON.stringify(join(ROOT, 'src', 'infra'))});
const { loadSpecFile } = require(${JSON.stringify(join(ROOT, 'src', 'spec'))});
const { planPlatform } = require(${JSON.stringify(join(ROOT, 'src', 'plan'))});
const loaded = loadSpecFile(${JSON.stringify(join(ROOT, 'test', 'fixtures', 'five-services.yaml'))});
if (!loaded.ok) throw new Error('the fixture does not load');
const app = new App();
buildPlatform(app, planPlatform(loaded.spec), { nag: false, servicesDir: ${JSON.stringify(join(ROOT, 'test', 'golden', 'five-services', 'services'))} });
app.synth();
`;

describe('a synthesis under the CDK CLI', () => {
  it('writes only its assembly: nothing in the temporary folder, exit 0 with the context in CDK_CONTEXT_JSON', () => {
    const outdir = join(scratch, 'cdk.out');
    const tmp = join(scratch, 'tmp');
    for (const d of [outdir, tmp]) rmSync(d, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const context = { ...CDK_FEATURE_FLAGS, '@aws-cdk/core:validateAgainstDefaultRules': true };
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', APP], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context), TMPDIR: tmp },
      timeout: 120_000,
    });
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    expect(readdirSync(outdir)).toContain('manifest.json');
    expect(readdirSync(tmp).filter((f) => !f.startsWith('tsx-'))).toEqual([]);
  }, 120_000);
});
