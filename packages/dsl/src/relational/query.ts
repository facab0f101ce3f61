import type { BigintType, BooleanType, DataType, DoubleType, Fields, IntType, TimestampType } from '../types/data-type';
import type { ExprNode, OverWindowNode } from '../ast/expr-node';
import { hasGroupAggregate, node, walkExpr } from '../ast/expr-node';
import type { RelNode } from '../ast/rel-node';
import type { DslContext } from '../errors';
import { dslError } from '../errors';
import type { Expr } from '../expr/expr';
import { isExpr } from '../expr/expr';
import type { Columns } from '../expr/row-proxy';
import { columnsOf, requireColumn } from '../expr/row-proxy';
import { compileOverWindow } from '../compiler/compile-expr';
import { isTimeAttribute } from '../expr/type-rules';
import type { SinkSpec, Source } from './connectors';
import type { ResolvedSettings, Signal, SignalSettings } from '../signal';
import { makeSignal } from './make-signal';
import { call, node2, outputFields, resolveItems, toItem, type MakeQuery, type ResolvedItem } from './query-parts';
import type { WindowSpec } from './window';
import { windowNode } from './window';
import { GroupedQuery, WindowedQuery, aggregateQuery } from './grouped-query';
import type { MatchSpec } from './match';
import { matchQuery } from './match';
import type { DeduplicateOptions, IntervalJoinOptions, JoinLeft, JoinRight, JoinType, JoinedQuery, TopNOptions, WindowJoinOptions } from './combine';
import { deduplicate, intervalJoin, regularJoin, temporalJoin, topN, unionAll, windowJoin } from './combine';
import type { LookupJoinOptions, LookupJoinType } from './lookup-join';
import { lookupJoin } from './lookup-join';
import { filtersBeyondKey, withDeclaredChangelog } from './changelog';
import { lateralJoin, type LateralOptions } from '../udf/lateral';
import type { TableUdfCall } from '../udf/udf';
import type { NullableFields } from './combine';

/** Whether a query only appends rows or also updates and deletes them (Flink's changelog mode). */
export type Changelog = 'append' | 'update';

/** What a select callback may return: expressions or TS literals per output column. */
export type SelectShape = { readonly [name: string]: Expr<DataType> | number | string | boolean | bigint };

/** Output fields of a select shape. */
export type ShapeFields<S> = {
  readonly [K in keyof S]: S[K] extends Expr<infer T>
    ? T
    : S[K] extends number
      ? // Not `DataType & { kind: 'INT' | 'DOUBLE' }`: the same type, but relating that intersection to
        // Fields cost consumers' tsc (without skipLibCheck) about 50 s of checking this package's declarations.
        IntType<false> | DoubleType<false>
      : S[K] extends string
        ? { readonly kind: 'STRING'; readonly nullable: false }
        : S[K] extends boolean
          ? { readonly kind: 'BOOLEAN'; readonly nullable: false }
          : S[K] extends bigint
            ? { readonly kind: 'BIGINT'; readonly nullable: false }
            : never;
};

/** Columns added by a window aggregation. */
export type WindowFields = { readonly window_start: TimestampType<false>; readonly window_end: TimestampType<false> };

/**
 * A callback type checked bivariantly (like a method), so `Query<{ a: ... }>` stays assignable to
 * `Query<Fields>` even though its options take callbacks over its columns.
 */
export type Callback<A extends unknown[], R> = { bivarianceHack(...args: A): R }['bivarianceHack'];

/** Flattens an intersection for readable hover types. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** @internal The immutable state of a query. */
export interface QueryState {
  readonly ctx: DslContext;
  readonly rel: RelNode;
  readonly fields: Fields;
  readonly where: readonly ExprNode[];
  readonly changelog: Changelog;
  /** Columns that identify a row of an updating query (the upsert key), when known. */
  readonly uniqueKey: readonly string[] | undefined;
  readonly unbounded: boolean;
  /**
   * The relation an updating query was filtered on by columns outside its unique key: Flink then
   * needs the before-images of the updates (see {@link sinkChangelogOf}), so its sink gets a retract stream.
   */
  readonly filteredUpdates?: RelNode;
  /** Job settings given to `signal(name, settings)`. */
  readonly settings?: ResolvedSettings;
}

