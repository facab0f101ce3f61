package dev.sluice.sql.script;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One statement as Sluice's compiler produced it: its kind, its SQL (without the closing semicolon) and,
 * when known, the 1-based line where it starts in the script text (for messages only). Statements reach
 * the sql-runner and the plan tool as a JSON array {@code [{"kind": "ddl", "sql": "...", "line": 1}]}, so
 * nothing Sluice generated is split again; the kinds are {@link StatementKind#label()}s.
 */
public final class CompiledStatement {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StatementKind kind;
  private final String sql;
  private final int line;

  public CompiledStatement(StatementKind kind, String sql, int line) {
    this.kind = kind;
    this.sql = sql;
    this.line = line;
  }

  public StatementKind kind() {
    return kind;
  }

  public String sql() {
    return sql;
  }

  /** 1-based line in the script text, or 0 when the sender did not say. */
  public int line() {
    return line;
  }

  /** "line N: " for messages, or nothing when the line is unknown. */
  public String where() {
    return line > 0 ? "line " + line + ": " : "";
  }

  /** For SET: {key, value}; for RESET: {key or null}; null when the statement is not a SET/RESET of that shape. */
  public String[] setting() {
    return Settings.parse(kind, sql);
  }

  /** A statement the splitter found in a user's SQL text. */
  public static CompiledStatement of(SqlStatement statement) {
    return new CompiledStatement(statement.kind(), statement.text(), statement.line());
  }

  /**
   * Reads {@code [{"kind", "sql", "line"?}]}.
   *
   * @throws IllegalArgumentException when the text is not such an array, or names an unknown kind
   */
  public static List<CompiledStatement> fromJson(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the statements are not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("the statements must be a JSON array of {kind, sql, line?}");
    }
    List<CompiledStatement> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode item = root.get(i);
      JsonNode kind = item.get("kind");
      JsonNode sql = item.get("sql");
      JsonNode line = item.get("line");
      if (!item.isObject() || kind == null || !kind.isTextual() || sql == null || !sql.isTextual() || (line != null && !line.canConvertToInt())) {
        throw new IllegalArgumentException("statement " + i + " must be {\"kind\": string, \"sql\": string, \"line\"?: number}, got: " + item);
      }
      out.add(new CompiledStatement(StatementKind.fromLabel(kind.asText()), sql.asText(), line == null ? 0 : line.asInt()));
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return kind.label() + (line > 0 ? "@" + line : "") + " " + sql;
  }
}
