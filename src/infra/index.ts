/**
 * `create-fargate-connect/infra`: the constructs a generated repository's CDK app is built
 * from. `src/main.ts` calls `buildPlatform(app, platform)` (or, with `stages`,
 * `buildStages(app, platform)`) with the planned platform of `src/generated/platform.ts`
 * and may extend what it returns (docs/INFRA.md).
 *
 * Where each construct lives (one file each, in this folder): docs/ARCHITECTURE.md,
 * "The infrastructure library".
 */
export {
  buildPlatform,
  buildStages,
  NAG_CONTEXT,
  type BuildPlatformOptions,
  type BuildStagesOptions,
  type Platform,
  type StagePlatform,
} from './platform';
export { NetworkStack, ServicesStack, type NetworkStackProps, type ServicesStackProps } from './stacks';
export {
  Network,
  INTERFACE_ENDPOINT_SERVICES,
  NEW_REGION_INTERFACE_ENDPOINTS,
  TASK_INTERFACE_ENDPOINTS,
  agnosticAvailabilityZones,
  type InterfaceEndpointName,
  type NetworkProps,
} from './network';
export { S3PrefixList } from './s3-prefix-list';
export { Cluster, type ClusterProps } from './cluster';
export { PublicEntry, plainHttpWarning, type PublicEntryProps } from './public-entry';
export { AlbAccessLogs, elbAccountMapping, NO_ELB_ACCOUNT, type AlbAccessLogsProps } from './alb-access-logs';
export { PublicRoute, type PublicRouteProps } from './public-route';
export {
  ConnectedService,
  ClientOnlyService,
  ClientServerService,
  RetiredSecurityGroup,
  createService,
  serviceSecurityGroup,
  type ConnectedServiceProps,
} from './service';
export { serviceImage } from './service-image';
export { CallRule, type CallRuleProps } from './call-rule';
export { CallGraph, type CallEdge } from './call-graph';
export { CallerRedeployer, type CallerRedeployerProps } from './redeploy';
export {
  addNagChecks,
  acknowledgeNetworkFindings,
  acknowledgePublicEntryFindings,
  acknowledgeRedeployerFindings,
  acknowledgeServiceFindings,
} from './nag';
export {
  APP_CONTAINER_NAME,
  NAMESPACE_TAG,
  SECURITY_GROUP_TAG,
  clusterName,
  networkStackName,
  pascalCase,
  serviceSecurityGroupTag,
  servicesStackName,
} from './names';
export { validationError } from './errors';
export { INFRA_SWITCHES, NAMESPACE_TAG_SWITCH, newRepositorySwitches, switchOn, type InfraSwitch } from './switches';

// The planned platform: one type, planned by the generator (src/plan), held as data by
// the generated repository, built by these constructs.
export type {
  DeferredCall,
  ListenerRoute,
  Plan,
  PlannedCall,
  PlannedService,
  PlannedStage,
  RegistrationWait,
  StackAssignment,
  Upstream,
} from '../plan';
