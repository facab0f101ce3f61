import { count, from, kafka, schema, signal, sum, t, timestampDiff, tumble, upper } from '@sluice/dsl';
import { customersDb, logins, orders, ordersPt, shipments, trades } from '../fixtures/sources';

// Definitions that must not compile: each line below is a type error (checked by tsc -p tsconfig.test.json;
// an unused @ts-expect-error fails the check).

// @ts-expect-error window over a column that does not exist
from(trades).window(tumble('nope', '1 min'));
// @ts-expect-error groupBy a column that does not exist
from(trades).groupBy('nope');
// @ts-expect-error select a column that does not exist
from(trades).select((r) => ({ x: r.nope }));
// @ts-expect-error arithmetic on a string
from(trades).select((r) => ({ x: r.symbol.times(2) }));
// @ts-expect-error a string compared with a number
from(trades).where((r) => r.symbol.eq(5));
// @ts-expect-error a number compared with a string
from(trades).where((r) => r.price.gt('10'));
// @ts-expect-error timestamp minus timestamp (use timestampDiff)
from(trades).select((r) => ({ x: r.ts.minus(r.ingested_at) }));
// @ts-expect-error SUM of a string
from(trades).groupBy('symbol').select((r) => ({ s: sum(r.symbol) }));
// @ts-expect-error AND of a number
from(trades).where((r) => r.qty.and(true));
// @ts-expect-error where() must return a condition
from(trades).where((r) => r.price);
// @ts-expect-error UPPER of a number
from(trades).select((r) => ({ x: upper(r.price) }));
// @ts-expect-error TIMESTAMPDIFF of numbers
from(trades).select((r) => ({ x: timestampDiff('SECOND', r.qty, r.ts) }));
// @ts-expect-error MATCH_RECOGNIZE ordered by an unknown column
from(logins).match({ orderBy: 'nope', within: '1 min', define: { F: (e) => e.success }, pattern: (p) => p.F, measures: (m) => ({ x: m.F.last('ip') }) });
// @ts-expect-error a measure over an unknown column
from(logins).match({ orderBy: 'ts', within: '1 min', define: { F: (e) => e.success }, pattern: (p) => p.F, measures: (m) => ({ x: m.F.last('nope') }) });
// @ts-expect-error a pattern variable that is not defined
from(logins).match({ orderBy: 'ts', within: '1 min', define: { F: (e) => e.success }, pattern: (p) => p.G, measures: (m) => ({ x: m.F.last('ip') }) });
// @ts-expect-error an interval join over an unknown time column
from(orders).intervalJoin(shipments, { on: (l, r) => l.order_id.eq(r.order_id), time: ['nope', 'ts'], between: ['0 s', '1 h'] });
// @ts-expect-error a join condition over an unknown right column
from(orders).join(shipments, (l, r) => l.order_id.eq(r.nope));
// @ts-expect-error deduplicate by an unknown column
from(orders).deduplicate({ partitionBy: ['nope'], orderBy: 'ts', keep: 'first' });
// @ts-expect-error a Kafka key that is not a column
kafka.source('k', schema({ a: t.string() }), { topic: 'x', key: ['nope'] });
// @ts-expect-error select must return expressions or literals
from(trades).select(() => ({ x: { nested: 1 } }));
// @ts-expect-error a signal must end in a sink
signal('x').from(trades).select((r) => ({ n: r.qty })).to('topic');
// @ts-expect-error count() takes an expression, not a column name
from(trades).groupBy('symbol').select(() => ({ n: count('qty') }));
// @ts-expect-error lookup join with a proctime column that does not exist
from(ordersPt).lookupJoin(customersDb, { on: (l, r) => l.customer_id.eq(r.id), proctime: 'nope' });
// @ts-expect-error lookup join on a dimension column that does not exist
from(ordersPt).lookupJoin(customersDb, { on: (l, r) => l.customer_id.eq(r.nope), proctime: 'proc_time' });
// @ts-expect-error lookup join key compared with a value of another type (BIGINT = STRING)
from(ordersPt).lookupJoin(customersDb, { on: (l, r) => l.customer_id.eq(r.name), proctime: 'proc_time' });
// @ts-expect-error a lookup join is inner or left, never full
from(ordersPt).lookupJoin(customersDb, { on: (l, r) => l.customer_id.eq(r.id), proctime: 'proc_time', type: 'full' });
// @ts-expect-error the dimension must be a source, not a query
from(ordersPt).lookupJoin(from(customersDb), { on: (l, r) => l.customer_id.eq(r.id), proctime: 'proc_time' });
