/**
 * Names shared by the constructs and the tests, so a rename happens in one place.
 */

/**
 * `my-shop` → `MyShop`, `services-l1-2` → `ServicesL1-2`. A hyphen stays only before a
 * digit, which keeps the mapping one-to-one for lowercase kebab names (`services-l1-2`
 * and `services-l12` stay apart) while reading like a CloudFormation stack name.
 */
export function pascalCase(kebab: string): string {
  return kebab
    .split('-')
    .filter((part) => part.length > 0)
    .map((part) => (/^[0-9]/.test(part) ? `-${part}` : part[0].toUpperCase() + part.slice(1)))
    .join('')
    .replace(/^-/, '');
}

/** CloudFormation name of the stack with the VPC, cluster, namespace and load balancer. */
export function networkStackName(platformName: string): string {
  return `${pascalCase(platformName)}Network`;
}

/**
 * CloudFormation name of a services stack: the plan's stack name (`services-l0`) under
 * the platform's, so two platforms can share an account and region.
 */
export function servicesStackName(platformName: string, planStackName: string): string {
  return `${pascalCase(platformName)}${pascalCase(planStackName)}`;
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
