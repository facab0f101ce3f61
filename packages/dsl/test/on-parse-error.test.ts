import { compile, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';

const Payment = schema({ id: t.bigint().notNull(), account: t.string(), amount: t.double(), qty: t.int() });

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isSluiceError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an error');
}

describe('onParseError of a Kafka source', () => {
  test("'skip' is Flink's json.ignore-parse-errors; 'fail' (the default) adds nothing", () => {
    const skip = kafka.source('p', Payment, { topic: 'p', onParseError: 'skip' });
    const fail = kafka.source('q', Payment, { topic: 'q', onParseError: 'fail' });
    const script = compile([signal('a').from(skip).to(kafka.sink('a')), signal('b').from(fail).to(kafka.sink('b'))], { flinkVersion: '2.2' });
    const [p, q] = script.statements.filter((s) => s.sql.startsWith('CREATE TABLE `p`') || s.sql.startsWith('CREATE TABLE `q`')).map((s) => s.sql);
    expect(p).toContain("'value.json.ignore-parse-errors' = 'true'");
    expect(q).not.toContain('ignore-parse-errors');
  });

  test('{ deadLetter }: a raw table, a parsing view under the source name, a dead-letter sink, and one statement set per job', () => {
    const payments = kafka.source('payments', Payment, { topic: 'pay', onParseError: { deadLetter: 'pay.dead' }, metadata: { off: 'offset' } });
    const totals = signal('totals').from(payments).select((r) => ({ id: r.id, total: r.amount.times(r.qty), off: r.off })).to(kafka.sink('totals'));
    const script = compile([totals], { flinkVersion: '2.2' });
    const ddl = script.statements.filter((s) => s.kind === 'ddl').map((s) => s.sql.split('\n')[0]);
    expect(ddl).toEqual(['CREATE TABLE `payments__raw` (', 'CREATE VIEW `payments` AS', 'CREATE TABLE `payments__dead_letters` (', 'CREATE TABLE `totals_sink` (']);
    const raw = script.statements[0]?.sql ?? '';
    expect(raw).toContain("'value.format' = 'raw'");
    expect(raw).toContain("`__offset` BIGINT METADATA FROM 'offset' VIRTUAL");
    const view = script.statements[1]?.sql ?? '';
    expect(view).toContain("TRY_CAST(JSON_VALUE(CAST(`__raw` AS STRING), '$.amount') AS DOUBLE) AS `amount`");
    expect(view).toContain('`__offset` AS `off`');
    expect(view).toContain("WHEN JSON_VALUE(CAST(`__raw` AS STRING), '$.id') IS NULL THEN 'field id: missing or null in a NOT NULL column'");
    const job = script.statements.filter((s) => s.kind === 'statement-set');
    expect(job).toHaveLength(1);
    expect(job[0]?.sql).toMatch(/^EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `totals_sink`[\s\S]*;\nINSERT INTO `payments__dead_letters` \(`partition`, `offset`, `timestamp`, `raw_value`, `reason`\)[\s\S]*WHERE `__reason` IS NOT NULL;\nEND$/);
    expect(script.topics.map((tp) => [tp.name, tp.role])).toEqual([
      ['pay.dead', 'sink'],
      ['pay', 'source'],
      ['totals', 'sink'],
    ]);
    expect(script.sources).toEqual([{ name: 'payments', topic: 'pay', groupId: 'sluice-default-totals-payments', deadLetterTopic: 'pay.dead', signals: ['totals'] }]);
  });

  test('an event-time column computed from parsed fields is the raw table\'s own, with its watermark', () => {
    const Ms = schema({ id: t.bigint(), ms: t.bigint() });
    const src = kafka.source('b', Ms, { topic: 'b', computed: (r) => ({ ts: toTimestampLtz(r.ms) }), eventTime: { column: 'ts', watermark: '1 s' }, onParseError: { deadLetter: 'b.dead' } });
    const [raw, view] = compile([signal('s').from(src).to(kafka.sink('o'))], { flinkVersion: '2.2' }).statements.map((st) => st.sql);
    expect(raw).toContain("  `ts` AS TO_TIMESTAMP_LTZ((TRY_CAST(JSON_VALUE(CAST(`__raw` AS STRING), '$.ms') AS BIGINT)), 3),\n  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND\n) WITH (");
    expect(view).toMatch(/AS `ms`, `ts`\nFROM `b__raw`\nWHERE /);
  });

  test('refused where the job cannot parse it itself, naming the field', () => {
    const Ts = schema({ id: t.bigint(), at: t.timestampLtz(3) });
    expect(errorOf(() => kafka.source('a', Ts, { topic: 'a', onParseError: { deadLetter: 'a.dead' } }))).toMatchObject({ code: 'DSL_INVALID_OPTION', message: expect.stringContaining("'at' is TIMESTAMP_LTZ") as unknown });
    expect(errorOf(() => kafka.source('c', Payment, { topic: 'c', format: 'avro', onParseError: 'skip' })).message).toContain("needs format 'json'");
    expect(errorOf(() => kafka.source('d', Payment, { topic: 'd', onParseError: { deadLetter: '' } })).message).toContain("{ deadLetter: 'topic' }");
  });
});
