import { schema, t } from '@sluice/dsl';
import type { RowOf, TsTypeOf } from '@sluice/dsl';
import type { Equal, Expect } from './type-assert';

const All = schema({
  b: t.boolean(),
  ti: t.tinyint(),
  si: t.smallint(),
  i: t.int().notNull(),
  bi: t.bigint(),
  f: t.float(),
  d: t.double().notNull(),
  dec: t.decimal(10, 2),
  s: t.string(),
  v: t.varchar(20).notNull(),
  c: t.char(3),
  by: t.bytes(),
  dt: t.date(),
  tm: t.time(3),
  ts: t.timestamp(3),
  ltz: t.timestampLtz(3).notNull(),
  arr: t.array(t.int().notNull()),
  m: t.map(t.string().notNull(), t.double()),
  r: t.row({ x: t.bigint().notNull(), y: t.string() }),
});

export type AllRow = Expect<
  Equal<
    RowOf<typeof All>,
    {
      b: boolean | null;
      ti: number | null;
      si: number | null;
      i: number;
      bi: bigint | null;
      f: number | null;
      d: number;
      dec: string | null;
      s: string | null;
      v: string;
      c: string | null;
      by: Uint8Array | null;
      dt: string | null;
      tm: string | null;
      ts: Date | null;
      ltz: Date;
      arr: number[] | null;
      m: Map<string, number | null> | null;
      r: { x: bigint; y: string | null } | null;
    }
  >
>;

const big = t.bigint().notNull();
export type BigNotNull = Expect<Equal<TsTypeOf<typeof big>, bigint>>;
// @ts-expect-error schema fields must be data types
schema({ a: 1 });
