/** How the generated repository starts node for its app, its tasks and its .projenrc.ts (issue 19). */

/**
 * Node with tsx's CommonJS hooks (the repository is CommonJS): `--import tsx` would also
 * start tsx's ESM loader, a worker thread, and the tsx CLI a second node process; each
 * costs more than a simple service's whole start.
 */
export const TSX_NODE = 'node --require tsx/cjs';

/** cdk.json's app. */
export const SYNTH_APP = `${TSX_NODE} src/main.ts`;

/** The glue of the repository's own tasks (`npx projen local | cost | plan | record | eject-infra`). */
export const TASK_RUNNER = `${TSX_NODE} scripts/tasks.ts`;

/** `npx projen`: synthesizes the project from .projenrc.ts. */
export const PROJENRC_RUNNER = `${TSX_NODE} .projenrc.ts`;

/**
 * PATH of every projen task: this repository's node_modules/.bin, then the caller's PATH
 * (what npx would give, without npx). Evaluated by projen before each task.
 */
export const TASKS_PATH = `$(node -p "require('path').resolve('node_modules/.bin') + require('path').delimiter + process.env.PATH")`;
