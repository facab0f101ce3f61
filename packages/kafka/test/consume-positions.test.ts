import { schema, t } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import { createKafkaClient, type ConsumeOptions, type SluiceKafka } from '../src/index';
import { rowStream } from '../src/consumer/row-stream';
import { fakeFeed } from './helpers/fake-feed';

// Positions and commits of consume(): each row's source position, the explicit awaited commit, the row at
// hand kept out of timer commits, and options refused (with the field named) before anything connects.

const Row = schema({ id: t.int().notNull() });
const target = { topic: 'app.rows', schema: Row };

describe('consume options are checked before anything connects', () => {
  let client: SluiceKafka;
  beforeAll(() => {
    // Nothing listens here: a bad option must fail the call itself, not a connection later.
    client = createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'options-check' });
  });
  afterAll(async () => client.close());

  const refused = (options: unknown, reader: 'consume' | 'consumeArrow' | 'table' = 'consume'): SluiceError => {
    try {
      if (reader === 'consume') void client.consume(target, options as ConsumeOptions).close();
      else if (reader === 'consumeArrow') void client.consumeArrow(target, options as ConsumeOptions).close();
      else void client.table({ ...target, key: ['id'] }, options as ConsumeOptions).close();
    } catch (error) {
      expect(error).toBeInstanceOf(SluiceError);
      return error as SluiceError;
    }
    throw new Error(`not refused: ${JSON.stringify(options)}`);
  };

  it.each<[string, unknown, string]>([
    ['an unknown commit mode', { commit: 'sometimes' }, 'commit'],
    ["'manual' without a group", { commit: 'manual' }, 'commit'],
    ['a zero commit interval', { groupId: 'g', commitIntervalMs: 0 }, 'commitIntervalMs'],
    ['a fractional commit interval', { groupId: 'g', commitIntervalMs: 1.5 }, 'commitIntervalMs'],
    ['a commit interval as text', { groupId: 'g', commitIntervalMs: '5000' }, 'commitIntervalMs'],
    ['a session timeout under a second', { groupId: 'g', sessionTimeoutMs: 10 }, 'sessionTimeoutMs'],
    ['a negative high-water mark', { highWaterMark: -1 }, 'highWaterMark'],
    ['an empty group id', { groupId: '' }, 'groupId'],
    ['an unknown start word', { from: 'beginning' }, 'from'],
    ["'committed' without a group", { from: 'committed' }, 'from'],
    ['an invalid start time', { from: { timestamp: new Date('no') } }, 'from.timestamp'],
    ['positions that are not a list', { from: { after: { topic: 'app.rows', partition: 0, offset: '1' } } }, 'from.after'],
    ['a position of another topic', { from: { after: [{ topic: 'other', partition: 0, offset: '1' }] } }, 'from.after[0].topic'],
    ['a negative partition', { from: { after: [{ topic: 'app.rows', partition: -1, offset: '1' }] } }, 'from.after[0].partition'],
    ['an offset as a number', { from: { after: [{ topic: 'app.rows', partition: 0, offset: 1 }] } }, 'from.after[0].offset'],
    ['a negative offset', { from: { after: [{ topic: 'app.rows', partition: 0, offset: '-1' }] } }, 'from.after[0].offset'],
    ['a partition twice', { from: { after: [{ topic: 'app.rows', partition: 0, offset: '1' }, { topic: 'app.rows', partition: 0, offset: '2' }] } }, 'from.after[1].partition'],
    ['an empty object', { from: {} }, 'from'],
  ])('%s is KAFKA_INVALID_CONFIG naming the field', (_what, options, field) => {
    const error = refused(options);
    expect(error.code).toBe('KAFKA_INVALID_CONFIG');
    expect(error.details).toEqual({ topic: 'app.rows', field });
    expect(error.message).toContain(`reading 'app.rows': ${field} `);
    expect(error.suggestion).toBeTruthy();
  });

  it("refuses commit: 'manual' for readers without commit() (consumeArrow, table)", () => {
    for (const reader of ['consumeArrow', 'table'] as const) {
      const error = refused({ groupId: 'g', commit: 'manual' }, reader);
      expect([error.code, error.details]).toEqual(['KAFKA_INVALID_CONFIG', { topic: 'app.rows', field: 'commit' }]);
      expect(error.message).toContain(reader);
    }
  });
});

describe('positions and commits of a row stream', () => {
  it('gives each row its position, and counts a row delivered only once the app asks for the next one', async () => {
    const { open, delivered } = fakeFeed([['{"id":1}', null, '{"id":3}'], ['{"id":4}']]);
    const stream = rowStream(open, 'app.rows', Row.fields, {});
    expect(stream.position).toBeUndefined();
    const seen: [number, string | undefined, string[]][] = [];
    // What a timer commit would cover while the app works on each row: never the row at hand.
    for await (const row of stream) seen.push([row.id, stream.position?.offset, [...delivered]]);
    expect(seen).toEqual([
      [1, '0', []],
      [3, '2', ['0', '1']],
      [4, '3', ['0', '1', '2']],
    ]);
    expect(stream.position).toEqual({ topic: 'app.rows', partition: 0, offset: '3' });
    expect(delivered).toEqual(['0', '1', '2', '3']);
  });

  it('commit() covers the row at hand, commit(position) exactly the positions given (the furthest per partition)', async () => {
    const { open, delivered, commits } = fakeFeed([['{"id":1}', '{"id":2}', '{"id":3}']]);
    const stream = rowStream(open, 'app.rows', Row.fields, {});
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    const first = stream.position;
    await it.next();
    await stream.commit();
    expect(delivered).toEqual(['0', '1']);
    await stream.commit(first);
    await stream.commit([{ topic: 'app.rows', partition: 0, offset: '2' }, { topic: 'app.rows', partition: 0, offset: '1' }, { topic: 'app.rows', partition: 1, offset: '7' }]);
    expect(commits).toEqual(['delivered', { 0: '0' }, { 0: '2', 1: '7' }]);
    await expect(stream.commit({ topic: 'elsewhere', partition: 0, offset: '1' })).rejects.toMatchObject({ code: 'KAFKA_INVALID_CONFIG', details: { field: 'position' } });
    await expect(stream.commit({ topic: 'app.rows', partition: 0, offset: '1e3' })).rejects.toMatchObject({ code: 'KAFKA_INVALID_CONFIG', details: { field: 'position' } });
    await stream.close();
  });
});
