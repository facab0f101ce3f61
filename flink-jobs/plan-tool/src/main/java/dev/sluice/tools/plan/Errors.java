package dev.sluice.tools.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a planner exception into {rootCause, exceptionClass, message, line?, column?}; the position is
 * the one Flink named, in the text it was sent (packages/deploy maps it to the script, as it does for
 * the SQL Gateway's answers).
 */
final class Errors {
  // Calcite and Flink both say "at line 3, column 9" or "From line 3, column 9 to line 3, column 12".
  private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

  private Errors() {}

  static void write(Json out, Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    out.beginObject();
    out.field("rootCause").string(firstLine(root));
    out.field("exceptionClass").string(root.getClass().getName());
    out.field("message").string(error.getMessage() == null ? error.getClass().getName() : error.getMessage());
    int[] position = position(error);
    if (position != null) {
      out.field("line").number(position[0]);
      out.field("column").number(position[1]);
    }
    out.endObject();
  }

  /** The first line of the deepest cause's message; its class name when it has none. */
  static String firstLine(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getName();
    }
    String trimmed = message.strip();
    int newline = trimmed.indexOf('\n');
    return (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
  }

  private static int[] position(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null) {
        Matcher m = POSITION.matcher(t.getMessage());
        if (m.find()) {
          return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
      }
    }
    return null;
  }
}
