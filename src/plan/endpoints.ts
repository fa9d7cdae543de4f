import type { Service } from '../spec/types';
import { parseSecretRef } from '../spec/secrets';

/**
 * Interface endpoints that only some services need, and which settings need them: the
 * network adds each one only when a service needs it, admits it only from those
 * services, and the cost estimate prices it (tasks in isolated subnets reach no AWS API
 * without its endpoint, so a setting without its endpoint would fail at task start).
 *
 * - `ssm`: `secrets` with an `ssm:` reference (the task fetches the parameter at start);
 * - `secretsmanager`: `secrets` with a `secretsmanager:` reference;
 * - `ssmmessages`: `exec: true` (the ECS Exec agent's session channel).
 *
 * No `kms`: SSM and Secrets Manager decrypt on the server side, so a parameter or secret
 * encrypted with a customer-managed key needs only `kms:Decrypt` for the execution role.
 */
export const OPTIONAL_ENDPOINTS = ['ssm', 'secretsmanager', 'ssmmessages'] as const;

export type OptionalEndpoint = (typeof OPTIONAL_ENDPOINTS)[number];

/** The optional endpoints one service needs, in OPTIONAL_ENDPOINTS order. */
export function serviceEndpoints(service: Pick<Service, 'secrets' | 'exec'>): OptionalEndpoint[] {
  const kinds = new Set(Object.values(service.secrets ?? {}).map((ref) => parseSecretRef(ref).service));
  const needs: Record<OptionalEndpoint, boolean> = {
    ssm: kinds.has('ssm'),
    secretsmanager: kinds.has('secretsmanager'),
    ssmmessages: service.exec === true,
  };
  return OPTIONAL_ENDPOINTS.filter((e) => needs[e]);
}

/** The optional endpoints a platform needs: those of any of its services. */
export function platformEndpoints(services: readonly Pick<Service, 'secrets' | 'exec'>[]): OptionalEndpoint[] {
  const needed = new Set(services.flatMap(serviceEndpoints));
  return OPTIONAL_ENDPOINTS.filter((e) => needed.has(e));
}

/**
 * An optional endpoint the network has (stack-placement.json, `endpoints`). `retired`: no
 * service needs it any more, but it stays until the removal is deployed everywhere: the
 * network stack deploys before the services stacks, so deleting the endpoint with its
 * last user would delete its security group (and the export naming it) while the user's
 * ingress rule, in a later stack, still holds it; CloudFormation and EC2 refuse.
 */
export interface EndpointPlacement {
  readonly name: OptionalEndpoint;
  readonly retired?: boolean;
}

/**
 * The optional endpoints of a platform given the ones it had: every needed one, and every
 * one it had that no service needs now, retired (kept, and priced, until its entry is
 * deleted from stack-placement.json). In OPTIONAL_ENDPOINTS order.
 */
export function placeEndpoints(needed: readonly OptionalEndpoint[], previous: readonly EndpointPlacement[] = []): EndpointPlacement[] {
  const had = new Set(previous.map((e) => e.name));
  return OPTIONAL_ENDPOINTS.filter((e) => needed.includes(e) || had.has(e)).map((name) =>
    needed.includes(name) ? { name } : { name, retired: true },
  );
}

/** The optional endpoints the network of `plan` has: the placed ones, else those its services need. */
export function networkEndpoints(plan: {
  readonly services: readonly Pick<Service, 'secrets' | 'exec'>[];
  readonly endpoints?: readonly EndpointPlacement[];
}): EndpointPlacement[] {
  return plan.endpoints ? [...plan.endpoints] : platformEndpoints(plan.services).map((name) => ({ name }));
}
