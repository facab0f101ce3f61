/**
 * A secret given by reference, resolved only where it is used (at deploy time, by `@sluice/deploy`):
 * `env:NAME` reads an environment variable, `file:path` a file's contents (trimmed).
 */
export interface SecretRef {
  readonly kind: 'SecretRef';
  readonly ref: `env:${string}` | `file:${string}`;
}

// The text a secret stands as in compiled SQL. It holds no secret, so the script can be shown, stored
// and hashed as it is; deploy replaces it by the real value only in what it sends to Flink.
const PLACEHOLDER = /\$\{secret:([^}\s']+)\}/g;

/**
 * A secret reference for options that take one (a JDBC password).
 *
 * @example
 * ```ts
 * jdbc.source('customers', Customer, { url, username: 'app', password: secret('env:PG_PASSWORD'), primaryKey: ['id'] })
 * // compiles to 'password' = '${secret:env:PG_PASSWORD}'
 * ```
 */
export function secret(ref: `env:${string}` | `file:${string}`): SecretRef {
  return Object.freeze({ kind: 'SecretRef', ref });
}

/** True for a {@link SecretRef} or an `env:` / `file:` reference string. */
export function isSecretRef(value: unknown): value is SecretRef | `env:${string}` | `file:${string}` {
  if (typeof value === 'string') return /^(env:[^\s}']+|file:[^\s}']+)$/.test(value);
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'SecretRef' && isSecretRef((value as SecretRef).ref);
}

/**
 * The placeholder of a secret in compiled SQL: `${secret:<name>}`, where `name` is an `env:`/`file:`
 * reference or a name the deploy config defines (`kafka.sasl.jaas`).
 *
 * @example
 * ```ts
 * secretPlaceholder('env:PG_PASSWORD') // '${secret:env:PG_PASSWORD}'
 * ```
 */
export function secretPlaceholder(name: string | SecretRef): string {
  return `\${secret:${typeof name === 'string' ? name : name.ref}}`;
}

/**
 * The secret names a text refers to through placeholders, in order of first use.
 *
 * @example
 * ```ts
 * secretNames("'password' = '${secret:env:PG_PASSWORD}'") // ['env:PG_PASSWORD']
 * ```
 */
export function secretNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/**
 * Replaces every placeholder by `lookup(name)`; the value is escaped for a SQL string literal (the
 * placeholders only stand inside option values).
 *
 * @example
 * ```ts
 * fillSecrets(script.text, (name) => values[name])
 * ```
 */
export function fillSecrets(text: string, lookup: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => lookup(name).replace(/'/g, "''"));
}
