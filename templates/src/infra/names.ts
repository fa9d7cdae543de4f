/**
 * Names shared by the constructs and the tests, so a rename happens in one place.
 */

/** `my-shop` → `MyShop`: the form CloudFormation stack names and construct ids read best in. */
export function pascalCase(kebab: string): string {
  return kebab
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** Name of the stack holding the VPC, the cluster, the namespace and the load balancer. */
export function networkStackName(platformName: string): string {
  return `${pascalCase(platformName)}Network`;
}

/**
 * Tag put on every security group the platform creates. The value says whose group it is
 * (`service/<name>`, `tasks`, `alb`, `endpoint/<service>`), so operators and the tests can
 * tell the groups apart without parsing logical ids.
 */
export const SECURITY_GROUP_TAG = 'fargate-connect:security-group';

/** Tag value of a service's own security group. */
export function serviceSecurityGroupTag(service: string): string {
  return `service/${service}`;
}
