/**
 * `npx projen plan` on the CloudFormation execution policy: a change whose stacks need
 * more than the policy at the base grants fails its deploy, which runs at the merge,
 * before an administrator updated the managed policy in each account.
 */
import { describe, expect, it } from 'vitest';
import { executionPolicyHazards, formatRecordFile, isExecutionPolicyFile, managedPolicyName, runPlan, type PolicyFiles } from '../../src/day-two';
import { SHOP, stagedIo, stagedRecord } from './fixtures';

const FILE = 'deploy/cloudformation-execution-policy.json';

function policy(...statements: { Sid: string; Action: string[]; Resource?: string; Condition?: object }[]): string {
  return `${JSON.stringify({ Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', Resource: '*', ...s })) }, null, 2)}\n`;
}

const ECS = { Sid: 'StackResources', Action: ['ecs:CreateService', 'ecs:DeleteService'] };
const SCALING = { Sid: 'StackResources', Action: ['ecs:CreateService', 'ecs:DeleteService', 'application-autoscaling:RegisterScalableTarget'] };
const PASS = { Sid: 'PassStackRoles', Action: ['iam:PassRole'], Condition: { StringEquals: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } } };

/** dev and staging in one account, prod in another. */
const RECORD = stagedRecord({ dev: SHOP, staging: SHOP, prod: SHOP }, { prod: { account: '222222222222', region: 'ap-southeast-7' } });

function plan(base: PolicyFiles, current: PolicyFiles, argv: string[] = ['--stage', 'prod', '--base', 'main']) {
  const io = stagedIo(RECORD, RECORD, { base, current });
  return { code: runPlan(argv, io), out: io.stdout };
}

describe('the execution policy files', () => {
  it('are the one file, or its parts', () => {
    expect(isExecutionPolicyFile(FILE)).toBe(true);
    expect(isExecutionPolicyFile('deploy/cloudformation-execution-policy-2.json')).toBe(true);
    expect(isExecutionPolicyFile('deploy/cloudformation-execution-policy.json.bak')).toBe(false);
    expect(isExecutionPolicyFile('deploy/resource-permissions.json')).toBe(false);
    expect(isExecutionPolicyFile('deploy/old/cloudformation-execution-policy.json')).toBe(false);
    expect(managedPolicyName('shop', FILE)).toBe('shop-cloudformation-execution');
    expect(managedPolicyName('shop', 'deploy/cloudformation-execution-policy-2.json')).toBe('shop-cloudformation-execution-2');
  });
});

