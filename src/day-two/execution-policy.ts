/**
 * The CloudFormation execution policy as a deploy hazard. The build writes it from the
 * synthesized stacks (deploy/cloudformation-execution-policy.json, or one file per managed
 * policy, deploy/cloudformation-execution-policy-<n>.json); an administrator copies it into
 * each account's managed policy by hand. The deploy workflow runs as soon as a change is
 * merged, so a change that needs more than the policy grants fails there with AccessDenied,
 * unless the accounts were updated first. Pure: the files' texts in, hazards out.
 */
import { SEVERITY, type Hazard, type HazardKind } from '../transition';
import { stageSelector } from './deploy-target';
import type { PlannedStagePlatform } from './spec-diff';

/** Execution policy files by path (relative to the repository), with their text. */
export type PolicyFiles = Readonly<Record<string, string>>;

const POLICY_FILE = /^deploy\/cloudformation-execution-policy(?:-[^/]+)?\.json$/;

/** `deploy/cloudformation-execution-policy.json` or `deploy/cloudformation-execution-policy-<n>.json`. */
export function isExecutionPolicyFile(path: string): boolean {
  return POLICY_FILE.test(path);
}

/** The managed policy a file is created as: `<name>-cloudformation-execution` (README), `-<n>` for a part. */
export function managedPolicyName(platform: string, file: string): string {
  const part = /cloudformation-execution-policy(-[^/]+)?\.json$/.exec(file)?.[1] ?? '';
  return `${platform}-cloudformation-execution${part}`;
}

export interface PolicyChangeInput {
  /** The policy files at the base commit, and now (the working tree). */
  readonly base: PolicyFiles;
  readonly current: PolicyFiles;
  /** How the report names the base: `main (a1b2c3d4e5f6)`. */
  readonly baseName: string;
  readonly platform: string;
  /** The stages at the base (their accounts have the policy) and now. */
  readonly before: readonly PlannedStagePlatform[];
  readonly after: readonly PlannedStagePlatform[];
}

/**
 * What a change of the policy files means for the deploy: `execution-policy-grants`
 * (failure) when the files grant something the base did not, `execution-policy-changed`
 * (info) when they differ in what each managed policy holds but grant nothing new; none
 * when they grant the same (a new layout of the same statements included).
 */
export function executionPolicyHazards(input: PolicyChangeInput): Hazard[] {
  const { base, current, after } = input;
  const baseFiles = Object.keys(base).filter(isExecutionPolicyFile).sort();
  const files = Object.keys(current).filter(isExecutionPolicyFile).sort();
  if (after.length === 0 || files.length === 0) return [];
  // The accounts the policy already is in: those of the base's stages still deployed to.
  const existing = new Set(input.before.map((st) => st.account));
  const stages = after.filter((st) => existing.has(st.account));
  if (baseFiles.length === 0) {
    return [
      hazard(
        'execution-policy-changed',
        after,
        input.platform,
        files,
        `${list(files)} is new since ${input.baseName}: the accounts' CloudFormation execution roles keep the policy they were bootstrapped with until an administrator gives them this one.`,
        `Once per account, create the policy and bootstrap with it (README, "Once per account and region").`,
      ),
    ];
  }

  const grantsOf = (fs: PolicyFiles, names: readonly string[]) => new Map(names.map((f) => [f, grants(fs[f]!)]));
  const was = grantsOf(base, baseFiles);
  const now = grantsOf(current, files);
  const all = (m: Map<string, Set<string>>) => new Set([...m.values()].flatMap((g) => [...g]));
  const [wasAll, nowAll] = [all(was), all(now)];
  const added = [...nowAll].filter((g) => !wasAll.has(g));
  const dropped = [...wasAll].filter((g) => !nowAll.has(g));
  const changed = files.filter((f) => was.has(f) && !sameSet(was.get(f)!, now.get(f)!));
  const created = files.filter((f) => !was.has(f));
  const gone = baseFiles.filter((f) => !now.has(f));
  if (added.length === 0 && changed.length === 0 && created.length === 0 && gone.length === 0) return [];

  const steps = commands(input, stages, files, changed, created, gone.length > 0);
  const accounts = describeAccounts(stages);
  const limit =
    changed.length > 0
      ? ' IAM keeps five versions of a policy: when one has five, delete its oldest non-default version first (`aws iam list-policy-versions`, `aws iam delete-policy-version`).'
      : '';
  const newAccounts = after.filter((st) => !existing.has(st.account));
  const firstTime = newAccounts.length > 0 ? ` Account${plural(newAccounts)} of new stages get it with their one-time setup (README).` : '';
  if (added.length > 0) {
    const drops =
      dropped.length > 0
        ? ` It also drops ${count(dropped)} (e.g. ${examples(dropped)}), which CloudFormation needs to delete the resources this change removes: until every stage has deployed, give the version the old statements too, and the new file alone after that.`
        : '';
    return [
      hazard(
        'execution-policy-grants',
        stages.length > 0 ? stages : after,
        input.platform,
        [...changed, ...created],
        `${list([...changed, ...created])} grant${changed.length + created.length === 1 ? 's' : ''} ${count(added)} that ${input.baseName} ` +
          `did not (e.g. ${examples(added)}), which the stacks of this change need. Merging deploys at once, before anyone ` +
          `updated the managed policy in ${accounts || 'the accounts'}, and CloudFormation fails with AccessDenied on the ` +
          `first resource that needs one, and rolls the stack back.${drops}`,
        `Before merging, as an administrator of each account: ${steps.join('; ')}.${limit}${firstTime}`,
      ),
    ];
  }
  return [
    hazard(
      'execution-policy-changed',
      stages.length > 0 ? stages : after,
      input.platform,
      [...changed, ...created, ...gone],
      `${list([...changed, ...created, ...gone])} changed since ${input.baseName} without granting anything new` +
        `${dropped.length > 0 ? ` (${count(dropped)} fewer, e.g. ${examples(dropped)})` : ''}: the deploy applies with the policy the accounts have.`,
      `After every stage has deployed (CloudFormation deletes what this change removes with the old grants), as an administrator of each account: ${steps.join('; ')}.${limit}${firstTime}`,
    ),
  ];
}