/**
 * A typed relational query over sources. Immutable: every method returns a new query.
 * `F` is the output row's fields; `RowOf<typeof q>` is its TS row type.
 *
 * @example
 * ```ts
 * from(trades).where(r => r.price.gt(100)).select(r => ({ symbol: r.symbol, notional: r.price.times(r.qty) }))
 * // SELECT `symbol`, `price` * `qty` AS `notional` FROM `trades` WHERE `price` > 100
 * ```
 */
export class Query<F extends Fields> {
  readonly kind = 'Query' as const;
  readonly fields: F;
  /** @internal */
  readonly state: QueryState;

  /** @internal */
  constructor(state: QueryState) {
    // a rawSql fragment declared updating makes the query updating, whichever builder made it
    this.state = Object.freeze(withDeclaredChangelog(state));
    this.fields = state.fields as F;
    Object.freeze(this);
  }

  /** @internal A new query from a state: how the builders of other files make queries without importing this class. */
  derive<G extends Fields>(state: QueryState): Query<G> {
    return new Query<G>(state);
  }

  /** The signal (or source) name used in error messages. */
  get name(): string {
    return this.state.ctx.signal;
  }
  /** Whether the query appends only, or updates rows. */
  get changelog(): Changelog {
    return this.state.changelog;
  }

  /** @internal Column references for callbacks. */
  columns(qualifier?: string): Columns<F> {
    return columnsOf(this.fields, this.state.ctx, qualifier);
  }

  /**
   * Keeps rows where the predicate holds (`WHERE`). Several calls are ANDed.
   *
   * @example
   * ```ts
   * q.where(r => r.qty.gt(0))   // ... WHERE `qty` > 0
   * ```
   */
  where(predicate: (r: Columns<F>) => Expr<BooleanType>): Query<F> {
    const e = call(this.state.ctx, 'where', () => predicate(this.columns()));
    if (!isExpr(e) || e.type.kind !== 'BOOLEAN') throw dslError('DSL_TYPE_MISMATCH', { signal: this.state.ctx.signal, field: 'where' }, 'where() needs a BOOLEAN expression');
    checkNoAggregate(this.state.ctx, e.node, 'where');
    const filteredUpdates = filtersBeyondKey(this.state, e.node) ? this.state.rel : this.state.filteredUpdates;
    return new Query<F>({ ...this.state, where: [...this.state.where, e.node], ...(filteredUpdates === undefined ? {} : { filteredUpdates }) });
  }

  /**
   * Projects columns; OVER aggregates are allowed (all with the same window). Aggregates without
   * `groupBy` make a global aggregate (an updating query).
   *
   * @example
   * ```ts
   * q.select(r => ({ symbol: r.symbol, notional: r.price.times(r.qty) }))
   * // SELECT `symbol`, `price` * `qty` AS `notional` FROM `trades`
   * ```
   */
  select<S extends SelectShape>(shape: (r: Columns<F>) => S): Query<Simplify<ShapeFields<S>>> {
    const items = resolveItems(this.state.ctx, call(this.state.ctx, 'select', () => shape(this.columns())));
    const hasAggregate = items.some((i) => hasGroupAggregate(i.expr.node));
    if (hasAggregate) return aggregateQuery((state) => this.derive(state), this.state, items, [], [], undefined) as Query<Simplify<ShapeFields<S>>>;
    const overs = checkOverWindows(this.state, items);
    if (overs && this.state.changelog === 'update') {
      throw dslError('DSL_OVER_ON_UPDATES', { signal: this.state.ctx.signal, field: 'select' }, 'OVER aggregates need an append-only input');
    }
    const fields = outputFields(this.state.ctx, items, this.fields);
    const passThrough = (name: string): boolean => items.some((i) => i.name === name && i.expr.node.kind === 'Column' && i.expr.node.name === name);
    const uniqueKey = this.state.uniqueKey?.every(passThrough) === true ? this.state.uniqueKey : undefined;
    return new Query({
      ...this.state,
      rel: node2({ kind: 'Select', input: this.state.rel, items: items.map(toItem), where: this.state.where }),
      fields,
      where: [],
      uniqueKey,
    });
  }

