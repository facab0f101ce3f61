import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { REDACTED } from '@sluice/errors';
import type { SecretMask } from './config-types';
import { deployError } from '../error-codes';

// Every secret resolved in this process, so that text produced outside a project's reach (an
// error printed by the CLI entry point) can be masked too.
const RESOLVED = new Set<string>();

/**
 * Masks every secret value resolved so far in this process (by any config).
 *
 * @example
 * ```ts
 * console.error(maskResolvedSecrets(error.message))
 * ```
 */
export function maskResolvedSecrets(text: string): string {
  let out = text;
  for (const value of [...RESOLVED].sort((a, b) => b.length - a.length)) out = out.split(value).join(REDACTED);
  return out;
}

/** Collects resolved secret values and masks them in text. */
export class SecretStore implements SecretMask {
  private readonly values = new Set<string>();

  get size(): number {
    return this.values.size;
  }

  add(value: string): void {
    // Very short values would mask ordinary words; refuse to treat them as maskable secrets.
    if (value.length < 3) return;
    this.values.add(value);
    RESOLVED.add(value);
  }

  mask(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is replaced whole.
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(value).join(REDACTED);
    return out;
  }
}

/**
 * Resolves `env:NAME` and `file:path` references; other strings are returned as they are. A resolved
 * value is added to `store` so it is masked everywhere.
 *
 * @example
 * ```ts
 * resolveSecret('env:KAFKA_PASSWORD', 'kafka.sasl.password', { root, env: process.env, store })
 * ```
 */
export function resolveSecret(value: string, key: string, ctx: { root: string; env: NodeJS.ProcessEnv; store: SecretStore }): string {
  if (value.startsWith('env:')) {
    const name = value.slice(4);
    const resolved = ctx.env[name];
    if (resolved === undefined || resolved === '') {
      throw deployError('DEPLOY_CONFIG_INVALID', `environment variable ${name} is not set (${key} refers to it)`, { details: { key, reference: value }, suggestion: `set the environment variable ${name} before running sluice, or change ${key}` });
    }
    ctx.store.add(resolved);
    return resolved;
  }
  if (value.startsWith('file:')) {
    const path = value.slice(5);
    const file = isAbsolute(path) ? path : join(ctx.root, path);
    let resolved: string;
    try {
      resolved = readFileSync(file, 'utf8').trim();
    } catch (cause) {
      throw deployError('DEPLOY_CONFIG_INVALID', `cannot read the secret file ${path} (${key} refers to it)`, { cause, details: { key, reference: value }, suggestion: `create ${path} or change ${key}` });
    }
    ctx.store.add(resolved);
    return resolved;
  }
  return value;
}