/**
 * Every grant a document makes, one string per action, resource and condition, so that two
 * layouts of the same statements compare equal. A file that is no policy document counts
 * as one grant of its own text: any edit of it is a change.
 */
function grants(text: string): Set<string> {
  const out = new Set<string>();
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(text);
  } catch {
    return new Set([`(not JSON) ${text}`]);
  }
  const statements = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  for (const s of statements as { Effect?: string; Action?: unknown; NotAction?: unknown; Resource?: unknown; Condition?: unknown }[]) {
    const arr = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
    const when = s.Condition === undefined ? '' : ` when ${JSON.stringify(s.Condition)}`;
    const effect = s.Effect === 'Deny' ? 'deny ' : '';
    const actions = s.NotAction !== undefined ? arr(s.NotAction).map((a) => `not ${a}`) : arr(s.Action);
    const resources = s.Resource !== undefined ? arr(s.Resource) : ['(no Resource)'];
    for (const a of actions) for (const r of resources) out.add(`${effect}${a} on ${r}${when}`);
  }
  return out;
}

/** The commands, per account with the stages deployed there. */
function commands(
  input: PolicyChangeInput,
  stages: readonly PlannedStagePlatform[],
  files: readonly string[],
  changed: readonly string[],
  created: readonly string[],
  removedParts: boolean,
): string[] {
  const out: string[] = [];
  const byAccount = new Map<string, PlannedStagePlatform[]>();
  for (const st of stages) byAccount.set(st.account, [...(byAccount.get(st.account) ?? []), st]);
  for (const [account, sts] of byAccount) {
    const partition = partitionOf(sts[0]!);
    const arn = (f: string) => `arn:${partition}:iam::${account}:policy/${managedPolicyName(input.platform, f)}`;
    const lines = [
      ...changed.map((f) => `aws iam create-policy-version --policy-arn ${arn(f)} --policy-document file://${f} --set-as-default`),
      ...created.map((f) => `aws iam create-policy --policy-name ${managedPolicyName(input.platform, f)} --policy-document file://${f}`),
      // The execution role gets the managed policies that bootstrap names: a part added or removed means bootstrapping again.
      ...(created.length > 0 || removedParts
        ? sts.map((st) => `npx projen bootstrap:${st.name} --cloudformation-execution-policies ${files.map(arn).join(',')}`)
        : []),
    ];
    out.push(`account ${account} (${sts.map((st) => st.name).join(', ')}): ${lines.map((l) => `\`${l}\``).join(', then ')}`);
  }
  return out;
}

function hazard(
  kind: HazardKind,
  stages: readonly PlannedStagePlatform[],
  platform: string,
  files: readonly string[],
  message: string,
  safely: string,
): Hazard {
  return {
    kind,
    severity: SEVERITY[kind],
    stack: stages.map((st) => stageSelector(st.name)).join(', '),
    resourceType: 'AWS::IAM::ManagedPolicy',
    physicalName: [...new Set(files.map((f) => managedPolicyName(platform, f)))].join(', '),
    message,
    safely,
  };
}

/** `aws`, `aws-cn`, ...: recorded with the stage, else the deploy role's ARN says it. */
function partitionOf(st: PlannedStagePlatform): string {
  return st.partition ?? /^arn:([^:]+):/.exec(st.deployRoleArn)?.[1] ?? 'aws';
}

function describeAccounts(stages: readonly PlannedStagePlatform[]): string {
  const accounts = [...new Set(stages.map((st) => st.account))];
  return accounts.length === 0 ? '' : `account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ')}`;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function list(files: readonly string[]): string {
  return files.join(', ');
}

function count(grants: readonly string[]): string {
  return `${grants.length} permission${grants.length === 1 ? '' : 's'}`;
}

/** The first few grants' actions, for the message. */
function examples(grants: readonly string[]): string {
  const actions = [...new Set(grants.map((g) => g.split(' on ')[0]!))];
  return actions.length > 4 ? `${actions.slice(0, 4).join(', ')}, ...` : actions.join(', ');
}

function plural(items: readonly unknown[]): string {
  return items.length === 1 ? '' : 's';
}
