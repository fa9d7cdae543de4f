import { runRecordCommand } from 'create-fargate-connect/lib/day-two';
import { platform } from '../src/generated/platform';

// A step of `npx projen build`, after post-compile's synth: records that synthesis (cdk.out)
// and the platform it was made from in platform.record.json, for the next `npx projen plan`.
process.exitCode = runRecordCommand({ dir: process.cwd(), platform });
