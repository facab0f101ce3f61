package dev.sluice.sql.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlScriptSplitterTest {
  private static List<String> texts(String script) {
    return SqlScriptSplitter.split(script).stream().map(SqlStatement::text).collect(Collectors.toList());
  }

  @Test
  void splitsAtTopLevelSemicolonsOnly() {
    String script = "SET 'pipeline.name' = 'a;b';\n"
        + "CREATE TABLE `t;1` (s STRING) WITH ('connector' = 'datagen');\n"
        + "-- a comment; with a semicolon\n"
        + "/* block ; comment */ INSERT INTO x SELECT 'it''s;' FROM \"q;\"  ;\n"
        + ";;  -- only a comment\n";
    assertEquals(
        List.of(
            "SET 'pipeline.name' = 'a;b'",
            "CREATE TABLE `t;1` (s STRING) WITH ('connector' = 'datagen')",
            "INSERT INTO x SELECT 'it''s;' FROM \"q;\""),
        texts(script));
  }

  @Test
  void reportsWhereEachStatementStarts() {
    List<SqlStatement> statements = SqlScriptSplitter.split("SELECT 1;\n  -- c\n  SELECT\n 2");
    assertEquals(2, statements.size());
    assertEquals(1, statements.get(0).line());
    assertEquals(1, statements.get(0).column());
    assertEquals(3, statements.get(1).line());
    assertEquals(3, statements.get(1).column());
    assertEquals("SELECT\n 2", statements.get(1).text());
  }

  @Test
  void keepsStatementSetBlocksWhole() {
    String script = "EXECUTE STATEMENT SET BEGIN\n INSERT INTO a SELECT ';' ;\n INSERT INTO b SELECT 2;\nEND;\nSELECT 3";
    List<SqlStatement> statements = SqlScriptSplitter.split(script);
    assertEquals(2, statements.size());
    assertEquals(StatementKind.STATEMENT_SET, statements.get(0).kind());
    assertEquals("EXECUTE STATEMENT SET BEGIN\n INSERT INTO a SELECT ';' ;\n INSERT INTO b SELECT 2;\nEND", statements.get(0).text());
    assertEquals(
        List.of("INSERT INTO a SELECT ';'", "INSERT INTO b SELECT 2"),
        statements.get(0).statementSetInserts().stream().map(SqlStatement::text).collect(Collectors.toList()));
    assertEquals(StatementKind.QUERY, statements.get(1).kind());
  }

  @Test
  void mergesSqlClientStatementSets() {
    List<SqlStatement> statements = SqlScriptSplitter.split("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;");
    assertEquals(1, statements.size());
    assertEquals("EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND", statements.get(0).text());
    assertEquals(2, statements.get(0).statementSetInserts().size());
  }

  @Test
  void trailingCommentsStayOutOfTheText() {
    assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1 -- one;\n;SELECT 2 /* two */"));
  }

  @Test
  void parsesSetAndReset() {
    List<SqlStatement> statements = SqlScriptSplitter.split("SET 'pipeline.name' = 'it''s';SET parallelism.default = 1;RESET 'a.b';RESET");
    assertArrayEquals(new String[] {"pipeline.name", "it's"}, statements.get(0).setting());
    assertArrayEquals(new String[] {"parallelism.default", "1"}, statements.get(1).setting());
    assertArrayEquals(new String[] {"a.b"}, statements.get(2).setting());
    assertArrayEquals(new String[] {null}, statements.get(3).setting());
  }

  @Test
  void classifiesStatements() {
    List<StatementKind> kinds = SqlScriptSplitter.split(
            "create table t (a int);CREATE VIEW v AS SELECT 1;INSERT INTO t SELECT 1;WITH x AS (SELECT 1) SELECT * FROM x;SHOW TABLES;EXECUTE INSERT INTO t VALUES (1)")
        .stream().map(SqlStatement::kind).collect(Collectors.toList());
    assertEquals(
        List.of(StatementKind.DDL, StatementKind.DDL, StatementKind.INSERT, StatementKind.QUERY, StatementKind.OTHER, StatementKind.INSERT), kinds);
  }
}
