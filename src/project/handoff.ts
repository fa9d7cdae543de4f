import type { Plan } from '../plan';
import type { Spec } from '../spec/types';

/** A spec the generator has already normalized and planned: what the project type renders. */
export interface PlannedSpec {
  readonly spec: Spec;
  readonly plan: Plan;
}

/**
 * The generator's way into the project type. jsii sees only the public options struct
 * (`.projenrc.ts` and `projen new` pass the spec in it, and the project normalizes and
 * plans it); `generate()` has done both already, so it hands its plan over beside the
 * options, keyed by the options object, and the constructor takes it back once.
 */
const handoffs = new WeakMap<object, PlannedSpec>();

export function handOver(options: object, planned: PlannedSpec): void {
  handoffs.set(options, planned);
}

export function takeOver(options: object): PlannedSpec | undefined {
  const planned = handoffs.get(options);
  handoffs.delete(options);
  return planned;
}
