/**
 * The spec's reference in words, made from the table of spec fields: the spec section of
 * `create-fargate-connect --help` (every key with an example value and a comment) and the
 * README's reference tables (written by `npx projen spec:docs` between markers).
 */
import { stringify } from 'yaml';
import { SPEC_TABLE, type Field, type FieldTable } from './fields';
import { STARTER_SERVICES } from './starter';

/** Where `--help` puts the comments, and how wide its lines may be. */
const COMMENT_COLUMN = 30;
const WIDTH = 80;

/** The spec section of `--help`: YAML with every key, an example value and what it is. */
export function specHelp(): string {
  const lines = [
    'The spec (schema: schema/fargate-connect.schema.json in this package), every key',
    'with an example value; only the keys marked required must be given:',
  ];
  for (const f of SPEC_TABLE.fields) {
    lines.push(...helpField(f, '  '));
    if (f.kind !== 'services') continue;
    // A second service, to show the list: the starter's back end.
    const [first, ...rest] = Object.entries(STARTER_SERVICES[1]).map(([k, v]) => `${k}: ${yamlValue(v)}`);
    lines.push(`    - ${first}`, ...rest.map((l) => `      ${l}`));
  }
  return lines.join('\n');
}

function helpField(f: Field, indent: string, firstIndent = indent): string[] {
  if (f.ignored) return [];
  const head = `${firstIndent}${f.key}:`;
  const comment = `${f.required !== undefined ? 'required; ' : ''}${f.summary}${defaultWords(f)}`;
  switch (f.kind) {
    case 'mapping':
      return [...commented(head, comment), ...f.table.fields.flatMap((sub) => helpField(sub, `${indent}  `))];
    case 'mapping-list':
    case 'services': {
      const [name, ...others] = f.table.fields;
      return [
        ...commented(head, comment),
        ...helpField(name, `${indent}    `, `${indent}  - `),
        ...others.flatMap((sub) => helpField(sub, `${indent}    `)),
      ];
    }
    default:
      return commented(`${head} ${helpExample(f)}`, comment);
  }
}

/** `text` and its `# comment` at the comment column (from the next line when `text` reaches it), wrapped. */
function commented(text: string, comment: string): string[] {
  const pad = ' '.repeat(COMMENT_COLUMN);
  const comments = wrap(comment, WIDTH - COMMENT_COLUMN - 2).map((l) => `# ${l}`);
  if (text.length >= COMMENT_COLUMN - 1) return [text, ...comments.map((l) => pad + l)];
  return [text.padEnd(COMMENT_COLUMN) + comments[0], ...comments.slice(1).map((l) => pad + l)];
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

function helpExample(f: Field): string {
  if (f.helpExample !== undefined) return f.helpExample;
  const value = f.examples?.[0] ?? f.default ?? f.schemaDefault;
  return value === undefined ? '' : yamlValue(value);
}

/** A value as YAML on one line: `[a, b]` for a list. */
function yamlValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(yamlValue).join(', ')}]`;
  return stringify(value).trimEnd();
}

/** `; default 2`, `; default: HTTP only`, or nothing (required, or no default). */
function defaultWords(f: Field): string {
  const said = defaultSaid(f);
  if (said === undefined) return '';
  return said.value ? `; default ${said.text}` : `; default: ${said.text}`;
}

/** The default: one value (YAML), or words; `undefined` when there is none. */
function defaultSaid(f: Field): { readonly value: boolean; readonly text: string } | undefined {
  if (f.default !== undefined) return { value: true, text: yamlValue(f.default) };
  if (f.defaultText === undefined) return undefined;
  // jsii's style: `- words` for a description, `"x"` for a value.
  if (f.defaultText.startsWith('- ')) return { value: false, text: f.defaultText.slice(2) };
  const quoted = /^"(.*)"$/.exec(f.defaultText)?.[1];
  return quoted !== undefined ? { value: true, text: quoted } : { value: false, text: f.defaultText };
}

// ---------------------------------------------------------------------------------------
// The README
// ---------------------------------------------------------------------------------------

export const README_BEGIN = '<!-- spec-reference: generated from src/spec/fields.ts by `npx projen spec:docs`; edit the table there -->';
export const README_END = '<!-- spec-reference: end -->';

/** The README's reference block, markers included: a table of the top-level keys and one of a service's. */
export function specReadme(): string {
  const services = SPEC_TABLE.fields.find((f) => f.kind === 'services')!;
  const stages = SPEC_TABLE.fields.find((f) => f.kind === 'mapping-list')!;
  return [
    README_BEGIN,
    ...readmeTable(SPEC_TABLE),
    '',
    'Each service (`services[]`):',
    '',
    ...readmeTable(services.table),
    '',
    'Each stage (`stages[]`):',
    '',
    ...readmeTable(stages.table),
    README_END,
  ].join('\n');
}

function readmeTable(table: FieldTable): string[] {
  const rows = table.fields.flatMap((f) => readmeRows(f, ''));
  return ['| key | type | default | |', '|---|---|---|---|', ...rows];
}

function readmeRows(f: Field, prefix: string): string[] {
  if (f.ignored) return [];
  const key = `${prefix}${f.key}`;
  const said = defaultSaid(f);
  const byDefault = said === undefined ? (f.required !== undefined ? 'required' : '-') : said.value ? `\`${said.text}\`` : said.text;
  const row = `| \`${key}\` | ${cell(typeWords(f))} | ${cell(byDefault)} | ${cell(f.summary)} |`;
  if (f.kind === 'mapping') return [row, ...f.table.fields.flatMap((sub) => readmeRows(sub, `${key}.`))];
  if (f.kind === 'named-mappings') return [row, ...f.table.fields.flatMap((sub) => readmeRows(sub, `${key}.<name>.`))];
  return [row];
}

function typeWords(f: Field): string {
  switch (f.kind) {
    case 'string':
      return 'string';
    case 'integer':
      return `integer, ${f.minimum}-${f.maximum}`;
    case 'boolean':
      return 'boolean';
    case 'enum':
      return f.values.map((v) => `\`${v}\``).join(' or ');
    case 'string-list':
      return 'list of strings';
    case 'string-map':
      return 'mapping of names to strings';
    case 'mapping':
      return 'mapping';
    case 'services':
      return `list of ${f.minItems}-${f.maxItems} services`;
    case 'mapping-list':
      return `list of ${f.minItems}-${f.maxItems} mappings`;
    case 'named-mappings':
      return 'mapping of service names to mappings';
  }
}

/** Text for a table cell: pipes escaped, and `<` outside code spans (GitHub would take `<name>` for HTML). */
function cell(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '\\<')))
    .join('`')
    .replace(/\|/g, '\\|');
}