  /**
   * Groups rows by columns; finish with `.select(...)` of aggregates. The result is an updating
   * query keyed by the group columns (write it to an upsert sink).
   *
   * @example
   * ```ts
   * from(trades).groupBy('symbol').select(r => ({ volume: sum(r.qty) }))
   * // SELECT `symbol`, SUM(`qty`) AS `volume` FROM `trades` GROUP BY `symbol`
   * ```
   */
  groupBy<K extends keyof F & string>(...keys: K[]): GroupedQuery<F, K>;
  /**
   * Groups rows by named expressions: `groupBy(r => ({ bucket: floor(r.price) }))` gives
   * `SELECT FLOOR(`price`) AS `bucket`, ... GROUP BY FLOOR(`price`)`; the keys are output first.
   */
  groupBy<KS extends SelectShape>(keys: (r: Columns<F>) => KS): GroupedQuery<F, never, ShapeFields<KS>>;
  groupBy(...keys: unknown[]): GroupedQuery<F, keyof F & string, Fields> {
    const make: MakeQuery = (state) => this.derive(state);
    const first = keys[0];
    if (keys.length === 1 && typeof first === 'function') {
      const items = resolveItems(this.state.ctx, call(this.state.ctx, 'groupBy', () => (first as (r: Columns<F>) => unknown)(this.columns())));
      return new GroupedQuery<F, never, Fields>(make, this.state, [], undefined, items);
    }
    for (const k of keys) requireColumn(this.fields, k, this.state.ctx, 'groupBy');
    return new GroupedQuery<F, keyof F & string, Fields>(make, this.state, keys as (keyof F & string)[], undefined);
  }

  /**
   * Applies a window TVF (tumble, hop, cumulate, session) over an event-time column; finish with
   * `.groupBy(...).select(...)` or `.select(...)`. The output adds `window_start` and `window_end`.
   *
   * @example
   * ```ts
   * from(trades).window(tumble('ts', '1 min')).groupBy('symbol').select(r => ({ n: count() }))
   * // SELECT `window_start`, `window_end`, `symbol`, COUNT(*) AS `n`
   * // FROM TABLE(TUMBLE(TABLE `trades`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE))
   * // GROUP BY `window_start`, `window_end`, `symbol`
   * ```
   */
  window(spec: WindowSpec<keyof F & string>): WindowedQuery<F> {
    const ctx = { signal: this.state.ctx.signal, field: String(spec?.column) };
    if (spec === null || typeof spec !== 'object' || spec.kind !== 'WindowSpec') throw dslError('DSL_INVALID_WINDOW', this.state.ctx, 'window() needs tumble(), hop(), cumulate() or session()');
    const type = requireColumn(this.fields, spec?.column, this.state.ctx, 'window');
    if (!isTimeAttribute(type)) {
      throw dslError('DSL_WATERMARK_REQUIRED', ctx, `an event-time window needs a time attribute, but '${String(spec.column)}' has no watermark`, `declare eventTime: { column: '${String(spec.column)}', watermark: '5 s' } on the source`);
    }
    if (this.state.changelog === 'update') throw dslError('DSL_WINDOW_ON_UPDATES', ctx, 'window TVFs need an append-only input');
    for (const k of spec.partitionBy ?? []) requireColumn(this.fields, k, this.state.ctx, 'session partitionBy');
    return new WindowedQuery<F>((state) => this.derive(state), this.state, windowNode(spec, this.state.ctx));
  }

  /**
   * CEP over the rows: `MATCH_RECOGNIZE` with typed DEFINE and MEASURES, ONE ROW PER MATCH.
   *
   * @example
   * ```ts
   * from(logins).match({
   *   partitionBy: ['user_id'], orderBy: 'ts', within: '5 min',
   *   define: { F: (e) => e.success.eq(false) },
   *   pattern: (p) => p.F.times(3),
   *   measures: (m) => ({ first_at: m.F.first('ts'), last_at: m.F.last('ts') }),
   * })
   * // ... MATCH_RECOGNIZE (PARTITION BY `user_id` ORDER BY `ts` MEASURES FIRST(`F`.`ts`) AS `first_at`, ...
   * //     PATTERN (F{3}) WITHIN INTERVAL '5' MINUTE DEFINE F AS `success` = FALSE)
   * ```
   */
  match<V extends string, P extends keyof F & string, M extends SelectShape>(spec: MatchSpec<F, V, P, M>): Query<Simplify<Pick<F, P> & ShapeFields<M>>> {
    return matchQuery(this, spec);
  }

