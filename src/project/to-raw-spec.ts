import type { FargateConnectProjectOptions } from './options';

/** The starter services of a `projen new` without any: a public front end and its back end. */
const STARTER_SERVICES = [
  { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
  { name: 'api', role: 'client-server', port: 8080 },
];

/**
 * Options as a raw spec document, so the project type goes through exactly the same
 * normalization and validation as a spec file. Options that only steer the project
 * (outdir, generatorDependency) are left out; undefined keys are dropped.
 */
export function toRawSpec(options: FargateConnectProjectOptions): Record<string, unknown> {
  const { outdir: _outdir, generatorDependency: _dep, services, ...spec } = options;
  return dropUndefined({ ...spec, services: services ?? STARTER_SERVICES });
}

function dropUndefined(value: unknown): any {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, dropUndefined(v)]),
    );
  }
  return value;
}
