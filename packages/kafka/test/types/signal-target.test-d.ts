import { count, kafka, schema, signal, sum, t, upsertKafka } from '@sluice/dsl';
import type { RowOfTarget, SluiceKafka } from '@sluice/kafka';

// consume(signal)/table(signal) are typed by the signal's output row (checked by tsc -p tsconfig.test.json).
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

const Order = schema({ id: t.bigint().notNull(), sym: t.string().notNull(), price: t.double(), qty: t.bigint(), ts: t.timestamp(3) });
const orders = kafka.source('orders', Order, { topic: 'shop.orders' });
const big = signal('big_orders').from(orders).where((r) => r.qty.gt(2)).select((r) => ({ id: r.id, notional: r.price.times(r.qty), at: r.ts })).to(kafka.sink('signals.big'));
const perSymbol = signal('per_symbol').from(orders).groupBy('sym').select((r) => ({ n: count(), qty: sum(r.qty) })).to(upsertKafka.sink('signals.per_symbol'));

export type T1 = Expect<Equal<RowOfTarget<typeof big>, { id: bigint; notional: number | null; at: Date | null }>>;
export type T2 = Expect<Equal<RowOfTarget<typeof perSymbol>, { sym: string; n: bigint; qty: bigint | null }>>;

export async function reads(client: SluiceKafka): Promise<void> {
  for await (const row of client.consume(big)) {
    const id: bigint = row.id;
    const at: Date | null = row.at;
    // @ts-expect-error a field the signal does not output
    row.price;
    void id;
    void at;
  }
  const table = client.table(perSymbol);
  const n: bigint | undefined = table.get({ sym: 'ACME' })?.n;
  // @ts-expect-error a field the signal does not output
  table.get({ sym: 'ACME' })?.volume;
  void n;
}
