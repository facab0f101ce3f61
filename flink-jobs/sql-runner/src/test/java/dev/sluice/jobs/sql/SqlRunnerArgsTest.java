package dev.sluice.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.sql.script.CompiledStatement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlRunnerArgsTest {
  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> described(RunnerArgs args) {
    return args.statements().stream().map(CompiledStatement::toString).collect(Collectors.toList());
  }

  @Test
  void joinsScriptArgumentsInOrderWithoutLettingACommentSwallowTheNext(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tail.sql");
    Files.writeString(file, "INSERT INTO t SELECT 'ü;'", StandardCharsets.UTF_8);
    RunnerArgs args = RunnerArgs.parse(new String[] {"--script", "CREATE TABLE t (a STRING) -- no semicolon", "--script-b64", b64("SET 'pipeline.name' = 'it''s'"), "--script-file", file.toString()});
    assertEquals(List.of("ddl@1 CREATE TABLE t (a STRING)", "set@3 SET 'pipeline.name' = 'it''s'", "insert@5 INSERT INTO t SELECT 'ü;'"), described(args));
  }

  @Test
  void takesCompiledStatementsAsJsonWithoutSplittingThem(@TempDir Path dir) throws Exception {
    // A semicolon inside a statement and a statement set stay as sent: nothing is split.
    String json = "[{\"kind\":\"set\",\"sql\":\"SET 'pipeline.name' = 'a;b'\",\"line\":1},"
        + "{\"kind\":\"ddl\",\"sql\":\"CREATE TABLE t (a STRING)\"},"
        + "{\"kind\":\"statement-set\",\"sql\":\"EXECUTE STATEMENT SET\\nBEGIN\\nINSERT INTO s SELECT 'ü;' FROM t;\\nEND\",\"line\":5}]";
    Path file = dir.resolve("statements.json");
    Files.writeString(file, "[{\"kind\":\"reset\",\"sql\":\"RESET 'x'\"}]", StandardCharsets.UTF_8);
    RunnerArgs args = RunnerArgs.parse(new String[] {"--statements-b64", b64(json), "--statements-file", file.toString()});
    assertEquals(
        List.of("set@1 SET 'pipeline.name' = 'a;b'", "ddl CREATE TABLE t (a STRING)", "statement-set@5 EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO s SELECT 'ü;' FROM t;\nEND", "reset RESET 'x'"),
        described(args));
    assertEquals(List.of("pipeline.name", "a;b"), List.of(args.statements().get(0).setting()));
    assertEquals(List.of("x"), List.of(args.statements().get(3).setting()));
  }

  @Test
  void rejectsUnknownOrMissingArgumentsAndMalformedStatements() {
    assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {}));
    assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--script"}));
    assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--statements-b64"}));
    assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--sql", "x"}));
    assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--statements-b64", b64("{\"kind\":\"ddl\"}")}));
    assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--statements-b64", b64("[{\"kind\":\"ddl\"}]")}));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--statements-b64", b64("[{\"kind\":\"merge\",\"sql\":\"x\"}]")}));
    assertEquals("unknown statement kind 'merge'; expected one of set, reset, ddl, insert, query, statement-set, other", unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--statements-b64", b64("not json")}));
  }
}
