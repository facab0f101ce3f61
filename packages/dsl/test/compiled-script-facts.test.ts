import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, indicators, kafka, signal, STATEMENT_KINDS, type StatementKind } from '../src/index';
import { hopVolume, volumeBySymbol, vwap1m } from './fixtures/signals';
import { trades } from './fixtures/sources';

// The compiled script carries what deploy needs as structure: statement kinds of the one vocabulary,
// the UDAFs each statement's signal calls, each Kafka source's topic and group.

const JAVA_ENUM = join(__dirname, '..', '..', '..', 'flink-jobs', 'sql-script', 'src', 'main', 'java', 'dev', 'sluice', 'sql', 'script', 'StatementKind.java');

describe('the compiled script', () => {
  test("StatementKind is flink-jobs' Java enum StatementKind, label for label", () => {
    const source = readFileSync(JAVA_ENUM, 'utf8');
    const body = /enum StatementKind \{([\s\S]*?);/.exec(source)?.[1] ?? '';
    const names = body.replace(/\/\*\*[\s\S]*?\*\//g, '').split(',').map((n) => n.trim()).filter((n) => n !== '');
    // the Java label(): lower case, '_' -> '-'
    expect(names.map((n) => n.toLowerCase().replace(/_/g, '-'))).toEqual([...STATEMENT_KINDS]);
  });

  test('statement kinds: CREATE TABLE is ddl, RESET is reset, INSERT is insert', () => {
    const script = compile([vwap1m, volumeBySymbol, hopVolume], { flinkVersion: '2.2', project: 'facts' });
    const kinds = new Map<string, StatementKind[]>();
    for (const s of script.statements) {
      const word = s.sql.split(/\s/)[0] ?? '';
      kinds.set(word, [...new Set([...(kinds.get(word) ?? []), s.kind])]);
    }
    expect(Object.fromEntries(kinds)).toEqual({ CREATE: ['ddl'], SET: ['set'], RESET: ['reset'], INSERT: ['insert'] });
  });

  test('the UDAFs a signal calls are on its statements and on the script; none for a plain signal', () => {
    const rsi = signal('rsi_facts').from(indicators.rsi(trades, { value: 'price', period: 14, by: 'symbol' })).to(kafka.sink('signals.rsi_facts'));
    const macd = signal('macd_facts').from(indicators.macd(trades, { value: 'price', by: 'symbol' })).to(kafka.sink('signals.macd_facts'));
    const script = compile([vwap1m, rsi, macd], { flinkVersion: '2.2', project: 'facts' });
    const inserts = script.statements.filter((s) => s.kind === 'insert').map((s) => [s.signals[0], s.udfs]);
    expect(inserts).toEqual([
      ['vwap_1m', undefined],
      ['rsi_facts', ['SLUICE_RSI']],
      ['macd_facts', ['SLUICE_MACD', 'SLUICE_MACD_SIGNAL', 'SLUICE_MACD_HIST']],
    ]);
    expect(script.udfs).toEqual(['SLUICE_RSI', 'SLUICE_MACD', 'SLUICE_MACD_SIGNAL', 'SLUICE_MACD_HIST']);
    expect(compile([vwap1m], { flinkVersion: '2.2' }).udfs).toEqual([]);
    const set = compile([rsi, macd], { flinkVersion: '2.2', jobs: 'statement-set' }).statements.find((s) => s.kind === 'statement-set');
    expect(set?.udfs).toEqual(['SLUICE_RSI', 'SLUICE_MACD', 'SLUICE_MACD_SIGNAL', 'SLUICE_MACD_HIST']);
  });

  test("each Kafka source's topic and group id, from the source definition", () => {
    const script = compile([vwap1m], { flinkVersion: '2.2', project: 'facts' });
    expect(script.sources).toEqual([{ name: 'trades', topic: 'market.trades', groupId: 'sluice-trades', signals: ['vwap_1m'] }]);
  });
});
