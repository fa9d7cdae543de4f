/**
 * `node --require create-fargate-connect/register`: how a generated repository runs its
 * TypeScript (the CDK app, `.projenrc.ts`, the task glue). tsx loads the repository's own
 * files; Node's own loader loads its dependencies' `.js` files.
 *
 * Why not tsx alone: tsx's CommonJS hook reads every `.js` file a process loads and, when
 * the text holds "import" or "export" (nearly every compiled CommonJS file does:
 * `exports.`), lexes the whole file to see whether it is an ES module. aws-cdk-lib, projen
 * and cdk-nag are thousands of such files: about half a second of CPU in each synth of a
 * five-service platform, a tenth of it, and 0.3 to 0.5 s of each `npx projen` (issue 19,
 * bench/inner-loop.bench.ts). Where Node requires ES modules itself (Node 20.19 and later,
 * 22.12 and later) that look finds nothing Node would not load anyway; on an older Node,
 * tsx keeps every file.
 *
 * What changes for a dependency: its `.js` files load as Node loads them. One that ships ES
 * module syntax in a `.js` file its own package calls CommonJS fails, as it would without
 * tsx; one whose package says `"type": "module"` loads as an ES module through Node's
 * require (tsx turned it into CommonJS). `.mjs`, `.cjs` and TypeScript stay with tsx.
 *
 * On Node 22.8 and later it also turns on Node's compile cache (`module.enableCompileCache`)
 * in the repository's `node_modules/.cache/node-compile-cache` (run from a folder without
 * node_modules, none), unless NODE_COMPILE_CACHE names a folder: the next process reads
 * the compiled code of aws-cdk-lib's modules instead of compiling them again, 0.3 to 0.5 s
 * of a synth (measured with Node 22.23; Node 20 has no such cache). A folder of the
 * repository's, not the shared temporary one: no other user of the machine writes what
 * this one runs. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { registerTsxForOwnFiles, type ExtensionLoader } from './route';

/** Loads the repository's tsx (its dev dependency), wherever this package was installed from. */
function loadTsxCommonJsHooks(): void {
  const fromRepository = nodeModule.createRequire(join(process.cwd(), 'package.json'));
  let hooks: string;
  try {
    hooks = fromRepository.resolve('tsx/cjs');
  } catch {
    try {
      hooks = require.resolve('tsx/cjs');
    } catch {
      throw new Error(
        `create-fargate-connect/register runs TypeScript with tsx, a dev dependency of the repository, and finds none from ${process.cwd()}: run npm install`,
      );
    }
  }
  fromRepository(hooks);
}

/** Node's compile cache in the repository's node_modules (NODE_COMPILE_CACHE, when set, Node has turned on already). */
function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  const modules = join(process.cwd(), 'node_modules');
  if (enable && process.env.NODE_COMPILE_CACHE === undefined && existsSync(modules)) enable(join(modules, '.cache', 'node-compile-cache'));
}

enableCompileCache();
const features = process.features as { require_module?: boolean };
registerTsxForOwnFiles(
  require.extensions as unknown as Record<string, ExtensionLoader | undefined>,
  loadTsxCommonJsHooks,
  features.require_module === true,
);
