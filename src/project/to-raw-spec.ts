import { STARTER_SERVICES } from '../spec/starter';
import type { FargateConnectProjectOptions } from './options';

/**
 * Options as a raw spec document, so the project type goes through exactly the same
 * normalization and validation as a spec file. Options that only steer the project
 * (outdir, generatorDependency, infraSwitches, infraEjected) are left out, and so is `__new__`, which `projen new`
 * adds to the options it constructs the project with (see `projenNewMarker`); undefined
 * keys are dropped. Without services, the starter services (a `projen new` without any).
 */
export function toRawSpec(options: FargateConnectProjectOptions): Record<string, unknown> {
  const {
    outdir: _outdir,
    generatorDependency: _dep,
    infraSwitches: _switches,
    infraEjected: _ejected,
    services,
    __new__: projenNew,
    ...spec
  } = options as ProjenNewOptions;
  return dropUndefined({ ...spec, ...unmappedEnumFlags(spec, projenNew), services: services ?? STARTER_SERVICES });
}

/**
 * `projen new` maps an enum flag to a member by upper-casing it (`--profile dev` becomes
 * `Profile.DEV`), and a value that names no member becomes `undefined`, which would mean
 * the default. Such a value is taken as typed instead, so the spec rejects it with its
 * usual message (`profile: "staging" is not ...`) rather than silently using prod.
 */
function unmappedEnumFlags(spec: Record<string, unknown>, projenNew: unknown): Record<string, unknown> {
  const args = (projenNew as { args?: Record<string, unknown> } | undefined)?.args ?? {};
  return spec.profile === undefined && args.profile !== undefined ? { profile: args.profile } : {};
}

/** The options as `projen new` passes them: with its bootstrap record. */
type ProjenNewOptions = FargateConnectProjectOptions & { readonly __new__?: unknown };

/**
 * The record `projen new` adds to the options (`__new__`: the project type's fqn and the
 * command line's options), which projen's base class uses to run its project-creation
 * hooks; undefined when the project is constructed by a `.projenrc.ts` or the CLI.
 */
export function projenNewMarker(options: FargateConnectProjectOptions): unknown {
  return (options as ProjenNewOptions).__new__;
}

function dropUndefined(value: unknown): any {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, dropUndefined(v)]),
    );
  }
  return value;
}
