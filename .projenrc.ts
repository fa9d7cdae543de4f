import { cdk, javascript } from 'projen';

/**
 * create-fargate-connect: the generator package itself.
 *
 * A jsii module because `projen new --from` only accepts jsii modules; jsii constrains
 * only the exported project type (src/index.ts). Runtime dependencies that are not jsii
 * modules are bundled, projen and constructs are peers (the host project provides them).
 */
const project = new cdk.JsiiProject({
  name: 'create-fargate-connect',
  description:
    'Scaffold a projen-managed AWS CDK repository of Fargate services wired by ECS Service Connect, in private subnets with VPC endpoints instead of NAT.',
  author: 'fargate-connect maintainers',
  authorAddress: 'maintainers@fargate-connect.dev',
  repositoryUrl: 'https://github.com/fargate-connect/create-fargate-connect.git',
  defaultReleaseBranch: 'main',
  keywords: ['projen', 'aws-cdk', 'ecs', 'fargate', 'service-connect', 'scaffold'],
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.16.0',
  stability: 'experimental',

  // Our own CI is .ci/run; releases are not automated yet.
  github: false,
  release: false,
  jest: false,
  eslint: false,
  docgen: false,
  sampleCode: false,

  peerDeps: ['projen@^0.103.25', 'constructs@^10.5.1'],
  bundledDeps: ['handlebars@^4.7.8', 'yaml@^2.8.0', 'prompts@^2.4.2'],
  // aws-cdk-lib and cdk-nag: the fuzz tests synthesize the generated infrastructure (templates/src/infra) in process.
  devDeps: ['aws-cdk-lib@2.276.0', 'cdk-nag@^3.0.2', 'typescript@~5.9', 'projen@0.103.25', 'vitest@^4.1.0', '@types/prompts@^2.4.9', 'fast-check@^4.3.0', 'tsx@^4.20.0', '@types/node@^20'],

  bin: { 'create-fargate-connect': 'bin/create-fargate-connect.js' },
  npmignoreEnabled: true,
  gitignore: ['/out/', '/.tmp/', '*.tgz'],
});

// The package ships only what it runs (a whitelist, so a generated repository or scratch
// folder inside the checkout can never end up in the tarball); .npmignore refines it.
project.package.addField('files', ['lib/', 'bin/', 'templates/', 'schema/', '.jsii']);
// The package must ship its templates and JSON Schema; tests and fixtures stay out.
project.npmignore?.include('/templates/', '/schema/', '/bin/');
project.npmignore?.exclude('/bench/', '/.ci/', '/docs/', '/examples/', '/.tmp/', '/out/', '/test/', '/vitest.config.ts', '/vitest.e2e.config.ts');

// vitest replaces jest: one task for the whole suite, one to regenerate golden trees.
project.testTask.reset('vitest run', { receiveArgs: true });
// Generated repositories installed and built end to end, from the packed build.
const e2e = project.addTask('test:e2e', {
  description: 'Generate repositories from fixtures with the built CLI, install them and run their `npx projen build`',
  exec: 'vitest run --config vitest.e2e.config.ts',
  receiveArgs: true,
});
project.testTask.spawn(e2e);
project.addTask('test:watch', { exec: 'vitest' });
project.addTask('bench', {
  description: 'Benchmarks (print a table): generate(), CLI cold start, synth vs a hand-written baseline, generated build stages, scale. Run `npx projen compile` first.',
  exec: 'tsx bench/run.ts',
  receiveArgs: true,
});
project.addTask('golden:update', {
  description: 'Regenerate test/golden/<fixture>/ from test/fixtures/<fixture>.yaml (read the diff before committing)',
  exec: 'vitest run test/golden',
  env: { UPDATE_GOLDEN: '1' },
});

project.synth();
