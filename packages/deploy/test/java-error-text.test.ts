import { parseJavaErrorText } from '@sluice/deploy';

describe('parseJavaErrorText', () => {
  it('takes the last Caused by line as the root cause, and the first position', () => {
    const text = [
      'Internal server error.',
      'org.apache.flink.table.gateway.api.utils.SqlGatewayException: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.',
      '\tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)',
      'Caused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 2, column 28 to line 2, column 30: Column \'nam\' not found in any table',
      '\tat org.apache.flink.table.planner.calcite.FlinkPlannerImpl.validate(FlinkPlannerImpl.scala:200)',
      'Caused by: org.apache.calcite.sql.validate.SqlValidatorException: Column \'nam\' not found in any table',
      '\tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)',
      '\t... 30 more',
    ].join('\n');
    expect(parseJavaErrorText(text)).toEqual({
      rootCause: "Column 'nam' not found in any table",
      exceptionClass: 'org.apache.calcite.sql.validate.SqlValidatorException',
      position: { line: 2, column: 28 },
    });
  });

  it('uses the headline when nothing caused it, and the class when there is no message', () => {
    expect(parseJavaErrorText('org.apache.flink.table.api.ValidationException: Table x not found\n\tat a.b(C.java:1)')).toEqual({
      rootCause: 'Table x not found',
      exceptionClass: 'org.apache.flink.table.api.ValidationException',
    });
    expect(parseJavaErrorText('x.Y\nCaused by: java.lang.NullPointerException\n\tat a.b(C.java:1)')).toEqual({
      rootCause: 'java.lang.NullPointerException',
      exceptionClass: 'java.lang.NullPointerException',
    });
  });

  it('keeps only the first line of a multi-line root cause', () => {
    const summary = parseJavaErrorText("Caused by: org.apache.flink.table.api.ValidationException: Column types of query result and sink for 'x' do not match.\nCause: Incompatible types for sink column 'name' at position 1.\n\tat a.b(C.java:1)");
    expect(summary.rootCause).toBe("Column types of query result and sink for 'x' do not match.");
  });
});
