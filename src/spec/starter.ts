import type { Role } from './types';

/** A service of the starter spec, as a spec file would give it. */
export interface StarterService {
  readonly name: string;
  readonly role: Role;
  readonly port: number;
  readonly public?: true;
  readonly calls?: readonly string[];
}

/**
 * The services of a repository created without any: a public client-only front end `web`
 * (port 3000) calling one client-server back end `api` (port 8080), the smallest spec that
 * shows both roles, the load balancer and one call. The CLI's `--yes` without `--config`
 * and `projen new` without services both write these.
 */
export const STARTER_SERVICES: readonly StarterService[] = [
  { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
  { name: 'api', role: 'client-server', port: 8080 },
];
