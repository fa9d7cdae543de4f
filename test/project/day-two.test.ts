import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeProject } from '../../src/api';
import { FargateConnectProject, Profile, ServiceRole, type FargateConnectProjectOptions } from '../../src';
import { toRawSpec } from '../../src/project/to-raw-spec';

/**
 * Day two, in process: a repository written by the CLI, then re-synthesized the way its
 * `npx projen` does (its .projenrc.ts constructs FargateConnectProject with the edited
 * options and calls synth(), outdir being the repository), minus the post-synth install.
 * test/e2e/day-two.e2e.ts does the same with a real `npx projen` and a synth.
 */
const DEPENDENCY = 'file:/opt/packs/create-fargate-connect-0.0.0.tgz';

const DAY_ONE: FargateConnectProjectOptions = {
  name: 'shop',
  services: [
    { name: 'web', role: ServiceRole.CLIENT_ONLY, port: 3000, public: true, calls: ['api'] },
    { name: 'api', role: ServiceRole.CLIENT_SERVER, port: 8080 },
  ],
};

/** Day one plus a `billing` service that `api` calls. */
const DAY_TWO: FargateConnectProjectOptions = {
  ...DAY_ONE,
  services: [DAY_ONE.services![0], { ...DAY_ONE.services![1], calls: ['billing'] }, { name: 'billing', role: ServiceRole.CLIENT_SERVER, port: 8081 }],
};

/**
 * `npx projen` in `dir` with `options` in its .projenrc.ts, without the install. Returns
 * the warnings the project logged (projen's logger prints nothing when NODE_ENV is
 * `test`, as under vitest, so they are taken from the logger itself).
 */
function resynth(dir: string, options: FargateConnectProjectOptions): string[] {
  const project = new FargateConnectProject({ ...options, outdir: dir });
  const warn = vi.spyOn(project.logger, 'warn');
  project.synth();
  return warn.mock.calls.map((args) => args.join(' '));
}

/** The platform constant of src/generated/platform.ts (a JSON literal). */
function generatedPlatform(dir: string): { services: { name: string; upstreams: { service: string; port: number; env: string }[] }[] } {
  const text = readFileSync(join(dir, 'src', 'generated', 'platform.ts'), 'utf-8');
  const json = /export const platform: \w+ = (\{[\s\S]*\});\s*$/.exec(text)?.[1];
  if (!json) throw new Error(`no platform constant in src/generated/platform.ts:\n${text}`);
  return JSON.parse(json);
}

const read = (dir: string, path: string) => readFileSync(join(dir, path));

