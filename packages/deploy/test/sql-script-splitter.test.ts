import { splitSqlScript, splitWithPlanTool } from '@sluice/deploy';
import { SPLIT_CASES } from './split-cases';

describe('splitSqlScript', () => {
  it('splits only at top-level semicolons and drops comment-only statements', () => {
    const script = SPLIT_CASES[0]?.script ?? '';
    expect(splitSqlScript(script).map((s) => s.text)).toEqual([
      "SET 'pipeline.name' = 'a;b'",
      "CREATE TABLE `t;1` (s STRING) WITH ('connector' = 'datagen')",
      "INSERT INTO x SELECT 'it''s;' FROM \"q;\"",
    ]);
  });

  it('reports the line and column of each statement', () => {
    expect(splitSqlScript('SELECT 1;\n  -- c\n  SELECT\n 2')).toEqual([
      { text: 'SELECT 1', line: 1, column: 1, kind: 'query' },
      { text: 'SELECT\n 2', line: 3, column: 3, kind: 'query' },
    ]);
  });

  it('keeps EXECUTE STATEMENT SET blocks whole and merges the sql-client form', () => {
    expect(splitSqlScript("EXECUTE STATEMENT SET BEGIN\n INSERT INTO a SELECT ';' ;\nEND;\nSELECT 3").map((s) => [s.kind, s.text])).toEqual([
      ['statement-set', "EXECUTE STATEMENT SET BEGIN\n INSERT INTO a SELECT ';' ;\nEND"],
      ['query', 'SELECT 3'],
    ]);
    expect(splitSqlScript('BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;')).toEqual([
      { text: 'EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND', line: 1, column: 1, kind: 'statement-set' },
    ]);
  });

  it('never ends a statement inside a trailing comment', () => {
    expect(splitSqlScript('SELECT 1 -- one;\n;SELECT 2 /* two */').map((s) => s.text)).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('classifies statements', () => {
    const kinds = splitSqlScript(SPLIT_CASES.find((c) => c.name === 'kinds')?.script ?? '').map((s) => s.kind);
    expect(kinds).toEqual(['ddl', 'ddl', 'insert', 'query', 'other', 'insert', 'reset', 'query', 'query']);
  });

  // The plan tool and the sql-runner split with the Java twin: both must see the same statements.
  it.each(SPLIT_CASES.map((c) => [c.name, c.script] as const))('agrees with the Java splitter: %s', async (_name, script) => {
    expect(await splitWithPlanTool(script)).toEqual(splitSqlScript(script));
  });
});
