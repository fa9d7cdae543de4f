/**
 * Container images built once per pipeline run, not once per stage.
 *
 * Every stage's nested assembly lists the same Docker image assets (same source, same
 * asset id: the id hashes the source and the build options, not the stage), and at deploy
 * cdk-assets builds each one again in every stage job before it pushes to that stage's
 * account. cdk-assets skips the build when an image tagged `cdkasset-<asset id in lower
 * case>` already exists locally (`docker inspect`), then tags that image with the stage's
 * bootstrap ECR repository and pushes it. So the build job builds each distinct asset once,
 * under that tag, for its `platform` (linux/amd64 or linux/arm64), and saves them all; each
 * stage job loads them before `cdk deploy`, which then only tags and pushes.
 *
 * Pure: the assets from the asset manifests, and the commands from the assets.
 */
import { resolve } from 'node:path';
import { assemblyParts, manifestDir, type ReadJson } from './assembly';

/** One distinct Docker image asset of the assembly, as cdk-assets would build it. */
export interface ImageAsset {
  /** The asset id (the key of `dockerImages` in the asset manifests). */
  readonly assetId: string;
  /** The tag cdk-assets looks for before building: `cdkasset-<asset id in lower case>`. */
  readonly localTag: string;
  /** The construct path that made it, e.g. `orders/TaskDefinition/app/AssetImage`. */
  readonly displayName: string;
  /** The build context, absolute. */
  readonly directory: string;
  readonly dockerFile?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly networkMode?: string;
  /** `linux/amd64`, `linux/arm64`, or undefined for the builder's own. */
  readonly platform?: string;
  readonly cacheDisabled?: boolean;
  /** The stages (nested assemblies) that deploy it; `''` for a top-level stack. */
  readonly stages: readonly string[];
}

/** An image asset the build job leaves to cdk-assets in each stage job, with why. */
export interface SkippedAsset {
  readonly assetId: string;
  readonly displayName: string;
  readonly reason: string;
}

/** Source keys of a Docker image asset that a prebuilt image cannot honour here. */
const UNSUPPORTED_SOURCE_KEYS = [
  'executable',
  'dockerBuildSecrets',
  'dockerBuildSsh',
  'dockerOutputs',
  'cacheFrom',
  'cacheTo',
  'dockerBuildContexts',
];

/** The tag cdk-assets checks for (and builds under) before it pushes a Docker image asset. */
export function localImageTag(assetId: string): string {
  return `cdkasset-${assetId.toLowerCase()}`;
}

/**
 * The distinct Docker image assets of every asset manifest in the assembly (top level and
 * nested), each once with the stages that use it, in first-seen order.
 */
export function imageAssets(cdkOut: string, read: ReadJson): { readonly assets: ImageAsset[]; readonly skipped: SkippedAsset[] } {
  const byId = new Map<string, { asset: Omit<ImageAsset, 'stages'>; stages: string[] }>();
  const skipped = new Map<string, SkippedAsset>();
  for (const part of assemblyParts(cdkOut, read)) {
    for (const file of part.assetManifests) {
      const manifest = read(file) as { dockerImages?: Record<string, { displayName?: string; source?: Record<string, unknown> }> };
      for (const [assetId, entry] of Object.entries(manifest.dockerImages ?? {})) {
        const source = entry.source ?? {};
        const displayName = entry.displayName ?? assetId;
        const unsupported = UNSUPPORTED_SOURCE_KEYS.filter((k) => source[k] !== undefined);
        if (unsupported.length > 0 || typeof source.directory !== 'string') {
          const why = unsupported.length > 0 ? `its source sets ${unsupported.join(', ')}` : 'its source has no directory';
          skipped.set(assetId, { assetId, displayName, reason: `${why}: cdk-assets builds it in each stage job` });
          continue;
        }
        const asset: Omit<ImageAsset, 'stages'> = {
          assetId,
          localTag: localImageTag(assetId),
          displayName,
          directory: resolve(manifestDir(file), source.directory),
          ...optionalString(source, 'dockerFile'),
          ...(isStringRecord(source.dockerBuildArgs) ? { buildArgs: source.dockerBuildArgs } : {}),
          ...optionalString(source, 'dockerBuildTarget', 'target'),
          ...optionalString(source, 'networkMode'),
          ...optionalString(source, 'platform'),
          ...(source.cacheDisabled === true ? { cacheDisabled: true } : {}),
        };
        const seen = byId.get(assetId);
        if (!seen) {
          byId.set(assetId, { asset, stages: [part.stage ?? ''] });
          continue;
        }
        // The id is a hash of the source and its options: the same id builds the same image.
        if (JSON.stringify({ ...seen.asset, displayName: '' }) !== JSON.stringify({ ...asset, displayName: '' })) {
          throw new Error(`image asset ${assetId} is built differently in two places (${seen.asset.displayName}, ${displayName}); synthesize again`);
        }
        if (!seen.stages.includes(part.stage ?? '')) seen.stages.push(part.stage ?? '');
      }
    }
  }
  for (const id of byId.keys()) skipped.delete(id);
  return { assets: [...byId.values()].map(({ asset, stages }) => ({ ...asset, stages })), skipped: [...skipped.values()] };
}

/** A command to run: its arguments (the first is the program), folder and extra environment. */
export interface Command {
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * `docker build` of one asset, as cdk-assets runs it: in the asset's folder with `.` as
 * the context (so a relative `--file` means the same), under the local tag it looks for,
 * without the provenance attestations BuildKit adds by default (cdk-assets turns them off
 * too: they make the image an index that a push does not expect).
 */
export function buildCommand(asset: ImageAsset): Command {
  const argv = ['docker', 'build'];
  for (const [k, v] of Object.entries(asset.buildArgs ?? {})) argv.push('--build-arg', `${k}=${v}`);
  argv.push('--tag', asset.localTag);
  if (asset.target !== undefined) argv.push('--target', asset.target);
  if (asset.dockerFile !== undefined) argv.push('--file', asset.dockerFile);
  if (asset.networkMode !== undefined) argv.push('--network', asset.networkMode);
  if (asset.platform !== undefined) argv.push('--platform', asset.platform);
  if (asset.cacheDisabled) argv.push('--no-cache');
  argv.push('.');
  return { argv, cwd: asset.directory, env: { BUILDX_NO_DEFAULT_ATTESTATIONS: '1' } };
}

/** The file the build job saves the images into, inside its output folder. */
export const IMAGES_ARCHIVE = 'images.tar';

/** The whole build job's part: one build per distinct asset, then one archive of them all. */
export function buildAndSaveCommands(assets: readonly ImageAsset[], archive: string): Command[] {
  if (assets.length === 0) return [];
  return [...assets.map(buildCommand), { argv: ['docker', 'save', '--output', archive, ...assets.map((a) => a.localTag)] }];
}

/** Platforms the assets are built for that differ from the builder's (those need QEMU). */
export function foreignPlatforms(assets: readonly ImageAsset[], builderPlatform: string): string[] {
  return [...new Set(assets.map((a) => a.platform).filter((p): p is string => p !== undefined && p !== builderPlatform))].sort();
}

/** The assets a stage deploys whose local tag is not among `present`: cdk-assets will build them itself. */
export function missingForStage(assets: readonly ImageAsset[], stage: string, present: ReadonlySet<string>): ImageAsset[] {
  return assets.filter((a) => a.stages.includes(stage) && !present.has(a.localTag));
}

function optionalString(source: Record<string, unknown>, key: string, as: string = key): Record<string, string> {
  return typeof source[key] === 'string' ? { [as]: source[key] } : {};
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}
