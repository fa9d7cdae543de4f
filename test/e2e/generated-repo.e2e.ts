import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRecordFile, RECORD_FILE } from '../../src/day-two';
import { ROOT, run, workDir } from './helpers';

/**
 * The promise the generator makes: a generated repository installs and builds (type-check,
 * synth with strict CloudFormation validation and cdk-nag, its infrastructure tests, its
 * apps' tests and the local topology test). Runs the built CLI from this checkout as a
 * user would (it packs this build and points the new repository at the tarball), so
 * `npx projen compile` must come first; `npx projen build` does that.
 * E2E_FIXTURES=a,b picks fixtures (default: every test/fixtures/*.yaml).
 */
const BIN = join(ROOT, 'bin', 'create-fargate-connect.js');
const ALL = readdirSync(join(ROOT, 'test', 'fixtures'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''));
const FIXTURES = process.env.E2E_FIXTURES ? process.env.E2E_FIXTURES.split(',').filter(Boolean) : ALL;
const WORK = workDir('fc-e2e-repo-');

describe.each(FIXTURES)('generated repository from %s', (fixture) => {
  const dir = join(WORK, fixture);

  it('is written and installed by the CLI', () => {
    const r = run(process.execPath, [BIN, dir, '--config', join(ROOT, 'test', 'fixtures', `${fixture}.yaml`), '--yes'], ROOT);
    console.log(`[e2e] ${fixture}: create + pack + npm install + git ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));
    expect(pkg.devDependencies['create-fargate-connect']).toMatch(/^file:\/.*\.tgz$/);
  });

  it('passes its own `npx projen build`', () => {
    const r = run('npx', ['projen', 'build'], dir);
    console.log(`[e2e] ${fixture}: npx projen build ${r.seconds.toFixed(1)} s`);
    for (const line of r.output.split('\n')) {
      if (/^👾 build » |Test Files|Tests {2}|Duration/.test(line.trim())) console.log(`[e2e] ${fixture}:   ${line.trim()}`);
    }
    expect(r.code, r.output.slice(-20_000)).toBe(0);
    expect(r.output).toMatch(/Test Files\s+\d+ passed/);
    // The platform's invariants (on its own app), the apps and the local topology all ran.
    expect(r.output).toContain('test/platform.test.ts');
    expect(r.output).toContain('test/local.test.ts');
    // The build recorded its synthesis for the next `npx projen plan`: every service, every stack.
    expect(r.output).toContain('platform.record.json: recorded this synthesis');
    const record = parseRecordFile(readFileSync(join(dir, RECORD_FILE), 'utf-8'), RECORD_FILE);
    const spec = parse(readFileSync(join(ROOT, 'test', 'fixtures', `${fixture}.yaml`), 'utf-8')) as { services: { name: string }[] };
    expect(record.platform.services.map((s) => s.name)).toEqual(spec.services.map((s) => s.name));
    if (record.platform.stages === undefined) {
      expect(record.assembly.stacks.length).toBeGreaterThanOrEqual(2);
    } else {
      // With stages, each stage's nested assembly is recorded on its own, and none at the top.
      expect(record.assembly.stacks).toEqual([]);
      expect(Object.keys(record.stages ?? {})).toEqual(record.platform.stages.map((st) => st.name));
      for (const stage of Object.values(record.stages ?? {})) expect(stage.stacks.length).toBeGreaterThanOrEqual(2);
    }
  });
});
