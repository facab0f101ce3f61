package dev.sluice.jobs.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The values of the {@code ${secret:<name>}} placeholders in compiled statements, so that no secret is
 * in the program arguments (which Flink shows and logs). A name is looked up in the secrets file
 * ({@code --secrets-file}: a JSON object of name to value, written by Sluice's deploy), then in the
 * environment as {@code SLUICE_SECRET_<NAME>} (upper case, other characters as {@code _}); an {@code
 * env:NAME} reference reads the variable NAME and a {@code file:path} reference the file's contents.
 */
final class Secrets {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{secret:([^}\\s']+)\\}");

  private final Map<String, String> values;
  private final Function<String, String> env;

  Secrets(Map<String, String> values, Function<String, String> env) {
    this.values = Map.copyOf(values);
    this.env = env;
  }

  /** No secrets file: only the environment. */
  static Secrets fromEnvironment() {
    return new Secrets(Map.of(), System::getenv);
  }

  /** The values of a secrets file, then the environment. */
  static Secrets fromFile(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the secrets file must hold a JSON object of name to value: " + file);
    }
    Map<String, String> values = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      values.put(entry.getKey(), entry.getValue().asText());
    }
    return new Secrets(values, System::getenv);
  }

  /**
   * The text with every placeholder replaced by its value, escaped for the SQL string literal it stands
   * in. A name without a value fails, naming the name (never a value).
   */
  String fill(String sql) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(valueOf(m.group(1)).replace("'", "''")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String valueOf(String name) {
    String value = values.get(name);
    if (value == null) {
      value = env.apply("SLUICE_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
    }
    if (value == null && name.startsWith("env:")) {
      value = env.apply(name.substring(4));
    }
    if (value == null && name.startsWith("file:")) {
      try {
        value = Files.readString(Path.of(name.substring(5)), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new IllegalArgumentException("the secret " + name + " cannot be read: " + e.getClass().getSimpleName());
      }
    }
    if (value == null) {
      throw new IllegalArgumentException(
          "no value for the secret placeholder ${secret:" + name + "}: pass --secrets-file or set SLUICE_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
    }
    return value;
  }
}
