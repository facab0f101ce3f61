package dev.sluice.tools.plan;

import dev.sluice.sql.script.SqlStatement;
import dev.sluice.sql.script.StatementKind;

/** How a statement is explained. packages/deploy's gateway path builds the same text (explain-statement.ts). */
final class Explain {
  /** The prefix sits on its own line, so positions in errors are the statement's own, one line down. */
  static final String PREFIX = "EXPLAIN PLAN FOR\n";

  private Explain() {}

  /** The EXPLAIN statement for INSERT, queries and STATEMENT SETs; null for statements that are executed. */
  static String explainStatement(SqlStatement statement) {
    StatementKind kind = statement.kind();
    if (kind == StatementKind.INSERT || kind == StatementKind.QUERY || kind == StatementKind.STATEMENT_SET) {
      return PREFIX + statement.text();
    }
    return null;
  }
}
