import type { DataType } from './types/data-type';
import type { DslContext } from './errors';
import { dslError } from './errors';
import { dslCodeError } from './error-codes';

// The one place that escapes identifiers, literals and renders types: every emitter goes through here.

/** `name` as a Flink SQL identifier: backticks, with inner backticks doubled. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** A possibly dotted path (`catalog.db.table`), each part quoted. */
export function quotePath(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join('.');
}

/** `value` as a Flink SQL string literal: single quotes, with inner quotes doubled. */
export function quoteString(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/** A `'key' = 'value'` option line of a WITH clause or SET statement. */
export function option(key: string, value: string): string {
  return `${quoteString(key)} = ${quoteString(value)}`;
}

/** Flink SQL text of a data type, e.g. `DECIMAL(10, 2) NOT NULL`. */
export function renderType(type: DataType): string {
  const base = renderBaseType(type);
  return type.nullable ? base : `${base} NOT NULL`;
}

function renderBaseType(type: DataType): string {
  switch (type.kind) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'STRING':
    case 'BYTES':
    case 'DATE':
      return type.kind;
    case 'DECIMAL':
      return `DECIMAL(${type.precision}, ${type.scale})`;
    case 'VARCHAR':
    case 'CHAR':
      return `${type.kind}(${type.length})`;
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return `${type.kind}(${type.precision})`;
    case 'INTERVAL':
      return type.unit === 'DAY_TIME' ? 'INTERVAL DAY(2) TO SECOND(3)' : 'INTERVAL YEAR(2) TO MONTH';
    case 'ARRAY':
      return `ARRAY<${renderType(type.element)}>`;
    case 'MAP':
      return `MAP<${renderType(type.key)}, ${renderType(type.value)}>`;
    case 'ROW':
      return `ROW<${Object.entries(type.fields)
        .map(([name, field]) => `${quoteIdentifier(name)} ${renderType(field)}`)
        .join(', ')}>`;
    default:
      return unreachable(type);
  }
}

/** Exhaustiveness guard: a new kind without a case fails to compile here. */
export function unreachable(value: never): never {
  throw dslCodeError('DSL_INTERNAL', `unhandled node ${JSON.stringify(value)}`);
}

const UNITS: Record<string, string> = {
  ms: 'MILLISECOND', millisecond: 'MILLISECOND', milliseconds: 'MILLISECOND',
  s: 'SECOND', sec: 'SECOND', second: 'SECOND', seconds: 'SECOND',
  min: 'MINUTE', minute: 'MINUTE', minutes: 'MINUTE', m: 'MINUTE',
  h: 'HOUR', hour: 'HOUR', hours: 'HOUR',
  d: 'DAY', day: 'DAY', days: 'DAY',
};

/** A parsed duration such as `'5 min'`. */
export interface Duration {
  readonly amount: number;
  readonly unit: 'MILLISECOND' | 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY';
}

/** Parses `'5 s'`, `'1 min'`, `'2 hours'`, `'500 ms'`; `ctx` names the signal and field for the error message. */
export function parseDuration(text: string, ctx: DslContext, options: { readonly positive?: boolean } = {}): Duration {
  const match = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(String(text));
  const unit = match?.[2] === undefined ? undefined : UNITS[match[2].toLowerCase()];
  if (match?.[1] === undefined || unit === undefined) {
    throw dslError('DSL_INVALID_DURATION', ctx, `'${String(text)}' is not a duration; write e.g. '5 s', '1 min', '2 h', '500 ms'`);
  }
  const amount = Number(match[1]);
  // Found by the fuzz (issue 16): a 21-digit amount rendered as INTERVAL '1e+20' SECOND, and a 0 s window
  // compiled to SQL Flink refuses only at deploy time.
  if (!Number.isSafeInteger(amount)) throw dslError('DSL_INVALID_DURATION', ctx, `'${String(text)}' is too large a duration (at most ${Number.MAX_SAFE_INTEGER} of a unit)`);
  if (options.positive === true && amount === 0) throw dslError('DSL_INVALID_DURATION', ctx, `'${String(text)}' must be longer than zero`);
  return { amount, unit: unit as Duration['unit'] };
}

/** `INTERVAL '5' MINUTE`. Milliseconds become fractional seconds (Flink has no MILLISECOND interval literal). */
export function renderInterval(d: Duration): string {
  if (d.unit === 'MILLISECOND') {
    const seconds = (d.amount / 1000).toFixed(3);
    return `INTERVAL ${quoteString(seconds)} SECOND`;
  }
  return `INTERVAL ${quoteString(String(d.amount))} ${d.unit}`;
}

/** Duration in milliseconds, for comparisons and Flink's config values. */
export function durationMillis(d: Duration): number {
  const factor = { MILLISECOND: 1, SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 }[d.unit];
  return d.amount * factor;
}
