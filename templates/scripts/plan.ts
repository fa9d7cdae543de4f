import { runPlanCommand } from 'create-fargate-connect/lib/day-two';
import { platform } from '../src/generated/platform';

// `npx projen plan [--base <git-ref> | --record <file>]`: this synthesis against the one
// recorded in platform.record.json (docs: README.md, "Changing the platform safely"). The
// command and the transition model come from the generator package, like the cost table.
process.exitCode = runPlanCommand(process.argv.slice(2), { dir: process.cwd(), platform });
