/**
 * The CloudFormation execution policy of the deploy: what `cdk bootstrap
 * --cloudformation-execution-policies` attaches to the role CloudFormation deploys the
 * stacks with, instead of AdministratorAccess. Made from the resource types of the
 * synthesized templates (every stage's), through ./permissions.ts: each statement is there
 * because some type in the templates needs it, and a type the table does not know stops it.
 * Pure; the task (`npx projen deploy-policy`, a build step with stages) writes the file.
 */
import { assemblyParts, type ReadJson } from './assembly';
import { typePermissions } from './permissions';

/** The execution policy's documents: `deploy/cloudformation-execution-policy-<n>.json`, n from 1. */
export function executionPolicyFile(n: number): string {
  return `deploy/cloudformation-execution-policy-${n}.json`;
}
/** Matches the file name of any document of the policy (and of the one-file layout before it was split). */
export const EXECUTION_POLICY_FILE_NAME = /^cloudformation-execution-policy(-[0-9]+)?\.json$/;
/** Actions for resource types of the repository's own (added in src/main.ts), by type. */
export const RESOURCE_PERMISSIONS_FILE = 'deploy/resource-permissions.json';

/** IAM's limit on a managed policy's size: characters of its JSON without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/**
 * Wildcards that stand for the actions they match, when two or more of those are granted,
 * to keep the policy under IAM's size limit. Only families whose every action reads
 * configuration, never data or secrets: no `s3:Get*` (GetObject), `logs:Get*`
 * (GetLogEvents), `lambda:Get*` (GetFunction returns the code) or `kms:*`.
 */
export const READ_WILDCARDS: readonly string[] = [
  'application-autoscaling:Describe*',
  'cloudwatch:Describe*',
  'cloudwatch:List*',
  'ec2:Describe*',
  'ecs:Describe*',
  'ecs:List*',
  'elasticloadbalancing:Describe*',
  'iam:Get*',
  'iam:List*',
  'lambda:List*',
  'logs:Describe*',
  'logs:List*',
  's3:GetBucket*',
  's3:Get*Configuration',
  'servicediscovery:Get*',
  'servicediscovery:List*',
  'sns:Get*',
  'sns:List*',
];

/** Bookkeeping that CloudFormation creates without calling any service. */
const NO_PERMISSIONS = new Set(['AWS::CDK::Metadata']);

export interface TemplateUse {
  /** Resource types, sorted. */
  readonly types: readonly string[];
  /** SSM parameter names that template parameters resolve (`AWS::SSM::Parameter::Value<...>` defaults), sorted. */
  readonly ssmParameters: readonly string[];
  /**
   * The stacks `Fn::GetStackOutput` reads (weak cross-stack references), as
   * `<region or *>/<stack name or *>`, sorted; CloudFormation resolves them with the
   * execution role, which needs `cloudformation:DescribeStacks` on each.
   */
  readonly stackOutputsRead?: readonly string[];
  /** Some template uses `Fn::GetAZs`, which CloudFormation resolves with the execution role. */
  readonly getAzs?: boolean;
}

