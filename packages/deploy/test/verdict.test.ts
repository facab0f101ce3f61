import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import { explainStatementFor, rebaseMessage, flinkJvmOptions, resolveFlinkHome, verdictError, type ScriptVerdict } from '@sluice/deploy';

describe('explainStatementFor', () => {
  it('explains INSERT, queries and statement sets on a line of their own, and executes the rest', () => {
    expect(explainStatementFor({ kind: 'insert', text: 'INSERT INTO t SELECT 1' })).toBe('EXPLAIN PLAN FOR\nINSERT INTO t SELECT 1');
    expect(explainStatementFor({ kind: 'statement-set', text: 'EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1; END' })).toBe(
      'EXPLAIN PLAN FOR\nEXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1; END',
    );
    expect(explainStatementFor({ kind: 'ddl', text: 'CREATE TABLE t (a INT)' })).toBeUndefined();
    expect(explainStatementFor({ kind: 'set', text: "SET 'a' = 'b'" })).toBeUndefined();
  });
});

describe('rebaseMessage', () => {
  it("moves Flink's positions from the EXPLAIN text to the script", () => {
    const statement = { line: 7, column: 3 };
    expect(rebaseMessage('Encountered "x" at line 2, column 16.', statement, true)).toBe('Encountered "x" at line 7, column 18.');
    expect(rebaseMessage('From line 3, column 1 to line 3, column 4: y', statement, true)).toBe('From line 8, column 1 to line 8, column 4: y');
    expect(rebaseMessage('at line 1, column 5', statement, false)).toBe('at line 7, column 7');
  });
});

describe('verdictError', () => {
  const verdict: ScriptVerdict = {
    ok: false,
    via: 'offline',
    statements: [
      { index: 0, kind: 'ddl', line: 1, column: 1, ok: true },
      {
        index: 1,
        kind: 'insert',
        line: 5,
        column: 1,
        ok: false,
        error: { rootCause: "Column 'nam' not found in any table", exceptionClass: 'org.apache.calcite.sql.validate.SqlValidatorException', fullText: 'SQL validation failed. ...\n\tat ...', line: 5, column: 28 },
      },
    ],
  };

  it('is a DEPLOY_INVALID_SQL error whose message is the position and the root cause line', () => {
    const error = verdictError(verdict);
    expect(isSluiceError(error)).toBe(true);
    expect(error?.code).toBe('DEPLOY_INVALID_SQL');
    expect(error?.message).toBe("line 5, column 28: Column 'nam' not found in any table");
    expect(error?.details).toMatchObject({ statementIndex: 1, fullText: 'SQL validation failed. ...\n\tat ...', via: 'offline' });
  });

  it('is undefined for a valid script', () => {
    expect(verdictError({ ok: true, via: 'gateway', statements: [{ index: 0, kind: 'query', line: 1, column: 1, ok: true, plan: 'p' }] })).toBeUndefined();
  });
});

describe('resolveFlinkHome and flinkJvmOptions', () => {
  function fakeHome(root: string, name: string, config?: string): string {
    const home = join(root, name);
    mkdirSync(join(home, 'lib'), { recursive: true });
    mkdirSync(join(home, 'conf'), { recursive: true });
    writeFileSync(join(home, 'lib', 'flink-dist-9.9.9.jar'), '');
    writeFileSync(join(home, 'lib', 'flink-table-planner-loader-9.9.9.jar'), '');
    if (config !== undefined) writeFileSync(join(home, 'conf', 'config.yaml'), config);
    return home;
  }

  it('finds <cacheDir>/flink-<version>-kafka-<connector>, the layout @sluice/stack assembles', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sluice-home-'));
    const home = fakeHome(cacheDir, 'flink-9.9.9-kafka-1.0.0-9.9');
    expect(resolveFlinkHome({ flinkVersion: '9.9.9', cacheDir }, {})).toBe(home);
    expect(resolveFlinkHome({ flinkVersion: '9.9.9', kafkaConnectorVersion: '1.0.0-9.9', cacheDir }, {})).toBe(home);
  });

  it('says what to run when the distribution is missing', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sluice-home-'));
    expect(() => resolveFlinkHome({ flinkVersion: '9.9.8', cacheDir }, {})).toThrow(expect.objectContaining({ code: 'DEPLOY_FLINK_HOME_MISSING', suggestion: expect.stringContaining('stack:fetch') }));
  });

  it("reads Flink's env.java.opts.all, nested or flat, else uses Flink's defaults", () => {
    const root = mkdtempSync(join(tmpdir(), 'sluice-home-'));
    const nested = fakeHome(root, 'a', 'env:\n  java:\n    opts:\n      all: --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED\n');
    expect(flinkJvmOptions(nested)).toEqual(['--add-opens=java.base/java.lang=ALL-UNNAMED', '--add-opens=java.base/java.util=ALL-UNNAMED']);
    const flat = fakeHome(root, 'b', 'env.java.opts.all: "--add-opens=java.base/java.nio=ALL-UNNAMED"\n');
    expect(flinkJvmOptions(flat)).toEqual(['--add-opens=java.base/java.nio=ALL-UNNAMED']);
    expect(flinkJvmOptions(fakeHome(root, 'c'))).toContain('--add-opens=java.base/java.lang=ALL-UNNAMED');
  });
});
