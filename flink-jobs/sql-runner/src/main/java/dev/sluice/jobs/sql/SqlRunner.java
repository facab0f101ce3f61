package dev.sluice.jobs.sql;

import dev.sluice.sql.script.CompiledStatement;
import dev.sluice.sql.script.SqlScriptSplitter;
import dev.sluice.sql.script.SqlStatement;
import dev.sluice.sql.script.StatementKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;

/**
 * Runs compiled Sluice statements (or a user's SQL script) as one Flink job, for clusters without a SQL
 * Gateway (the jar is uploaded through /jars/upload and started through /jars/:id/run). Arguments:
 * {@link RunnerArgs}.
 *
 * <p>SET / RESET change the TableEnvironment's configuration (e.g. {@code 'pipeline.name'}); DDL runs
 * as it comes; every INSERT, top-level or inside STATEMENT SET blocks, goes into one job, because a
 * web-submitted jar may start only one.
 */
public final class SqlRunner {
  private SqlRunner() {}

  public static void main(String[] args) throws Exception {
    List<CompiledStatement> statements = RunnerArgs.parse(args).statements();
    TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    List<CompiledStatement> jobs = new ArrayList<>();
    for (CompiledStatement statement : statements) {
      switch (statement.kind()) {
        case SET:
        case RESET:
          applySetting(tEnv, statement);
          break;
        case INSERT:
        case STATEMENT_SET:
          jobs.add(statement);
          break;
        case QUERY:
          throw new IllegalArgumentException(
              statement.where() + "a job script cannot run a bare query (its rows would go nowhere); INSERT it into a sink: " + statement.sql());
        default:
          tEnv.executeSql(statement.sql());
      }
    }
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("the script has no INSERT statement, so there is no job to run");
    }
    if (jobs.size() == 1 && jobs.get(0).kind() == StatementKind.STATEMENT_SET) {
      // One STATEMENT SET (what the compiler gives a statement-set job) is one job as it is.
      tEnv.executeSql(jobs.get(0).sql());
      return;
    }
    StatementSet set = tEnv.createStatementSet();
    for (CompiledStatement job : jobs) {
      if (job.kind() == StatementKind.INSERT) {
        set.addInsertSql(job.sql());
      } else {
        // Several job statements must become one job: a block's INSERTs join the others' (only a
        // user's script mixes them; the compiler gives a job one INSERT or one STATEMENT SET).
        for (SqlStatement insert : SqlScriptSplitter.split(job.sql()).get(0).statementSetInserts()) {
          set.addInsertSql(insert.text());
        }
      }
    }
    set.execute();
  }

  private static void applySetting(TableEnvironment tEnv, CompiledStatement statement) {
    String[] setting = statement.setting();
    if (setting == null || setting[0] == null) {
      throw new IllegalArgumentException(statement.where() + "expected SET 'key' = 'value' or RESET 'key', got: " + statement.sql());
    }
    if (setting.length == 2) {
      tEnv.getConfig().getConfiguration().setString(setting[0], setting[1]);
    } else {
      tEnv.getConfig().getConfiguration().removeKey(setting[0]);
    }
  }
}
