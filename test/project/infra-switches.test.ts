/**
 * The library's switches in a repository (issue 13): the project type writes the switches
 * its `.projenrc.ts` lists into cdk.json's context; a new repository (the CLI and the API,
 * or `projen new`) lists every switch on; a `.projenrc.ts` that lists none keeps the old
 * behaviour; a key that is no switch is an error naming it.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generate } from '../../src/api';
import { FargateConnectProject } from '../../src';
import { INFRA_SWITCHES, NAMESPACE_TAG_SWITCH } from '../../src/infra/switches';

const SPEC = {
  name: 'shop',
  services: [
    { name: 'web', role: 'client-only', port: 3000, calls: ['api'] },
    { name: 'api', role: 'client-server', port: 8080 },
  ],
};
const EVERY_SWITCH_ON = Object.fromEntries(INFRA_SWITCHES.map((s) => [s.key, true]));
const scratch = () => mkdtempSync(join(tmpdir(), 'fc-switches-'));

function switchesOf(context: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(context).filter(([k]) => k.startsWith('@fargate-connect/infra:')));
}

function synthContext(options: object): Record<string, unknown> {
  const outdir = join(scratch(), 'shop');
  new FargateConnectProject({ ...SPEC, ...options, outdir } as never).synth();
  return JSON.parse(readFileSync(join(outdir, 'cdk.json'), 'utf-8')).context;
}

/** The `infraSwitches` block of a `.projenrc.ts`, as an object. */
function listedSwitches(projenrc: string): Record<string, boolean> {
  const block = /\n {2}infraSwitches: \{\n([\s\S]*?)\n {2}\},\n/.exec(projenrc)?.[1];
  if (block === undefined) throw new Error(`no infraSwitches in\n${projenrc}`);
  return JSON.parse(`{${block.replace(/,\s*$/, '')}}`);
}

let previousPost: string | undefined;
beforeEach(() => {
  previousPost = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = '1';
});
afterEach(() => {
  if (previousPost === undefined) delete process.env.PROJEN_DISABLE_POST;
  else process.env.PROJEN_DISABLE_POST = previousPost;
});

describe('switches of a new repository', () => {
  it('the CLI and the API: every switch on, in cdk.json and listed in .projenrc.ts', () => {
    const generated = generate(SPEC, { generatorDependency: '^0.0.0' });
    if (!generated.ok) throw new Error(JSON.stringify(generated.errors));
    const file = (path: string) => generated.files.find((f) => f.path === path)!.contents;
    expect(switchesOf(JSON.parse(file('cdk.json')).context)).toEqual(EVERY_SWITCH_ON);
    expect(listedSwitches(file('.projenrc.ts'))).toEqual(EVERY_SWITCH_ON);
  });

  it('projen new: every switch on, in cdk.json and listed in .projenrc.ts', () => {
    // projen finds the project type's jsii manifest from the working folder (this checkout's .jsii).
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
    expect(switchesOf(JSON.parse(readFileSync(join(cwd, 'shop', 'cdk.json'), 'utf-8')).context)).toEqual(EVERY_SWITCH_ON);
    expect(listedSwitches(readFileSync(join(cwd, 'shop', '.projenrc.ts'), 'utf-8'))).toEqual(EVERY_SWITCH_ON);
  });
});

describe('switches of an existing repository', () => {
  it('a .projenrc.ts without infraSwitches (made before the switch existed): none in cdk.json, the old behaviour', () => {
    expect(switchesOf(synthContext({}))).toEqual({});
  });

  it('cdk.json holds the switches as .projenrc.ts lists them, on or off', () => {
    expect(switchesOf(synthContext({ infraSwitches: { [NAMESPACE_TAG_SWITCH]: true } }))).toEqual({ [NAMESPACE_TAG_SWITCH]: true });
    expect(switchesOf(synthContext({ infraSwitches: { [NAMESPACE_TAG_SWITCH]: false } }))).toEqual({ [NAMESPACE_TAG_SWITCH]: false });
  });

  it('a key that is no switch fails, naming it and the switches there are', () => {
    expect(() => synthContext({ infraSwitches: { '@fargate-connect/infra:namespaceTags': true } })).toThrow(
      /infraSwitches: "@fargate-connect\/infra:namespaceTags" is not a switch of this create-fargate-connect; its switches are "@fargate-connect\/infra:namespaceTag"/,
    );
  });
});
