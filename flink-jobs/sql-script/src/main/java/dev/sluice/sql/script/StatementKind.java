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

  /** The JSON label: {@code statement-set}, {@code ddl}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
