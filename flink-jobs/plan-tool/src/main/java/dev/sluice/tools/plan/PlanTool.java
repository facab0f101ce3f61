package dev.sluice.tools.plan;

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
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Parses, validates and EXPLAINs Flink SQL scripts with Flink's own planner, without a cluster, and
 * answers one JSON document on stdout.
 *
 * <p>Usage: {@code java -cp sluice-plan-tool.jar:$FLINK_HOME/lib/* dev.sluice.tools.plan.PlanTool
 * [--script-file f.sql]... [--script sql]... [--split-only]}; with no script argument the script is
 * read from stdin. One script gives {@code {"flinkVersion", "ok", "statements": [...]}}; several give
 * {@code {"flinkVersion", "scripts": [<one document per script>]}}, each checked in a fresh
 * TableEnvironment (one JVM start for many scripts). {@code --split-only} only splits (no Flink
 * classes are touched), so the splitter can be tested without a Flink distribution.
 *
 * <p>{@code --extract-entry <zip> <entry> <dest>} (alone) copies one entry of a jar to a file, no Flink
 * classes either: packages/deploy unpacks the planner that flink-table-planner-loader carries, once, so
 * that it can sit on the class path (no copy to /tmp per start, and an AppCDS archive can hold it).
 *
 * <p>Each statement: {@code {index, kind, line, column, ok, plan?, error?: {rootCause, exceptionClass,
 * message, line?, column?}}} where line/column are positions in the script. DDL runs against the
 * default in-memory catalog; INSERT, queries and STATEMENT SETs run as {@code EXPLAIN PLAN FOR ...}
 * (the text {@link Explain#explainStatement} builds, the same one the gateway path sends); SET and
 * RESET change the TableEnvironment's configuration. Nothing is ever submitted.
 *
 * <p>Exit codes: 0 when the JSON was written (whatever the verdicts), 2 for a usage error.
 */
public final class PlanTool {
  private PlanTool() {}

  public static void main(String[] args) {
    // Flink and log4j may print to stdout; only the JSON document may go there.
    PrintStream json = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    List<String> scripts = new ArrayList<>();
    boolean splitOnly = false;
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
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--split-only":
            splitOnly = true;
            break;
          case "--script":
            scripts.add(value(args, ++i, "--script"));
            break;
          case "--script-file":
            String path = value(args, ++i, "--script-file");
            scripts.add(path.equals("-") ? readAll(System.in) : Files.readString(Paths.get(path), StandardCharsets.UTF_8));
            break;
          default:
            throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --script-file <path>, --script <sql> or --split-only");
        }
      }
      if (scripts.isEmpty()) {
        scripts.add(readAll(System.in));
      }
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("plan-tool: " + e.getMessage());
      System.exit(2);
      return;
    }

    Json out = new Json();
    out.beginObject();
    if (!splitOnly) {
      out.field("flinkVersion").string(EnvironmentInformation.getVersion());
    }
    if (scripts.size() == 1) {
      writeScript(out, scripts.get(0), splitOnly);
    } else {
      out.field("scripts").beginArray();
      for (String script : scripts) {
        out.beginObject();
        writeScript(out, script, splitOnly);
        out.endObject();
      }
      out.endArray();
    }
    out.endObject();
    json.println(out);
    json.flush();
    // The planner leaves non-daemon threads behind in some versions; the answer is complete.
    System.exit(0);
  }

  private static void writeScript(Json out, String script, boolean splitOnly) {
    List<SqlStatement> statements = SqlScriptSplitter.split(script);
    TableEnvironment tEnv = splitOnly ? null : TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    boolean allOk = true;
    StringBuilder array = new StringBuilder();
    Json list = new Json();
    list.beginArray();
    for (int i = 0; i < statements.size(); i++) {
      SqlStatement statement = statements.get(i);
      list.beginObject();
      list.field("index").number(i);
      list.field("kind").string(statement.kind().label());
      list.field("line").number(statement.line());
      list.field("column").number(statement.column());
      if (splitOnly) {
        list.field("text").string(statement.text());
        list.endObject();
        continue;
      }
      try {
        String plan = check(tEnv, statement);
        list.field("ok").bool(true);
        if (plan != null) {
          list.field("plan").string(plan);
        }
      } catch (Throwable t) {
        allOk = false;
        list.field("ok").bool(false);
        list.field("error");
        Errors.write(list, t, statement, Explain.explainStatement(statement) != null);
      }
      list.endObject();
    }
    list.endArray();
    array.append(list);
    if (!splitOnly) {
      out.field("ok").bool(allOk);
    }
    out.field("statements").raw(array.toString());
  }

  /** Runs one statement the way the plan tool checks it; returns the plan for explained statements. */
  private static String check(TableEnvironment tEnv, SqlStatement statement) {
    StatementKind kind = statement.kind();
    if (kind == StatementKind.SET || kind == StatementKind.RESET) {
      String[] setting = statement.setting();
      if (setting == null || setting[0] == null) {
        throw new IllegalArgumentException("expected SET 'key' = 'value' or RESET 'key', got: " + statement.text());
      }
      if (setting.length == 2) {
        tEnv.getConfig().getConfiguration().setString(setting[0], setting[1]);
      } else {
        tEnv.getConfig().getConfiguration().removeKey(setting[0]);
      }
      return null;
    }
    String explain = Explain.explainStatement(statement);
    if (explain == null) {
      tEnv.executeSql(statement.text());
      return null;
    }
    try (CloseableIterator<Row> rows = tEnv.executeSql(explain).collect()) {
      StringBuilder plan = new StringBuilder();
      for (Iterator<Row> it = rows; it.hasNext(); ) {
        plan.append(it.next().getField(0));
      }
      return plan.toString();
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
