import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { SLUICE_UDFS, udfJarPath, udfStatements, udfsUsedBy } from '../src/udf/udf-jar';

describe('sluice-udfs.jar registration', () => {
  test('the jar is found relative to the package (built by npm run build)', () => {
    const jar = udfJarPath();
    expect(isAbsolute(jar)).toBe(true);
    expect(jar.endsWith('sluice-udfs.jar')).toBe(true);
    expect(existsSync(jar)).toBe(true);
  });

  test('one CREATE TEMPORARY FUNCTION ... USING JAR per function, quotes doubled', () => {
    const statements = udfStatements({ jar: __filename, functions: ['SLUICE_EMA', 'sluice_rsi'] });
    expect(statements).toEqual([
      `CREATE TEMPORARY FUNCTION IF NOT EXISTS \`SLUICE_EMA\` AS 'dev.sluice.udf.Ema' USING JAR '${__filename}'`,
      `CREATE TEMPORARY FUNCTION IF NOT EXISTS \`SLUICE_RSI\` AS 'dev.sluice.udf.Rsi' USING JAR '${__filename}'`,
    ]);
    expect(udfStatements({ jar: __filename })).toHaveLength(SLUICE_UDFS.length);
  });

  test('a missing jar or an unknown function is a DEPLOY_ error', () => {
    expect(() => udfJarPath('no/such/sluice-udfs.jar')).toThrow(expect.objectContaining({ code: 'DEPLOY_UDF_JAR_MISSING' }));
    expect(() => udfStatements({ jar: __filename, functions: ['SLUICE_NOPE'] })).toThrow(expect.objectContaining({ code: 'DEPLOY_UNKNOWN_UDF' }));
  });

  test('udfsUsedBy finds the functions a script calls', () => {
    expect(udfsUsedBy('SELECT sluice_rsi(price, 14) OVER w, SLUICE_MACD_HIST (price, 12, 26, 9) OVER w FROM t')).toEqual(['SLUICE_RSI', 'SLUICE_MACD_HIST']);
    expect(udfsUsedBy('SELECT SLUICE_EMA_X FROM t')).toEqual([]);
  });
});
