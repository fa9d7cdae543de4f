/**
 * The committed record of a generated repository's last synthesis (platform.record.json):
 * the planned platform (spec level) and the transition model's record of the synthesized
 * stacks (resource level). `npx projen build` writes it; `npx projen plan` compares a new
 * synthesis with it as committed.
 */
import { parseRecord, serializeRecord, type AssemblyRecord, type RecordOptions } from '../transition';
import type { PlannedPlatform } from './spec-diff';

export const RECORD_FILE = 'platform.record.json';

/** The version of this file's layout (the assembly inside has its own). */
export const RECORD_FILE_VERSION = 1;

/**
 * Assets (image tags, Lambda code) are left out: a new image is a rolling update of its
 * task definition, never a hazard, and its hash follows every edit of an app's code (and
 * any untracked file in its folder), which would make the committed record churn and
 * differ between a laptop and CI.
 */
export const RECORD_OPTIONS: RecordOptions = { assets: 'ignore' };

export interface PlatformRecord {
  readonly platform: PlannedPlatform;
  /** The top-level stacks (none when the platform has stages: they are in the stages' assemblies). */
  readonly assembly: AssemblyRecord;
  /** With stages: each stage's nested assembly (cdk.out/assembly-<stage>), by stage name, in deploy order. */
  readonly stages?: Readonly<Record<string, AssemblyRecord>>;
}

const HEADER = [
  `${RECORD_FILE}: the last synthesis of this platform, written by \`npx projen build\` (do not edit).`,
  'Commit it with the change that produced it, as CI requires. `npx projen plan` compares a new',
  'synthesis with this record as committed (at HEAD, or at the base branch of a pull request),',
  'and says what the deploy will change, and what would fail, stop or be lost.',
];

/** The file's text: the same bytes for the same platform and synthesis. */
export function formatRecordFile(record: PlatformRecord): string {
  const indent = (text: string) => text.trimEnd().split('\n').join('\n  ');
  return [
    '{',
    `  "//": ${indent(JSON.stringify(HEADER, null, 2))},`,
    `  "version": ${RECORD_FILE_VERSION},`,
    `  "platform": ${indent(JSON.stringify(record.platform, null, 2))},`,
    `  "assembly": ${indent(serializeRecord(record.assembly))}${record.stages ? ',' : ''}`,
    // Only with stages, so a platform without them records the same bytes as before.
    ...(record.stages
      ? [
          '  "stages": {',
          Object.entries(record.stages)
            .map(([name, a]) => `    ${JSON.stringify(name)}: ${serializeRecord(a).trimEnd().split('\n').join('\n    ')}`)
            .join(',\n'),
          '  }',
        ]
      : []),
    '}',
    '',
  ].join('\n');
}

/** Reads a record file; throws `<source>: ...` with what to do when it is not one. */
export function parseRecordFile(text: string, source: string): PlatformRecord {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${(e as Error).message}); restore it from git, or run \`npx projen build\` to record it again`);
  }
  if (data === null || typeof data !== 'object' || data.version !== RECORD_FILE_VERSION) {
    throw new Error(
      `${source}: not a platform record of version ${RECORD_FILE_VERSION} (version ${JSON.stringify(data?.version)}); run \`npx projen build\` to record it again`,
    );
  }
  const platform = data.platform as PlannedPlatform | undefined;
  if (!platform || typeof platform !== 'object' || !Array.isArray(platform.services) || platform.services.some((s) => typeof s?.name !== 'string')) {
    throw new Error(`${source}: "platform" must be the planned platform, with a list of named services; run \`npx projen build\` to record it again`);
  }
  const stages = data.stages;
  if (stages !== undefined && (stages === null || typeof stages !== 'object' || Array.isArray(stages))) {
    throw new Error(`${source}: "stages" must map stage names to recorded assemblies; run \`npx projen build\` to record it again`);
  }
  return {
    platform,
    assembly: parseRecord(JSON.stringify(data.assembly ?? null), source),
    ...(stages !== undefined
      ? {
          stages: Object.fromEntries(
            Object.entries(stages as object).map(([name, a]) => [name, parseRecord(JSON.stringify(a), `${source} (stage ${name})`)]),
          ),
        }
      : {}),
  };
}
