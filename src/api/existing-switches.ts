import { readFileSync } from 'fs';
import { join } from 'path';
import { INFRA_SWITCHES } from '../infra/switches';

/**
 * The infrastructure library's switches a repository already has, as its cdk.json holds
 * them (projen writes them there from the switches its `.projenrc.ts` lists), so that
 * writing into it (`--force`) keeps its infrastructure's behaviour: the `.projenrc.ts` is
 * the user's and is kept, and the next `npx projen` would put its switches back anyway.
 * Undefined for a target without a readable cdk.json: a new repository gets every switch.
 */
export function existingInfraSwitches(dir: string): Record<string, boolean> | undefined {
  let context: unknown;
  try {
    context = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf-8')).context;
  } catch {
    return undefined;
  }
  if (typeof context !== 'object' || context === null) return {};
  const switches: Record<string, boolean> = {};
  for (const { key } of INFRA_SWITCHES) {
    const value = (context as Record<string, unknown>)[key];
    if (typeof value === 'boolean') switches[key] = value;
  }
  return switches;
}
