// Any typed query is a Query<Fields>: helpers can take queries of any shape.
import type { Query, Fields } from '@sluice/dsl';
import { from, tumble, count } from '@sluice/dsl';
import { trades } from '../fixtures/sources';
export const q: Query<Fields> = from(trades);
export const q2: Query<Fields> = from(trades).window(tumble('ts', '1 min')).groupBy('symbol').select(() => ({ n: count() }));
