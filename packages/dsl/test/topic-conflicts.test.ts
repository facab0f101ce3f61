import { isSluiceError } from '@sluice/errors';
import { checkTopicWriters, compile, count, kafka, lit, schema, signal, t, upsertKafka } from '@sluice/dsl';
import type { Signal, TopicConflictDetails } from '@sluice/dsl';

// The project-level compile sees every signal at once: two signals writing one topic must write
// it in one shape (row type, format, upsert or append, key), or the compile refuses both by name.

const Login = schema({ user_id: t.string(), ip: t.string(), success: t.boolean() });
const logins = kafka.source('logins', Login, { topic: 'auth.logins' });

const failed = signal('failed').from(logins).where((r) => r.success.eq(false)).to(kafka.sink('auth.alerts'));
const fromTor = signal('from_tor').from(logins).where((r) => r.ip.like('10.%')).to(kafka.sink('auth.alerts'));
const ipOnly = signal('ip_only').from(logins).select((r) => ({ user_id: r.user_id, ip: r.ip })).to(kafka.sink('auth.alerts'));
const reordered = signal('reordered').from(logins).select((r) => ({ success: r.success, ip: r.ip, user_id: r.user_id })).to(kafka.sink('auth.alerts'));
const asAvro = signal('as_avro').from(logins).where((r) => r.success.eq(true)).to(kafka.sink('auth.alerts', { format: 'avro' }));
const perUser = signal('per_user').from(logins).groupBy('user_id').select(() => ({ n: count() })).to(upsertKafka.sink('auth.per-user'));
const perUserAppend = signal('per_user_append').from(logins).select((r) => ({ user_id: r.user_id, n: lit(1n) })).to(kafka.sink('auth.per-user'));

function refusal(signals: readonly Signal[]): { message: string; details: TopicConflictDetails; suggestion: string | undefined } {
  try {
    compile(signals, { flinkVersion: '2.2', project: 'auth' });
  } catch (error) {
    if (isSluiceError(error, 'DSL_TOPIC_CONFLICT')) return { message: error.message, details: error.details as unknown as TopicConflictDetails, suggestion: error.suggestion };
    throw error;
  }
  throw new Error('compile accepted the signals');
}

describe('two signals writing one topic', () => {
  test('different row types are refused, naming both signals, the topic and both row types', () => {
    const { message, details, suggestion } = refusal([failed, ipOnly]);
    expect(message).toBe(
      "signals 'failed' and 'ip_only' both write topic 'auth.alerts' with a different row type " +
        "(row type: 'failed' writes (`user_id` STRING, `ip` STRING, `success` BOOLEAN), 'ip_only' writes (`user_id` STRING, `ip` STRING))",
    );
    expect(details).toEqual({ signal: 'ip_only', field: 'auth.alerts', signals: ['failed', 'ip_only'], topic: 'auth.alerts', differences: ['row type'] });
    expect(suggestion).toBe("write one shape to 'auth.alerts' from both signals, or give one of them its own topic");
  });

  test('the same row type and format is accepted: two sinks on the topic, one job each', () => {
    const script = compile([failed, fromTor], { flinkVersion: '2.2', project: 'auth' });
    expect(script.jobs.map((j) => j.name)).toEqual(['sluice.auth.failed', 'sluice.auth.from_tor']);
    expect(script.topics.filter((x) => x.name === 'auth.alerts').map((x) => [x.role, x.format])).toEqual([['sink', 'json'], ['sink', 'json']]);
    expect(script.statements.filter((s) => s.kind === 'ddl' && s.sql.includes("'topic' = 'auth.alerts'")).map((s) => s.signals)).toEqual([['failed'], ['from_tor']]);
  });

  test('JSON columns in another order are the same row type (records are read by name)', () => {
    expect(() => compile([failed, reordered], { flinkVersion: '2.2' })).not.toThrow();
  });

  test('different formats are refused', () => {
    const { message, details } = refusal([failed, asAvro]);
    expect(message).toBe("signals 'failed' and 'as_avro' both write topic 'auth.alerts' with a different format (format: 'failed' writes json, 'as_avro' writes avro)");
    expect(details.differences).toEqual(['format']);
  });

  test('upsert and append writers of one topic are refused (connector and key)', () => {
    const { message, details } = refusal([perUser, perUserAppend]);
    expect(details).toMatchObject({ signals: ['per_user', 'per_user_append'], topic: 'auth.per-user', differences: ['connector', 'key'] });
    expect(message).toBe(
      "signals 'per_user' and 'per_user_append' both write topic 'auth.per-user' with a different connector, key " +
        "(connector: 'per_user' writes upsert-kafka, 'per_user_append' writes kafka; key: 'per_user' writes user_id, 'per_user_append' writes (none))",
    );
  });

  test('checkTopicWriters is the same check on its own; each signal alone compiles', () => {
    expect(() => checkTopicWriters([failed, ipOnly])).toThrow(expect.objectContaining({ code: 'DSL_TOPIC_CONFLICT' }));
    expect(() => checkTopicWriters([failed, fromTor, reordered])).not.toThrow();
    for (const s of [failed, ipOnly, asAvro, perUser, perUserAppend]) expect(() => compile([s], { flinkVersion: '2.2' })).not.toThrow();
  });
});

describe('Avro writers of one topic', () => {
  test('columns in another order are a different row type (Avro records are positional)', () => {
    const a = signal('avro_a').from(logins).select((r) => ({ user_id: r.user_id, ip: r.ip })).to(kafka.sink('auth.avro', { format: 'avro' }));
    const b = signal('avro_b').from(logins).select((r) => ({ ip: r.ip, user_id: r.user_id })).to(kafka.sink('auth.avro', { format: 'avro' }));
    const same = signal('avro_same').from(logins).where((r) => r.success.eq(true)).select((r) => ({ user_id: r.user_id, ip: r.ip })).to(kafka.sink('auth.avro', { format: 'avro' }));
    expect(refusal([a, b]).details.differences).toEqual(['row type']);
    expect(() => compile([a, same], { flinkVersion: '2.2' })).not.toThrow();
  });
});
