/**
 * Writes what the table of spec fields (src/spec/fields.ts) decides outside the running
 * code: the JSON Schema (schema/fargate-connect.schema.json), the jsii options of the
 * project type (src/project/options.ts: jsii needs a real source file) and the README's
 * spec reference (between its markers). test/spec/spec-docs.test.ts fails when a
 * committed file differs from what this writes.
 *
 *   npx projen spec:docs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { enumMember, enumMemberName, SPEC_TABLE, type Field, type FieldTable } from '../src/spec/fields';
import { README_BEGIN, README_END, specReadme } from '../src/spec/reference';
import { specSchemaText } from '../src/spec/schema';

const ROOT = join(__dirname, '..');
export const SCHEMA_FILE = join(ROOT, 'schema', 'fargate-connect.schema.json');
export const OPTIONS_FILE = join(ROOT, 'src', 'project', 'options.ts');
export const README_FILE = join(ROOT, 'README.md');

/** Doc comments are wrapped at this column. */
const WIDTH = 90;

/** Options of the project type that are not spec fields: where and how it is generated. */
const PROJECT_OPTIONS = [
  { key: 'outdir', doc: 'Where the project is synthesized.', default: '"."', type: 'string', flag: false },
  {
    key: 'generatorDependency',
    doc: 'How the repository depends on create-fargate-connect (an npm dependency spec such as\n`^1.2.0` or `file:/abs/create-fargate-connect-1.2.0.tgz`).',
    default: "- the spec already in package.json, else the running version's caret range",
    type: 'string',
    flag: true,
  },
  {
    key: 'infraSwitches',
    doc:
      'Behaviour changes of the infrastructure library that alter deployed stacks, by their\n' +
      'cdk.json context key (`@fargate-connect/infra:<name>`), each off unless turned on here;\n' +
      'written to cdk.json. A new repository lists every switch of the version that created it,\n' +
      'on; a later version\'s new switches stay off until you turn them on (README, "Upgrading";\n' +
      'the table: docs/INFRA.md). A key that is no switch of this version is an error.',
    default: '- none on (a new repository: every switch on)',
    type: '{ [key: string]: boolean }',
    flag: false,
  },
  {
    key: 'infraEjected',
    doc:
      "`npx projen eject-infra` sets it: the constructs are the repository's own code in\n" +
      '`src/infra`, no longer create-fargate-connect/infra; the task refuses to run again, and\n' +
      '`infraSwitches` may then name switches of your own.',
    default: 'false',
    type: 'boolean',
    flag: false,
  },
] as const;

const HEADER = `/**
 * The options of the projen project type: the spec, as jsii structs and enums.
 * Field names and meanings are those of the spec file (schema/fargate-connect.schema.json).
 *
 * Generated from the table of spec fields (src/spec/fields.ts) by \`npx projen spec:docs\`:
 * edit the table, not this file.
 */`;

/** The text of src/project/options.ts. */
export function optionsSource(): string {
  const enums = new Map<string, string>();
  const structs = new Map<string, string>();
  // A table reached twice (alarms, autoscaling) and an enum used twice (Profile) are written once.
  const visit = (table: FieldTable): void => {
    for (const f of table.fields)
      if (f.kind === 'mapping' || f.kind === 'services' || f.kind === 'mapping-list' || f.kind === 'named-mappings') visit(f.table);
    for (const f of table.fields) if (f.kind === 'enum' && !enums.has(f.enumType.name)) enums.set(f.enumType.name, enumSource(f));
    if (!structs.has(table.struct.name)) structs.set(table.struct.name, structSource(table, table === SPEC_TABLE));
  };
  visit(SPEC_TABLE);
  return [HEADER, ...enums.values(), ...structs.values()].join('\n\n') + '\n';
}

