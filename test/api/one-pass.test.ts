/**
 * One pass (issue 13): raw input → normalized spec → plan → files, each computed once per
 * run. The normalizer, the planner, the renderer and projen's synthesis are wrapped in
 * counters (every importer of those modules gets the wrapped function), and each front
 * door is run once. The interactive front door needs no terminal: `runCli` is told stdin is
 * one and `prompts.inject()` answers its questions (the flow, the summary and the write are
 * the real ones).
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Project } from 'projen';
import prompts from 'prompts';

const counts = { normalize: 0, plan: 0, render: 0, synth: 0 };

vi.mock('../../src/spec/normalize', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/spec/normalize')>();
  return { ...real, normalizeSpec: (raw: unknown) => (counts.normalize++, real.normalizeSpec(raw)) };
});
vi.mock('../../src/plan', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/plan')>();
  return { ...real, planPlatform: (...args: Parameters<typeof real.planPlatform>) => (counts.plan++, real.planPlatform(...args)) };
});
vi.mock('../../src/render', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/render')>();
  return { ...real, renderFiles: (...args: Parameters<typeof real.renderFiles>) => (counts.render++, real.renderFiles(...args)) };
});

const { generate, writeProject } = await import('../../src/api');
const { FargateConnectProject } = await import('../../src');
const { runCli } = await import('../../src/cli/main');

const realSynth = Project.prototype.synth;

const SPEC = {
  name: 'shop',
  services: [
    { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
    { name: 'api', role: 'client-server', port: 8080 },
  ],
};
const GEN = ['--generator-dependency', 'file:/nonexistent/create-fargate-connect.tgz', '--no-install', '--no-git'];

function reset(): void {
  counts.normalize = counts.plan = counts.render = counts.synth = 0;
}

async function cli(argv: string[], cwd: string, stdinIsTTY = false): Promise<string[]> {
  const lines: string[] = [];
  const code = await runCli(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l), stdinIsTTY, cwd });
  if (code !== 0) throw new Error(lines.join('\n'));
  return lines;
}

/** prompts keeps injected answers in a module-level queue: what a test left unused. */
function injectedLeft(): unknown[] {
  const queue = prompts as unknown as { _injected?: unknown[] };
  const left = (queue._injected ?? []).slice();
  queue._injected = undefined;
  return left;
}

/** The answers for one client-server service `api` in `shop`: name and namespace by default, then write. */
const ONE_SERVICE = [undefined, undefined, 'api', 'client-server', false, undefined, false, true];

const scratch = () => mkdtempSync(join(tmpdir(), 'fc-one-pass-'));
const ONCE = { normalize: 1, plan: 1, render: 1, synth: 1 };

describe('one pass: each stage runs once per run', () => {
  let previousPost: string | undefined;
  beforeEach(() => {
    previousPost = process.env.PROJEN_DISABLE_POST;
    process.env.PROJEN_DISABLE_POST = '1';
    Project.prototype.synth = function (this: Project) {
      counts.synth++;
      return realSynth.call(this);
    };
    reset();
  });
  afterEach(() => {
    Project.prototype.synth = realSynth;
    if (previousPost === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previousPost;
  });

  it('generate()', () => {
    expect(generate(SPEC, { generatorDependency: '^0.0.0' }).ok).toBe(true);
    expect(counts).toEqual(ONCE);
  });

  it('writeProject()', () => {
    expect(writeProject(join(scratch(), 'out'), SPEC, { generatorDependency: '^0.0.0' }).ok).toBe(true);
    expect(counts).toEqual(ONCE);
  });

  it('the CLI with --config --yes', async () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'spec.json'), JSON.stringify(SPEC));
    await cli(['out', '--config', 'spec.json', '--yes', ...GEN], cwd);
    expect(counts).toEqual(ONCE);
  });

  it('the CLI with --yes and no --config (the starter spec)', async () => {
    await cli(['shop', '--yes', ...GEN], scratch());
    expect(counts).toEqual(ONCE);
  });

  it('the CLI on a terminal: the prompts, their summary (the plan it shows is the one written) and the write', async () => {
    prompts.inject([...ONE_SERVICE]);
    const out = await cli(['shop', ...GEN], scratch(), true);
    expect(injectedLeft()).toEqual([]);
    expect(out.join('\n')).toContain('deploy order: api');
    expect(counts).toEqual(ONCE);
  });

  it('the CLI on a terminal with --dry-run', async () => {
    prompts.inject([...ONE_SERVICE]);
    const out = await cli(['shop', '--dry-run', ...GEN], scratch(), true);
    expect(injectedLeft()).toEqual([]);
    expect(out.join('\n')).toContain('services/api/src/main.ts');
    expect(counts).toEqual(ONCE);
  });

  it('the CLI with --dry-run', async () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'spec.json'), JSON.stringify(SPEC));
    await cli(['out', '--config', 'spec.json', '--dry-run', ...GEN], cwd);
    expect(counts).toEqual(ONCE);
  });

  it('the project type, as .projenrc.ts constructs it', () => {
    new FargateConnectProject({ ...(SPEC as object), outdir: join(scratch(), 'shop') } as never).synth();
    expect(counts).toEqual(ONCE);
  });

  it('the project type, as projen new constructs it', () => {
    // projen finds the project type's jsii manifest from the working folder: this checkout's
    // (`npx projen compile` writes .jsii), installed as a module of a scratch folder.
    const cwd = scratch();
    mkdirSync(join(cwd, 'node_modules'));
    symlinkSync(join(__dirname, '..', '..'), join(cwd, 'node_modules', 'create-fargate-connect'));
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      const options = {
        name: 'shop',
        outdir: join(cwd, 'shop'),
        __new__: { fqn: 'create-fargate-connect.FargateConnectProject', args: {}, synth: true, post: false },
      };
      new FargateConnectProject(options as never).synth();
    } finally {
      process.chdir(previous);
    }
    // The projen new path ran: its .projenrc.ts holds the starter services.
    expect(readFileSync(join(cwd, 'shop', '.projenrc.ts'), 'utf-8')).toContain('name: "api"');
    expect(counts).toEqual(ONCE);
  });
});
