import { describe, expect, it } from 'vitest';
import { TASK_INTERFACE_ENDPOINTS } from '../../templates/src/infra/network';
import { COSTED_INTERFACE_ENDPOINTS } from '../../src/cost/estimate';

describe('the cost estimate', () => {
  // The generated network and the price list live on two sides of the generator; this
  // keeps the endpoints that are billed the ones the VPC actually gets.
  it('prices exactly the interface endpoints the generated VPC creates', () => {
    expect([...COSTED_INTERFACE_ENDPOINTS].sort()).toEqual([...TASK_INTERFACE_ENDPOINTS].sort());
  });
});
