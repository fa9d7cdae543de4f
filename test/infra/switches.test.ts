/**
 * Version-gated switches (issue 13): a behaviour change of the library that alters a
 * deployed stack happens only where the repository's cdk.json turns its switch on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INFRA_SWITCHES, NAMESPACE_TAG, NAMESPACE_TAG_SWITCH, newRepositorySwitches } from '../../src/infra';
import { planOf, synthPlatform } from '../support/synth-platform';

const PLAN = planOf({
  name: 'shop',
  namespace: 'shop.internal',
  services: [
    { name: 'web', role: 'client-only', port: 3000, calls: ['api'] },
    { name: 'api', role: 'client-server', port: 8080 },
  ],
});

/** The namespace tag of each ECS service (they are in the services stacks), by logical id (undefined: none). */
function namespaceTags(context: Record<string, unknown>): Record<string, string | undefined> {
  const { templates } = synthPlatform(PLAN, { context });
  const tags: Record<string, string | undefined> = {};
  for (const template of templates.values()) {
    for (const [id, r] of Object.entries(template.Resources as Record<string, any>)) {
      if (r.Type !== 'AWS::ECS::Service') continue;
      tags[id] = (r.Properties.Tags as { Key: string; Value: string }[] | undefined)?.find((t) => t.Key === NAMESPACE_TAG)?.Value;
    }
  }
  return tags;
}

describe('the switch @fargate-connect/infra:namespaceTag', () => {
  it('off (a repository whose .projenrc.ts does not list it): no ECS service has the namespace tag', () => {
    const tags = namespaceTags({ [NAMESPACE_TAG_SWITCH]: false });
    expect(Object.keys(tags)).toHaveLength(2);
    expect(Object.values(tags)).toEqual([undefined, undefined]);
  });

  it('on (a new repository): every ECS service names its namespace', () => {
    expect(Object.values(namespaceTags({ [NAMESPACE_TAG_SWITCH]: true }))).toEqual(['shop.internal', 'shop.internal']);
    // `cdk synth -c key=true` gives the string.
    expect(Object.values(namespaceTags({ [NAMESPACE_TAG_SWITCH]: 'true' }))).toEqual(['shop.internal', 'shop.internal']);
  });
});

describe('the table of switches', () => {
  it('names each switch once, under the library prefix, and a new repository gets every one on', () => {
    const keys = INFRA_SWITCHES.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^@fargate-connect\/infra:[a-zA-Z]+$/);
    expect(newRepositorySwitches()).toEqual(Object.fromEntries(keys.map((k) => [k, true])));
  });
});

describe('docs/INFRA.md', () => {
  it('has a row for each switch: its key, what it does, what its first deploy changes', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'INFRA.md'), 'utf-8');
    for (const s of INFRA_SWITCHES) expect(doc).toContain(`| \`${s.key}\` | ${s.summary} | ${s.deploy} |`);
  });
});
