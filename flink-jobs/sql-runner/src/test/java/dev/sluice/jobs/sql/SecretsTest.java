package dev.sluice.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  private static final String JAAS = "'properties.sasl.jaas.config' = '${secret:kafka.sasl.jaas}'";

  @Test
  void fillsFromTheFileEscapingQuotesForTheLiteral(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secrets.json");
    Files.writeString(file, "{\"kafka.sasl.jaas\": \"M required username=\\\"u\\\" password=\\\"it's\\\";\"}", StandardCharsets.UTF_8);
    assertEquals("'properties.sasl.jaas.config' = 'M required username=\"u\" password=\"it''s\";'", Secrets.fromFile(file).fill(JAAS));
  }

  @Test
  void fallsBackToTheEnvironmentAndToEnvAndFileReferences(@TempDir Path dir) throws Exception {
    Path pw = dir.resolve("pg");
    Files.writeString(pw, "from-file\n", StandardCharsets.UTF_8);
    Map<String, String> env = Map.of("SLUICE_SECRET_KAFKA_SASL_JAAS", "jaas-from-env", "PG_PW", "pg-from-env");
    Secrets secrets = new Secrets(Map.of(), env::get);
    assertEquals("'properties.sasl.jaas.config' = 'jaas-from-env'", secrets.fill(JAAS));
    assertEquals("'password' = 'pg-from-env'", secrets.fill("'password' = '${secret:env:PG_PW}'"));
    assertEquals("'password' = 'from-file'", secrets.fill("'password' = '${secret:file:" + pw + "}'"));
    assertEquals("SELECT 1", secrets.fill("SELECT 1"));
  }

  @Test
  void aMissingValueNamesThePlaceholderNeverAValue() {
    Secrets secrets = new Secrets(Map.of("other", "hunter2-value"), name -> null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> secrets.fill(JAAS));
    assertTrue(e.getMessage().contains("${secret:kafka.sasl.jaas}"));
    assertTrue(e.getMessage().contains("SLUICE_SECRET_KAFKA_SASL_JAAS"));
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void theRunnerArgumentsFillTheStatementsFromTheSecretsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secrets.json");
    Files.writeString(file, "{\"kafka.sasl.jaas\": \"jaas-value\"}", StandardCharsets.UTF_8);
    String json = "[{\"kind\":\"ddl\",\"sql\":\"CREATE TABLE t (a INT) WITH (" + JAAS.replace("'", "'") + ")\",\"line\":1}]";
    String b64 = java.util.Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    RunnerArgs args = RunnerArgs.parse(new String[] {"--statements-b64", b64, "--secrets-file", file.toString()});
    assertEquals("CREATE TABLE t (a INT) WITH ('properties.sasl.jaas.config' = 'jaas-value')", args.statements().get(0).sql());
    assertEquals(1, args.statements().get(0).line());
  }
}
