import * as avro from 'avsc';
import { secretPlaceholder, type AvroRecordSchema } from '@sluice/dsl';
import { schemaRegistryClient, type CompatibilityLevel, type SchemaRegistryClient } from '@sluice/kafka';
import type { ResolvedConfig } from '../config/config-types';
import { deployError } from '../error-codes';
import type { CompiledSignal } from '../project/compile-project';

/** The name of the registry's basic-auth secret in compiled SQL (`${secret:schema-registry.user-info}`). */
export const REGISTRY_SECRET_NAME = 'schema-registry.user-info';

/** What a resolved config's registry gives Flink's avro-confluent tables: the URL, basic auth as a placeholder. */
export function registryCompileOption(config: Pick<ResolvedConfig, 'schemaRegistry'>): { readonly url: string; readonly userInfo?: string } | undefined {
  const registry = config.schemaRegistry;
  if (registry === undefined) return undefined;
  return { url: registry.url, ...(registry.username === undefined ? {} : { userInfo: secretPlaceholder(REGISTRY_SECRET_NAME) }) };
}

/** The real value of the registry's placeholder (`user:password`), for what is sent to Flink. */
export function registrySecretValues(config: Pick<ResolvedConfig, 'schemaRegistry'>): Record<string, string> {
  const registry = config.schemaRegistry;
  return registry?.username === undefined ? {} : { [REGISTRY_SECRET_NAME]: `${registry.username}:${registry.password ?? ''}` };
}

/** What deploy would do with one registry subject. */
export interface SchemaChange {
  /** `register`: a new subject; `evolve`: a new, compatible version; `unchanged`: the latest version is this schema. */
  readonly action: 'register' | 'evolve' | 'unchanged';
  readonly subject: string;
  readonly topic: string;
  readonly compatibility: CompatibilityLevel;
  /** The latest registered version, when there is one. */
  readonly currentVersion?: number;
  /** For `evolve`: the fields that change, e.g. `added qty (default null)`. */
  readonly changes: readonly string[];
  /** @internal The schema to register. */
  readonly schema: AvroRecordSchema;
}

type Field = { readonly name: string; readonly type: unknown; readonly default?: unknown };

function fieldsOf(schema: unknown): Field[] {
  return typeof schema === 'object' && schema !== null && Array.isArray((schema as { fields?: unknown }).fields) ? ((schema as { fields: Field[] }).fields) : [];
}

function readable(reader: unknown, writer: unknown): boolean {
  try {
    avro.Type.forSchema(reader as avro.Schema).createResolver(avro.Type.forSchema(writer as avro.Schema));
    return true;
  } catch {
    return false;
  }
}

const typeText = (type: unknown): string => JSON.stringify(type);

/**
 * Why `reader` cannot read what `writer` wrote, one line per field (Avro's resolution rules: a field the
 * reader adds needs a default, a field in both needs a type the writer's promotes to).
 */
function unreadableFields(reader: unknown, writer: unknown): string[] {
  const writerFields = new Map(fieldsOf(writer).map((f) => [f.name, f]));
  const problems: string[] = [];
  for (const field of fieldsOf(reader)) {
    const old = writerFields.get(field.name);
    if (old === undefined) {
      if (!('default' in field)) problems.push(`field '${field.name}' is new and has no default (make it nullable)`);
    } else if (!readable(field.type, old.type)) {
      problems.push(`field '${field.name}' changes type from ${typeText(old.type)} to ${typeText(field.type)}`);
    }
  }
  if (problems.length === 0 && !readable(reader, writer)) problems.push('the record cannot be resolved (name or structure changed)');
  return problems;
}

/** The fields that make `next` incompatible with `latest` under `level` (empty: compatible). */
export function incompatibleFields(level: CompatibilityLevel, latest: unknown, next: unknown): string[] {
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const problems: string[] = [];
  if (backward) problems.push(...unreadableFields(next, latest).map((p) => `${p} (new readers cannot read old records)`));
  if (forward) problems.push(...unreadableFields(latest, next).map((p) => `${p} (old readers cannot read new records)`));
  return problems;
}

function describeChanges(latest: unknown, next: unknown): string[] {
  const before = new Map(fieldsOf(latest).map((f) => [f.name, f]));
  const after = new Map(fieldsOf(next).map((f) => [f.name, f]));
  const changes: string[] = [];
  for (const [name, field] of after) {
    const old = before.get(name);
    if (old === undefined) changes.push(`added ${name} ${typeText(field.type)}${'default' in field ? ` (default ${JSON.stringify(field.default)})` : ''}`);
    else if (typeText(old.type) !== typeText(field.type)) changes.push(`changed ${name} ${typeText(old.type)} -> ${typeText(field.type)}`);
  }
  for (const name of before.keys()) if (!after.has(name)) changes.push(`removed ${name}`);
  return changes;
}

