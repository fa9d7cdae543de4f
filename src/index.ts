// The jsii surface (what `projen new --from` reads): the project type and its options.
export { FargateConnectProject } from './project/fargate-connect-project';
export { Profile, ServiceRole, type FargateConnectProjectOptions, type ServiceOptions } from './project/options';

// The programmatic API for platform teams: plain functions returning errors as data.
// jsii leaves functions out of its manifest; their types are importable from
// 'create-fargate-connect/lib/api' and 'create-fargate-connect/lib/spec'.
export { generate, writeProject, writeGenerated, checkTarget } from './api';
export { normalizeSpec } from './spec/normalize';
export { formatError } from './spec/types';
