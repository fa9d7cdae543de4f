/** `npx projen deploy-policy`: writes the execution policy (./policy.ts) from cdk.out, one file per managed policy. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  EXECUTION_POLICY_FILE_NAME,
  executionPolicy,
  executionPolicyFile,
  formatPolicy,
  parseResourcePermissions,
  RESOURCE_PERMISSIONS_FILE,
  splitPolicy,
  templateUse,
} from './policy';

export function deployPolicyCommand(dir: string): number {
  const cdkOut = join(dir, 'cdk.out');
  try {
    if (!existsSync(join(cdkOut, 'manifest.json'))) throw new Error('no cdk.out/manifest.json: synthesize first (npx projen synth, or the build)');
    const extraFile = join(dir, RESOURCE_PERMISSIONS_FILE);
    const extra = existsSync(extraFile) ? parseResourcePermissions(readFileSync(extraFile, 'utf8')) : {};
    const docs = splitPolicy(
      executionPolicy(
        templateUse(cdkOut, (p) => JSON.parse(readFileSync(p, 'utf8'))),
        extra,
      ),
    );
    const wanted = new Map(docs.map((d, i) => [join(dir, executionPolicyFile(i + 1)), formatPolicy(d)]));
    const folder = dirname(join(dir, executionPolicyFile(1)));
    // A document the policy no longer needs (or the one-file layout) must not stay behind.
    const stale = existsSync(folder)
      ? readdirSync(folder)
          .filter((f) => EXECUTION_POLICY_FILE_NAME.test(f))
          .map((f) => join(folder, f))
          .filter((f) => !wanted.has(f))
      : [];
    const changed = [...wanted].filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text);
    const names = docs.map((_, i) => executionPolicyFile(i + 1)).join(', ');
    if (changed.length === 0 && stale.length === 0) {
      process.stdout.write(`${names}: unchanged\n`);
      return 0;
    }
    mkdirSync(folder, { recursive: true });
    for (const file of stale) rmSync(file);
    for (const [file, text] of changed) writeFileSync(file, text);
    process.stdout.write(
      `${names}: written from the stacks' resource types (${docs.length} managed ${docs.length === 1 ? 'policy' : 'policies'}); commit them, and update the policies in each account (README, "Deploying")\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
}
