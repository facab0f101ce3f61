package dev.sluice.jobs.sql;

import dev.sluice.sql.script.SqlScriptSplitter;
import dev.sluice.sql.script.SqlStatement;
import dev.sluice.sql.script.StatementKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Runs a compiled Sluice SQL script as one Flink job, for clusters without a SQL Gateway (the jar is
 * uploaded through /jars/upload and started through /jars/:id/run).
 *
 * <p>Arguments (any combination, concatenated in this order): {@code --script <text>},
 * {@code --script-b64 <base64 of UTF-8 text>} (no quoting problems on any path), {@code --script-file <path>}.
 *
 * <p>SET / RESET change the TableEnvironment's configuration (e.g. {@code 'pipeline.name'}); DDL runs
 * as it comes; every INSERT, top-level or inside STATEMENT SET blocks, goes into one StatementSet that
 * is executed at the end, because a web-submitted jar may start only one job.
 */
public final class SqlRunner {
  private SqlRunner() {}

  public static void main(String[] args) throws Exception {
    String script = scriptFrom(args);
    List<SqlStatement> statements = SqlScriptSplitter.split(script);
    TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    List<SqlStatement> inserts = new ArrayList<>();
    for (SqlStatement statement : statements) {
      StatementKind kind = statement.kind();
      switch (kind) {
        case SET:
        case RESET:
          applySetting(tEnv, statement);
          break;
        case INSERT:
          inserts.add(statement);
          break;
        case STATEMENT_SET:
          inserts.addAll(statement.statementSetInserts());
          break;
        case QUERY:
          throw new IllegalArgumentException(
              "line " + statement.line() + ": a job script cannot run a bare query (its rows would go nowhere); INSERT it into a sink: " + statement.text());
        default:
          tEnv.executeSql(statement.text());
      }
    }
    if (inserts.isEmpty()) {
      throw new IllegalArgumentException("the script has no INSERT statement, so there is no job to run");
    }
    StatementSet set = tEnv.createStatementSet();
    for (SqlStatement insert : inserts) {
      set.addInsertSql(insert.text());
    }
    set.execute();
  }

  private static void applySetting(TableEnvironment tEnv, SqlStatement statement) {
    String[] setting = statement.setting();
    if (setting == null || setting[0] == null) {
      throw new IllegalArgumentException("line " + statement.line() + ": expected SET 'key' = 'value' or RESET 'key', got: " + statement.text());
    }
    if (setting.length == 2) {
      tEnv.getConfig().getConfiguration().setString(setting[0], setting[1]);
    } else {
      tEnv.getConfig().getConfiguration().removeKey(setting[0]);
    }
  }

  static String scriptFrom(String[] args) throws IOException {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.equals("--script") && !name.equals("--script-b64") && !name.equals("--script-file")) {
        throw new IllegalArgumentException("unknown argument " + name + "; expected --script, --script-b64 or --script-file");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String value = args[++i];
      String text = name.equals("--script")
          ? value
          : name.equals("--script-b64")
              ? new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)
              : Files.readString(Paths.get(value), StandardCharsets.UTF_8);
      // The separator goes on a line of its own: a part ending in a "--" comment must not swallow it.
      script.append(text).append("\n;\n");
    }
    if (script.length() == 0) {
      throw new IllegalArgumentException("no script: pass --script <sql>, --script-b64 <base64> or --script-file <path>");
    }
    return script.toString();
  }
}
