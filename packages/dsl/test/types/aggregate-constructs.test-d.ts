// Row types of issue 20's constructs: groupBy on expressions, keys(), topN's row number, lit.decimal.
import type { BigintType, DecimalType, Expr, Query, StringType, TsTypeOf } from '@sluice/dsl';
import { count, floor, from, lit, sum } from '@sluice/dsl';
import { trades } from '../fixtures/sources';
import type { Equal, Expect } from './type-assert';

const buckets = from(trades).groupBy((r) => ({ symbol: r.symbol, bucket: floor(r.price) })).select((r) => ({ n: count().filter(r.qty.gt(1)) }));
type Buckets = typeof buckets extends Query<infer F> ? F : never;
export type BucketKey = Expect<Equal<TsTypeOf<Buckets['bucket']>, number | null>>;
export type BucketCount = Expect<Equal<Buckets['n'], BigintType<false>>>;

const symbols = from(trades).groupBy('symbol').keys();
type Symbols = typeof symbols extends Query<infer F> ? F : never;
export type SymbolsKeys = Expect<Equal<keyof Symbols, 'symbol'>>;
export type SymbolsType = Expect<Equal<Symbols['symbol'], StringType<false>>>;

const ranked = from(trades).groupBy('symbol').select((r) => ({ volume: sum(r.qty) })).topN({ n: 3, orderBy: { volume: 'desc' }, rowNumber: 'rank' });
type Ranked = typeof ranked extends Query<infer F> ? F : never;
export type RankType = Expect<Equal<Ranked['rank'], BigintType<false>>>;
export type RankedKeys = Expect<Equal<keyof Ranked, 'symbol' | 'volume' | 'rank'>>;

export const d: Expr<DecimalType<false>> = lit.decimal('0.908', 4, 3);
