import type { BooleanType, DataType, Fields } from '../types/data-type';
import type { ExprNode } from '../ast/expr-node';
import { node } from '../ast/expr-node';
import { dslError } from '../errors';
import type { Expr } from '../expr/expr';
import { isExpr } from '../expr/expr';
import type { Columns } from '../expr/row-proxy';
import { requireColumn } from '../expr/row-proxy';
import { isNumeric, isStringLike, isTimestamp, plain, withNullable } from '../expr/type-rules';
import type { Callback, Query } from './query';
import { call } from './query-parts';
import type { JoinRight } from './combine';
import { JoinedQuery } from './combine';

/** Join types of a lookup join. */
export type LookupJoinType = 'inner' | 'left';

/** Options of a lookup join against a lookup-capable source (e.g. {@link jdbc}). */
export interface LookupJoinOptions<L extends Fields, R extends Fields> {
  /** Equalities between probe columns and exactly the dimension's primary key columns (more conditions may be ANDed). */
  readonly on: Callback<[l: Columns<L>, r: Columns<R>], Expr<BooleanType>>;
  /** The probe side's processing-time attribute (a `proctime()` computed column). */
  readonly proctime: keyof L & string;
  /** `left` keeps probe rows without a match; the dimension's columns become nullable. */
  readonly type?: LookupJoinType;
}

/** Connectors whose tables Flink can look up by key. */
const LOOKUP_CONNECTORS: readonly string[] = ['jdbc'];

function isProctime(type: DataType): boolean {
  return isTimestamp(type) && (type as { proctime?: boolean }).proctime === true;
}

/** The `l.x = r.y` conjuncts of a condition, as `[left column, right column]`. */
function keyPairs(e: ExprNode, out: [string, string][]): [string, string][] {
  if (e.kind === 'Binary' && e.op === 'AND') {
    keyPairs(e.left, out);
    return keyPairs(e.right, out);
  }
  if (e.kind === 'Binary' && e.op === '=' && e.left.kind === 'Column' && e.right.kind === 'Column') {
    if (e.left.qualifier === 'l' && e.right.qualifier === 'r') out.push([e.left.name, e.right.name]);
    else if (e.left.qualifier === 'r' && e.right.qualifier === 'l') out.push([e.right.name, e.left.name]);
  }
  return out;
}

/**
 * Key types Flink can look up with: it widens INT to BIGINT on the probe side, but a cast on the
 * dimension's key (BIGINT = DECIMAL) leaves no equality on its fields ("Temporal table join requires an
 * equality condition on fields of table ...").
 */
function family(type: DataType): string {
  if (isNumeric(type)) return type.kind === 'DECIMAL' || type.kind === 'FLOAT' || type.kind === 'DOUBLE' ? 'fractional' : 'integer';
  if (isStringLike(type)) return 'string';
  return type.kind;
}

function nullable<F extends Fields>(q: Query<F>): Query<F> {
  const fields = Object.fromEntries(Object.entries(q.fields).map(([k, v]) => [k, withNullable(plain(v), true)]));
  return q.derive<F>({ ...q.state, fields: Object.freeze(fields) });
}

/**
 * @internal `JOIN dim FOR SYSTEM_TIME AS OF l.proctime AS r ON l.k = r.pk`: each probe row looks the
 * dimension up by primary key when it arrives (Flink's `LookupJoin`); append-only output.
 */
export function lookupJoin<L extends Fields, R extends Fields, J extends LookupJoinType>(left: Query<L>, right: Query<R>, options: LookupJoinOptions<L, R> & { readonly type?: J }): JoinedQuery<L, JoinRight<R, J> & Fields> {
  const ctx = left.state.ctx;
  const rel = right.state.rel;
  const dim = rel.kind === 'Scan' ? rel.source : undefined;
  if (dim === undefined || right.state.where.length > 0 || !LOOKUP_CONNECTORS.includes(dim.connector)) {
    const field = dim?.name ?? 'right';
    throw dslError('DSL_LOOKUP_NOT_SUPPORTED', { signal: ctx.signal, field }, `'${field}' cannot be looked up: a lookup join needs a lookup-capable source on the right (${LOOKUP_CONNECTORS.join(', ')})`, 'declare the dimension with jdbc.source(...)');
  }
  const type = options?.type ?? 'inner';
  if (type !== 'inner' && type !== 'left') throw dslError('DSL_INVALID_OPTION', { signal: ctx.signal, field: 'type' }, `a lookup join is 'inner' or 'left', got ${String(type)}`);
  const timeType = requireColumn(left.fields, options.proctime, ctx, 'proctime');
  if (!isProctime(timeType)) {
    throw dslError('DSL_PROCTIME_REQUIRED', { signal: ctx.signal, field: String(options.proctime) }, `a lookup join needs a processing-time attribute on the probe side, but '${String(options.proctime)}' is not one`, "add computed: () => ({ proc_time: proctime() }) to the probe source and pass proctime: 'proc_time'");
  }
  if (left.changelog === 'update') throw dslError('DSL_LOOKUP_ON_UPDATES', { signal: ctx.signal, field: String(options.proctime) }, 'a lookup join needs an append-only probe side');
  const e = call(ctx, 'join on', () => options.on(left.columns('l'), right.columns('r')));
  if (!isExpr(e) || e.type.kind !== 'BOOLEAN') throw dslError('DSL_TYPE_MISMATCH', { signal: ctx.signal, field: 'on' }, 'a join condition must be a BOOLEAN expression');
  const pairs = keyPairs(e.node, []);
  const keyed = new Set(pairs.map(([, r]) => r));
  const missing = dim.primaryKey.filter((k) => !keyed.has(k));
  const extra = [...keyed].filter((k) => !dim.primaryKey.includes(k));
  if (missing.length > 0 || extra.length > 0) {
    throw dslError('DSL_LOOKUP_KEY_MISMATCH', { signal: ctx.signal, field: missing[0] ?? extra[0] ?? dim.name }, `a lookup join must equate exactly the primary key of '${dim.name}' (${dim.primaryKey.join(', ')}) with probe columns; it equates (${[...keyed].join(', ')})`, `on: (l, r) => l.<column>.eq(r.${dim.primaryKey[0] ?? 'id'})`);
  }
  for (const [l, r] of pairs) {
    const lt = left.fields[l];
    const rt = right.fields[r];
    if (lt !== undefined && rt !== undefined && family(lt) !== family(rt)) {
      throw dslError('DSL_TYPE_MISMATCH', { signal: ctx.signal, field: r }, `lookup key '${l}' is ${lt.kind} but '${dim.name}'.'${r}' is ${rt.kind}`, `cast it: l.${l}.cast(...)`);
    }
  }
  const r = type === 'left' ? nullable(right) : right;
  const asOf = node({ kind: 'Column', name: String(options.proctime), qualifier: 'l' });
  return new JoinedQuery(left, r, type, 'temporal', e.node, [], asOf) as unknown as JoinedQuery<L, JoinRight<R, J> & Fields>;
}
