import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { describe, expect, it } from 'vitest';

/**
 * The promise the generator makes: a generated repository installs and builds
 * (type-check, synth with strict CloudFormation validation and cdk-nag, its own tests).
 * Runs the built CLI (lib/) as a user would, so `npx projen compile` must come first.
 */
const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'create-fargate-connect.js');
const FIXTURES = (process.env.E2E_FIXTURES ?? 'public-two-backends,cycle').split(',').filter(Boolean);
const WORK = process.env.E2E_WORKDIR ?? mkdtempSync(join(tmpdir(), 'fc-e2e-'));

/** The generated repo runs as a developer's first build does: its snapshots get written. */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, npm_config_prefer_offline: 'true', FORCE_COLOR: '0' };
  delete e.CI;
  for (const k of Object.keys(e)) if (k.startsWith('npm_') && k !== 'npm_config_prefer_offline' && k !== 'npm_config_cache') delete e[k];
  delete e.INIT_CWD;
  delete e.PROJEN_DISABLE_POST;
  return e;
}

function run(cmd: string, args: string[], cwd: string) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (Date.now() - started) / 1000;
  const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  return { code: r.status, output, seconds };
}

describe.each(FIXTURES)('generated repository from %s', (fixture) => {
  const dir = join(WORK, fixture);

  it('is written and installed by the CLI', () => {
    mkdirSync(WORK, { recursive: true });
    const r = run(process.execPath, [BIN, dir, '--config', join(ROOT, 'test', 'fixtures', `${fixture}.yaml`), '--yes'], ROOT);
    console.log(`[e2e] ${fixture}: create + npm install ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf-8'));
    expect(pkg.devDependencies['create-fargate-connect']).toMatch(/^file:\/.*\.tgz$/);
  });

  it('passes its own `npx projen build`', () => {
    const r = run('npx', ['projen', 'build'], dir);
    console.log(`[e2e] ${fixture}: npx projen build ${r.seconds.toFixed(1)} s`);
    expect(r.code, r.output.slice(-20_000)).toBe(0);
    expect(r.output).toMatch(/Test Files\s+\d+ passed/);
  });
});
