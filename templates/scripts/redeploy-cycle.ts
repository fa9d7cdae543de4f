import { spawnSync } from 'child_process';
import { platform } from '../src/generated/platform';

/**
 * The ECS docs: a task learns the namespace's endpoints when it starts, so a caller whose
 * tasks started before its callee registered cannot reach it until it is redeployed. The
 * spec has a call cycle, so some callers necessarily deploy first (platform.deferredCalls):
 * once the whole platform exists, force a new deployment of each of them and wait for it.
 *
 *   npx projen redeploy-cycle            # uses your AWS CLI credentials and region
 *   npx projen redeploy-cycle --dry-run  # print the commands only
 */
const dryRun = process.argv.includes('--dry-run');
const callers = [...new Set(platform.deferredCalls.map((d) => d.from))];

if (callers.length === 0) {
  console.log('No call cycle in the spec: nothing to redeploy.');
  process.exit(0);
}

function aws(args: string[]): void {
  console.log(`$ aws ${args.join(' ')}`);
  if (dryRun) return;
  const r = spawnSync('aws', args, { stdio: 'inherit' });
  if (r.error) {
    console.error(`could not run the AWS CLI (${r.error.message}); install it or run the commands above yourself`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}

for (const d of platform.deferredCalls) {
  console.log(`${d.from} calls ${d.to}, which it could not resolve when it first started`);
}
for (const name of callers) {
  aws(['ecs', 'update-service', '--cluster', platform.name, '--service', name, '--force-new-deployment', '--query', 'service.serviceName', '--output', 'text']);
}
aws(['ecs', 'wait', 'services-stable', '--cluster', platform.name, '--services', ...callers]);
console.log(dryRun ? 'dry run: nothing was changed' : `redeployed ${callers.join(', ')}: every call in the cycle now resolves`);
