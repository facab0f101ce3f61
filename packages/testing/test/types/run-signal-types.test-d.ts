import { kafka, schema, signal, t, type RowOf } from '@sluice/dsl';
import { runSignal } from '@sluice/testing';

// Types of runSignal, asserted at compile time (tsc -p tsconfig.test.json); nothing here runs.

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

const Click = schema({ user: t.string().notNull(), page: t.string(), ts: t.timestampLtz(3) });
const Order = schema({ id: t.bigint().notNull(), amount: t.double() });
const clicks = kafka.source('clicks', Click, { topic: 'clicks' });
const orders = kafka.source('orders', Order, { topic: 'orders' });
const pages = signal('pages').from(clicks).select((r) => ({ user: r.user, page: r.page })).to(kafka.sink('pages'));

export async function typed(): Promise<void> {
  // Each source's rows are typed as that source's rows, per tuple.
  const rows = await runSignal(pages, {
    events: [
      [clicks, [{ user: 'u1', page: '/', ts: new Date() }]],
      [orders, [{ id: 1n, amount: 2.5 }]],
    ],
  });
  type _rows = Expect<Equal<typeof rows, RowOf<typeof pages>[]>>;
  type _row = Expect<Equal<RowOf<typeof pages>, { user: string; page: string | null }>>;

  // @ts-expect-error a row of clicks lacks ts
  await runSignal(pages, { events: [[clicks, [{ user: 'u1', page: '/' }]]] });
  // @ts-expect-error id is a BIGINT: bigint, not number
  await runSignal(pages, { events: [[orders, [{ id: 1, amount: 2.5 }]]] });
  // @ts-expect-error rows of orders are not rows of clicks
  await runSignal(pages, { events: [[clicks, [{ id: 1n, amount: 2.5 }]]] });
}
