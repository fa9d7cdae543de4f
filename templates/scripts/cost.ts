import { estimateCost, formatCostTable } from 'create-fargate-connect/lib/cost/estimate';
import { platform } from '../src/generated/platform';

// The estimate comes from the generator's own price sheet, so it matches the README's.
process.stdout.write(formatCostTable(estimateCost(platform as Parameters<typeof estimateCost>[0])));
