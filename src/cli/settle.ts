/**
 * The last checks before anything is written, shared by the front doors of the CLI: a
 * normalized spec is placed in its target (the target writable, the stacks an existing
 * repository's services are deployed in) and planned, once. The prompts settle before
 * their summary, so what the summary shows is the plan the files are made from.
 */
import { resolve } from 'path';
import { checkTarget } from '../api';
import { existingPlacement } from '../api/existing-placement';
import type { Failure } from '../api/generate';
import { planSpec, type NormalizedInput, type PlannedInput } from '../api/pass';

/** A spec planned for its target. */
export interface Settled {
  readonly ok: true;
  readonly planned: PlannedInput;
  /** The target as the user typed it, and resolved. */
  readonly shown: string;
  readonly dir: string;
}

export function settleTarget(input: NormalizedInput, shown: string, cwd: string, force: boolean): Settled | Failure {
  const dir = resolve(cwd, shown);
  const targetError = checkTarget(dir, force, shown);
  if (targetError) return { ok: false, errors: [targetError] };
  // Writing into a repository keeps every service in the stack it is deployed in.
  const previous = existingPlacement(dir);
  if (!previous.ok) return previous;
  const planned = planSpec(input, previous.placement);
  return planned.ok ? { ok: true, planned, shown, dir } : planned;
}
