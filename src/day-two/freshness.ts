/**
 * Whether cdk.out still is the synthesis of the current sources. `npx projen plan` reuses
 * it then instead of a synth of a minute; the build's record step refuses to record it
 * otherwise.
 *
 * Contents, not modification times, decide for the plan: `npx projen` rewrites every
 * generated file when it runs as root (projen then sees its read-only files as writable),
 * and a checkout touches whatever it writes, though neither changes what a synth makes.
 * Whoever synthesizes for the plan or the record leaves a stamp in cdk.out: a digest of
 * every input, and the manifest's time, so a later `cdk synth` by hand voids it.
 */
import { createHash } from 'node:crypto';

/** What a synth reads, relative to the repository: the CDK app and its inputs, and the spec. */
export const SYNTH_INPUTS: readonly string[] = ['src', '.projenrc.ts', 'stack-placement.json', 'cdk.json', 'package.json', 'package-lock.json'];

/** The stamp's file name, inside cdk.out. */
export const INPUTS_STAMP = 'fargate-connect.inputs.json';

export interface InputFile {
  /** Relative, with `/`. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

export interface InputsStamp {
  /** mtime of cdk.out/manifest.json when the stamp was written: any synth since rewrites it. */
  readonly manifestMtimeMs: number;
  /** Path -> digest of its content, sorted by path. */
  readonly inputs: Readonly<Record<string, string>>;
}

export function digestInputs(files: readonly InputFile[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    out[f.path] = createHash('sha256').update(f.content).digest('hex').slice(0, 16);
  }
  return out;
}

/**
 * Why cdk.out cannot be reused (`src/x.ts changed since cdk.out was synthesized`), or
 * undefined when the stamp vouches for it.
 */
export function staleReason(
  manifestMtimeMs: number | undefined,
  stamp: InputsStamp | undefined,
  inputs: Readonly<Record<string, string>>,
): string | undefined {
  if (manifestMtimeMs === undefined) return 'there is no cdk.out yet';
  if (stamp === undefined) return 'cdk.out was not synthesized by `npx projen build` or `npx projen plan`';
  if (stamp.manifestMtimeMs !== manifestMtimeMs) return 'cdk.out was synthesized again since its sources were noted';
  for (const path of Object.keys(inputs)) {
    if (stamp.inputs[path] === undefined) return `${path} was added since cdk.out was synthesized`;
    if (stamp.inputs[path] !== inputs[path]) return `${path} changed since cdk.out was synthesized`;
  }
  for (const path of Object.keys(stamp.inputs)) {
    if (inputs[path] === undefined) return `${path} was removed since cdk.out was synthesized`;
  }
  return undefined;
}

/** Reads a stamp's text; anything else than a stamp is no stamp. */
export function parseStamp(text: string | undefined): InputsStamp | undefined {
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as InputsStamp;
    return typeof s?.manifestMtimeMs === 'number' && s.inputs !== null && typeof s.inputs === 'object' ? s : undefined;
  } catch {
    return undefined;
  }
}

export interface InputTime {
  readonly path: string;
  readonly mtimeMs: number;
}

/**
 * For the record step, which runs right after the build's synth: the input written after
 * cdk.out (a synth that failed, or a record run by hand after an edit), if any. Same
 * instant counts as after: a coarse clock then asks for a synth, never records a stale one.
 */
export function writtenAfter(manifestMtimeMs: number | undefined, inputs: readonly InputTime[]): string | undefined {
  if (manifestMtimeMs === undefined) return 'there is no cdk.out yet';
  let newest: InputTime | undefined;
  for (const i of inputs) if (newest === undefined || i.mtimeMs > newest.mtimeMs) newest = i;
  return newest !== undefined && newest.mtimeMs >= manifestMtimeMs ? `${newest.path} changed after cdk.out was written` : undefined;
}
