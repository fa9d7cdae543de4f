import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { starterSpec } from '../../src/cli/interactive';
import { toRawSpec } from '../../src/project/to-raw-spec';
import { normalizeSpec } from '../../src/spec/normalize';
import { STARTER_SERVICES } from '../../src/spec/starter';

describe('the starter spec (one definition)', () => {
  it('is what both `--yes` without --config and `projen new` without services write', () => {
    const cli = starterSpec('shop', mkdtempSync(join(tmpdir(), 'fc-starter-')));
    if (!cli.ok) throw new Error('starterSpec failed');
    expect(cli.spec).toEqual({ name: 'shop', services: STARTER_SERVICES });
    expect(toRawSpec({ name: 'shop' })).toEqual({ name: 'shop', services: STARTER_SERVICES });
  });

  it('is a valid spec with both roles, a public service and a call', () => {
    const result = normalizeSpec({ name: 'shop', services: STARTER_SERVICES });
    expect(result.errors).toEqual([]);
    const services = result.spec!.services;
    expect(new Set(services.map((s) => s.role))).toEqual(new Set(['client-only', 'client-server']));
    expect(services.some((s) => s.public)).toBe(true);
    expect(services.some((s) => s.calls.length > 0)).toBe(true);
  });
});
