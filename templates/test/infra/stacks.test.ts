import { beforeAll, describe, expect, it } from 'vitest';
import { synth, SYNTH_TIMEOUT_MS, type CfnTemplate, type Synthesized } from './synth';

/** CloudFormation's hard limit per stack. */
const MAX_RESOURCES = 500;

let s: Synthesized;
beforeAll(() => {
  // Throws with the report if strict CloudFormation validation or cdk-nag finds anything.
  s = synth({ validate: true });
}, SYNTH_TIMEOUT_MS);

/** Asset hashes change with every edit of a service's code; keep them out of snapshots. */
function normalize(template: CfnTemplate): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}

describe('stacks', () => {
  it('synthesizes the network stack and the planned services stacks, validated and nag-clean', () => {
    expect([...s.templates.keys()].sort()).toEqual([...s.stackNames].sort());
  });

  it('keeps every stack under the CloudFormation resource limit', () => {
    for (const [name, template] of s.templates) {
      expect(Object.keys(template.Resources).length, name).toBeLessThan(MAX_RESOURCES);
    }
  });

  it('matches the snapshot of each stack', () => {
    for (const name of s.stackNames) {
      expect(normalize(s.templates.get(name)!)).toMatchSnapshot(name);
    }
  });
});
