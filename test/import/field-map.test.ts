/**
 * The one table of Copilot fields (src/import/field-map.ts): what waits for the keys of
 * issues 14 and 15 is listed there, and only there, so switching a row to mapped is one edit.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_RULES, fieldRule, UNMAPPED_WORKLOADS, WORKLOAD_TYPES } from '../../src/import';
import { entries, imported, manifest, workspace } from './helpers';

describe('the field table', () => {
  it('waits for no key: the production settings (issue 14) and stages (issue 15) have landed', () => {
    expect(FIELD_RULES.filter((r) => r.state === 'not-yet')).toEqual([]);
    // A stage needs an account and region no Copilot manifest holds: a todo that says how.
    expect(fieldRule('Load Balanced Web Service', 'environments')).toMatchObject({ state: 'not-mapped', ours: 'stages' });
  });

  it('says why and what to do for every field it does not map', () => {
    for (const r of FIELD_RULES.filter((x) => x.state === 'not-yet' || x.state === 'not-mapped')) {
      expect(r.why, r.field).toMatch(/\w/);
      expect(r.todo, r.field).toMatch(/\w/);
    }
    for (const [type, r] of Object.entries(UNMAPPED_WORKLOADS)) {
      expect(WORKLOAD_TYPES).toContain(type);
      expect(r.why).toMatch(/\w/);
      expect(r.todo).toMatch(/\w/);
    }
  });

  it("lists each field once, and a workload type's own rule before the general one", () => {
    expect(new Set(FIELD_RULES.map((r) => r.field)).size).toBe(FIELD_RULES.length);
    expect(fieldRule('Backend Service', 'http')?.state).toBe('not-mapped');
    expect(fieldRule('Load Balanced Web Service', 'http')?.state).toBe('mapped');
    expect(fieldRule('Environment', 'variables')).toBeUndefined();
  });

  it('drives the report: an environments row names stages and how to add one', () => {
    const api = manifest('inferred-calls', 'api').replace('exec: true', 'exec: true\nplatform: linux/arm64');
    const lines = entries(imported(workspace({ api })));
    expect(lines.find((e) => e.field.startsWith('environments'))).toMatchObject({
      status: 'not-mapped',
      target: 'stages',
    });
    // landed keys are mapped by their code
    expect(lines.find((e) => e.field === 'platform')).toMatchObject({ status: 'mapped', target: 'arch' });
    expect(lines.find((e) => e.field === 'exec')).toMatchObject({ status: 'mapped', target: 'exec' });
  });

  it('says where a per-environment count goes: the service override of that stage', () => {
    const lines = entries(imported(workspace({ api: manifest('inferred-calls', 'api') })));
    expect(lines.find((e) => e.field === 'environments.test.count')).toMatchObject({
      status: 'not-mapped',
      target: 'stages',
      value: '1',
      todo: 'add stage test to stages (name, account, region: copilot env show -n test prints them) with services: { api: { desiredCount: 1 } }',
    });
  });

  it('reports a field it does not know as not mapped, value as written', () => {
    const api = manifest('inferred-calls', 'api').replace('exec: true', 'exec: true\nflavor: ${FLAVOR}');
    expect(entries(imported(workspace({ api }))).find((e) => e.field === 'flavor')).toMatchObject({
      status: 'not-mapped',
      value: '"${FLAVOR}"',
      note: 'not a Backend Service field this importer knows',
    });
  });
});
