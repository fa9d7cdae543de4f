/**
 * The shape of `src/generated/platform.ts`: the platform as the generator planned it (the
 * normalized spec plus deploy order, cycle breaks, task sizes, stack layout, listener
 * rules). One type, defined by the generator (create-fargate-connect's src/plan) and used
 * here as it is; the tests in `test/infra` re-derive the invariants from `calls` independently.
 */
export type {
  DeferredCall,
  ListenerRoute,
  Plan as PlatformSpec,
  PlannedService as ServiceSpec,
  RegistrationWait,
  Upstream,
} from 'create-fargate-connect/lib/plan';

/** How a service takes part in ECS Service Connect. */
export type ServiceRole = 'client-only' | 'client-server';
