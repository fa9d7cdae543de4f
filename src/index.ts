// The jsii surface (what `projen new --from` reads): the project type and its options.
export { FargateConnectProject } from './project/fargate-connect-project';
export {
  CpuArch,
  Profile,
  ServiceRole,
  type AlarmsOptions,
  type CopilotMigrationOptions,
  type FargateConnectProjectOptions,
  type ServiceAutoscalingOptions,
  type ServiceBuildOptions,
  type ServiceOptions,
  type ServiceTimeoutsOptions,
  type StageOptions,
  type StageServiceOptions,
} from './project/options';

// The programmatic API for platform teams: plain functions returning errors as data.
// jsii leaves functions out of its manifest; their types are importable from
// 'create-fargate-connect/lib/api' and 'create-fargate-connect/lib/spec'.
export { generate, writeProject, writeGenerated, checkTarget, importCopilot, formatReport, formatSpecYaml } from './api';
// The files of a Copilot workspace as importCopilot takes them, read from disk.
export { readCopilotFiles } from './api/read-copilot';
export { normalizeSpec } from './spec/normalize';
export { formatError } from './spec/types';
