package dev.sluice.sql.script;

import java.util.Locale;

/** What a statement does, as far as running or explaining a script is concerned. */
public enum StatementKind {
  /** {@code SET 'key' = 'value'}: applied to the TableEnvironment's configuration. */
  SET,
  /** {@code RESET ['key']}. */
  RESET,
  /** CREATE / DROP / ALTER / USE / LOAD / UNLOAD: executed (in-memory catalog for the plan tool). */
  DDL,
  /** {@code INSERT INTO ...} (or {@code EXECUTE INSERT}). */
  INSERT,
  /** SELECT / WITH / VALUES. */
  QUERY,
  /** {@code EXECUTE STATEMENT SET BEGIN ... END}. */
  STATEMENT_SET,
  /** Anything else (SHOW, DESCRIBE, EXPLAIN ...): executed as is. */
  OTHER;

  /** The kind whose {@link #label()} is {@code label}. */
  public static StatementKind fromLabel(String label) {
    for (StatementKind kind : values()) {
      if (kind.label().equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown statement kind '" + label + "'; expected one of set, reset, ddl, insert, query, statement-set, other");
  }

  /** The JSON label: {@code statement-set}, {@code ddl}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
