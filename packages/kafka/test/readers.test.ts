import { schema, t } from '@sluice/dsl';
import type { SluiceError } from '@sluice/errors';
import { liveTable } from '../src/changelog/live-table';
import { rowStream } from '../src/consumer/row-stream';
import { fakeFeed } from './helpers/fake-feed';

// consume (rows) and table (live table) over fixed fetches, no broker: the one reader loop they share
// (tombstones, bad records under both policies, offsets handed out) in isolation.

const Row = schema({ id: t.int().notNull(), name: t.string() });

describe('row stream', () => {
  it('skips and counts tombstones and bad records, and marks every record handed out', async () => {
    const { open, delivered } = fakeFeed([['{"id":1,"name":"a"}', null, '{"id":"x"}'], ['not json', '{"id":2,"name":null}', null]]);
    const errors: SluiceError[] = [];
    const stream = rowStream(open, 'topic', Row.fields, { onBadRecordError: (e) => errors.push(e) });
    const rows = [];
    for await (const row of stream) rows.push(row);
    expect(rows).toEqual([{ id: 1, name: 'a' }, { id: 2, name: null }]);
    expect(stream.metrics).toEqual({ rows: 2, badRecords: 2, tombstones: 2, buffered: 0 });
    expect(errors.map((e) => [e.code, (e.details as { offset: string }).offset])).toEqual([['KAFKA_DECODE_ERROR', '2'], ['KAFKA_DECODE_ERROR', '3']]);
    expect(delivered).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it("under 'throw' rejects with the bad record, then goes on with the records after it", async () => {
    const { open } = fakeFeed([['{"id":1}', '{"id":"x"}', '{"id":3}']]);
    const stream = rowStream(open, 'topic', Row.fields, { onBadRecord: 'throw' });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ id: 1, name: null });
    await expect(it.next()).rejects.toMatchObject({ code: 'KAFKA_DECODE_ERROR', details: { offset: '1', topic: 'topic' } });
    expect((await it.next()).value).toEqual({ id: 3, name: null });
    expect((await it.next()).done).toBe(true);
  });

  it('an onBadRecordError that throws rejects next() with its error', async () => {
    const { open } = fakeFeed([['{"id":"x"}']]);
    const boom = new Error('app says stop');
    const stream = rowStream(open, 'topic', Row.fields, {
      onBadRecordError: () => {
        throw boom;
      },
    });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toBe(boom);
  });
});

describe('live table', () => {
  it('keys rows by the record key, deletes on tombstones, skips keyless and bad records', async () => {
    const { open, delivered } = fakeFeed([
      [{ key: '{"id":1}', value: '{"id":1,"name":"a"}' }, { key: '{"id":2}', value: '{"id":2,"name":"b"}' }, { key: null, value: '{"id":3}' }],
      [{ key: '{"id":1}', value: null }, { key: '{"id":2}', value: '{"id":"x"}' }, { key: '{"id":2}', value: '{"id":2,"name":"B"}' }],
    ]);
    const errors: SluiceError[] = [];
    const table = liveTable(open, 'topic', Row.fields, ['id'], { onBadRecordError: (e) => errors.push(e) });
    const changes: string[] = [];
    table.onChange((c) => changes.push(`${c.op} ${c.key}`));
    await table.close(); // the fake feed ends after its fetches; close() waits for the loop to finish
    expect([...table.snapshot().values()]).toEqual([{ id: 2, name: 'B' }]);
    expect(table.get({ id: 2 })).toEqual({ id: 2, name: 'B' });
    expect(table.get({ id: 1 })).toBeUndefined();
    expect(changes).toEqual(['upsert {"id":1}', 'upsert {"id":2}', 'delete {"id":1}', 'upsert {"id":2}']);
    expect(errors.map((e) => (e.details as { offset: string; reason: string }).offset)).toEqual(['2', '4']);
    expect(table.metrics).toEqual({ rows: 3, badRecords: 2, tombstones: 1, buffered: 0 });
    expect(delivered).toEqual(['0', '1', '2', '3', '4', '5']);
  });
});
