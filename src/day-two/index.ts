/**
 * Day two of a generated repository: the committed record of its last synthesis
 * (platform.record.json) and `npx projen plan`, which compares a new synthesis with it.
 * Imported by generated repositories as 'create-fargate-connect/lib/day-two'
 * (scripts/tasks.ts, through create-fargate-connect/tasks).
 */
export { freshSynthesis, runPlanCommand, runRecordCommand, writeRecordFile, nodePlanIo, type FreshSynthesis, type NodePlanOptions } from './node-io';
export {
  runPlan,
  planReport,
  stageRecord,
  stageReport,
  parsePlanArgs,
  PLAN_USAGE,
  SynthesisError,
  type PlanArgs,
  type PlanIo,
  type CommittedRecord,
} from './plan-command';
export { movedStageHazard, removedStageHazards, unstagedStacksHazards, stageSelector, UNKNOWN_PREVIOUS, type PreviousApp } from './deploy-target';
export { executionPolicyHazards, isExecutionPolicyFile, managedPolicyName, type PolicyChangeInput, type PolicyFiles } from './execution-policy';
export { formatRecordFile, parseRecordFile, RECORD_FILE, RECORD_FILE_VERSION, RECORD_OPTIONS, type PlatformRecord } from './record-file';
export {
  diffPlatforms,
  formatSpecChanges,
  type SpecChanges,
  type ServiceChange,
  type FieldChange,
  type PlannedPlatform,
  type PlannedService,
  type PlannedStagePlatform,
  stageTargetChanges,
} from './spec-diff';
export {
  digestInputs,
  staleReason,
  writtenAfter,
  parseStamp,
  INPUTS_STAMP,
  SYNTH_INPUTS,
  type InputFile,
  type InputsStamp,
  type InputTime,
} from './freshness';
