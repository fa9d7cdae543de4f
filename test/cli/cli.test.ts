import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli/args';
import { cli, FIXTURES, scratch, snapshotTree } from './helpers';

const GEN = ['--generator-dependency', 'file:/nonexistent/create-fargate-connect.tgz', '--no-install', '--no-git'];

describe('usage errors exit 2', () => {
  it('rejects an unknown flag, naming it', async () => {
    const r = await cli(['out', '--frce'], { cwd: scratch() });
    expect(r.code).toBe(2);
    expect(r.err).toContain("'--frce'");
    expect(r.err).toContain('--help');
  });

  it('requires a target directory', async () => {
    const r = await cli(['--config', 'x.yaml', '--yes'], { cwd: scratch() });
    expect(r.code).toBe(2);
    expect(r.err).toContain('no target directory');
  });

  it('refuses to prompt without a terminal, saying what to pass', async () => {
    const cwd = scratch();
    const r = await cli(['out'], { cwd, tty: false });
    expect(r.code).toBe(2);
    expect(r.err).toContain('Pass --config <file>');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('issue 12, item 8: an empty --config (an unset $SPEC in CI) is a usage error, not the starter spec', async () => {
    for (const argv of [
      ['out', '--config=', '--yes'],
      ['out', '-c', '', '--yes'],
      ['out', '--config', '', '--yes'],
    ]) {
      const cwd = scratch();
      const r = await cli([...argv, ...GEN], { cwd });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toBe('error: --config was given an empty value (an unset variable?); give it a file name, or leave it out');
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('rejects two positionals', async () => {
    const r = await cli(['a', 'b', '--config', 'x'], { cwd: scratch() });
    expect(r.code).toBe(2);
  });
});

describe('--help', () => {
  it('documents every flag the parser accepts', async () => {
    const r = await cli(['--help'], { cwd: scratch() });
    expect(r.code).toBe(0);
    for (const flag of [
      '--config',
      '--yes',
      '--force',
      '--no-install',
      '--no-git',
      '--dry-run',
      '--save-config',
      '--generator-dependency',
      '--help',
      '--version',
    ]) {
      expect(HELP).toContain(flag);
    }
  });
});

describe('invalid input exits 1 and leaves the target exactly as it was', () => {
  it('prints every spec error and writes nothing into an existing directory', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'keep.txt'), 'mine');
    writeFileSync(join(cwd, 'bad.yaml'), 'name: Bad_Name\nservices:\n  - name: web\n    role: client-only\n    port: 70000\n');
    const before = snapshotTree(cwd);
    const r = await cli(['out', '--config', 'bad.yaml', '--yes', '--force', ...GEN], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toContain('services[0].port: 70000 is not a port (1-65535)');
    expect(r.err).toMatch(/^ {2}name: /m);
    expect(snapshotTree(cwd)).toEqual(before);
  });

  it('refuses a non-empty target without --force', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'keep.txt'), 'mine');
    const before = snapshotTree(cwd);
    const r = await cli(['out', '--config', join(FIXTURES, 'single-server.yaml'), '--yes', ...GEN], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toContain('target: out is not empty (1 entry)');
    expect(r.err).toContain('--force');
    expect(snapshotTree(cwd)).toEqual(before);
  });

  it('reports a missing config file', async () => {
    const cwd = scratch();
    const r = await cli(['out', '--config', 'nope.yaml', '--yes', ...GEN], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toContain('nope.yaml');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('reports a missing parent directory', async () => {
    const cwd = scratch();
    const r = await cli(['no/such/parent/out', '--config', join(FIXTURES, 'single-server.yaml'), '--yes', ...GEN], { cwd });
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not exist');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('what is printed', () => {
  it('escapes terminal control characters in the target path', async () => {
    const cwd = scratch();
    const dir = 'out\x1b[2J\x07\u202e';
    const r = await cli([dir, '--config', join(FIXTURES, 'single-server.yaml'), '--dry-run'], { cwd });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Would write \d+ files to "out\\u001b\[2J\\u0007\\u202e":/);
    const written = await cli([dir, '--config', join(FIXTURES, 'single-server.yaml'), ...GEN], { cwd });
    expect(written.code, written.err).toBe(0);
    expect(written.out + written.err).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(written.out).toContain('cd "out\\u001b[2J\\u0007\\u202e"');
  });

  it('does not quote a --config file that is not a spec (it may hold secrets)', async () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'environ'), 'AWS_SECRET_ACCESS_KEY=hunter2\0HOME=/root\0');
    const files = [join(cwd, 'environ'), ...(existsSync('/proc/self/environ') ? ['/proc/self/environ'] : [])];
    for (const file of files) {
      const r = await cli(['out', '--config', file, ...GEN, '--yes'], { cwd });
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `error: one problem, nothing was written:\n  ${file}: not a spec: the file holds a single string, not a mapping with name and services (is it the right file?)`,
      );
    }
  });
});

describe('writing', () => {
  it('--dry-run lists the files and writes nothing', async () => {
    const cwd = scratch();
    const r = await cli(['out', '--config', join(FIXTURES, 'single-server.yaml'), '--dry-run'], { cwd });
    expect(r.code).toBe(0);
    expect(r.out).toContain('.projenrc.ts');
    expect(r.out).toContain('services/api/src/main.ts');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('writes the whole repository and says what to do next', async () => {
    const cwd = scratch();
    const r = await cli(['out', '--config', join(FIXTURES, 'public-two-backends.yaml'), '--yes', ...GEN], { cwd });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('npx projen build');
    // the bill before the deploy in three lines: the total, NAT gateways against it, where the table is
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Estimated baseline: '));
    expect(lines.slice(at, at + 4)).toEqual([
      expect.stringMatching(/^Estimated baseline: \d+\.\d\d USD a month \(us-east-1 list prices, profile prod; traffic is charged on top\)\.$/),
      expect.stringMatching(/^With NAT gateways instead of the VPC endpoints: \d+\.\d\d USD a month \(\+\d+\.\d\d\)\.$/),
      'The full table: npx projen cost (after npm install), or README.md.',
      '',
    ]);
    expect(r.out).not.toMatch(/\|---|\*\*/);
    // piped: one plain line per step, no spinner, no terminal codes
    expect(lines.filter((l) => l.startsWith('• '))).toEqual([
      '• Generating 3 services...',
      expect.stringMatching(/^• Writing \d+ files to out\.\.\.$/),
    ]);
    expect(r.out).not.toMatch(/\x1b|\r/);
    for (const f of ['.projenrc.ts', 'package.json', 'src/main.ts', 'src/generated/platform.ts', 'services/orders/src/main.ts', 'README.md']) {
      expect(existsSync(join(cwd, 'out', f)), f).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(join(cwd, 'out', 'package.json'), 'utf-8'));
    expect(pkg.devDependencies['create-fargate-connect']).toBe('file:/nonexistent/create-fargate-connect.tgz');
    expect(pkg.devDependencies['aws-cdk']).toBe('^2');
    // nothing left behind beside the target
    expect(readdirSync(cwd)).toEqual(['out']);
  });

  it('--force writes into a non-empty directory and keeps files it does not write', async () => {
    const cwd = scratch();
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'NOTES.md'), 'mine');
    const r = await cli(['out', '--config', join(FIXTURES, 'single-server.yaml'), '--yes', '--force', ...GEN], { cwd });
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'out', 'NOTES.md'), 'utf-8')).toBe('mine');
    expect(existsSync(join(cwd, 'out', '.projenrc.ts'))).toBe(true);
  });
});

describe('a spec with stages', () => {
  it('ends with the bootstrap and deploy command of each stage, not the plain ones', async () => {
    const cwd = scratch();
    const r = await cli(['out', '--config', join(FIXTURES, 'stages.yaml'), '--yes', ...GEN], { cwd });
    expect(r.code).toBe(0);
    const next = r.out.slice(r.out.indexOf('Next:'));
    expect(next).toContain('npx projen deploy:prod');
    expect(next).toContain("# stage prod's stacks, in order, with credentials for 222222222222");
    expect(next).toContain('npx projen bootstrap:dev');
    expect(next).not.toMatch(/npx projen deploy\s+#/);
  });
});
