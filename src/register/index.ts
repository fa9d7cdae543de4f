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
 * What changes for a dependency: one that ships ES module syntax in a `.js` file its own
 * package.json calls CommonJS loads as Node loads it (it fails), as it would without tsx.
 *
 * On Node 22.1 and later it also turns on Node's compile cache (`module.enableCompileCache`,
 * in the folder NODE_COMPILE_CACHE names, else Node's in the temporary folder): the next
 * process reads the compiled code of aws-cdk-lib's modules instead of compiling them again,
 * about 0.3 to 0.5 s of a synth (measured with Node 22.23; Node 20 has no such cache).
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { registerTsxForOwnFiles, type ExtensionLoader } from './route';

/** Loads the repository's tsx (its dev dependency), wherever this package was installed from. */
function loadTsxCommonJsHooks(): void {
  const fromRepository = createRequire(join(process.cwd(), 'package.json'));
  let hooks: string;
  try {
    hooks = fromRepository.resolve('tsx/cjs');
  } catch {
    hooks = require.resolve('tsx/cjs');
  }
  fromRepository(hooks);
}

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const features = process.features as { require_module?: boolean };
registerTsxForOwnFiles(
  require.extensions as unknown as Record<string, ExtensionLoader | undefined>,
  loadTsxCommonJsHooks,
  features.require_module === true,
);
