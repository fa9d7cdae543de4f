/** How the generated repository starts node for its app, its tasks and its .projenrc.ts (issue 19). */

/** The package's loader of the repository's TypeScript (src/register). */
export const REGISTER = 'create-fargate-connect/register';

/**
 * Node with tsx's CommonJS hooks for the repository's own files (the repository is
 * CommonJS), through `create-fargate-connect/register`, which leaves its dependencies'
 * JavaScript to Node (src/register: tsx lexed each of aws-cdk-lib's files). `--import tsx`
 * would also start tsx's ESM loader, a worker thread, and the tsx CLI a second node
 * process; each costs more than a simple service's whole start.
 */
export const TS_NODE = `node --require ${REGISTER}`;

/**
 * cdk.json's app, with two V8 flags that cut its CPU time about in half on two cores
 * (measured on the five-service platform, bench/inner-loop.bench.ts):
 * - `--liftoff-only`: aws-cdk-lib's CloudFormation validation is a large WebAssembly
 *   module; V8's optimizing tier recompiled it in the background for more CPU time than a
 *   synth of a few seconds ever gets back;
 * - `--single-threaded-gc`: the garbage collector's helper threads cost more than they
 *   saved while the type-check runs beside the synth (the build's compile step).
 * Neither changes what the app computes; both are rejected in NODE_OPTIONS, so they are
 * given here. The TypeScript runs as {@link TS_NODE} runs it.
 */
export const SYNTH_APP = `node --liftoff-only --single-threaded-gc --require ${REGISTER} src/main.ts`;

/** The type-check: everything (.projenrc.ts, the app, the services, the tests), once. */
export const TYPECHECK = 'tsc --noEmit -p tsconfig.dev.json';

/** The glue of the repository's own tasks (`npx projen local | cost | plan | record | eject-infra`). */
export const TASK_RUNNER = `${TS_NODE} scripts/tasks.ts`;

/** `compile`: {@link TYPECHECK} and the `synth:silent` task side by side, each with its own output (src/tasks/concurrently.ts). */
export const COMPILE = `${TASK_RUNNER} concurrently "${TYPECHECK}" "projen synth:silent"`;

/** `npx projen`: synthesizes the project from .projenrc.ts. */
export const PROJENRC_RUNNER = `${TS_NODE} .projenrc.ts`;

/**
 * PATH of every projen task: this repository's node_modules/.bin, then the caller's PATH
 * (what npx would give, without npx). Evaluated by projen before each task it runs (seven
 * times in a build), in its own shell (dax): with its builtins only, `test` and `echo`, so
 * no process starts; `node -p` here cost about 0.18 s a task (issue 19). The shell's
 * `test` knows files, not strings: Windows, whose PATH separator is `;`, is told by its
 * system folder.
 */
export const TASKS_PATH = '$(test -d "$SYSTEMROOT/System32" && echo "$PWD/node_modules/.bin;$PATH" || echo "$PWD/node_modules/.bin:$PATH")';
