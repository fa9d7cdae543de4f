import { enumMember, SERVICE_TABLE, SPEC_TABLE, STAGE_TABLE, type FieldTable } from '../spec/fields';
import { renderFrontDoorFile } from './render-files';

/**
 * One option as `.projenrc.ts` writes it: its key, and its value as JSON or as a member
 * of a jsii enum (`Profile.DEV`). Key and member are code made from the table of spec
 * fields (and a validated value), never user text; the value goes through `json`.
 */
interface OptionEntry {
  readonly optionKey: string;
  readonly value: unknown;
  readonly enumMember: string | undefined;
}

/**
 * The `.projenrc.ts` of a new repository, written by the front doors (the CLI and
 * `projen new`): the spec as the user wrote it (validated), in the table's key order, and
 * only the keys the user gave, so a default left implicit stays implicit (e.g.
 * desiredCount follows the profile). Then the library's switches the repository is
 * created with (every one, on), which are project options, not spec fields.
 */
export function renderProjenrc(raw: Record<string, unknown>, infraSwitches: Readonly<Record<string, boolean>>): string {
  const options = entries(SPEC_TABLE, raw);
  const services = (Array.isArray(raw.services) ? (raw.services as Record<string, unknown>[]) : []).map((s) => entries(SERVICE_TABLE, s));
  // Written like the services, so that a stage's profile is the enum member the option's type asks for.
  const stages = (Array.isArray(raw.stages) ? (raw.stages as Record<string, unknown>[]) : []).map((s) => entries(STAGE_TABLE, s));
  const enums = new Set(
    [...options, ...services.flat(), ...stages.flat()].flatMap((e) => (e.enumMember !== undefined ? [e.enumMember.split('.')[0]] : [])),
  );
  const projenrcImports = ['FargateConnectProject', ...[...enums].sort()].join(', ');
  const switches = Object.entries(infraSwitches).map(([key, on]) => ({ key, on }));
  return renderFrontDoorFile('.projenrc.ts', { projenrcImports, options, services, stages, switches });
}

/**
 * The options of one mapping: every required key, and each other key whose value is not
 * empty (false, 0, "" and [] are the defaults or invalid: left out); `$schema` and the
 * services and stages (written apart) are not options.
 */
function entries(table: FieldTable, raw: Record<string, unknown>): OptionEntry[] {
  return table.fields.flatMap((f) => {
    const value = raw[f.key];
    if (f.option === 'none' || f.kind === 'services' || f.kind === 'mapping-list') return [];
    if (f.required === undefined && (Array.isArray(value) ? value.length === 0 : !value)) return [];
    return [{ optionKey: f.key, value, enumMember: f.kind === 'enum' ? enumMember(f, String(value)) : undefined }];
  });
}