  /**
   * A regular join (`inner` by default); finish with `.select((l, r) => ...)`.
   *
   * @example
   * ```ts
   * from(orders).join(customers, (l, r) => l.customer_id.eq(r.id)).select((l, r) => ({ id: l.id, name: r.name }))
   * // SELECT `l`.`id` AS `id`, `r`.`name` AS `name` FROM `orders` AS `l` INNER JOIN `customers` AS `r` ON `l`.`customer_id` = `r`.`id`
   * ```
   */
  join<R extends Fields, J extends JoinType = 'inner'>(right: Query<R> | Source<R>, on: (l: Columns<F>, r: Columns<R>) => Expr<BooleanType>, type?: J): JoinedQuery<JoinLeft<F, J> & Fields, JoinRight<R, J> & Fields> {
    return regularJoin(this, asQuery(right, this.state.ctx.signal), on, type ?? ('inner' as J));
  }

  /**
   * An interval join: `r.time BETWEEN l.time + lower AND l.time + upper`, append-only output.
   *
   * @example
   * ```ts
   * from(orders).intervalJoin(shipments, { on: (l, r) => l.id.eq(r.order_id), time: ['ts', 'ts'], between: ['0 s', '1 h'] })
   * // ... ON `l`.`id` = `r`.`order_id` AND `r`.`ts` BETWEEN `l`.`ts` + INTERVAL '0' SECOND AND `l`.`ts` + INTERVAL '1' HOUR
   * ```
   */
  intervalJoin<R extends Fields>(right: Query<R> | Source<R>, options: IntervalJoinOptions<F, R> & { readonly type?: 'inner' }): JoinedQuery<F, R>;
  intervalJoin<R extends Fields>(right: Query<R> | Source<R>, options: IntervalJoinOptions<F, R> & { readonly type: 'left' }): JoinedQuery<F, NullableFields<R> & Fields>;
  intervalJoin<R extends Fields>(right: Query<R> | Source<R>, options: IntervalJoinOptions<F, R>): JoinedQuery<F, Fields> {
    return intervalJoin(this, asQuery(right, this.state.ctx.signal), options) as JoinedQuery<F, Fields>;
  }

  /**
   * A window join: both sides windowed by the same TVF and joined per window (append-only).
   *
   * @example
   * ```ts
   * from(orders).windowJoin(shipments, { window: tumble('ts', '5 min'), on: (l, r) => l.order_id.eq(r.order_id) })
   * // FROM (SELECT ..., `window_start`, `window_end` FROM TABLE(TUMBLE(TABLE `orders`, ...))) AS `l`
   * // JOIN (...) AS `r` ON `l`.`order_id` = `r`.`order_id` AND `l`.`window_start` = `r`.`window_start` AND ...
   * ```
   */
  windowJoin<R extends Fields>(right: Query<R> | Source<R>, options: WindowJoinOptions<F, R>): JoinedQuery<F & WindowFields, R & WindowFields> {
    return windowJoin(this, asQuery(right, this.state.ctx.signal), options);
  }

  /**
   * A temporal join against a versioned table (a source with a primary key and event time).
   *
   * @example
   * ```ts
   * from(orders).temporalJoin(rates, { on: (l, r) => l.currency.eq(r.currency), asOf: 'ts' })
   * // ... JOIN `rates` FOR SYSTEM_TIME AS OF `l`.`ts` AS `r` ON `l`.`currency` = `r`.`currency`
   * ```
   */
  temporalJoin<R extends Fields>(right: Source<R>, options: { readonly on: Callback<[l: Columns<F>, r: Columns<R>], Expr<BooleanType>>; readonly asOf: keyof F & string; readonly type?: 'inner' | 'left' }): JoinedQuery<F, R> {
    return temporalJoin(this, asQuery(right, this.state.ctx.signal), options);
  }

