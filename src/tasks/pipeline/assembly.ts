/**
 * Reading a synthesized cloud assembly (cdk.out) the way the deploy pipeline needs it:
 * the top-level assembly and, for an app with stages, each stage's nested assembly, with
 * their stacks' templates and asset manifests. Pure over a `read` function, so tests give
 * it a real synthesized folder and the tasks the file system.
 */
import { dirname, join } from 'node:path';

/** Reads and parses one JSON file of the assembly; throws when it is missing. */
export type ReadJson = (path: string) => unknown;

export interface AssemblyStack {
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The stack's hierarchical id (`dev/ShopNetwork`), which CLI patterns match. */
  readonly displayName: string;
  /** The template file, absolute. */
  readonly templateFile: string;
}

/** One (nested) assembly: the stacks and asset manifests directly in it. */
export interface AssemblyPart {
  /** The stage's name (its nested assembly's display name); undefined for the top level. */
  readonly stage?: string;
  /** Its folder, absolute. */
  readonly dir: string;
  readonly stacks: readonly AssemblyStack[];
  /** Asset manifest files (`*.assets.json`), absolute. */
  readonly assetManifests: readonly string[];
}

interface ManifestArtifact {
  readonly type: string;
  readonly displayName?: string;
  readonly properties?: Record<string, unknown>;
}

/** Every part of the assembly in `dir`: the top level first, then each nested assembly in manifest order. */
export function assemblyParts(dir: string, read: ReadJson, stage?: string): AssemblyPart[] {
  const manifest = read(join(dir, 'manifest.json')) as { artifacts?: Record<string, ManifestArtifact> };
  const stacks: AssemblyStack[] = [];
  const assetManifests: string[] = [];
  const nested: AssemblyPart[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    const props = artifact.properties ?? {};
    if (artifact.type === 'aws:cloudformation:stack') {
      stacks.push({
        stackName: String(props.stackName ?? id),
        displayName: artifact.displayName ?? id,
        templateFile: join(dir, String(props.templateFile ?? `${id}.template.json`)),
      });
    } else if (artifact.type === 'cdk:asset-manifest') {
      assetManifests.push(join(dir, String(props.file ?? `${id}.json`)));
    } else if (artifact.type === 'cdk:cloud-assembly') {
      // A Stage's nested assembly: `directoryName` is its folder, `displayName` its construct path (the stage's name).
      nested.push(...assemblyParts(join(dir, String(props.directoryName ?? id)), read, String(props.displayName ?? artifact.displayName ?? id)));
    }
  }
  return [{ ...(stage !== undefined ? { stage } : {}), dir, stacks, assetManifests }, ...nested];
}

/** The part of one stage; an error naming the stages the assembly has when it has no such stage. */
export function stagePart(parts: readonly AssemblyPart[], stage: string): AssemblyPart {
  const part = parts.find((p) => p.stage === stage);
  if (part) return part;
  const known = parts.filter((p) => p.stage !== undefined).map((p) => p.stage);
  throw new Error(
    `the cloud assembly has no stage "${stage}" (${known.length > 0 ? `its stages: ${known.join(', ')}` : 'it has no stages'}); synthesize the app again (npx projen synth)`,
  );
}

/** The folder an asset manifest's relative paths start from. */
export function manifestDir(manifestFile: string): string {
  return dirname(manifestFile);
}
