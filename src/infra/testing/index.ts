/**
 * `create-fargate-connect/infra/testing`: what a generated repository tests its platform
 * with. It synthesizes the repository's app (`src/main.ts`, additions included) and runs
 * the invariants every platform holds: private network, security groups along the calls,
 * deploy order, public entry, services, stacks. The generator's own tests run the same
 * checks over its fixtures and fuzzed specs (test/infra).
 *
 *   const s = synthesize(platform, (app) => createApp(app));
 *   for (const c of PLATFORM_CHECKS) it(c.title, () => expect(c.run(s)).toEqual([]));
 */
import type { PlatformCheck } from './check';
import { DEPLOY_ORDER_CHECKS } from './deploy-order-checks';
import { NETWORK_CHECKS } from './network-checks';
import { PUBLIC_ENTRY_CHECKS } from './public-entry-checks';
import { SECURITY_GROUP_CHECKS } from './security-group-checks';
import { SERVICE_CHECKS } from './service-checks';
import { STACK_CHECKS } from './stack-checks';
import type { Synthesized } from './synthesized';

export { check, Violations, type PlatformCheck } from './check';
export {
  fromAssembly,
  fromTemplates,
  synthesize,
  tagOf,
  type CfnResource,
  type CfnTemplate,
  type ResourceRef,
  type Synthesized,
  type SynthesizeOptions,
} from './synthesized';
export { endpointServiceSuffix, interfaceEndpoints } from './network-checks';
export { securityGroupRules, specCalls, type Rule } from './security-group-checks';
// The local topology's checks (the repository's test/local.test.ts).
export { LOCAL_CHECKS, startLocal, type LocalCheck, type LocalRun } from '../../tasks/local/checks';
export { DEPLOY_ORDER_CHECKS, NETWORK_CHECKS, PUBLIC_ENTRY_CHECKS, SECURITY_GROUP_CHECKS, SERVICE_CHECKS, STACK_CHECKS };

/** Every invariant, by area. */
export const PLATFORM_CHECKS: readonly PlatformCheck[] = [
  ...NETWORK_CHECKS,
  ...PUBLIC_ENTRY_CHECKS,
  ...SECURITY_GROUP_CHECKS,
  ...SERVICE_CHECKS,
  ...DEPLOY_ORDER_CHECKS,
  ...STACK_CHECKS,
];

/**
 * The violations of every check not skipped, by check id (none: the platform holds them
 * all). Skip a check by id when an addition breaks it on purpose, e.g. a rule from a
 * service to a database: `{ skip: ['security-groups/egress'] }`.
 */
export function checkPlatform(s: Synthesized, options: { readonly skip?: readonly string[] } = {}): Record<string, string[]> {
  const unknown = (options.skip ?? []).filter((id) => !PLATFORM_CHECKS.some((c) => c.id === id));
  if (unknown.length > 0)
    throw new Error(`checkPlatform: no check ${unknown.join(', ')}; the checks: ${PLATFORM_CHECKS.map((c) => c.id).join(', ')}`);
  const out: Record<string, string[]> = {};
  // A platform with stages: every check on each stage's stacks, each finding naming its stage.
  const targets: readonly [string, Synthesized][] = s.stages ? [...s.stages].map(([name, st]) => [`stage ${name}: `, st]) : [['', s]];
  for (const c of PLATFORM_CHECKS) {
    if (options.skip?.includes(c.id)) continue;
    const found = targets.flatMap(([prefix, target]) => c.run(target).map((f) => prefix + f));
    if (found.length > 0) out[c.id] = found;
  }
  return out;
}
