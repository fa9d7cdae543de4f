/**
 * Tags the constructs put on what they create, so operators and the tests can tell the
 * platform's resources apart without parsing logical ids.
 */
export { clusterName, networkStackName, pascalCase, servicesStackName } from '../plan/names';

/**
 * Tag put on every security group the platform creates. The value says whose group it is
 * (`service/<name>`, `tasks`, `alb`, `endpoint/<service>`).
 */
export const SECURITY_GROUP_TAG = 'fargate-connect:security-group';

/** Tag value of a service's own security group. */
export function serviceSecurityGroupTag(service: string): string {
  return `service/${service}`;
}

/** Tag on each ECS service naming the Service Connect namespace it is in (switch `namespaceTag`). */
export const NAMESPACE_TAG = 'fargate-connect:namespace';

/** Name of the app container in every task definition. */
export const APP_CONTAINER_NAME = 'app';

/**
 * Port of every public service's target group: a fixed default, since targets are
 * registered with their own (container) port and the property is create-only.
 */
export const TARGET_GROUP_PORT = 80;
