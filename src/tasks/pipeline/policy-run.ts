/** `npx projen deploy-policy`: writes the execution policy (./policy.ts) from cdk.out. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXECUTION_POLICY_FILE, executionPolicy, formatPolicy, parseResourcePermissions, RESOURCE_PERMISSIONS_FILE, templateUse } from './policy';

export function deployPolicyCommand(dir: string): number {
  const cdkOut = join(dir, 'cdk.out');
  try {
    if (!existsSync(join(cdkOut, 'manifest.json'))) throw new Error('no cdk.out/manifest.json: synthesize first (npx projen synth, or the build)');
    const extraFile = join(dir, RESOURCE_PERMISSIONS_FILE);
    const extra = existsSync(extraFile) ? parseResourcePermissions(readFileSync(extraFile, 'utf8')) : {};
    const text = formatPolicy(
      executionPolicy(
        templateUse(cdkOut, (p) => JSON.parse(readFileSync(p, 'utf8'))),
        extra,
      ),
    );
    const file = join(dir, EXECUTION_POLICY_FILE);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) {
      process.stdout.write(`${EXECUTION_POLICY_FILE}: unchanged\n`);
      return 0;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    process.stdout.write(
      `${EXECUTION_POLICY_FILE}: written from the stacks' resource types; commit it, and update the policy in each account (README, "Deploying")\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
}
