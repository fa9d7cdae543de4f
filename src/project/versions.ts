// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json') as { name: string; version: string };

/** This package, as the generated repository depends on it. */
export const PACKAGE_NAME: string = pkg.name;
export const PACKAGE_VERSION: string = pkg.version;

/**
 * aws-cdk-lib the generated repositories build on: 2.262+ bundles the offline
 * CloudFormation schema validation their synth runs in strict mode.
 */
export const CDK_VERSION = '2.276.0';

/** Runtime dependencies of a generated repository (beyond aws-cdk-lib and constructs). */
export const GENERATED_DEPS = ['cdk-nag@^3.0.2'] as const;

/**
 * Build dependencies of a generated repository. vitest 4, not 5: vitest 5 needs Node 22.
 * Pinned ranges, no `*`, so projen never rewrites package.json after the first install.
 */
export const GENERATED_DEV_DEPS = ['vitest@^4.1.0', 'tsx@^4.20.0', '@types/node@^20'] as const;

/**
 * projen in the generated repository: the version this generator synthesized with, so
 * `npx projen` there produces the same files.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PROJEN_VERSION: string = `^${(require('projen/package.json') as { version: string }).version}`;

/** esbuild, which projen's bundler adds to every CDK app; tsx brings a compatible one. */
export const ESBUILD_VERSION = '~0.28.0';
