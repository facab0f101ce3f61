package dev.sluice.tools.plan;

import dev.sluice.sql.script.CompiledStatement;
import dev.sluice.sql.script.SqlScriptSplitter;
import dev.sluice.sql.script.SqlStatement;
import dev.sluice.sql.script.StatementKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs statements with Flink's own planner, without a cluster, and answers one JSON document on stdout.
 *
 * <p>Usage: {@code java -cp sluice-plan-tool.jar:$FLINK_HOME/lib/* dev.sluice.tools.plan.PlanTool
 * --statements-file <f.json | -> [--statements-file ...]}: each file is one script, a JSON array
 * {@code [{kind, sql, line?}]} ({@link CompiledStatement}), checked in a fresh TableEnvironment (one JVM
 * start for many scripts). The answer is {@code {"flinkVersion", "scripts": [{"statements": [{index, ok,
 * output?, error?: {rootCause, exceptionClass, message, line?, column?}}]}]}}.
 *
 * <p>The tool only runs what it is sent: SET and RESET change the TableEnvironment's configuration,
 * every other statement goes to {@code executeSql} against the default in-memory catalog, and the rows
 * of a statement that returns some (an EXPLAIN) are its {@code output}. An INSERT, query or STATEMENT SET
 * is refused (it would run a job): packages/deploy sends them as {@code EXPLAIN PLAN FOR ...} (kind
 * {@code other}), the text its SQL Gateway path sends too, and maps error positions (reported as Flink
 * gave them, in the text sent) to the script's. Nothing is ever submitted.
 *
 * <p>{@code --split-only --script <sql>} only splits a user's SQL text (no Flink classes are touched):
 * the Java splitter's view, for the test that keeps it equal to the TypeScript one.
 *
 * <p>{@code --extract-entry <zip> <entry> <dest>} (alone) copies one entry of a jar to a file, no Flink
 * classes either: packages/deploy unpacks the planner that flink-table-planner-loader carries, once, so
 * that it can sit on the class path (no copy to /tmp per start, and an AppCDS archive can hold it).
 *
 * <p>Exit codes: 0 when the JSON was written (whatever the verdicts), 2 for a usage error.
 */
public final class PlanTool {
  private PlanTool() {}

  public static void main(String[] args) {
    // Flink and log4j may print to stdout; only the JSON document may go there.
    PrintStream json = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    List<List<CompiledStatement>> scripts = new ArrayList<>();
    String splitOnly = null;
    if (args.length > 0 && args[0].equals("--extract-entry")) {
      try {
        if (args.length != 4) {
          throw new IllegalArgumentException("--extract-entry needs <zip> <entry> <dest>");
        }
        extractEntry(Paths.get(args[1]), args[2], Paths.get(args[3]));
      } catch (IllegalArgumentException | IOException e) {
        System.err.println("plan-tool: " + e.getMessage());
        System.exit(2);
      }
      return;
    }
    try {
      if (args.length == 3 && args[0].equals("--split-only") && args[1].equals("--script")) {
        splitOnly = args[2];
      } else {
        for (int i = 0; i < args.length; i++) {
          if (!args[i].equals("--statements-file")) {
            throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --statements-file <path|->, or --split-only --script <sql>");
          }
          String path = value(args, ++i, "--statements-file");
          scripts.add(CompiledStatement.fromJson(path.equals("-") ? readAll(System.in) : Files.readString(Paths.get(path), StandardCharsets.UTF_8)));
        }
        if (scripts.isEmpty()) {
          throw new IllegalArgumentException("no statements: pass --statements-file <path|->");
        }
      }
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("plan-tool: " + e.getMessage());
      System.exit(2);
      return;
    }

    Json out = new Json();
    out.beginObject();
    if (splitOnly != null) {
      writeSplit(out, splitOnly);
    } else {
      out.field("flinkVersion").string(EnvironmentInformation.getVersion());
      out.field("scripts").beginArray();
      for (List<CompiledStatement> script : scripts) {
        writeScript(out, script);
      }
      out.endArray();
    }
    out.endObject();
    json.println(out);
    json.flush();
    // The planner leaves non-daemon threads behind in some versions; the answer is complete.
    System.exit(0);
  }

  private static void writeSplit(Json out, String script) {
    List<SqlStatement> statements = SqlScriptSplitter.split(script);
    out.field("statements").beginArray();
    for (int i = 0; i < statements.size(); i++) {
      SqlStatement statement = statements.get(i);
      out.beginObject();
      out.field("index").number(i);
      out.field("kind").string(statement.kind().label());
      out.field("line").number(statement.line());
      out.field("column").number(statement.column());
      out.field("text").string(statement.text());
      out.endObject();
    }
    out.endArray();
  }

  private static void writeScript(Json out, List<CompiledStatement> statements) {
    TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    out.beginObject();
    out.field("statements").beginArray();
    for (int i = 0; i < statements.size(); i++) {
      out.beginObject();
      out.field("index").number(i);
      try {
        String output = run(tEnv, statements.get(i));
        out.field("ok").bool(true);
        if (output != null) {
          out.field("output").string(output);
        }
      } catch (Throwable t) {
        out.field("ok").bool(false);
        out.field("error");
        Errors.write(out, t);
      }
      out.endObject();
    }
    out.endArray();
    out.endObject();
  }

  /** Runs one statement; the rows it returned (an EXPLAIN's plan), or null when it returned none. */
  private static String run(TableEnvironment tEnv, CompiledStatement statement) {
    StatementKind kind = statement.kind();
    if (kind == StatementKind.SET || kind == StatementKind.RESET) {
      String[] setting = statement.setting();
      if (setting == null || setting[0] == null) {
        throw new IllegalArgumentException("expected SET 'key' = 'value' or RESET 'key', got: " + statement.sql());
      }
      if (setting.length == 2) {
        tEnv.getConfig().getConfiguration().setString(setting[0], setting[1]);
      } else {
        tEnv.getConfig().getConfiguration().removeKey(setting[0]);
      }
      return null;
    }
    if (kind == StatementKind.INSERT || kind == StatementKind.QUERY || kind == StatementKind.STATEMENT_SET) {
      throw new IllegalArgumentException("the plan tool runs no job: send a " + kind.label() + " as EXPLAIN PLAN FOR ... (kind other)");
    }
    TableResult result = tEnv.executeSql(statement.sql());
    if (result.getResultKind() != ResultKind.SUCCESS_WITH_CONTENT) {
      return null;
    }
    try (CloseableIterator<Row> rows = result.collect()) {
      StringBuilder output = new StringBuilder();
      for (Iterator<Row> it = rows; it.hasNext(); ) {
        output.append(it.next().getField(0));
      }
      return output.toString();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  /** Copies {@code entry} of {@code zip} to {@code dest}, failing when the copy is not the entry's full size. */
  private static void extractEntry(Path zip, String entry, Path dest) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      ZipEntry found = file.getEntry(entry);
      if (found == null) {
        throw new IOException(entry + " is not in " + zip);
      }
      long copied;
      try (InputStream in = file.getInputStream(found)) {
        copied = Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
      }
      if (found.getSize() >= 0 && copied != found.getSize()) {
        throw new IOException("copied " + copied + " of " + found.getSize() + " bytes of " + entry);
      }
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    in.transferTo(buffer);
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