  /**
   * A lookup join: each row looks up a dimension table (e.g. {@link jdbc}) by its primary key at
   * processing time (`proctime`, a `proctime()` column of this query). `left` makes the dimension's columns nullable.
   *
   * @example
   * ```ts
   * from(orders).lookupJoin(customersDb, { on: (l, r) => l.customer_id.eq(r.id), proctime: 'proc_time', type: 'left' })
   * // ... FROM `orders` AS `l`
   * // LEFT JOIN `customers_db` FOR SYSTEM_TIME AS OF `l`.`proc_time` AS `r`
   * //   ON `l`.`customer_id` = `r`.`id`
   * ```
   */
  lookupJoin<R extends Fields, J extends LookupJoinType = 'inner'>(right: Source<R>, options: LookupJoinOptions<F, R> & { readonly type?: J }): JoinedQuery<F, JoinRight<R, J> & Fields> {
    return lookupJoin(this, asQuery(right, this.state.ctx.signal), options);
  }

  /**
   * Keeps the first (or last) row per key, ordered by a time attribute.
   *
   * @example
   * ```ts
   * q.deduplicate({ partitionBy: ['id'], orderBy: 'ts', keep: 'first' })
   * // SELECT ... FROM (SELECT ..., ROW_NUMBER() OVER (PARTITION BY `id` ORDER BY `ts` ASC) AS `sluice_rownum` FROM ...) WHERE `sluice_rownum` = 1
   * ```
   */
  deduplicate(options: DeduplicateOptions<F>): Query<F> {
    return deduplicate(this, options);
  }

  /**
   * The first `n` rows per key by an order (an updating query).
   *
   * @example
   * ```ts
   * q.topN({ n: 3, partitionBy: ['category'], orderBy: { sales: 'desc' } })
   * // ... ROW_NUMBER() OVER (PARTITION BY `category` ORDER BY `sales` DESC) ... WHERE `sluice_rownum` <= 3
   * ```
   */
  topN(options: TopNOptions<F> & { readonly rowNumber?: undefined }): Query<F>;
  /**
   * Top-N that outputs its row number under `rowNumber`:
   * `q.topN({ n: 3, orderBy: { volume: 'desc' }, rowNumber: 'rank' })` adds `rank` (BIGINT NOT NULL).
   */
  topN<R extends string>(options: TopNOptions<F> & { readonly rowNumber: R }): Query<Simplify<F & { [P in R]: BigintType<false> }>>;
  topN(options: TopNOptions<F>): Query<Fields> {
    return topN(this, options) as Query<Fields>;
  }

  /**
   * `UNION ALL` with queries of the same columns.
   *
   * @example
   * ```ts
   * from(a).unionAll(from(b))  // SELECT ... FROM `a` UNION ALL SELECT ... FROM `b`
   * ```
   */
  unionAll(...others: Query<F>[]): Query<F> {
    return unionAll(this, others);
  }

  /**
   * Joins each row to the rows a user table function (`udf.table`) emits for it: `LATERAL TABLE`. The
   * output has the input's columns then the function's; with `{ type: 'left' }` rows for which it emits
   * none are kept, its columns NULL.
   *
   * @example
   * ```ts
   * from(lines).lateral((r) => splitWords(r.line))
   * // SELECT `id`, `line`, `word`, `length` FROM `lines`,
   * // LATERAL TABLE(`split_words`(`line`)) AS `split_words_rows`(`word`, `length`)
   * ```
   */
  lateral<G extends Fields>(fn: (r: Columns<F>) => TableUdfCall<G>, options?: LateralOptions & { readonly type?: 'inner' }): Query<Simplify<F & G>>;
  lateral<G extends Fields>(fn: (r: Columns<F>) => TableUdfCall<G>, options: LateralOptions & { readonly type: 'left' }): Query<Simplify<F & NullableFields<G>>>;
  lateral(fn: (r: never) => TableUdfCall<Fields>, options?: LateralOptions): Query<never> {
    return lateralJoin(this as unknown as Query<Fields>, fn as (r: Columns<Fields>) => TableUdfCall<Fields>, options) as Query<never>;
  }

