import { describe, expect, it } from 'vitest';
import { NEW_REGION_INTERFACE_ENDPOINTS, TASK_INTERFACE_ENDPOINTS } from '../../src/infra';
import { COSTED_INTERFACE_ENDPOINTS, estimateCost } from '../../src/cost/estimate';
import { planPlatform } from '../../src/plan';
import { normalizeSpec } from '../../src/spec';

describe('the cost estimate', () => {
  // The generated network and the price list live on two sides of the generator; this
  // keeps the endpoints that are billed the ones the VPC actually gets.
  it('prices exactly the interface endpoints the generated VPC creates in every region', () => {
    expect([...COSTED_INTERFACE_ENDPOINTS].sort()).toEqual([...TASK_INTERFACE_ENDPOINTS].sort());
  });

  it('states what the endpoints of newer regions add', () => {
    const spec = normalizeSpec({ name: 'p', profile: 'prod', azs: 3, services: [{ name: 'api', role: 'client-server', port: 8080 }] });
    const estimate = estimateCost(planPlatform(spec.spec!));
    expect(estimate.newRegionEndpoints.endpoints).toEqual([...NEW_REGION_INTERFACE_ENDPOINTS]);
    // Two endpoints in each of the three AZs for 730 hours at $0.01.
    expect(estimate.newRegionEndpoints.monthlyUsd).toBe(43.8);
  });
});
