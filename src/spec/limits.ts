// The spec's limits in a module of their own: the planner and the infrastructure library
// (which every synth loads) read them without the rules and messages (issue 19).
import { MAX_APP_CPU, MAX_APP_MEMORY } from './fargate';

/** Numeric and length limits of the spec. */
export const LIMITS = {
  projectNameMaxLength: 32,
  serviceNameMaxLength: 63,
  dnsLabelMaxLength: 63,
  dnsNameMaxLength: 253,
  minAzs: 2,
  maxAzs: 6,
  maxServices: 500,
  minPort: 1,
  maxPort: 65535,
  /** Ports below this one need root to bind, and the app runs as a non-root user. */
  minUnprivilegedPort: 1024,
  minCpu: 128,
  maxCpu: MAX_APP_CPU,
  minMemory: 128,
  maxMemory: MAX_APP_MEMORY,
  minDesiredCount: 1,
  maxDesiredCount: 100,
  publicPathMaxLength: 128,
  healthCheckPathMaxLength: 1024,
  imageMaxLength: 255,
  healthCheckCommandMaxLength: 1024,
  buildPathMaxLength: 1024,
  copilotNameMaxLength: 255,
  maxCopilotEnvironments: 100,
  minSpot: 0,
  maxSpot: 100,
  // ECS TimeoutConfiguration (API reference, and the CloudFormation resource schema of
  // AWS::ECS::Service): idleTimeoutSeconds and perRequestTimeoutSeconds are 0 to
  // 2147483647; 0 turns the limit off.
  minTimeoutSeconds: 0,
  maxTimeoutSeconds: 2147483647,
  emailMaxLength: 254,
  topicArnMaxLength: 1024,
  minScalingTarget: 1,
  maxScalingTarget: 100,
  minRequestsTarget: 1,
  maxRequestsTarget: 100000,
  envNameMaxLength: 255,
  envValueMaxLength: 4096,
  /** Variables (environment and secrets together) per service: far below ECS's container definition limit. */
  maxVariables: 200,
  /**
   * A stage's name goes into its deploy role's default name, `<name>-<stage>-deploy`, which
   * IAM caps at 64 characters: 32 (the project name) + 24 + the rest.
   */
  stageNameMaxLength: 24,
  maxStages: 20,
  roleArnMaxLength: 2048,
} as const;
