/**
 * `tsx scripts/tasks.ts images build|load`: the deploy workflow's image steps (./images.ts
 * decides what to run; this runs it).
 *
 * - `build [--out <dir>]`: builds every distinct Docker image asset of cdk.out once, under
 *   the local tag cdk-assets looks for, and saves them to `<dir>/images.tar` (default
 *   `.images`).
 * - `load [--from <dir>] [--stage <name>]`: loads that archive and, with `--stage`, checks
 *   that every image the stage deploys is there (else cdk-assets would build it again).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildAndSaveCommands, IMAGES_ARCHIVE, imageAssets, missingForStage, type Command } from './images';

export const IMAGES_DIR = '.images';

export const IMAGES_USAGE = 'usage: tsx scripts/tasks.ts images build [--out <dir>] | images load [--from <dir>] [--stage <name>]';

export function imagesCommand(args: readonly string[], dir: string): number {
  const [sub, ...rest] = args;
  const option = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const cdkOut = join(dir, 'cdk.out');
  if (!existsSync(join(cdkOut, 'manifest.json'))) {
    process.stderr.write('error: no cdk.out/manifest.json: synthesize first (npx projen synth, or the build)\n');
    return 1;
  }
  const { assets, skipped } = imageAssets(cdkOut, (p) => JSON.parse(readFileSync(p, 'utf8')));
  for (const s of skipped) process.stdout.write(`not prebuilt: ${s.displayName} (${s.assetId}): ${s.reason}\n`);
  if (sub === 'build') {
    const out = resolve(dir, option('--out') ?? IMAGES_DIR);
    mkdirSync(out, { recursive: true });
    if (assets.length === 0) {
      process.stdout.write('no Docker image assets to build\n');
      return 0;
    }
    for (const a of assets)
      process.stdout.write(`${a.localTag}: ${a.displayName} (${a.platform ?? 'builder platform'}), for ${a.stages.join(', ') || 'the app'}\n`);
    return runAll(buildAndSaveCommands(assets, join(out, IMAGES_ARCHIVE)), dir);
  }
  if (sub === 'load') {
    const archive = join(resolve(dir, option('--from') ?? IMAGES_DIR), IMAGES_ARCHIVE);
    if (existsSync(archive)) {
      const code = runAll([{ argv: ['docker', 'load', '--input', archive] }], dir);
      if (code !== 0) return code;
    } else if (assets.length > 0) {
      process.stdout.write(`warning: no ${archive}: cdk-assets builds the images itself\n`);
    }
    const stage = option('--stage');
    if (stage === undefined) return 0;
    const present = new Set(
      assets.filter((a) => spawnSync('docker', ['image', 'inspect', a.localTag], { stdio: 'ignore' }).status === 0).map((a) => a.localTag),
    );
    const missing = missingForStage(assets, stage, present);
    for (const a of missing) process.stdout.write(`warning: ${a.localTag} (${a.displayName}) is not loaded: cdk-assets builds it in this job\n`);
    return 0;
  }
  process.stderr.write(`${IMAGES_USAGE}\n`);
  return 2;
}

/** Runs each command in turn (in its folder, else the repository's); stops at the first that fails. */
function runAll(commands: readonly Command[], dir: string): number {
  for (const c of commands) {
    process.stdout.write(`$ ${c.argv.join(' ')}\n`);
    const r = spawnSync(c.argv[0]!, c.argv.slice(1), { cwd: c.cwd ?? dir, stdio: 'inherit', env: { ...process.env, ...c.env } });
    if (r.status !== 0) {
      process.stderr.write(`error: ${c.argv.slice(0, 2).join(' ')} failed (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`})\n`);
      return 1;
    }
  }
  return 0;
}
