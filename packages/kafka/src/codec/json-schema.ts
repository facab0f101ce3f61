import type { DataType, Fields } from '@sluice/dsl';
import { unsupported } from './unsupported';

/** A JSON Schema (draft 2020-12) document as plain data. */
export type JsonSchemaDocument = { readonly [key: string]: JsonSchemaValue };
type JsonSchemaValue = string | number | boolean | null | readonly JsonSchemaValue[] | { readonly [key: string]: JsonSchemaValue };

const INT_RANGES = { TINYINT: [-128, 127], SMALLINT: [-32768, 32767], INT: [-2147483648, 2147483647] } as const;

function nonNull(type: DataType, path: string): Record<string, JsonSchemaValue> {
  switch (type.kind) {
    case 'BOOLEAN':
      return { type: 'boolean' };
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return { type: 'integer', minimum: INT_RANGES[type.kind][0], maximum: INT_RANGES[type.kind][1] };
    case 'BIGINT':
      // The int64 bounds are not exact as JSON doubles, so they are stated in the description only.
      return { type: 'integer', description: 'BIGINT: signed 64-bit integer' };
    case 'FLOAT':
    case 'DOUBLE':
      return { anyOf: [{ type: 'number' }, { enum: ['NaN', 'Infinity', '-Infinity'] }], description: type.kind };
    case 'DECIMAL':
      return { type: 'number', description: `DECIMAL(${type.precision}, ${type.scale})` };
    case 'STRING':
      return { type: 'string' };
    case 'VARCHAR':
    case 'CHAR':
      return { type: 'string', maxLength: type.length };
    case 'BYTES':
      return { type: 'string', contentEncoding: 'base64' };
    case 'DATE':
      return { type: 'string', format: 'date' };
    case 'TIME':
      return { type: 'string', pattern: '^\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$' };
    case 'TIMESTAMP':
      return { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$', description: `TIMESTAMP(${type.precision})` };
    case 'TIMESTAMP_LTZ':
      return { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$', description: `TIMESTAMP_LTZ(${type.precision}), UTC` };
    case 'ARRAY':
      return { type: 'array', items: typeSchema(type.element, `${path}[]`) };
    case 'MAP':
      return { type: 'object', additionalProperties: typeSchema(type.value, `${path}{}`) };
    case 'ROW':
      return objectSchema(type.fields, path);
    case 'INTERVAL':
      return unsupported(type, path);
  }
}

function typeSchema(type: DataType, path: string): JsonSchemaValue {
  const schema = nonNull(type, path);
  if (!type.nullable) return schema;
  return typeof schema['type'] === 'string' ? { ...schema, type: [schema['type'], 'null'] } : { anyOf: [schema, { type: 'null' }] };
}

function objectSchema(fields: Fields, path: string): Record<string, JsonSchemaValue> {
  const properties: Record<string, JsonSchemaValue> = {};
  for (const [name, type] of Object.entries(fields)) properties[name] = typeSchema(type, path === '' ? name : `${path}.${name}`);
  const required = Object.entries(fields).filter(([, type]) => !type.nullable).map(([name]) => name);
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

/**
 * The JSON Schema (draft 2020-12) of the records Flink's `json` format writes for `schema`: NOT NULL
 * columns are required, nullable ones accept `null`, unknown properties are allowed (Flink ignores them).
 *
 * @example
 * ```ts
 * jsonSchemaOf(schema({ id: t.bigint().notNull(), note: t.string() }), { title: 'orders' })
 * // => { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'orders', type: 'object',
 * //      properties: { id: { type: 'integer', ... }, note: { type: ['string', 'null'] } }, required: ['id'] }
 * ```
 */
export function jsonSchemaOf(schema: { readonly fields: Fields }, options: { readonly title?: string } = {}): JsonSchemaDocument {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.title === undefined ? {} : { title: options.title }),
    ...objectSchema(schema.fields, ''),
  };
}
