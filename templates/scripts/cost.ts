import { estimateCost } from 'create-fargate-connect/lib/cost/estimate';
import { formatCostForTerminal } from 'create-fargate-connect/lib/cost/terminal';
import { textOutputOf } from 'create-fargate-connect/lib/terminal';
import { platform } from '../src/generated/platform';

// The estimate comes from the generator's own price sheet, so it matches the README's
// Markdown table; here it is laid out for the terminal (plain text when piped).
process.stdout.write(formatCostForTerminal(estimateCost(platform as Parameters<typeof estimateCost>[0]), textOutputOf(process.stdout)));
