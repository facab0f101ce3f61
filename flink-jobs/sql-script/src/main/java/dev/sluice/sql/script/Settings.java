package dev.sluice.sql.script;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The key and value of {@code SET 'key' = 'value'} and the key of {@code RESET ['key']}. */
final class Settings {
  private static final Pattern SET =
      Pattern.compile("(?is)^SET\\s+(?:'((?:[^']|'')*)'|([^\\s=']+))\\s*=\\s*(?:'((?:[^']|'')*)'|(.*?))\\s*$");
  private static final Pattern RESET = Pattern.compile("(?is)^RESET(?:\\s+(?:'((?:[^']|'')*)'|(\\S+)))?\\s*$");

  private Settings() {}

  /** For SET: {key, value}; for RESET: {key or null}; null when {@code text} is not a statement of that kind and shape. */
  static String[] parse(StatementKind kind, String text) {
    if (kind == StatementKind.SET) {
      Matcher set = SET.matcher(text.strip());
      if (set.matches()) {
        String key = set.group(1) != null ? set.group(1).replace("''", "'") : set.group(2);
        String value = set.group(3) != null ? set.group(3).replace("''", "'") : set.group(4);
        return new String[] {key, value};
      }
    }
    if (kind == StatementKind.RESET) {
      Matcher reset = RESET.matcher(text.strip());
      if (reset.matches()) {
        return new String[] {reset.group(1) != null ? reset.group(1).replace("''", "'") : reset.group(2)};
      }
    }
    return null;
  }
}
