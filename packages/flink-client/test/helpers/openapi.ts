import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The facts-only extract of Flink's OpenAPI files kept in this package (made from Flink's generated
 * files by scripts/extract-openapi.js; see openapi/README.md).
 */
export const SPEC_ROOT = resolve(__dirname, '../../openapi');

export interface SpecParameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema?: SchemaObject;
}
export interface SchemaObject {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaObject>;
  additionalProperties?: SchemaObject | boolean;
  items?: SchemaObject;
  enum?: string[];
  pattern?: string;
}
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  parameters: SpecParameter[];
  requestBody?: { content: Record<string, { schema: SchemaObject }> };
}
export interface Spec {
  file: string;
  operations: Map<string, SpecOperation>;
  schemas: Record<string, SchemaObject>;
}

/** Loads one spec file of the extract (e.g. 'flink-2.1_2.2/rest_v1_dispatcher.json'). */
export function loadSpec(file: string): Spec {
  const full = join(SPEC_ROOT, file);
  if (!existsSync(full)) throw new Error(`OpenAPI extract ${file} not found under packages/flink-client/openapi`);
  const doc = JSON.parse(readFileSync(full, 'utf8')) as {
    paths: Record<string, Record<string, { operationId: string; parameters?: SpecParameter[]; requestBody?: SpecOperation['requestBody'] }>>;
    components?: { schemas?: Record<string, SchemaObject> };
  };
  const operations = new Map<string, SpecOperation>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      operations.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        ...(op.requestBody === undefined ? {} : { requestBody: op.requestBody }),
      });
    }
  }
  return { file, operations, schemas: doc.components?.schemas ?? {} };
}

/** Follows `$ref`s to the schema itself. */
export function resolveSchema(spec: Spec, schema: SchemaObject): SchemaObject {
  let current = schema;
  for (let i = 0; current.$ref !== undefined && i < 10; i++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const next = spec.schemas[name];
    if (next === undefined) throw new Error(`${spec.file}: unknown schema ${name}`);
    current = next;
  }
  return current;
}

/** Problems of a value against a schema (empty when it conforms). Checks names, types and enums. */
export function validateValue(spec: Spec, value: unknown, schema: SchemaObject, at: string): string[] {
  const s = resolveSchema(spec, schema);
  const problems: string[] = [];
  if (s.enum !== undefined && !s.enum.includes(String(value))) problems.push(`${at}: ${String(value)} is not one of ${s.enum.join('|')}`);
  switch (s.type) {
    case 'string':
      if (typeof value !== 'string') problems.push(`${at}: expected string`);
      else if (s.pattern !== undefined && !new RegExp(s.pattern).test(value)) problems.push(`${at}: ${value} does not match ${s.pattern}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${at}: expected boolean`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) problems.push(`${at}: expected integer`);
      break;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${at}: expected array`);
      else value.forEach((v, i) => problems.push(...validateValue(spec, v, s.items ?? {}, `${at}[${i}]`)));
      break;
    case 'object':
    case undefined:
      if (s.properties === undefined && s.additionalProperties === undefined) break;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(`${at}: expected object`);
        break;
      }
      for (const [key, inner] of Object.entries(value)) {
        const prop = s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        if (prop === undefined) problems.push(`${at}.${key}: not in the schema`);
        else problems.push(...validateValue(spec, inner, prop, `${at}.${key}`));
      }
      break;
    default:
      break;
  }
  return problems;
}

/** A regex matching concrete paths of a spec path template (`{x}` = one encoded segment). */
export function pathRegex(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
}
