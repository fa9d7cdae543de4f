/**
 * CloudFormation stack names, as the generated app names its stacks
 * (templates/src/infra/names.ts holds the same rule for the app itself).
 */

/** `my-shop` → `MyShop`, `services-2` → `Services-2`: a hyphen stays only before a digit. */
export function pascalCase(kebab: string): string {
  return kebab
    .split('-')
    .filter((part) => part.length > 0)
    .map((part) => (/^[0-9]/.test(part) ? `-${part}` : part[0]!.toUpperCase() + part.slice(1)))
    .join('')
    .replace(/^-/, '');
}

/** The stack with the VPC, endpoints, cluster, namespace and load balancer. */
export function networkStackName(platformName: string): string {
  return `${pascalCase(platformName)}Network`;
}

/** A services stack: the plan's stack name under the platform's. */
export function servicesStackName(platformName: string, planStackName: string): string {
  return `${pascalCase(platformName)}${pascalCase(planStackName)}`;
}
