/**
 * The spec module: raw input in, typed and defaulted `Spec` (or every error) out.
 */
export type { CopilotMigration, NormalizeResult, Profile, Role, Service, ServiceBuild, Spec, SpecError, Stage, StageServiceOverride } from './types';
export { defaultDeployRoleArn, stageNamespace } from './stages';
export { formatError } from './types';
export { normalizeSpec, DEFAULTS, SPEC_KEYS, SERVICE_KEYS } from './normalize';
export { parseSpecText, readSpecFile, decodeSpecBytes, MAX_SPEC_BYTES, MAX_NESTING, MAX_ALIAS_COUNT } from './parse';
export type { ParseResult, DecodeResult } from './parse';
export { loadSpecFile } from './load';
export { fargateTaskSize, FARGATE_TASK_SIZES, FARGATE_MEMORY_BY_CPU, MAX_FARGATE_TASK, SIDECAR_CPU, SIDECAR_MEMORY } from './fargate';
export type { FargateTaskSize } from './fargate';
export {
  LIMITS,
  PATTERNS,
  PATTERN_SOURCES,
  ROLES,
  PROFILES,
  suggest,
  validateAzs,
  validateBuildContext,
  validateBuildDockerfile,
  validateCertificateArn,
  validateCopilotName,
  validateCpu,
  validateDesiredCount,
  validateDomain,
  validateHealthCheckCommand,
  validateHealthCheckPath,
  validateImage,
  validateInteger,
  validateMemory,
  validateNamespace,
  validatePort,
  validateProfile,
  validateProjectName,
  validatePublicPath,
  validateRole,
  validateServiceName,
  validateTaskSize,
  validateAccount,
  validateRegion,
  validateRoleArn,
  validateStageName,
  partitionOf,
} from './rules';
export { parseEcrImage, ECR_IMAGE_PATTERN_SOURCE } from './ecr';
export type { EcrImage } from './ecr';
export * as messages from './messages';