function enumSource(f: Extract<Field, { kind: 'enum' }>): string {
  const members = f.values.map((v) => `${doc([f.enumType.valueDocs[v]], '  ')}\n  ${enumMemberName(v)} = '${v}',`);
  return `${doc([f.enumType.doc], '')}\nexport enum ${f.enumType.name} {\n${members.join('\n')}\n}`;
}

function structSource(table: FieldTable, isProject: boolean): string {
  const properties = table.fields.flatMap((f) => (f.option === 'none' ? [] : [propertySource(f)]));
  let structDoc = [table.struct.doc];
  if (isProject) {
    const flags = [
      ...table.fields.filter((f) => f.option !== 'none' && isFlag(f)).map((f) => f.key),
      ...PROJECT_OPTIONS.filter((o) => o.flag).map((o) => o.key),
    ];
    structDoc = [
      table.struct.doc,
      '',
      ...wrap(
        `\`projen new --from create-fargate-connect@<spec>\` turns every option of a primitive or enum type into a flag (${flags.map((k) => `\`--${kebab(k)}\``).join(', ')}); ` +
          '`services` and `stages` are struct arrays, which projen cannot take from the command line: edit them in the generated `.projenrc.ts`.',
        WIDTH - 3,
      ),
    ];
    properties.push(...PROJECT_OPTIONS.map((o) => `${doc([...o.doc.split('\n'), `@default ${o.default}`], '  ')}\n  readonly ${o.key}?: ${o.type};`));
  }
  return `${doc(structDoc, '')}\nexport interface ${table.struct.name} {\n${properties.join('\n')}\n}`;
}

function propertySource(f: Field): string {
  const option = f.option as Exclude<Field['option'], 'none'>;
  const optional = f.required === undefined || option.optional === true;
  const byDefault = option.default ?? (f.required === undefined ? jsiiDefault(f) : undefined);
  const lines = [...option.doc.split('\n'), ...(byDefault !== undefined ? [`@default ${byDefault}`] : [])];
  return `${doc(lines, '  ')}\n  readonly ${f.key}${optional ? '?' : ''}: ${jsiiType(f)};`;
}

function jsiiType(f: Field): string {
  switch (f.kind) {
    case 'string':
      return 'string';
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return f.enumType.name;
    case 'string-list':
      return 'string[]';
    case 'string-map':
      return '{ [name: string]: string }';
    case 'mapping':
      return f.table.struct.name;
    case 'services':
    case 'mapping-list':
      return `${f.table.struct.name}[]`;
    case 'named-mappings':
      return `{ [name: string]: ${f.table.struct.name} }`;
  }
}

/** `@default` as jsii reads it: a TypeScript value (`"/"`, `Profile.PROD`), or `- words`. */
function jsiiDefault(f: Field): string | undefined {
  if (f.default === undefined) return f.defaultText;
  if (f.kind === 'enum') return enumMember(f, String(f.default));
  return JSON.stringify(f.default);
}

/** What `projen new` can take as a flag: a primitive or an enum. */
function isFlag(f: Field): boolean {
  return f.kind === 'string' || f.kind === 'integer' || f.kind === 'boolean' || f.kind === 'enum';
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A doc comment: one line when it fits and has no tag, else a block. */
function doc(lines: readonly string[], indent: string): string {
  const one = `${indent}/** ${lines[0]} */`;
  if (lines.length === 1 && one.length <= WIDTH + 10) return one;
  return [`${indent}/**`, ...lines.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** The README with its spec reference block made anew. */
export function readmeWithReference(readme: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no spec reference block (${README_BEGIN} ... ${README_END})`);
  return readme.slice(0, begin) + specReadme() + readme.slice(end + README_END.length);
}

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, specSchemaText());
  writeFileSync(OPTIONS_FILE, optionsSource());
  writeFileSync(README_FILE, readmeWithReference(readFileSync(README_FILE, 'utf-8')));
  process.stdout.write('wrote schema/fargate-connect.schema.json, src/project/options.ts, README.md (spec reference)\n');
}
