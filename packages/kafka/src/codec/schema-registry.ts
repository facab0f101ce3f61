import type { AvroSchemaJson } from '@sluice/dsl';
import { kafkaError } from '../errors';

/**
 * Where a Confluent-compatible schema registry is: Confluent Schema Registry or Confluent Cloud
 * (`https://psrc-xxxx.region.provider.confluent.cloud`), Apicurio's ccompat API
 * (`http://host:8080/apis/ccompat/v7`), Karapace (`http://host:8081`). The password is never printed.
 */
export interface SchemaRegistryOptions {
  readonly url: string;
  /** Basic auth (Confluent Cloud: the API key and secret). */
  readonly username?: string;
  readonly password?: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

/** Compatibility levels of the Confluent API. */
export type CompatibilityLevel = 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

/** A subject's registered version. */
export interface SubjectVersion {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
}

/** The registry's verdict on a schema against a subject's latest version. */
export interface CompatibilityResult {
  readonly compatible: boolean;
  /** The registry's explanations (`verbose=true`), naming what breaks, e.g. the field. */
  readonly messages: readonly string[];
}

/** A small client of the Confluent-compatible REST API: what Avro records and `sluice plan` need. */
export interface SchemaRegistryClient {
  readonly url: string;
  /** Registers `schema` under `subject` (a no-op returning the same id when it is already there). */
  register(subject: string, schema: AvroSchemaJson): Promise<number>;
  /** The schema text of an id (cached: ids never change). */
  schemaById(id: number): Promise<string>;
  /** The latest version of a subject; undefined when the subject does not exist. */
  latest(subject: string): Promise<SubjectVersion | undefined>;
  /** Whether `schema` may follow the subject's latest version under the subject's compatibility level. */
  checkCompatibility(subject: string, schema: AvroSchemaJson): Promise<CompatibilityResult>;
  /** Sets the compatibility level of a subject. */
  setCompatibility(subject: string, level: CompatibilityLevel): Promise<void>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * A client of the registry at `options.url`.
 *
 * @example
 * ```ts
 * const registry = schemaRegistryClient({ url: 'http://127.0.0.1:8085/apis/ccompat/v7' })
 * const id = await registry.register('trades-value', avroSchemaOf(Trade.fields))
 * ```
 */
export function schemaRegistryClient(options: SchemaRegistryOptions): SchemaRegistryClient {
  const base = options.url.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: CONTENT_TYPE, 'content-type': CONTENT_TYPE };
  if (options.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
  const byId = new Map<number, Promise<string>>();

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, allow404 = false): Promise<unknown> {
    const url = `${base}${path}`;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? null : JSON.stringify(body), signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    } catch (error) {
      const cause = error instanceof Error ? ((error as Error & { cause?: unknown }).cause instanceof Error ? `${error.message}: ${((error as Error & { cause?: Error }).cause as Error).message}` : error.message) : String(error);
      throw kafkaError('KAFKA_SCHEMA_REGISTRY_UNREACHABLE', `schema registry ${base} is unreachable (${method} ${path}): ${cause}`, {
        details: { url: base, method, path },
        retriable: true,
        suggestion: 'check schemaRegistry.url (Apicurio: http://host:port/apis/ccompat/v7) and that the registry runs',
      });
    }
    const text = await response.text();
    if (response.status === 404 && allow404) return undefined;
    if (!response.ok) {
      // The registry's own message (no credentials are in it: they travel in a header).
      const message = (() => {
        try {
          const parsed = JSON.parse(text) as { message?: unknown };
          return typeof parsed.message === 'string' ? parsed.message : text;
        } catch {
          return text;
        }
      })();
      throw kafkaError('KAFKA_SCHEMA_REGISTRY', `schema registry ${base} answered HTTP ${response.status} to ${method} ${path}: ${message.slice(0, 500)}`, {
        details: { url: base, method, path, status: response.status },
        retriable: response.status >= 500,
        suggestion: response.status === 401 || response.status === 403 ? 'check the registry credentials (schemaRegistry.username / password)' : 'read the registry message above',
      });
    }
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  const enc = encodeURIComponent;
  const schemaText = (schema: AvroSchemaJson): string => (typeof schema === 'string' ? schema : JSON.stringify(schema));

  return {
    url: base,
    async register(subject, schema) {
      const answer = (await call('POST', `/subjects/${enc(subject)}/versions`, { schemaType: 'AVRO', schema: schemaText(schema) })) as { id: number };
      byId.set(answer.id, Promise.resolve(schemaText(schema)));
      return answer.id;
    },
    schemaById(id) {
      let known = byId.get(id);
      if (known === undefined) {
        known = call('GET', `/schemas/ids/${id}`).then((answer) => (answer as { schema: string }).schema);
        // A failed lookup is not cached: the next record asks again.
        known.catch(() => byId.delete(id));
        byId.set(id, known);
      }
      return known;
    },
    async latest(subject) {
      const answer = (await call('GET', `/subjects/${enc(subject)}/versions/latest`, undefined, true)) as SubjectVersion | undefined;
      return answer === undefined ? undefined : { subject, version: answer.version, id: answer.id, schema: answer.schema };
    },
    async checkCompatibility(subject, schema) {
      const answer = (await call('POST', `/compatibility/subjects/${enc(subject)}/versions/latest?verbose=true`, { schemaType: 'AVRO', schema: schemaText(schema) }, true)) as
        | { is_compatible?: boolean; messages?: unknown[] }
        | undefined;
      // No subject yet: anything is compatible with nothing.
      if (answer === undefined) return { compatible: true, messages: [] };
      return { compatible: answer.is_compatible === true, messages: (answer.messages ?? []).map((m) => (typeof m === 'string' ? m : JSON.stringify(m))) };
    },
    async setCompatibility(subject, level) {
      await call('PUT', `/config/${enc(subject)}`, { compatibility: level });
    },
  };
}