/** What `Fn::GetAZs` calls, per the AWS template reference ("IAM permissions" of Fn::GetAZs). */
export const GET_AZS_ACTIONS = ['ec2:DescribeAccountAttributes', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeSubnets'] as const;

/** What the templates of every stack in the assembly (every stage) use. */
export function templateUse(cdkOut: string, read: ReadJson): TemplateUse {
  const types = new Set<string>();
  const ssm = new Set<string>();
  const stackOutputs = new Set<string>();
  let getAzs = false;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Fn::GetAZs') getAzs = true;
      if (key === 'Fn::GetStackOutput') {
        const ref = (typeof value === 'object' && value !== null ? value : {}) as { StackName?: unknown; Region?: unknown };
        stackOutputs.add(`${typeof ref.Region === 'string' ? ref.Region : '*'}/${typeof ref.StackName === 'string' ? ref.StackName : '*'}`);
      }
      walk(value);
    }
  };
  for (const part of assemblyParts(cdkOut, read)) {
    for (const stack of part.stacks) {
      const template = read(stack.templateFile) as {
        Resources?: Record<string, { Type?: string }>;
        Parameters?: Record<string, { Type?: string; Default?: unknown }>;
      };
      for (const r of Object.values(template.Resources ?? {})) if (typeof r.Type === 'string' && !NO_PERMISSIONS.has(r.Type)) types.add(r.Type);
      for (const p of Object.values(template.Parameters ?? {})) {
        if (p.Type?.startsWith('AWS::SSM::Parameter::Value<') && typeof p.Default === 'string') ssm.add(p.Default);
      }
      walk(template.Resources);
      walk((template as { Outputs?: unknown }).Outputs);
    }
  }
  return { types: [...types].sort(), ssmParameters: [...ssm].sort(), stackOutputsRead: [...stackOutputs].sort(), getAzs };
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** The policy for what the templates use; throws naming every type it has no permissions for. */
export function executionPolicy(use: TemplateUse, extra: Readonly<Record<string, readonly string[]>> = {}): PolicyDocument {
  const unknown = use.types.filter((t) => typePermissions(t, extra) === undefined);
  if (unknown.length > 0) {
    throw new Error(
      `no permissions known for ${unknown.join(', ')} (resources of your own, from src/main.ts?): list the actions CloudFormation ` +
        `needs for each in ${RESOURCE_PERMISSIONS_FILE}, e.g. { "${unknown[0]}": ["<service>:Create...", "<service>:Delete...", "<service>:Describe..."] }`,
    );
  }
  const actions = new Set<string>();
  const passTo = new Set<string>();
  const linked = new Set<string>();
  let assetBucket = false;
  for (const type of use.types) {
    const p = typePermissions(type, extra)!;
    for (const a of p.actions) actions.add(a);
    for (const s of p.passRoleTo ?? []) passTo.add(s);
    for (const s of p.serviceLinkedRoles ?? []) linked.add(s);
    assetBucket ||= p.readsAssetBucket === true;
  }
  const statements: PolicyStatement[] = [];
  if (actions.size > 0) statements.push({ Sid: 'StackResources', Effect: 'Allow', Action: compressReads(actions), Resource: '*' });
  if (passTo.size > 0) {
    // Only to the services that run the stacks' roles: the execution role cannot hand a
    // role to anything else.
    statements.push({
      Sid: 'PassStackRoles',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:PassedToService': sorted(passTo) } },
    });
  }
  if (linked.size > 0) {
    statements.push({
      Sid: 'ServiceLinkedRoles',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': sorted(linked) } },
    });
  }
  if (assetBucket) {
    statements.push({
      Sid: 'FunctionCode',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: 'arn:*:s3:::cdk-*-assets-*/*',
    });
  }
  if (use.ssmParameters.length > 0) {
    statements.push({
      Sid: 'TemplateParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameters'],
      Resource: use.ssmParameters.map((name) => `arn:*:ssm:*:*:parameter/${name.replace(/^\//, '')}`),
    });
  }
  // Intrinsic functions CloudFormation resolves with the execution role itself.
  if ((use.stackOutputsRead ?? []).length > 0) {
    statements.push({
      Sid: 'ReadStackOutputs',
      Effect: 'Allow',
      Action: ['cloudformation:DescribeStacks'],
      Resource: use.stackOutputsRead!.map((ref) => {
        const [region, stack] = ref.split('/') as [string, string];
        return `arn:*:cloudformation:${region}:*:stack/${stack}/*`;
      }),
    });
  }
  if (use.getAzs === true) {
    statements.push({ Sid: 'AvailabilityZones', Effect: 'Allow', Action: [...GET_AZS_ACTIONS], Resource: '*' });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The actions, with each family of READ_WILDCARDS of which two or more are granted replaced by its wildcard; sorted. */
export function compressReads(actions: Iterable<string>): string[] {
  let left = [...new Set(actions)];
  const out: string[] = [];
  for (const wildcard of READ_WILDCARDS) {
    const matches = left.filter((a) => wildcardMatches(wildcard, a));
    if (matches.length < 2) continue;
    out.push(wildcard);
    left = left.filter((a) => !matches.includes(a));
  }
  return sorted([...out, ...left]);
}

/** Whether an IAM action pattern (`*` for any characters, case-insensitive as IAM compares) matches an action. */
export function wildcardMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(action);
}

/** A policy's size as IAM counts it against MANAGED_POLICY_MAX_CHARS (its JSON without whitespace). */
export function policySize(policy: PolicyDocument): number {
  return JSON.stringify(policy).length;
}

/**
 * The policy as managed policies each within IAM's size limit (`cdk bootstrap
 * --cloudformation-execution-policies` takes them all): the scoped statements in the first,
 * the stack resources' actions filling it and the next ones in order. Throws when a single
 * statement alone is over the limit.
 */
export function splitPolicy(policy: PolicyDocument, maxChars: number = MANAGED_POLICY_MAX_CHARS): PolicyDocument[] {
  const doc = (statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
  const resources = policy.Statement.find((st) => st.Sid === 'StackResources');
  const scoped = policy.Statement.filter((st) => st !== resources);
  const docs: PolicyStatement[][] = [scoped];
  if (policySize(doc(scoped)) > maxChars) throw new Error(`the execution policy's scoped statements alone exceed ${maxChars} characters`);
  let actions: string[] = [];
  const statement = (n: number, list: string[]): PolicyStatement => ({
    Sid: n === 0 ? 'StackResources' : `StackResources${n + 1}`,
    Effect: 'Allow',
    Action: list,
    Resource: '*',
  });
  let part = 0;
  for (const action of resources?.Action ?? []) {
    const current = docs[docs.length - 1]!;
    const next = [...actions, action];
    if (policySize(doc([...current, statement(part, next)])) <= maxChars) {
      actions = next;
      continue;
    }
    if (actions.length > 0) {
      current.push(statement(part, actions));
      part += 1;
    }
    docs.push([]);
    actions = [action];
    if (policySize(doc([statement(part, actions)])) > maxChars)
      throw new Error(`the action ${action} does not fit in a managed policy of ${maxChars} characters`);
  }
  if (actions.length > 0) docs[docs.length - 1]!.push(statement(part, actions));
  return docs.filter((d) => d.length > 0).map(doc);
}

/** The committed file's text. */
export function formatPolicy(policy: PolicyDocument): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}

/** Reads deploy/resource-permissions.json; throws naming the file when it is not a mapping of types to action lists. */
export function parseResourcePermissions(text: string): Record<string, string[]> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${RESOURCE_PERMISSIONS_FILE}: not JSON (${(e as Error).message})`);
  }
  const ok =
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data) &&
    Object.values(data).every((v) => Array.isArray(v) && v.every((a) => typeof a === 'string' && /^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(a)));
  if (!ok)
    throw new Error(
      `${RESOURCE_PERMISSIONS_FILE}: must map resource types to lists of actions, e.g. { "AWS::DynamoDB::Table": ["dynamodb:CreateTable"] }`,
    );
  return data as Record<string, string[]>;
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}
