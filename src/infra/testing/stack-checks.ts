import { CLOUDFORMATION_RESOURCE_LIMIT } from '../../plan';
import { check, type PlatformCheck } from './check';

/** Names of the stacks whose outputs a template reads with Fn::GetStackOutput. */
function stackOutputsRead(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => stackOutputsRead(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Fn::GetStackOutput') found.push((v as { StackName: string }).StackName);
      stackOutputsRead(v, found);
    }
  }
  return found;
}

/** The stacks: the planned ones, within CloudFormation's limits, reading only earlier stacks. */
export const STACK_CHECKS: readonly PlatformCheck[] = [
  check('stacks/planned', 'synthesizes the network stack and the planned services stacks', (s, v) => {
    for (const name of s.stackNames) v.check(s.templates.has(name), `no stack ${name}`);
  }),

  check('stacks/resource-limit', 'keeps every stack under the CloudFormation resource limit', (s, v) => {
    for (const [name, template] of s.templates) {
      const count = Object.keys(template.Resources).length;
      v.check(count < CLOUDFORMATION_RESOURCE_LIMIT, `${name}: ${count} resources (CloudFormation allows ${CLOUDFORMATION_RESOURCE_LIMIT})`);
    }
  }),

  check('stacks/references', 'reads other stacks only through outputs of earlier stacks, with no exports to deadlock on', (s, v) => {
    for (const [index, name] of s.stackNames.entries()) {
      const template = s.templates.get(name);
      if (!template) continue;
      v.check(!JSON.stringify(template.Resources).includes('Fn::ImportValue'), `${name} imports an export`);
      for (const [id, output] of Object.entries(template.Outputs ?? {})) v.check(output.Export === undefined, `${name} exports ${id}`);
      for (const producer of stackOutputsRead(template.Resources)) {
        const position = s.stackNames.indexOf(producer);
        v.check(position >= 0 && position < index, `${name} reads ${producer}, which does not deploy before it`);
      }
    }
  }),
];
