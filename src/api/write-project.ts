import type { GenerateOptions } from './generate';
import { generateInto, readOptions } from './generate';
import { existingInfraSwitches } from './existing-switches';
import { existingPlacement } from './existing-placement';
import { REAL_FILE_OPS } from './file-ops';
import { checkTargetArgument } from './target';
import { readWriteOptions, writeGeneratedWith, type WriteOptions, type WriteProjectResult } from './write-generated';

export { checkTarget } from './target';
export { writeGenerated, type GeneratedProject, type WriteOptions, type WriteProjectResult } from './write-generated';

export interface WriteProjectOptions extends GenerateOptions, WriteOptions {}

/**
 * Generates the repository for `input` and writes it to `dir`; see `writeGenerated`.
 * Errors come back as data.
 */
export function writeProject(dir: string, input: unknown, options?: WriteProjectOptions): WriteProjectResult {
  const targetError = checkTargetArgument(dir);
  if (targetError) return { ok: false, errors: [targetError] };
  const opts = readOptions(options);
  if (!opts.ok) return opts;
  const write = readWriteOptions(options);
  if (!write.ok) return write;
  // Into an existing repository: every service stays in its stack (a given placement wins).
  const previous = opts.placement ? { ok: true as const, placement: opts.placement } : existingPlacement(dir);
  if (!previous.ok) return { ok: false, errors: previous.errors };
  const generated = generateInto(
    input,
    { generatorDependency: opts.generatorDependency, ...(previous.placement ? { placement: previous.placement } : {}) },
    existingInfraSwitches(dir),
  );
  if (!generated.ok) return generated;
  return writeGeneratedWith(dir, generated, write.options, REAL_FILE_OPS);
}
