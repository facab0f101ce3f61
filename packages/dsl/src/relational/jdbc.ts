import type { DataType, Fields } from '../types/data-type';
import type { Schema } from '../schema';
import type { Expr } from '../expr/expr';
import type { Columns } from '../expr/row-proxy';
import { requireColumn } from '../expr/row-proxy';
import type { Duration } from '../dialect';
import { parseDuration } from '../dialect';
import { dslError } from '../errors';
import { withNullable } from '../expr/type-rules';
import type { ExprFields, Source } from './connectors';
import { buildColumns, checkName, fieldsOf } from './connectors';
import { durationText } from '../compiler/compile-ddl';
import { isSecretRef, secretPlaceholder, type SecretRef } from './secret-ref';

/** The lookup cache of a JDBC dimension table (`'lookup.cache' = 'PARTIAL'`). */
export interface JdbcLookupCache {
  /** `lookup.partial-cache.max-rows`: rows kept in each task's cache. */
  readonly maxRows: number;
  /** `lookup.partial-cache.expire-after-write`, e.g. `'10 min'`. */
  readonly expireAfterWrite?: string;
}

/** Options of a JDBC table used as a lookup (dimension) table. */
export interface JdbcSourceOptions<F extends Fields, C extends Record<string, Expr<DataType>>> {
  /** JDBC URL, e.g. `'jdbc:postgresql://db:5432/shop'`. Must not carry credentials (use `username`/`password`). */
  readonly url: string;
  /** `table-name` in the database; defaults to the source name. */
  readonly table?: string;
  readonly username?: string;
  /**
   * The database password, as a reference (`secret('env:PG_PASSWORD')`, `'env:PG_PASSWORD'` or
   * `'file:secrets/pg'`), never the password itself: the compiled script holds the placeholder
   * `${secret:env:PG_PASSWORD}`, which only deploy fills in, in what it sends to Flink.
   */
  readonly password?: SecretRef | `env:${string}` | `file:${string}`;
  /** The dimension's primary key: a lookup join must equate exactly these columns. */
  readonly primaryKey: readonly (keyof F & string)[];
  /** A partial cache of looked-up rows; none when omitted (every probe queries the database). */
  readonly cache?: JdbcLookupCache;
  /** `lookup.max-retries`: retries of a failed lookup query. */
  readonly maxRetries?: number;
  readonly computed?: (r: Columns<F>) => C;
}

function nonNegativeInt(name: string, field: string, value: number | undefined, min: number): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) throw dslError('DSL_INVALID_OPTION', { signal: name, field }, `${field} must be an integer >= ${min}, got ${String(value)}`);
  return String(value);
}

function jdbcSource<F extends Fields, C extends Record<string, Expr<DataType>>>(name: string, s: Schema<F>, options: JdbcSourceOptions<F, C>): Source<F & ExprFields<C>> {
  checkName(name, 'a source');
  if (typeof options?.url !== 'string' || !options.url.startsWith('jdbc:')) {
    // the URL is not echoed: it may carry credentials
    throw dslError('DSL_INVALID_OPTION', { signal: name, field: 'url' }, "a JDBC source needs a url starting with 'jdbc:'");
  }
  if (/\/\/[^/@]*@|[?&;]password=/i.test(options.url)) {
    throw dslError('DSL_INVALID_OPTION', { signal: name, field: 'url' }, 'the JDBC url must not carry credentials', 'pass username and password as options');
  }
  const columns = buildColumns(name, s.fields, undefined, options.computed as ((r: Columns<Fields>) => Record<string, Expr<DataType>>) | undefined);
  const primaryKey = [...(options.primaryKey ?? [])];
  if (primaryKey.length === 0) throw dslError('DSL_PRIMARY_KEY_REQUIRED', { signal: name, field: 'primaryKey' }, 'a JDBC lookup table needs a primaryKey');
  for (const k of primaryKey) requireColumn(s.fields, k, { signal: name }, 'primaryKey');
  const pk = new Set<string>(primaryKey);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    if (c !== undefined && pk.has(c.name)) columns[i] = { ...c, type: withNullable(c.type, false) };
  }
  const opts: Record<string, string> = { url: options.url, 'table-name': options.table ?? name };
  if (options.username !== undefined) opts['username'] = options.username;
  if (options.password !== undefined) {
    // The value is not echoed: a plain string here is most likely the password itself.
    if (!isSecretRef(options.password)) throw dslError('DSL_INVALID_OPTION', { signal: name, field: 'password' }, 'the JDBC password must be a secret reference, not a string', "write password: secret('env:PG_PASSWORD') (or 'env:NAME' / 'file:path'); deploy resolves it");
    opts['password'] = secretPlaceholder(options.password);
  }
  if (options.cache !== undefined) {
    opts['lookup.cache'] = 'PARTIAL';
    const maxRows = nonNegativeInt(name, 'cache.maxRows', options.cache.maxRows, 1);
    if (maxRows === undefined) throw dslError('DSL_INVALID_OPTION', { signal: name, field: 'cache.maxRows' }, 'a partial lookup cache needs maxRows');
    opts['lookup.partial-cache.max-rows'] = maxRows;
    if (options.cache.expireAfterWrite !== undefined) {
      const d: Duration = parseDuration(options.cache.expireAfterWrite, { signal: name, field: 'cache.expireAfterWrite' });
      opts['lookup.partial-cache.expire-after-write'] = durationText(d);
    }
  }
  const retries = nonNegativeInt(name, 'maxRetries', options.maxRetries, 0);
  if (retries !== undefined) opts['lookup.max-retries'] = retries;
  const source: Source<Fields> = {
    kind: 'Source',
    name,
    fields: fieldsOf(columns),
    columns: Object.freeze(columns),
    connector: 'jdbc',
    format: 'json',
    keyFields: [],
    primaryKey,
    options: Object.freeze(opts),
    properties: {},
    unbounded: false,
  };
  return Object.freeze(source) as Source<F & ExprFields<C>>;
}

/**
 * Flink's JDBC connector, as a dimension table for lookup joins ({@link Query.lookupJoin}).
 *
 * @example
 * ```ts
 * const customers = jdbc.source('customers_db', Customer, {
 *   url: 'jdbc:postgresql://db:5432/shop', table: 'customers', username: 'sluice', password: secret('env:PG_PASSWORD'),
 *   primaryKey: ['id'], cache: { maxRows: 10000, expireAfterWrite: '10 min' }, maxRetries: 3,
 * })
 * // CREATE TABLE `customers_db` (..., PRIMARY KEY (`id`) NOT ENFORCED) WITH (
 * //   'connector' = 'jdbc', 'url' = 'jdbc:postgresql://db:5432/shop', 'table-name' = 'customers',
 * //   'username' = 'sluice', 'password' = '${secret:env:PG_PASSWORD}', 'lookup.cache' = 'PARTIAL',
 * //   'lookup.partial-cache.max-rows' = '10000', 'lookup.partial-cache.expire-after-write' = '10 min',
 * //   'lookup.max-retries' = '3')
 * ```
 */
export const jdbc = Object.freeze({
  /** A JDBC table (lookup-capable, bounded when scanned). */
  source<F extends Fields, C extends Record<string, Expr<DataType>> = Record<never, Expr<DataType>>>(name: string, s: Schema<F>, options: JdbcSourceOptions<F, C>): Source<F & ExprFields<C>> {
    return jdbcSource(name, s, options);
  },
});