  /**
   * Ends a signal: writes this query to a sink. The query must have been started with `signal(name).from(...)`.
   *
   * @example
   * ```ts
   * signal('vwap_1m').from(trades).window(tumble('ts', '1 min')).groupBy('symbol').select(...).to(kafka.sink('signals.vwap_1m'))
   * // INSERT INTO `vwap_1m_sink` SELECT ...
   * ```
   */
  to(sink: SinkSpec, settings?: SignalSettings): Signal<F> {
    return makeSignal(this, sink, settings);
  }

  /** @internal The relation with pending filters applied. */
  materialize(): RelNode {
    if (this.state.where.length === 0) return this.state.rel;
    const items = Object.keys(this.fields).map((name) => ({ name, expr: node({ kind: 'Column', name }) }));
    return node2({ kind: 'Select', input: this.state.rel, items, where: this.state.where });
  }
}

function asQuery<R extends Fields>(x: Query<R> | Source<R>, signal: string): Query<R> {
  if (x instanceof Query) return x;
  return scan(x as Source, signal) as Query<R>;
}

/**
 * A query reading a source.
 *
 * @example
 * ```ts
 * from(trades)  // SELECT ... FROM `trades`
 * ```
 */
export function from<F extends Fields>(source: Source<F>): Query<F> {
  return scan(source as Source) as Query<F>;
}

/** @internal A query reading a source. */
export function scan(source: Source, signal?: string): Query<Fields> {
  if (source === null || typeof source !== 'object' || source.kind !== 'Source') {
    throw dslError('DSL_INVALID_SOURCE', { signal: signal ?? '(query)' }, 'from() needs a source (kafka.source, upsertKafka.source, datagen.source, jdbc.source) or a query');
  }
  return new Query({
    ctx: { signal: signal ?? source.name },
    rel: node2({ kind: 'Scan', source }),
    fields: source.fields,
    where: [],
    changelog: source.connector === 'upsert-kafka' ? 'update' : 'append',
    uniqueKey: source.primaryKey.length > 0 ? source.primaryKey : undefined,
    unbounded: source.unbounded,
  });
}

/**
 * A raw SQL query with declared columns: the relational escape hatch.
 *
 * @example
 * ```ts
 * rawQuery('hot', { symbol: t.string() }, 'SELECT `symbol` FROM `trades` WHERE `price` > 100', { sources: [trades] })
 * ```
 */
export function rawQuery<F extends Fields>(name: string, fields: F, sql: string, options: { readonly changelog?: 'append' | 'update'; readonly sources?: readonly Source[] } = {}): Query<F> {
  if (typeof sql !== 'string' || sql.trim().length === 0) throw dslError('DSL_INVALID_EXPRESSION', { signal: name }, 'rawQuery needs SQL text');
  const state: QueryState = {
    ctx: { signal: name },
    rel: node2({ kind: 'RawQuery', sql, fields, sources: [...(options.sources ?? [])] }),
    fields: Object.freeze({ ...fields }),
    where: [],
    changelog: options.changelog ?? 'append',
    uniqueKey: undefined,
    unbounded: true,
  };
  return new Query<F>(state);
}

function checkNoAggregate(ctx: DslContext, e: ExprNode, where: string): void {
  if (hasGroupAggregate(e) || e.kind === 'Over') throw dslError('DSL_AGGREGATE_NOT_ALLOWED', { signal: ctx.signal, field: where }, `aggregates are not allowed in ${where}`);
}

/** Flink allows one OVER window per SELECT: all OVER aggregates must share it. Returns true if any. */
function checkOverWindows(state: QueryState, items: readonly ResolvedItem[]): boolean {
  let first: { text: string; field: string } | undefined;
  for (const i of items) {
    walkExpr(i.expr.node, (n) => {
      if (n.kind !== 'Over') return;
      const text = compileOverWindow(n.window as OverWindowNode);
      if (first === undefined) first = { text, field: i.name };
      else if (first.text !== text) {
        throw dslError('DSL_OVER_WINDOW_MISMATCH', { signal: state.ctx.signal, field: i.name }, `uses OVER (${text}) but '${first.field}' uses OVER (${first.text}); Flink needs one OVER window per SELECT`, 'use the same overWindow for all columns, or split the signal into two');
      }
    });
  }
  return first !== undefined;
}