describe('day two: editing the spec of a generated repository and re-synthesizing', () => {
  let dir: string;
  let previousPost: string | undefined;

  beforeEach(() => {
    previousPost = process.env.PROJEN_DISABLE_POST;
    process.env.PROJEN_DISABLE_POST = '1';
    dir = join(mkdtempSync(join(tmpdir(), 'fc-day-two-')), 'shop');
    const written = writeProject(dir, toRawSpec(DAY_ONE), { generatorDependency: DEPENDENCY });
    if (!written.ok) throw new Error(written.errors.map((e) => e.message).join('\n'));
  });

  afterEach(() => {
    if (previousPost === undefined) delete process.env.PROJEN_DISABLE_POST;
    else process.env.PROJEN_DISABLE_POST = previousPost;
  });

  it('changes nothing when the spec did not change', () => {
    const before = ['package.json', 'src/generated/platform.ts', '.projen/files.json', 'README.md'].map((p) => read(dir, p));
    resynth(dir, DAY_ONE);
    const after = ['package.json', 'src/generated/platform.ts', '.projen/files.json', 'README.md'].map((p) => read(dir, p));
    expect(after).toEqual(before);
  });

  it('adds a service: its folder appears, the caller gets its URL, files the user owns are kept byte for byte', () => {
    const server = join(dir, 'services', 'web', 'src', 'server.ts');
    appendFileSync(server, '\n// day two: my own route goes here\n');
    const edited = readFileSync(server);
    const projenrc = read(dir, '.projenrc.ts');
    const main = read(dir, 'src/main.ts');

    const warnings = resynth(dir, DAY_TWO);

    expect(warnings.filter((w) => /no longer in the spec/.test(w))).toEqual([]);
    expect(readFileSync(server)).toEqual(edited);
    expect(read(dir, '.projenrc.ts')).toEqual(projenrc);
    expect(read(dir, 'src/main.ts')).toEqual(main);
    expect(existsSync(join(dir, 'services', 'billing', 'src', 'server.ts'))).toBe(true);
    expect(existsSync(join(dir, 'services', 'billing', 'Dockerfile'))).toBe(true);

    const platform = generatedPlatform(dir);
    expect(platform.services.map((s) => s.name).sort()).toEqual(['api', 'billing', 'web']);
    expect(platform.services.find((s) => s.name === 'api')!.upstreams).toEqual([{ service: 'billing', port: 8081, env: 'BILLING_URL' }]);
    expect(platform.services.find((s) => s.name === 'billing')!.upstreams).toEqual([]);
    // The dependency on the generator stays what the repository was created with.
    expect(JSON.parse(read(dir, 'package.json').toString()).devDependencies['create-fargate-connect']).toBe(DEPENDENCY);
  });

  it('removes a service: its infrastructure goes, its folder stays, and a notice says so', () => {
    resynth(dir, DAY_TWO);
    appendFileSync(join(dir, 'services', 'billing', 'src', 'server.ts'), '\n// billing code worth keeping\n');
    const billingServer = read(dir, 'services/billing/src/server.ts');

    const warnings = resynth(dir, DAY_ONE);

    expect(warnings.join('\n')).toContain('services/billing is no longer in the spec: its infrastructure was removed, its code was left in place.');
    expect(read(dir, 'services/billing/src/server.ts')).toEqual(billingServer);
    const platform = generatedPlatform(dir);
    expect(platform.services.map((s) => s.name).sort()).toEqual(['api', 'web']);
    expect(platform.services.find((s) => s.name === 'api')!.upstreams).toEqual([]);
    expect(read(dir, 'docker-compose.yml').toString()).not.toMatch(/billing/);
    const managed = JSON.parse(read(dir, '.projen/files.json').toString()).files as string[];
    expect(managed.filter((f) => f.includes('billing'))).toEqual([]);
  });

  it('changes top-level options the same way (profile dev: one task per service)', () => {
    resynth(dir, { ...DAY_ONE, profile: Profile.DEV });
    const platform = generatedPlatform(dir) as unknown as { profile: string; services: { desiredCount: number }[] };
    expect(platform.profile).toBe('dev');
    expect(platform.services.map((s) => s.desiredCount)).toEqual([1, 1]);
  });
});

describe('options as projen new passes them', () => {
  /** What `projen new` adds to the options it constructs the project with. */
  const PROJEN_NEW = { __new__: { fqn: 'create-fargate-connect.FargateConnectProject', args: {}, comments: 'featured', synth: true, post: false } };

  it("leave projen's bootstrap record out of the spec", () => {
    expect(Object.keys(toRawSpec({ ...DAY_ONE, ...PROJEN_NEW } as FargateConnectProjectOptions))).not.toContain('__new__');
  });

  it('reject a --profile that names no Profile member instead of defaulting it', () => {
    // projen new renders `--profile staging` as Profile.STAGING, which is undefined.
    const options = {
      ...DAY_ONE,
      profile: undefined,
      outdir: mkdtempSync(join(tmpdir(), 'fc-new-')),
      __new__: { ...PROJEN_NEW.__new__, args: { name: 'shop', profile: 'staging' } },
    };
    expect(() => new FargateConnectProject(options as FargateConnectProjectOptions)).toThrow(/\n {2}profile: "staging"/);
  });

  it("name the flags when the spec they make is invalid (the name defaults to the directory's)", () => {
    const options = { ...DAY_ONE, name: 'Not_Kebab', outdir: mkdtempSync(join(tmpdir(), 'fc-new-')), ...PROJEN_NEW };
    expect(() => new FargateConnectProject(options as FargateConnectProjectOptions)).toThrow(
      /The fargate-connect spec in the options of projen new \(the name is the directory's unless --name is given\) is invalid:\n {2}name: "Not_Kebab"/,
    );
  });
});
