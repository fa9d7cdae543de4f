/**
 * The edges of `npx projen plan` and of the record step on a real directory and a real
 * git repository, with a stand-in for `cdk synth` (a script writing a small cdk.out whose
 * ECS service takes its DesiredCount from src/count.txt) that counts its runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { freshSynthesis, nodePlanIo, RECORD_FILE, runPlan, writeRecordFile, type PlannedPlatform } from '../../src/day-two';
import { SHOP, withService } from './fixtures';

const scratch = mkdtempSync(join(tmpdir(), 'fc-day-two-io-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SYNTH = `
const fs = require('fs');
const count = Number(fs.readFileSync('src/count.txt', 'utf8'));
if (Number.isNaN(count)) { console.error('src/count.txt is not a number'); process.exit(3); }
// The image's tag is the hash of the app's code, as a CDK image asset's is.
const code = fs.existsSync('services/api/app.txt') ? fs.readFileSync('services/api/app.txt') : '';
const tag = require('crypto').createHash('sha256').update(code).digest('hex');
fs.mkdirSync('out', { recursive: true });
fs.writeFileSync('out/ShopServices.template.json', JSON.stringify({ Resources: {
  Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'app', Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/cdk-assets:' + tag }] } },
  Api: { Type: 'AWS::ECS::Service', Properties: { ServiceName: 'api', Cluster: 'shop', DesiredCount: count, TaskDefinition: { Ref: 'Task' } } },
} }));
fs.writeFileSync('out/manifest.json', JSON.stringify({ artifacts: { ShopServices: {
  type: 'aws:cloudformation:stack', properties: { templateFile: 'ShopServices.template.json' },
} } }));
fs.appendFileSync('synth-runs.txt', 'x');
`;

let root: string;
let dir: string;

function git(...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function synth(): void {
  const r = spawnSync(process.execPath, ['synth.js'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

const runs = () => readFileSync(join(dir, 'synth-runs.txt'), 'utf8').length;

function plan(argv: string[], platform: PlannedPlatform): { code: number; stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  const io = {
    ...nodePlanIo({ dir, platform, synthCommand: [process.execPath, 'synth.js'] }),
    out: (t: string) => void (out.stdout += t),
    err: (t: string) => void (out.stderr += t),
  };
  return { code: runPlan(argv, io), ...out };
}

beforeEach(() => {
  // The project sits below the repository's root, as in a monorepo.
  root = mkdtempSync(join(scratch, 'repo-'));
  dir = join(root, 'platform');
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: 'node synth.js', output: 'out' }));
  writeFileSync(join(dir, 'synth.js'), SYNTH);
  writeFileSync(join(dir, 'synth-runs.txt'), '');
  writeFileSync(join(dir, 'src', 'count.txt'), '2');
  writeFileSync(join(dir, '.gitignore'), 'out/\nsynth-runs.txt\n');
  git('init', '-q', '-b', 'main', root);
});

describe('the record step (npx projen record, in the build)', () => {
  it('records cdk.out and the platform, then leaves the same bytes alone', () => {
    synth();
    expect(writeRecordFile(dir, SHOP)).toBe(`${RECORD_FILE}: recorded this synthesis; commit it with your change`);
    const text = readFileSync(join(dir, RECORD_FILE), 'utf8');
    expect(text).toContain('"Api": {"type":"AWS::ECS::Service"');
    expect(text).toContain('"desiredCount": 2');
    synth();
    expect(writeRecordFile(dir, SHOP)).toBe(`${RECORD_FILE}: unchanged`);
    expect(readFileSync(join(dir, RECORD_FILE), 'utf8')).toBe(text);
  });

  it("leaves the record alone when only an app's code, and so its image, changes", () => {
    mkdirSync(join(dir, 'services', 'api'), { recursive: true });
    writeFileSync(join(dir, 'services', 'api', 'app.txt'), 'v1');
    synth();
    writeRecordFile(dir, SHOP);
    writeFileSync(join(dir, 'services', 'api', 'app.txt'), 'v2');
    synth();
    expect(writeRecordFile(dir, SHOP)).toBe(`${RECORD_FILE}: unchanged`);
  });

  it('refuses a cdk.out older than its sources', () => {
    synth();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src', 'count.txt'), later, later);
    expect(() => writeRecordFile(dir, SHOP)).toThrow('cannot record the synthesis: src/count.txt changed after cdk.out was written');
  });
});

describe('npx projen plan on a git repository', () => {
  beforeEach(() => {
    synth();
    writeRecordFile(dir, SHOP);
    git('add', '-A');
    git('commit', '-q', '-m', 'day one');
  });

  it('reuses the cdk.out the build recorded, and synthesizes once the sources change', () => {
    const before = runs();
    const same = plan([], SHOP);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('After: out as it is: synthesized from these very sources and spec.');
    expect(runs()).toBe(before);

    // A checkout or a projen run as root rewrites files with the same contents: still reused.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src', 'count.txt'), later, later);
    expect(plan([], SHOP).stdout).toContain('synthesized from these very sources');
    expect(runs()).toBe(before);

    writeFileSync(join(dir, 'src', 'count.txt'), '3');
    const changed = plan([], withService(SHOP, 'api', { desiredCount: 3 }));
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain(
      `After: a new synthesis (${process.execPath} synth.js), since src/count.txt changed since cdk.out was synthesized.`,
    );
    expect(changed.stdout).toContain('~ api: desiredCount 2 -> 3');
    expect(changed.stdout).toContain('ShopServices  ~1 updated');
    expect(runs()).toBe(before + 1);
    // ... and that synthesis is reused by the next plan.
    plan([], withService(SHOP, 'api', { desiredCount: 3 }));
    expect(runs()).toBe(before + 1);
  });

  it('compares with the record at HEAD, not with the one the last build rewrote', () => {
    writeFileSync(join(dir, 'src', 'count.txt'), '3');
    synth();
    writeRecordFile(dir, withService(SHOP, 'api', { desiredCount: 3 }));
    const r = plan([], withService(SHOP, 'api', { desiredCount: 3 }));
    expect(r.stdout).toMatch(new RegExp(`Before: ${RECORD_FILE.replace('.', '\\.')} at HEAD \\([0-9a-f]{12}\\)\\.`));
    expect(r.stdout).toContain('~ api: desiredCount 2 -> 3');
  });

  it('compares with the record at --base, and refuses a ref that is no commit', () => {
    writeFileSync(join(dir, 'src', 'count.txt'), '3');
    synth();
    writeRecordFile(dir, withService(SHOP, 'api', { desiredCount: 3 }));
    git('commit', '-q', '-am', 'day two');
    expect(plan([], withService(SHOP, 'api', { desiredCount: 3 })).stdout).toContain('Spec changes: none.');
    const base = plan(['--base', 'HEAD~1'], withService(SHOP, 'api', { desiredCount: 3 }));
    expect(base.stdout).toContain(`Before: ${RECORD_FILE} at HEAD~1`);
    expect(base.stdout).toContain('~ api: desiredCount 2 -> 3');

    const wrong = plan(['--base', 'no-such-branch'], SHOP);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--base: no-such-branch is not a commit of this repository');
  });

  it('exits 1 when the synth fails', () => {
    writeFileSync(join(dir, 'src', 'count.txt'), 'many');
    const r = plan([], SHOP);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${process.execPath} synth.js failed (exit 3)`);
  });
});

describe('npx projen plan before anything was recorded', () => {
  it('exits 0 and says so, at HEAD without the record and before the first commit', () => {
    const unborn = plan([], SHOP);
    expect(unborn.code).toBe(0);
    expect(unborn.stdout).toContain('No commit yet');
    git('add', '-A');
    git('commit', '-q', '-m', 'generated');
    const first = plan([], SHOP);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`No ${RECORD_FILE} at HEAD`);
  });
});

describe("the build's synthesis, as the repository's platform test reads it (freshSynthesis)", () => {
  it('is cdk.out once the record step noted its sources, until a source changes or a synth by hand rewrites it', () => {
    expect(freshSynthesis(dir)).toEqual({ stale: 'there is no cdk.out yet' });
    synth();
    // Synthesized, but not by the build: nothing vouches for its sources.
    expect(freshSynthesis(dir).cdkOut).toBeUndefined();
    writeRecordFile(dir, SHOP);
    expect(freshSynthesis(dir)).toEqual({ cdkOut: join(dir, 'out') });

    writeFileSync(join(dir, 'src', 'count.txt'), '3');
    expect(freshSynthesis(dir)).toEqual({ stale: 'src/count.txt changed since cdk.out was synthesized' });
    writeFileSync(join(dir, 'src', 'count.txt'), '2');
    expect(freshSynthesis(dir).cdkOut).toBe(join(dir, 'out'));

    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'out', 'manifest.json'), later, later);
    expect(freshSynthesis(dir)).toEqual({ stale: 'cdk.out was synthesized again since its sources were noted' });
  });
});

describe('the execution policy files, as the plan compares them', () => {
  it('reads them as committed at a commit and in the working tree, below the repository root, and nothing else of deploy/', () => {
    const io = nodePlanIo({ dir, platform: SHOP });
    expect(io.executionPolicies()).toEqual({});
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'deploy', 'cloudformation-execution-policy.json'), '{"v":1}\n');
    writeFileSync(join(dir, 'deploy', 'resource-permissions.json'), '{}\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'policy');
    const first = git('rev-parse', 'HEAD').trim();
    writeFileSync(join(dir, 'deploy', 'cloudformation-execution-policy.json'), '{"v":2}\n');
    writeFileSync(join(dir, 'deploy', 'cloudformation-execution-policy-2.json'), '{"part":2}\n');
    expect(io.executionPolicies(first)).toEqual({ 'deploy/cloudformation-execution-policy.json': '{"v":1}\n' });
    expect(io.executionPolicies()).toEqual({
      'deploy/cloudformation-execution-policy.json': '{"v":2}\n',
      'deploy/cloudformation-execution-policy-2.json': '{"part":2}\n',
    });
    git('add', '-A');
    git('commit', '-q', '-m', 'split');
    expect(Object.keys(io.executionPolicies(git('rev-parse', 'HEAD').trim())).sort()).toEqual([
      'deploy/cloudformation-execution-policy-2.json',
      'deploy/cloudformation-execution-policy.json',
    ]);
  });
});
