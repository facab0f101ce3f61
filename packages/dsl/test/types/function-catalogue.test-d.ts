// Static types of the generated catalogue functions: argument families, result types, NULL rules.
import type { ArrayType, BigintType, BooleanType, DoubleType, Expr, IntType, StringType, TimestampLtzType } from '@sluice/dsl';
import { fn, from, t } from '@sluice/dsl';
import { trades } from '../fixtures/sources';
import type { Equal, Expect } from './type-assert';

const r = from(trades).columns();

const extracted = fn.regexpExtract(r.symbol, '^([A-Z]+)', 1);
export type Extracted = Expect<Equal<typeof extracted, Expr<StringType<true>>>>;
const padded = fn.lpad(r.symbol, 4, '?');
export type Padded = Expect<Equal<typeof padded, Expr<StringType<false>>>>;
const priced = fn.sign(r.price);
export type Priced = Expect<Equal<typeof priced, Expr<DoubleType<true>>>>;
const starts = fn.startsWith(r.symbol, 'A');
export type Starts = Expect<Equal<typeof starts, Expr<BooleanType<false>>>>;
const joined = fn.concat(r.symbol, '-', 'x');
export type Joined = Expect<Equal<typeof joined, Expr<StringType<false>>>>;
const day = fn.dayofmonth(r.ts);
export type Day = Expect<Equal<typeof day, Expr<BigintType<true>>>>;
const later = fn.timestampAdd('DAY', 1, r.ts);
export type Later = Expect<Equal<typeof later, Expr<TimestampLtzType<true>>>>;
const parts = fn.split(r.symbol, ',');
export type Parts = Expect<Equal<typeof parts, Expr<ArrayType<StringType<true>, false>>>>;
const biggest = fn.arrayMax(parts.cast(t.array(t.int())));
export type Biggest = Expect<Equal<typeof biggest, Expr<IntType<true>>>>;
const orZero = fn.ifnull(r.price, 0.5);
export type OrZero = Expect<Equal<typeof orZero, Expr<DoubleType<false>>>>;

// @ts-expect-error REGEXP_EXTRACT takes a string, not a DOUBLE
fn.regexpExtract(r.price, 'x');
// @ts-expect-error TIMESTAMPADD takes a time unit keyword
fn.timestampAdd('DECADE', 1, r.ts);
