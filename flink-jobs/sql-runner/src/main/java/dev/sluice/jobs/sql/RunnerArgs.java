package dev.sluice.jobs.sql;

import dev.sluice.sql.script.CompiledStatement;
import dev.sluice.sql.script.SqlScriptSplitter;
import dev.sluice.sql.script.SqlStatement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The sql-runner's program arguments: the one place they are read (a new option goes here).
 *
 * <p>Compiled statements, as Sluice's deploy sends them: {@code --statements-b64 <base64 of a UTF-8 JSON
 * array [{kind, sql, line?}]>} or {@code --statements-file <path of that JSON>}. A user's own SQL text,
 * split here: {@code --script <text>}, {@code --script-b64 <base64 of UTF-8 text>}, {@code --script-file
 * <path>}. Any combination; the statements run in argument order. {@code --secrets-file <path>}: the
 * values of the statements' {@code ${secret:<name>}} placeholders ({@link Secrets}; without it, the
 * environment's), so that no secret is ever a program argument.
 */
final class RunnerArgs {
  private static final String USAGE =
      "expected --statements-b64 <base64 JSON>, --statements-file <path>, --script <sql>, --script-b64 <base64> or --script-file <path>";

  private final List<CompiledStatement> statements;

  private RunnerArgs(List<CompiledStatement> statements) {
    this.statements = statements;
  }

  /** The statements to run, in order. */
  List<CompiledStatement> statements() {
    return statements;
  }

  static RunnerArgs parse(String[] args) throws IOException {
    List<CompiledStatement> statements = new ArrayList<>();
    StringBuilder script = new StringBuilder();
    boolean any = false;
    Secrets secrets = Secrets.fromEnvironment();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length && isOption(name)) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--statements-b64":
          flush(script, statements);
          statements.addAll(CompiledStatement.fromJson(decode(args[++i])));
          break;
        case "--statements-file":
          flush(script, statements);
          statements.addAll(CompiledStatement.fromJson(Files.readString(Paths.get(args[++i]), StandardCharsets.UTF_8)));
          break;
        case "--script":
          // The separator goes on a line of its own: a part ending in a "--" comment must not swallow it.
          script.append(args[++i]).append("\n;\n");
          break;
        case "--script-b64":
          script.append(decode(args[++i])).append("\n;\n");
          break;
        case "--secrets-file":
          secrets = Secrets.fromFile(Paths.get(args[++i]));
          continue;
        case "--script-file":
          script.append(Files.readString(Paths.get(args[++i]), StandardCharsets.UTF_8)).append("\n;\n");
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + name + "; " + USAGE);
      }
      any = true;
    }
    flush(script, statements);
    if (!any) {
      throw new IllegalArgumentException("no statements: " + USAGE);
    }
    List<CompiledStatement> filled = new ArrayList<>();
    for (CompiledStatement statement : statements) {
      filled.add(new CompiledStatement(statement.kind(), secrets.fill(statement.sql()), statement.line()));
    }
    return new RunnerArgs(List.copyOf(filled));
  }

  private static boolean isOption(String name) {
    return name.startsWith("--statements-") || name.startsWith("--script") || name.equals("--secrets-file");
  }

  /** A user's SQL text read so far, split (its STATEMENT SET blocks stay one statement each). */
  private static void flush(StringBuilder script, List<CompiledStatement> into) {
    if (script.length() == 0) {
      return;
    }
    for (SqlStatement statement : SqlScriptSplitter.split(script.toString())) {
      into.add(CompiledStatement.of(statement));
    }
    script.setLength(0);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
