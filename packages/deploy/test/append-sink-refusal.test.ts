import { verdictError, type ScriptVerdict } from '@sluice/deploy';

// The planner's refusal of an updating query into an append-only sink, recognised in each wording
// Flink uses, becomes DEPLOY_APPEND_SINK_UPDATES; other refusals stay DEPLOY_INVALID_SQL.

function refused(rootCause: string): ScriptVerdict {
  return { ok: false, via: 'gateway', statements: [{ index: 3, kind: 'insert', line: 40, column: 1, ok: false, error: { rootCause, exceptionClass: 'org.apache.flink.table.api.TableException', fullText: rootCause } }] };
}

describe('an append sink fed by updates, as validate reports it', () => {
  test.each([
    ["Table sink 'default_catalog.default_database.top_sink' doesn't support consuming update and delete changes which is produced by node Rank(strategy=[UndefinedStrategy], rankType=[ROW_NUMBER])"],
    ["Table sink 'default_catalog.default_database.agg_sink' doesn't support consuming update changes which is produced by node GroupAggregate(groupBy=[symbol], select=[symbol, COUNT(*) AS n])"],
    ["Table sink 'default_catalog.default_database.join_sink' doesn't support consuming delete changes which is produced by node Join(joinType=[LeftOuterJoin])"],
  ])('%s', (rootCause) => {
    const error = verdictError(refused(rootCause));
    expect(error?.code).toBe('DEPLOY_APPEND_SINK_UPDATES');
    expect(error?.message).toBe(`line 40: ${rootCause}`);
    expect(error?.suggestion).toContain('{ updating: true }');
    expect(error?.details).toMatchObject({ via: 'gateway', statementIndex: 3, line: 40 });
  });

  test('another refusal stays DEPLOY_INVALID_SQL', () => {
    expect(verdictError(refused("Column 'prise' not found in any table"))?.code).toBe('DEPLOY_INVALID_SQL');
  });
});
