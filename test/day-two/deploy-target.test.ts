/**
 * `npx projen plan` on where the platform deploys: a stage moved to another account or
 * region, a stage removed, the stacks of a platform from before its stages. Each leaves
 * stacks running that no deploy reaches, which the transition model (one assembly against
 * another) cannot see.
 */
import { describe, expect, it } from 'vitest';
import { formatRecordFile, runPlan, stageReport } from '../../src/day-two';
import { BASE_COMMIT, recordOf, SHOP, stagedIo, stagedRecord, withService } from './fixtures';

const BEFORE = stagedRecord({ dev: SHOP, prod: SHOP }, { prod: { account: '222222222222', region: 'ap-southeast-7' } });

describe('a stage moved to another account or region, its name kept', () => {
  const toRegion = stagedRecord({ dev: SHOP, prod: SHOP }, { prod: { account: '222222222222', region: 'eu-west-2' } });

  it('is a hazard (exit 1): new stacks there, the old ones left running, and how to destroy them', () => {
    const io = stagedIo(BEFORE, toRegion);
    expect(runPlan(['--stage', 'prod', '--base', 'main'], io)).toBe(1);
    expect(io.stdout).toContain('  region: ap-southeast-7 -> eu-west-2');
    expect(io.stdout).toContain('  LOSS stage-moved: prod/*');
    expect(io.stdout).toContain(
      'Stage prod moves from account 222222222222, ap-southeast-7 to account 222222222222, eu-west-2, its name kept. ' +
        'Stacks live in one account and region, so the deploy creates ShopNetwork, ShopServices anew in account 222222222222, eu-west-2',
    );
    expect(io.stdout).toContain('The old stacks keep running in account 222222222222, ap-southeast-7');
    expect(io.stdout).toContain('nothing deletes them');
    // Same account: the deploy role's name is held by the old region's role stack.
    expect(io.stdout).toContain(
      "the stage's deploy role there; IAM role names are global in an account: delete the role's stack in ap-southeast-7 first, which holds the name.",
    );
    expect(io.stdout).toContain(
      'prepare account 222222222222, eu-west-2 as for a first deploy (README, "Once per account and region"): `npx projen bootstrap:prod`, ',
    );
    expect(io.stdout).toContain(
      `destroy the old stacks with credentials for account 222222222222: from main at a1b2c3d4e5f6 (\`git worktree add ../before ${BASE_COMMIT}\`, \`npm ci\` there), run \`npx projen destroy:prod\` (or \`npx cdk destroy --app <its cdk.out> 'prod/*'\`)`,
    );
    // Everything is created in the new place: no replacement of the old resources.
    expect(io.stdout).toMatch(/ShopNetwork +new stack: \+\d+ added/);
    expect(io.stdout).not.toContain('replaced');
    expect(io.stdout).toContain('Not safe to deploy as is (exit 1)');
  });

  it('names the new account and its OIDC provider when the account changes', () => {
    const toAccount = stagedRecord({ dev: SHOP, prod: SHOP }, { prod: { account: '333333333333', region: 'ap-southeast-7' } });
    const r = stageReport(BEFORE, toAccount, 'prod');
    expect(r.exitCode).toBe(1);
    expect(r.text).toContain('  account: 222222222222 -> 333333333333');
    expect(r.text).toContain('the execution policy in account 333333333333, `npx projen bootstrap:prod`');
    expect(r.text).toContain("with GitHub's OIDC provider if account 333333333333 has none; the role in account 222222222222 stays");
    expect(r.text).toContain('from the commit before this change, run `npx projen destroy:prod`');
  });

  it('leaves a stage that stays where it is alone', () => {
    const io = stagedIo(BEFORE, BEFORE);
    expect(runPlan([], io)).toBe(0);
    expect(io.stdout).not.toContain('stage-moved');
    expect(io.stdout).not.toContain('== Every stage ==');
  });
});

describe('a stage removed from the spec', () => {
  const withoutProd = stagedRecord({ dev: SHOP });

  it('is reported in every stage plan (exit 1), naming its stacks and how to destroy them', () => {
    const io = stagedIo(BEFORE, withoutProd);
    // The pull request's matrix has only the stages left: dev's job must fail.
    expect(runPlan(['--stage', 'dev', '--base', 'main'], io)).toBe(1);
    expect(io.stdout).toContain('== Every stage ==\n1 hazard:\n  LOSS stage-removed: prod/*\n');
    expect(io.stdout).toContain(
      'Stage prod (account 222222222222, ap-southeast-7) is no longer in the spec: its stacks ShopNetwork, ShopServices keep running, serving and billing, no deploy touches them again, and the task that deletes them, `npx projen destroy:prod`, goes with the stage.',
    );
    expect(io.stdout).toContain(
      'Safely: Destroy a stage before removing it: with credentials for account 222222222222, run `npx projen destroy:prod` while the spec still has it, then remove it. Now that it is removed: from main at a1b2c3d4e5f6 (`git worktree add ../before a1b2c3d4e5f6a7b8`, `npm ci` there)',
    );
    expect(io.stdout).toContain("`npx cdk destroy --app <its cdk.out> 'prod/*'`");
    // dev itself is unchanged, and says so.
    expect(io.stdout).toContain('== Stage dev ==\nSpec changes: none.');
  });

  it('is reported when the platform drops its stages altogether', () => {
    const io = stagedIo(BEFORE, recordOf(SHOP));
    expect(runPlan([], io)).toBe(1);
    expect(io.stdout).toContain('LOSS stage-removed: dev/*');
    expect(io.stdout).toContain('LOSS stage-removed: prod/*');
  });
});

describe('a platform that gets stages', () => {
  it('reports its stacks from before the stages, left beside the new ones (exit 1)', () => {
    const io = stagedIo(recordOf(SHOP), stagedRecord({ dev: SHOP }));
    expect(runPlan(['--stage', 'dev'], io)).toBe(1);
    expect(io.stdout).toContain('  LOSS stacks-left-unstaged: ShopNetwork, ShopServices');
    expect(io.stdout).toContain(
      'The stacks from before the stages, ShopNetwork, ShopServices, are in no stage: they keep running beside the new ones',
    );
    expect(io.stdout).toContain('`npx projen destroy` (or `npx cdk destroy --app <its cdk.out> --all`)');
    expect(io.stdout).toContain('No recorded synthesis of stage dev before: its first deploy creates every stack.');
  });

  it('is a first deploy, exit 0, when nothing was deployed before', () => {
    const empty = { ...recordOf(SHOP), assembly: { version: 1 as const, stacks: [] } };
    expect(runPlan([], stagedIo(empty, stagedRecord({ dev: SHOP })))).toBe(0);
  });

  it('names the record file when the before came from --record', () => {
    const io = stagedIo(BEFORE, stagedRecord({ dev: withService(SHOP, 'api', { desiredCount: 3 }) }), {}, { 'old.json': formatRecordFile(BEFORE) });
    expect(runPlan(['--record', 'old.json'], io)).toBe(1);
    expect(io.stdout).toContain('Before: old.json.');
    expect(io.stdout).toContain('Now that it is removed: from the commit old.json was recorded at, run `npx projen destroy:prod`');
  });
});