/** A client of the config's registry. */
export function registryOf(config: Pick<ResolvedConfig, 'schemaRegistry'>): SchemaRegistryClient | undefined {
  const registry = config.schemaRegistry;
  if (registry === undefined) return undefined;
  return schemaRegistryClient({ url: registry.url, ...(registry.username === undefined ? {} : { username: registry.username, password: registry.password ?? '' }) });
}

/**
 * The registry subjects of the compiled signals' avro-confluent topics, each compared with its latest
 * version under the configured compatibility level (the registry's verdict is asked too, where the
 * subject has a level of its own).
 *
 * @throws SluiceError `DEPLOY_SCHEMA_INCOMPATIBLE` naming the subject and the fields that break it
 * @throws SluiceError `DEPLOY_CONFIG_INVALID` when a signal uses Avro and the config names no registry
 * @example
 * ```ts
 * const changes = await planSchemas(config, compileProject(project))
 * // [{ action: 'evolve', subject: 'trades-value', changes: ['added venue ["null","string"] (default null)'], ... }]
 * ```
 */
export async function planSchemas(config: Pick<ResolvedConfig, 'schemaRegistry' | 'secrets'>, compiled: readonly CompiledSignal[]): Promise<SchemaChange[]> {
  const wanted = new Map<string, { topic: string; schema: AvroRecordSchema }>();
  for (const c of compiled) for (const s of c.script.schemas) if (s.avro !== undefined) wanted.set(s.avro.subject, { topic: s.topic, schema: s.avro.schema });
  if (wanted.size === 0) return [];
  const registry = registryOf(config);
  if (registry === undefined || config.schemaRegistry === undefined) {
    throw deployError('DEPLOY_CONFIG_INVALID', `topics ${[...wanted.values()].map((w) => w.topic).join(', ')} use format avro-confluent, but the config names no schema registry`, {
      suggestion: "set schemaRegistry: { url: 'http://127.0.0.1:8085/apis/ccompat/v7' } in sluice.config (per environment if it differs)",
    });
  }
  const level = config.schemaRegistry.compatibility;
  const changes: SchemaChange[] = [];
  for (const [subject, { topic, schema }] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
    const latest = await registry.latest(subject);
    if (latest === undefined) {
      changes.push({ action: 'register', subject, topic, compatibility: level, changes: [], schema });
      continue;
    }
    const current = JSON.parse(latest.schema) as unknown;
    const diff = describeChanges(current, schema);
    if (diff.length === 0 && readable(schema, current) && readable(current, schema)) {
      changes.push({ action: 'unchanged', subject, topic, compatibility: level, currentVersion: latest.version, changes: [], schema });
      continue;
    }
    const problems = level === 'NONE' ? [] : incompatibleFields(level, current, schema);
    const verdict = await registry.checkCompatibility(subject, schema);
    if (problems.length === 0 && !verdict.compatible) problems.push(...(verdict.messages.length > 0 ? verdict.messages : ['the registry refuses it under the subject\'s own compatibility level']));
    if (problems.length > 0) {
      throw deployError('DEPLOY_SCHEMA_INCOMPATIBLE', config.secrets.mask(`the schema of topic '${topic}' (subject ${subject}, version ${latest.version}) cannot change under ${level}: ${problems.join('; ')}`), {
        details: { subject, topic, compatibility: level, currentVersion: latest.version, problems, changes: diff },
        suggestion: 'make added fields nullable (they get a null default) and keep the types of existing fields, or write to a new topic',
      });
    }
    changes.push({ action: 'evolve', subject, topic, compatibility: level, currentVersion: latest.version, changes: diff, schema });
  }
  return changes;
}

/** Registers the planned subjects (their compatibility level first), before the jobs that write them start. */
export async function applySchemas(config: Pick<ResolvedConfig, 'schemaRegistry'>, changes: readonly SchemaChange[]): Promise<{ subject: string; id: number }[]> {
  const registry = registryOf(config);
  if (registry === undefined) return [];
  const registered: { subject: string; id: number }[] = [];
  for (const change of changes) {
    if (change.action === 'unchanged') continue;
    await registry.setCompatibility(change.subject, change.compatibility);
    registered.push({ subject: change.subject, id: await registry.register(change.subject, change.schema) });
  }
  return registered;
}
