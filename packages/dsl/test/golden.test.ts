import { compile, fillSecrets, jdbc, secretNames } from '@sluice/dsl';
import { CustomerRow, JDBC_FIXTURE_PASSWORD_REF } from './fixtures/sources';
import { expectGolden } from './golden/expect-golden';
import { ALL_SIGNALS, bruteForce, hopVolume, ordersLookup, volumeBySymbol, vwap1m } from './fixtures/signals';

describe('golden SQL', () => {
  for (const [name, s] of Object.entries(ALL_SIGNALS)) {
    test(name, () => {
      expectGolden(name, compile([s], { flinkVersion: '2.2', project: 'golden' }).text);
    });
  }

  test('statement_set: several signals in one job', () => {
    expectGolden('statement_set', compile([vwap1m, hopVolume, bruteForce], { flinkVersion: '2.2', project: 'golden', jobs: 'statement-set' }).text);
  });

  test('per_signal_jobs: one job each', () => {
    const script = compile([hopVolume, bruteForce], { flinkVersion: '2.2', project: 'golden', bootstrapServers: 'kafka-1:9092,kafka-2:9092' });
    expectGolden('per_signal_jobs', script.text);
    expect(script.jobs).toEqual([
      { name: 'sluice.golden.hop_volume', signals: ['hop_volume'] },
      { name: 'sluice.golden.brute_force', signals: ['brute_force'] },
    ]);
  });

  test('per_signal_settings: a later job does not inherit an earlier job\'s SET', () => {
    const script = compile([vwap1m, volumeBySymbol, hopVolume], { flinkVersion: '2.2', project: 'golden' });
    expectGolden('per_signal_settings', script.text);
    expect(script.statements.filter((s) => s.sql.startsWith('RESET')).map((s) => s.sql)).toEqual([
      "RESET 'parallelism.default'",
      "RESET 'execution.checkpointing.interval'",
      // the recovery settings come with checkpointing (issue 16) and go with it
      "RESET 'execution.checkpointing.externalized-checkpoint-retention'",
      "RESET 'restart-strategy.type'",
      "RESET 'restart-strategy.exponential-delay.initial-backoff'",
      "RESET 'restart-strategy.exponential-delay.max-backoff'",
      "RESET 'table.exec.state.ttl'",
    ]);
  });

  test('the JDBC password is a reference: the script holds only its placeholder, which deploy fills in', () => {
    const script = compile([ordersLookup], { flinkVersion: '2.2', project: 'golden' });
    const lines = script.text.split('\n').filter((l) => l.includes('password'));
    expect(lines).toEqual([`  'password' = '\${secret:${JDBC_FIXTURE_PASSWORD_REF}}',`]);
    expect(secretNames(script.text)).toEqual([JDBC_FIXTURE_PASSWORD_REF]);
    // A quote in the value is escaped for the SQL literal it lands in.
    expect(fillSecrets(lines[0] ?? '', () => "it's")).toBe("  'password' = 'it''s',");
    expect(() => jdbc.source('dim_plain', CustomerRow, { url: 'jdbc:postgresql://db/shop', password: 'hunter22' as never, primaryKey: ['id'] })).toThrow(expect.objectContaining({ code: 'DSL_INVALID_OPTION', message: expect.not.stringContaining('hunter22') as unknown }) as Error);
  });

  test('compile is deterministic', () => {
    const a = compile(Object.values(ALL_SIGNALS), { flinkVersion: '2.2' });
    const b = compile(Object.values(ALL_SIGNALS), { flinkVersion: '2.2' });
    expect(a.text).toBe(b.text);
  });
});
