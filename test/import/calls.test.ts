import { describe, expect, it } from 'vitest';
import { inferCalls } from '../../src/import/calls';

const callees = [{ name: 'orders' }, { name: 'api', alias: 'api.local' }, { name: 'cart' }];
function calls(variables: Record<string, unknown>, environments: Record<string, unknown> = {}) {
  return inferCalls([{ name: 'web', manifest: { variables, environments } }], callees, 'shop', ['test', 'prod']).map((c) => [
    c.to,
    c.path.join('.'),
    c.endpoint,
  ]);
}

describe('inferCalls', () => {
  it.each([
    ['a URL with a port', 'http://orders:8080/v1', 'http://orders:8080'],
    ['a URL without a port', 'https://orders/v1', 'https://orders'],
    ['a host and port', 'orders:8080', 'orders:8080'],
    [
      'the service discovery endpoint',
      'http://orders.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}:80',
      'http://orders.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}:80',
    ],
    ['the service discovery endpoint, bare', 'orders.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}', 'orders.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}'],
    ['an environment-specific discovery name', 'orders.test.shop.local', 'orders.test.shop.local'],
    [
      'the interpolated discovery name',
      'http://orders.${COPILOT_ENVIRONMENT_NAME}.${COPILOT_APPLICATION_NAME}.local',
      'http://orders.${COPILOT_ENVIRONMENT_NAME}.${COPILOT_APPLICATION_NAME}.local',
    ],
    ['a pre-v1.9 discovery name', 'orders.shop.local:9000', 'orders.shop.local:9000'],
    ['a Service Connect alias', 'http://api.local:8080', 'http://api.local:8080'],
    ['a URL inside a longer value', 'upstreams=http://orders:8080,http://x.example.com', 'http://orders:8080'],
  ])('infers a call from %s', (_, value, endpoint) => {
    const to = endpoint.includes('api') ? 'api' : 'orders';
    expect(calls({ URL: value })).toEqual([[to, 'variables.URL', endpoint]]);
  });

  it.each([
    ['a bare name', 'orders'],
    ['a longer name', 'http://orders-v2:8080'],
    ['another domain', 'https://orders.example.com/'],
    ['a name inside a word', 'http://myorders:8080'],
    ['a path segment', 'https://example.com/orders'],
    ['an unrelated interpolation', '${ORDERS}'],
    ["another application's discovery name", 'orders.test.other.local'],
  ])('infers nothing from %s', (_, value) => {
    expect(calls({ URL: value })).toEqual([]);
  });

  it('reads per-environment variables, and never counts a call to itself', () => {
    expect(
      inferCalls(
        [
          {
            name: 'orders',
            manifest: { variables: { SELF: 'http://orders:8080' }, environments: { prod: { variables: { CART: 'http://cart:8080' } } } },
          },
        ],
        callees,
        'shop',
        ['prod'],
      ).map((c) => [c.from, c.to, c.path.join('.')]),
    ).toEqual([['orders', 'cart', 'environments.prod.variables.CART']]);
  });

  it('keeps one piece of evidence per variable and callee', () => {
    expect(calls({ A: 'http://orders:1 http://orders:2', B: 'http://orders:3' })).toEqual([
      ['orders', 'variables.A', 'http://orders:1'],
      ['orders', 'variables.B', 'http://orders:3'],
    ]);
  });
});
