/**
 * The JSON Schema of the spec (draft 2020-12), made from the table of spec fields and the
 * patterns of the value rules: `npx projen spec:docs` writes it to
 * schema/fargate-connect.schema.json, and a test fails when the committed file differs.
 * Editors use it for completion and checks; the generator validates with normalizeSpec,
 * which also checks what a schema cannot say (the top-level description lists those).
 */
import { SPEC_TABLE, type Field, type FieldTable } from './fields';
import { PATTERN_SOURCES } from './rules';

type Schema = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const TITLE = 'fargate-connect spec';
const DESCRIPTION =
  "A platform of ECS Fargate services in private subnets, wired by ECS Service Connect. create-fargate-connect turns this file into a projen-managed AWS CDK repository. Rules the schema cannot express (unique service names, calls that name existing client-server services, unique publicPath values, the Fargate size limit of cpu + memory, every image, certificateArn, alarms.topicArn and secret ARN in one region (and in each stage's region and partition), unique stage names, stage services that name services of the spec, environment names that the platform sets, secret references in full, spot on a prod service that can run a single task) are checked by the generator, which reports every error with its path.";

/** The schema, as the object to serialize. */
export function specSchema(): Schema {
  const { type, additionalProperties, required, properties, ...rules } = objectSchema(SPEC_TABLE);
  const services = SPEC_TABLE.fields.find((f) => f.kind === 'services');
  return {
    $schema: DRAFT,
    title: TITLE,
    description: DESCRIPTION,
    type,
    additionalProperties,
    required,
    properties,
    ...rules,
    $defs: { service: objectSchema(services!.table) },
  };
}

/** The schema file's text: two-space indentation, a final newline. */
export function specSchemaText(): string {
  return `${JSON.stringify(specSchema(), null, 2)}\n`;
}

function objectSchema(table: FieldTable, description?: string): Schema {
  const required = table.fields.filter((f) => f.required !== undefined).map((f) => f.key);
  return {
    type: 'object',
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    ...(description !== undefined ? { description } : {}),
    properties: Object.fromEntries(table.fields.map((f) => [f.key, fieldSchema(f)])),
    ...table.schemaRules,
  };
}

/** One property: its type and limits, default, description and examples, in that order. */
function fieldSchema(f: Field): Schema {
  const described = { description: f.description, ...(f.examples !== undefined ? { examples: f.examples } : {}) };
  const schemaDefault = f.default ?? f.schemaDefault;
  const withDefault = schemaDefault !== undefined ? { default: schemaDefault } : {};
  switch (f.kind) {
    case 'string':
      return {
        type: 'string',
        ...defined({ minLength: f.minLength, maxLength: f.maxLength, pattern: f.pattern && PATTERN_SOURCES[f.pattern] }),
        ...withDefault,
        ...described,
      };
    case 'enum':
      return { type: 'string', enum: f.values, ...withDefault, ...described };
    case 'integer':
      return { type: 'integer', minimum: f.minimum, maximum: f.maximum, ...withDefault, ...described };
    case 'boolean':
      return { type: 'boolean', ...withDefault, ...described };
    case 'string-list':
      return {
        type: 'array',
        uniqueItems: true,
        ...defined({ maxItems: f.maxItems }),
        ...withDefault,
        items: { type: 'string', minLength: f.items.minLength, maxLength: f.items.maxLength, pattern: PATTERN_SOURCES[f.items.pattern] },
        ...described,
      };
    case 'string-map':
      return {
        type: 'object',
        maxProperties: f.maxProperties,
        propertyNames: { maxLength: f.names.maxLength, pattern: PATTERN_SOURCES[f.names.pattern] },
        additionalProperties: { type: 'string', ...defined({ maxLength: f.values.maxLength }), pattern: PATTERN_SOURCES[f.values.pattern] },
        ...described,
      };
    case 'mapping':
      return objectSchema(f.table, f.description);
    case 'services':
      return {
        type: 'array',
        minItems: f.minItems,
        maxItems: f.maxItems,
        description: f.description,
        items: { $ref: '#/$defs/service' },
        contains: f.contains,
      };
    case 'mapping-list':
      return { type: 'array', minItems: f.minItems, maxItems: f.maxItems, description: f.description, items: objectSchema(f.table) };
    case 'named-mappings':
      return {
        type: 'object',
        propertyNames: { maxLength: f.names.maxLength, pattern: PATTERN_SOURCES[f.names.pattern] },
        additionalProperties: objectSchema(f.table),
        ...described,
      };
  }
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
