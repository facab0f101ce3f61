import * as arrow from 'apache-arrow';
import { schema, t } from '@sluice/dsl';
import { isSluiceError, type SluiceError } from '@sluice/errors';
import { arrowStream } from '../src/arrow/arrow-stream';
import { fakeFeed } from './helpers/fake-feed';


const Trade = schema({ id: t.bigint().notNull(), symbol: t.string(), price: t.double(), ts: t.timestampLtz(3), amount: t.decimal(10, 2) });
const json = (i: number): string => JSON.stringify({ id: i, symbol: `S${i}`, price: i / 2, ts: `2024-01-01 00:00:0${i % 10}.5Z`, amount: i + 0.25 });

describe('Arrow stream', () => {
  it('writes fast-path and codec-path rows alike, splits at maxRows, skips and counts bad records and tombstones', async () => {
    // '"id":"12"' (numeric string) and a BIGINT above 2^53 take the codec path; the rest the generated writer.
    const fetches = [[json(1), '{"id":"12","symbol":null}', null, '{"id": 2,'], ['{"id":9007199254740993}', json(3), '{"id":"x"}', json(4)]];
    const { open, delivered } = fakeFeed(fetches);
    const errors: SluiceError[] = [];
    const stream = arrowStream(open, 'topic', Trade.fields, { maxRows: 3, onBadRecordError: (e) => errors.push(e) });
    const batches: arrow.RecordBatch[] = [];
    for await (const batch of stream) batches.push(batch);
    expect(batches.map((b) => b.numRows)).toEqual([3, 2]);
    const ids = batches.flatMap((b) => [...(b.getChild('id') ?? [])]);
    expect(ids).toEqual([1n, 12n, 9007199254740993n, 3n, 4n]);
    expect(batches.flatMap((b) => [...(b.getChild('ts') ?? [])])).toEqual([Date.UTC(2024, 0, 1, 0, 0, 1, 500), null, null, Date.UTC(2024, 0, 1, 0, 0, 3, 500), Date.UTC(2024, 0, 1, 0, 0, 4, 500)]);
    expect(batches.flatMap((b) => [...(b.getChild('amount') ?? [])])).toEqual(['1.25', null, null, '3.25', '4.25']);
    expect(stream.metrics).toEqual({ rows: 5, badRecords: 2, tombstones: 1, buffered: 0 });
    expect(errors.map((e) => (e.details as { offset: string }).offset)).toEqual(['3', '6']);
    // Commits see the last record handed out (bad ones and tombstones included), in order.
    expect(delivered.at(-1)).toBe('7');
    expect(delivered.map(Number)).toEqual([...delivered.map(Number)].sort((x, y) => x - y));
  });

  it("under 'throw' reports a bad record after the rows before it, then goes on with the rows after it", async () => {
    const { open } = fakeFeed([[json(1), '{"id":"x"}', json(2)]]);
    const stream = arrowStream(open, 'topic', Trade.fields, { onBadRecord: 'throw' });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done ? [] : [...(first.value.getChild('id') ?? [])]).toEqual([1n]);
    const failure: unknown = await iterator.next().then(() => undefined, (e: unknown) => e);
    expect(isSluiceError(failure, 'KAFKA_DECODE_ERROR')).toBe(true);
    const rest = await iterator.next();
    expect(rest.done ? [] : [...(rest.value.getChild('id') ?? [])]).toEqual([2n]);
    expect((await iterator.next()).done).toBe(true);
  });
});
