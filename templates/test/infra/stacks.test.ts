import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synth, SYNTH_TIMEOUT_MS, type CfnTemplate, type Synthesized } from './synth';

/** CloudFormation's hard limit per stack. */
const MAX_RESOURCES = 500;

let s: Synthesized;
beforeAll(() => {
  // The same synthesis the other infra files share. Strict CloudFormation validation and
  // cdk-nag cost seconds and run once per build, in post-compile's `cdk synth`, which
  // fails on any finding; VALIDATE_IN_TESTS=1 runs them here too.
  s = synth({ validate: process.env.VALIDATE_IN_TESTS === '1' });
}, SYNTH_TIMEOUT_MS);

/** Asset hashes change with every edit of a service's code; keep them out of snapshots. */
function normalize(template: CfnTemplate): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}

/** Names of the stacks whose outputs a template reads with Fn::GetStackOutput. */
function stackOutputsRead(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => stackOutputsRead(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Fn::GetStackOutput') found.push((v as { StackName: string }).StackName);
      stackOutputsRead(v, found);
    }
  }
  return found;
}

describe('stacks', () => {
  it('synthesizes the network stack and the planned services stacks', () => {
    expect([...s.templates.keys()].sort()).toEqual([...s.stackNames].sort());
  });

  it('keeps every stack under the CloudFormation resource limit', () => {
    for (const [name, template] of s.templates) {
      expect(Object.keys(template.Resources).length, name).toBeLessThan(MAX_RESOURCES);
    }
  });

  it('reads other stacks only through outputs of earlier stacks, with no exports to deadlock on', () => {
    for (const [index, name] of s.stackNames.entries()) {
      const template = s.templates.get(name)!;
      expect(JSON.stringify(template.Resources), name).not.toContain('Fn::ImportValue');
      for (const output of Object.values(template.Outputs ?? {})) expect(output.Export, name).toBeUndefined();
      for (const producer of stackOutputsRead(template.Resources)) {
        const position = s.stackNames.indexOf(producer);
        expect(position, `${name} reads ${producer}`).toBeGreaterThanOrEqual(0);
        expect(position, `${name} reads ${producer}`).toBeLessThan(index);
      }
    }
  });

  it('matches the snapshot of each stack', () => {
    // vitest records missing snapshots locally but refuses to in CI; say what to do
    // rather than report a "mismatch" against a file that was never recorded.
    const recorded = existsSync(join(__dirname, '__snapshots__', 'stacks.test.ts.snap'));
    if (process.env.CI && !recorded) {
      throw new Error(
        'No stack snapshots are recorded yet: run `npx projen test` locally once and commit test/infra/__snapshots__/.',
      );
    }
    for (const name of s.stackNames) {
      expect(normalize(s.templates.get(name)!)).toMatchSnapshot(name);
    }
  });
});