describe('a change of the execution policy', () => {
  it('that grants more is a failure (exit 1), naming each account and the command to run before merging', () => {
    const r = plan({ [FILE]: policy(ECS) }, { [FILE]: policy(SCALING) });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      '== Every stage ==\n1 hazard:\n  FAILURE execution-policy-grants: dev/*, staging/*, prod/* (AWS::IAM::ManagedPolicy "shop-cloudformation-execution")\n',
    );
    expect(r.out).toContain(
      `${FILE} grants 1 permission that main (a1b2c3d4e5f6) did not (e.g. application-autoscaling:RegisterScalableTarget), which the stacks of this change need. ` +
        'Merging deploys at once, before anyone updated the managed policy in accounts 111111111111, 222222222222, and CloudFormation fails with AccessDenied',
    );
    expect(r.out).toContain(
      'Safely: Before merging, as an administrator of each account: account 111111111111 (dev, staging): ' +
        `\`aws iam create-policy-version --policy-arn arn:aws:iam::111111111111:policy/shop-cloudformation-execution --policy-document file://${FILE} --set-as-default\`; ` +
        `account 222222222222 (prod): \`aws iam create-policy-version --policy-arn arn:aws:iam::222222222222:policy/shop-cloudformation-execution --policy-document file://${FILE} --set-as-default\`.`,
    );
    expect(r.out).toContain('IAM keeps five versions of a policy');
    // The stage's own plan is unchanged: the hazard is the platform's.
    expect(r.out).toContain('== Stage prod ==\nSpec changes: none.');
  });

  it('that grants the same in another layout is no hazard (exit 0)', () => {
    const reordered = `${JSON.stringify({
      Statement: [
        { ...PASS, Effect: 'Allow', Resource: ['*'] },
        { ...ECS, Effect: 'Allow', Resource: '*', Action: [...ECS.Action].reverse() },
      ],
      Version: '2012-10-17',
    })}`;
    const r = plan({ [FILE]: policy(ECS, PASS) }, { [FILE]: reordered });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('execution-policy');
  });

  it('that only grants less is info (exit 0): update after the deploy, which deletes with the old grants', () => {
    const r = plan({ [FILE]: policy(SCALING) }, { [FILE]: policy(ECS) });
    expect(r.code).toBe(0);
    expect(r.out).toContain('  INFO execution-policy-changed: dev/*, staging/*, prod/*');
    expect(r.out).toContain(
      `${FILE} changed since main (a1b2c3d4e5f6) without granting anything new (1 permission fewer, e.g. application-autoscaling:RegisterScalableTarget)`,
    );
    expect(r.out).toContain('Safely: After every stage has deployed');
  });

  it('that grants more and drops some says to keep the old grants until every stage deployed', () => {
    const r = plan({ [FILE]: policy(ECS, PASS) }, { [FILE]: policy(SCALING) });
    expect(r.code).toBe(1);
    expect(r.out).toContain('It also drops 1 permission (e.g. iam:PassRole), which CloudFormation needs to delete the resources this change removes');
  });

  it('counts the actions of a statement without Resource (IAM refuses it, but it is still a change)', () => {
    const bare = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecs:CreateService', 'ecs:TagResource'] }] });
    const r = plan(
      { [FILE]: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecs:CreateService'] }] }) },
      { [FILE]: bare },
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('(e.g. ecs:TagResource)');
  });

  it('compares a condition too: a role passed to another service is a new grant', () => {
    const lambda = { ...PASS, Condition: { StringEquals: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com'] } } };
    expect(plan({ [FILE]: policy(ECS, PASS) }, { [FILE]: policy(ECS, lambda) }).code).toBe(1);
  });

  it('split into parts: each new part is created, and each stage bootstrapped with every part', () => {
    const parts = { 'deploy/cloudformation-execution-policy-1.json': policy(ECS), 'deploy/cloudformation-execution-policy-2.json': policy(PASS) };
    const same = plan({ [FILE]: policy(ECS, PASS) }, parts);
    // The same grants: the deploy works with the one policy the accounts have.
    expect(same.code).toBe(0);
    expect(same.out).toContain('INFO execution-policy-changed');
    expect(same.out).toContain(
      'account 222222222222 (prod): `aws iam create-policy --policy-name shop-cloudformation-execution-1 --policy-document file://deploy/cloudformation-execution-policy-1.json`, then ' +
        '`aws iam create-policy --policy-name shop-cloudformation-execution-2 --policy-document file://deploy/cloudformation-execution-policy-2.json`, then ' +
        '`npx projen bootstrap:prod --cloudformation-execution-policies arn:aws:iam::222222222222:policy/shop-cloudformation-execution-1,arn:aws:iam::222222222222:policy/shop-cloudformation-execution-2`',
    );
    expect(same.out).toContain(
      '`npx projen bootstrap:dev --cloudformation-execution-policies arn:aws:iam::111111111111:policy/shop-cloudformation-execution-1,',
    );
    expect(same.out).toContain('`npx projen bootstrap:staging --cloudformation-execution-policies');

    const more = plan(parts, { ...parts, 'deploy/cloudformation-execution-policy-3.json': policy(SCALING) });
    expect(more.code).toBe(1);
    expect(more.out).toContain(
      'FAILURE execution-policy-grants: dev/*, staging/*, prod/* (AWS::IAM::ManagedPolicy "shop-cloudformation-execution-3")',
    );
    expect(more.out).toContain(
      '`aws iam create-policy --policy-name shop-cloudformation-execution-3 --policy-document file://deploy/cloudformation-execution-policy-3.json`',
    );
  });

  it("uses each stage's partition", () => {
    const cn = stagedRecord({ dev: SHOP }, { dev: { account: '444444444444', region: 'cn-north-1', partition: 'aws-cn' } });
    const hazards = executionPolicyHazards({
      base: { [FILE]: policy(ECS) },
      current: { [FILE]: policy(SCALING) },
      baseName: 'main',
      platform: 'shop',
      before: cn.platform.stages!,
      after: cn.platform.stages!,
    });
    expect(hazards.map((h) => h.safely).join()).toContain('--policy-arn arn:aws-cn:iam::444444444444:policy/shop-cloudformation-execution ');
  });

  it('leaves the accounts of new stages to their one-time setup', () => {
    const withQa = stagedRecord({ dev: SHOP, qa: SHOP }, { qa: { account: '555555555555' } });
    const hazards = executionPolicyHazards({
      base: { [FILE]: policy(ECS) },
      current: { [FILE]: policy(SCALING) },
      baseName: 'main',
      platform: 'shop',
      before: stagedRecord({ dev: SHOP }).platform.stages!,
      after: withQa.platform.stages!,
    });
    expect(hazards).toHaveLength(1);
    expect(hazards[0]!.safely).not.toContain('555555555555');
    expect(hazards[0]!.safely).toContain('Account of new stages get it with their one-time setup (README).');
  });

  it('new since the base is info: the accounts keep what they were bootstrapped with', () => {
    const r = plan({}, { [FILE]: policy(ECS) });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`INFO execution-policy-changed`);
    expect(r.out).toContain(`${FILE} is new since main (a1b2c3d4e5f6)`);
  });

  it('is compared only with a base commit, not with --record', () => {
    const io = stagedIo(
      RECORD,
      RECORD,
      { base: { [FILE]: policy(ECS) }, current: { [FILE]: policy(SCALING) } },
      { 'old.json': formatRecordFile(RECORD) },
    );
    expect(runPlan(['--record', 'old.json'], io)).toBe(0);
    expect(io.stdout).not.toContain('execution-policy');
  });

  it('is compared with HEAD without --base', () => {
    expect(plan({ [FILE]: policy(ECS) }, { [FILE]: policy(SCALING) }, []).code).toBe(1);
  });
});
