import { INFRA_SWITCHES, newRepositorySwitches } from '../infra/switches';

/**
 * The switches of the infrastructure library a repository's cdk.json gets: those its
 * `.projenrc.ts` lists (a new repository: every one this version has, on). A repository
 * whose `.projenrc.ts` lists none keeps the library's old behaviour; a key this version
 * does not know is an error, so a typo never leaves a switch silently off (unless the
 * infrastructure is ejected: then the switches are the owners' own).
 */
export function infraSwitchContext(
  given: { readonly [key: string]: boolean } | undefined,
  repository: { readonly creating: boolean; readonly ejected: boolean },
): Record<string, boolean> {
  if (given === undefined) return repository.creating ? newRepositorySwitches() : {};
  // Ejected: src/infra/switches.ts is the owners' code, its switches theirs to add.
  if (repository.ejected) return { ...given };
  const known = new Set(INFRA_SWITCHES.map((s) => s.key));
  const errors = Object.entries(given).flatMap(([key, value]) => [
    ...(known.has(key)
      ? []
      : [
          `infraSwitches: "${key}" is not a switch of this create-fargate-connect; its switches are ${[...known].map((k) => `"${k}"`).join(', ')} (docs/INFRA.md, "Switches")`,
        ]),
    ...(typeof value === 'boolean' ? [] : [`infraSwitches["${key}"]: ${JSON.stringify(value)} was given, expected true or false`]),
  ]);
  if (errors.length > 0) throw new Error(`The fargate-connect options in .projenrc.ts are invalid:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  return { ...given };
}
