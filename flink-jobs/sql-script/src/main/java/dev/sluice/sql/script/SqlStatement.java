package dev.sluice.sql.script;

import java.util.List;

/** One statement of a script: its text (without the closing semicolon), where it starts, and its kind. */
public final class SqlStatement {
  private final String text;
  private final int line;
  private final int column;
  private final List<SqlScriptSplitter.Word> words;

  SqlStatement(String text, int line, int column, List<SqlScriptSplitter.Word> words) {
    this.text = text;
    this.line = line;
    this.column = column;
    this.words = words;
  }

  public String text() {
    return text;
  }

  /** 1-based line of the statement's first token in the script. */
  public int line() {
    return line;
  }

  /** 1-based column of the statement's first token in the script. */
  public int column() {
    return column;
  }

  List<SqlScriptSplitter.Word> words() {
    return words;
  }

  public StatementKind kind() {
    if (words.isEmpty()) {
      return StatementKind.OTHER;
    }
    String first = words.get(0).text();
    String second = words.size() > 1 ? words.get(1).text() : "";
    switch (first) {
      case "SET":
        return StatementKind.SET;
      case "RESET":
        return StatementKind.RESET;
      case "INSERT":
        return StatementKind.INSERT;
      case "SELECT":
      case "WITH":
      case "VALUES":
        return StatementKind.QUERY;
      case "EXECUTE":
        return second.equals("STATEMENT") ? StatementKind.STATEMENT_SET : second.equals("INSERT") ? StatementKind.INSERT : StatementKind.OTHER;
      case "STATEMENT":
        return StatementKind.STATEMENT_SET;
      case "CREATE":
      case "DROP":
      case "ALTER":
      case "USE":
      case "LOAD":
      case "UNLOAD":
        return StatementKind.DDL;
      default:
        // A parenthesised query starts with no word at all: "(SELECT ...)".
        return text.startsWith("(") ? StatementKind.QUERY : StatementKind.OTHER;
    }
  }

  /** The INSERT statements of a STATEMENT SET block (text between BEGIN and END), split. */
  public List<SqlStatement> statementSetInserts() {
    int begin = SqlScriptSplitter.blockBegin(words);
    if (kind() != StatementKind.STATEMENT_SET || begin < 0) {
      throw new IllegalStateException("not a STATEMENT SET block: " + text);
    }
    SqlScriptSplitter.Word last = words.get(words.size() - 1);
    int bodyEnd = last.text().equals("END") ? last.start() : text.length();
    return SqlScriptSplitter.split(text.substring(words.get(begin).end, bodyEnd));
  }

  /** For SET: {key, value}; for RESET: {key or null}. Null when the statement is not a SET/RESET with that shape. */
  public String[] setting() {
    return Settings.parse(kind(), text);
  }

  @Override
  public String toString() {
    return kind().label() + "@" + line + ":" + column + " " + text;
  }

}
