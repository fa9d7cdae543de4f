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
