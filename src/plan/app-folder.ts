import type { Service } from '../spec/types';

/**
 * Whether the generator writes the service's app (`services/<name>`): not when it runs an
 * existing `image`, nor when it is built from the user's own Dockerfile (`dockerBuild`). Only a
 * generated app is known to serve `healthCheckPath` and to have node for the probe.
 */
export function hasAppFolder(s: Pick<Service, 'image' | 'dockerBuild'>): boolean {
  return s.image === undefined && s.dockerBuild === undefined;
}
