/**
 * Where a stage's stacks are in the cloud assembly and how the CDK CLI selects them. The
 * CDK app builds one `Stage` per spec stage, a direct child of the App whose construct id
 * is the stage's name; aws-cdk-lib names a Stage's nested assembly `assembly-<node path
 * with "/" as "-">` (Stage#artifactId) and writes it to `<outdir>/<that id>/`, and the
 * CLI matches a stage's stacks by their hierarchical id `<stage>/<stack id>`.
 */

/** The nested assembly's artifact id, which is also its folder under cdk.out. */
export function stageAssemblyId(stage: string): string {
  return `assembly-${stage}`;
}

/** The `cdk deploy` / `cdk diff` pattern that selects every stack of a stage, and only those. */
export function stageStackPattern(stage: string): string {
  return `${stage}/*`;
}

/** Where the deploy of a stage writes its stack outputs (`cdk deploy --outputs-file`), which its smoke test reads. */
export function stageOutputsFile(stage: string): string {
  return `cdk-outputs-${stage}.json`;
}
