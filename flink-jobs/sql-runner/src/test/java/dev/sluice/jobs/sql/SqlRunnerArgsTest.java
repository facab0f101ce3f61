package dev.sluice.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.sql.script.SqlScriptSplitter;
import dev.sluice.sql.script.SqlStatement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlRunnerArgsTest {
  @Test
  void joinsScriptArgumentsInOrderWithoutLettingACommentSwallowTheNext(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tail.sql");
    Files.writeString(file, "INSERT INTO t SELECT 'ü;'", StandardCharsets.UTF_8);
    String b64 = Base64.getEncoder().encodeToString("SET 'pipeline.name' = 'it''s'".getBytes(StandardCharsets.UTF_8));
    String script = SqlRunner.scriptFrom(new String[] {"--script", "CREATE TABLE t (a STRING) -- no semicolon", "--script-b64", b64, "--script-file", file.toString()});
    List<String> texts = SqlScriptSplitter.split(script).stream().map(SqlStatement::text).collect(Collectors.toList());
    assertEquals(List.of("CREATE TABLE t (a STRING)", "SET 'pipeline.name' = 'it''s'", "INSERT INTO t SELECT 'ü;'"), texts);
  }

  @Test
  void rejectsUnknownOrMissingArguments() {
    assertThrows(IllegalArgumentException.class, () -> SqlRunner.scriptFrom(new String[] {}));
    assertThrows(IllegalArgumentException.class, () -> SqlRunner.scriptFrom(new String[] {"--script"}));
    assertThrows(IllegalArgumentException.class, () -> SqlRunner.scriptFrom(new String[] {"--sql", "x"}));
  }
}
