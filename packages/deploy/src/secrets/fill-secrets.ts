import { fillSecrets, secretNames } from '@sluice/dsl';
import type { ResolvedConfig } from '../config/config-types';
import { SecretStore, resolveSecret } from '../config/secrets';
import { deployError } from '../error-codes';
import { kafkaSecurity } from './kafka-security';
import { registrySecretValues } from '../plan/schema-plan';

/**
 * The real value of every secret placeholder the texts name: the config's own (`kafka.sasl.jaas`, ...)
 * or an `env:` / `file:` reference (a JDBC password), resolved now. Resolved values are masked like
 * every other secret of the process.
 *
 * @throws SluiceError `DEPLOY_CONFIG_INVALID` for a name the config does not define or a reference that does not resolve
 * @example
 * ```ts
 * const values = secretValues(config, statements.map((s) => s.sql)) // { 'kafka.sasl.jaas': '...' }
 * ```
 */
export function secretValues(config: Pick<ResolvedConfig, 'kafka' | 'root'> & Partial<Pick<ResolvedConfig, 'schemaRegistry'>>, texts: readonly string[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const own: Record<string, string> = { ...kafkaSecurity(config.kafka).values, ...registrySecretValues(config) };
  const store = new SecretStore();
  const out: Record<string, string> = {};
  for (const name of secretNames(texts.join('\n'))) {
    const value = own[name] ?? (/^(env|file):/.test(name) ? resolveSecret(name, `secret ${name}`, { root: config.root, env, store }) : undefined);
    if (value === undefined) {
      throw deployError('DEPLOY_CONFIG_INVALID', `the script refers to the secret '${name}', which the config does not define`, { details: { secret: name }, suggestion: name.startsWith('kafka.') ? 'set kafka.sasl / kafka.tls in sluice.config for this environment' : "use an 'env:NAME' or 'file:path' reference" });
    }
    out[name] = value;
  }
  return out;
}

/**
 * Statements with every placeholder replaced by its real value: only for what is sent to Flink.
 *
 * @example
 * ```ts
 * await gateway.run(withSecrets(config, compiled.script.statements))
 * ```
 */
export function withSecrets<S extends { readonly sql: string }>(config: Pick<ResolvedConfig, 'kafka' | 'root'> & Partial<Pick<ResolvedConfig, 'schemaRegistry'>>, statements: readonly S[]): S[] {
  const values = secretValues(config, statements.map((s) => s.sql));
  if (Object.keys(values).length === 0) return [...statements];
  return statements.map((s) => ({ ...s, sql: fillSecrets(s.sql, (name) => values[name] ?? '') }));
}
