import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SluiceError } from '@sluice/errors';
import { kafka, schema, signal, t } from '@sluice/dsl';
import type { Signal } from '@sluice/dsl';
import type { FlinkRestClient } from '@sluice/flink-client';
import type { SluiceKafka } from '@sluice/kafka';
import { checkProject, compileProject, desiredTopics, plan, resolveConfig, signalSql, StateStore, validateProject, type DeployContext, type Project } from '@sluice/deploy';

// Two signals of a project writing one topic in different shapes are refused by the project-level
// compile, which compile (sluice sql), plan and validate all run: no cluster is reached.

const Login = schema({ user_id: t.string(), ip: t.string(), success: t.boolean() });
const logins = kafka.source('logins', Login, { topic: 'auth.logins' });
const failed = signal('failed').from(logins).where((r) => r.success.eq(false)).to(kafka.sink('auth.alerts'));
const ipOnly = signal('ip_only').from(logins).select((r) => ({ user_id: r.user_id, ip: r.ip })).to(kafka.sink('auth.alerts'));
const fromTor = signal('from_tor').from(logins).where((r) => r.ip.like('10.%')).to(kafka.sink('auth.alerts'));
const users = signal('users').from(logins).select((r) => ({ user_id: r.user_id })).to(kafka.sink('auth.users'));
const usersAvro = signal('users_avro').from(logins).select((r) => ({ user_id: r.user_id })).to(kafka.sink('auth.users', { format: 'avro' }));

const MESSAGE =
  "signals 'failed' and 'ip_only' both write topic 'auth.alerts' with a different row type " +
  "(row type: 'failed' writes (`user_id` STRING, `ip` STRING, `success` BOOLEAN), 'ip_only' writes (`user_id` STRING, `ip` STRING))";

function project(signals: readonly Signal[]): Project {
  const config = resolveConfig({ project: 'auth', signals: 'signals' }, { configFile: join(mkdtempSync(join(tmpdir(), 'sluice-conflict-')), 'sluice.yaml'), env: {} });
  return { config, signals, modules: {} };
}

/** A context whose cluster and Kafka fail the test if anything reaches them. */
function context(p: Project): DeployContext {
  const unreachable = (): never => {
    throw new Error('the refusal must come before any cluster call');
  };
  const flink = new Proxy({}, { get: unreachable }) as FlinkRestClient;
  return { project: p, flink, gateway: undefined as never, store: new StateStore(p.config.stateDir), kafka: () => new Proxy({}, { get: unreachable }) as SluiceKafka, close: async () => undefined };
}

function caught(fn: () => unknown): SluiceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SluiceError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('one topic written in two shapes', () => {
  test('compileProject refuses the project, also when only one of the two is asked for', () => {
    for (const only of [undefined, ['failed'], ['ip_only']]) {
      const error = caught(() => compileProject(project([failed, ipOnly]), only));
      expect([error.code, error.message]).toEqual(['DSL_TOPIC_CONFLICT', MESSAGE]);
      expect(error.details).toMatchObject({ signals: ['failed', 'ip_only'], topic: 'auth.alerts' });
    }
    expect(() => checkProject(project([failed, ipOnly]))).toThrow(MESSAGE);
  });

  test('sluice sql (signalSql) refuses it', () => {
    expect(caught(() => signalSql(project([failed, ipOnly]), 'failed')).code).toBe('DSL_TOPIC_CONFLICT');
  });

  test('plan refuses it before asking the cluster or Kafka anything', async () => {
    await expect(plan(context(project([failed, ipOnly])))).rejects.toMatchObject({ code: 'DSL_TOPIC_CONFLICT', message: MESSAGE });
    await expect(plan(context(project([failed, users, usersAvro])))).rejects.toMatchObject({
      code: 'DSL_TOPIC_CONFLICT',
      message: "signals 'users' and 'users_avro' both write topic 'auth.users' with a different format (format: 'users' writes json, 'users_avro' writes avro)",
    });
  });

  test('validate fails both signals with the DSL code, and reports every conflict, before any planner runs', async () => {
    const result = await validateProject(project([failed, ipOnly, users, usersAvro]));
    expect(result.ok).toBe(false);
    expect(result.signals.map((s) => [s.signal, s.ok, s.error?.code, s.error?.field])).toEqual([
      ['failed', false, 'DSL_TOPIC_CONFLICT', 'auth.alerts'],
      ['ip_only', false, 'DSL_TOPIC_CONFLICT', 'auth.alerts'],
      ['users', false, 'DSL_TOPIC_CONFLICT', 'auth.users'],
      ['users_avro', false, 'DSL_TOPIC_CONFLICT', 'auth.users'],
    ]);
    expect(result.signals[0]?.error?.message).toBe(MESSAGE);
    expect(result.signals[1]?.error?.message).toBe(MESSAGE);
    expect(result.signals[3]?.error?.message).toContain("signals 'users' and 'users_avro' both write topic 'auth.users' with a different format");
  });

  test('validate of one of the two signals still sees the other one', async () => {
    const result = await validateProject(project([failed, ipOnly]), { signals: ['ip_only'] });
    expect(result.signals.map((s) => [s.signal, s.error?.code])).toEqual([['ip_only', 'DSL_TOPIC_CONFLICT']]);
  });

  test('the same row type and format on one topic compiles: one job per signal, the topic desired once', () => {
    const p = project([failed, fromTor]);
    const compiled = compileProject(p);
    expect(compiled.map((c) => [c.signal, c.jobName, c.outputTopic?.name])).toEqual([['failed', 'sluice.auth.failed', 'auth.alerts'], ['from_tor', 'sluice.auth.from_tor', 'auth.alerts']]);
    expect(desiredTopics(p, compiled).map((x) => x.name)).toEqual(['auth.logins', 'auth.alerts']);
  });
});
