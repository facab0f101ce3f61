package dev.sluice.sql.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a Flink SQL script into statements at top-level semicolons.
 *
 * <p>Semicolons inside '...' strings (with '' escapes), "..." and `...` identifiers, {@code --} line
 * comments and block comments do not split. {@code EXECUTE STATEMENT SET BEGIN ... END} (and
 * {@code STATEMENT SET BEGIN ... END}, {@code EXPLAIN ... STATEMENT SET BEGIN ... END}) stays one
 * statement; the sql-client form {@code BEGIN STATEMENT SET; ...; END;} becomes one
 * {@code EXECUTE STATEMENT SET} statement. Statements holding only comments are dropped.
 *
 * <p>The TypeScript twin lives in packages/deploy/src/sql-script-splitter.ts; a unit test there runs
 * this class ({@code PlanTool --split-only}) on the same cases so that the two cannot drift apart.
 */
public final class SqlScriptSplitter {
  private SqlScriptSplitter() {}

  /** Splits {@code script}; positions in the result are 1-based lines and columns of the script. */
  public static List<SqlStatement> split(String script) {
    List<SqlStatement> raw = new ArrayList<>();
    Lexer lexer = new Lexer(script);
    List<Word> words = new ArrayList<>();
    int start = -1;
    // End of the last token, so that a statement's text never ends inside a trailing comment.
    int lastEnd = 0;
    while (lexer.pos < script.length()) {
      char c = script.charAt(lexer.pos);
      if (lexer.skipTrivia()) {
        continue;
      }
      if (start < 0) {
        start = lexer.pos;
      }
      if (c == ';') {
        if (isOpenBlock(words)) {
          lexer.pos++;
          lastEnd = lexer.pos;
          continue;
        }
        raw.add(statement(script, start, lastEnd, words));
        words = new ArrayList<>();
        start = -1;
        lexer.pos++;
      } else if (c == '\'' || c == '"' || c == '`') {
        lexer.skipQuoted(c);
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int from = lexer.pos;
        while (lexer.pos < script.length()
            && (Character.isLetterOrDigit(script.charAt(lexer.pos)) || script.charAt(lexer.pos) == '_' || script.charAt(lexer.pos) == '$')) {
          lexer.pos++;
        }
        words.add(new Word(script.substring(from, lexer.pos).toUpperCase(Locale.ROOT), from, lexer.pos));
      } else {
        lexer.pos++;
      }
      lastEnd = lexer.pos;
    }
    if (start >= 0) {
      raw.add(statement(script, start, lastEnd, words));
    }
    return mergeClientStatementSets(raw);
  }

  /** Inside a STATEMENT SET block a semicolon ends an inner INSERT, not the block, until END. */
  private static boolean isOpenBlock(List<Word> words) {
    int begin = blockBegin(words);
    return begin >= 0 && !(words.size() > begin + 1 && words.get(words.size() - 1).text.equals("END"));
  }

  /** Index of the BEGIN word of {@code [EXPLAIN ...] [EXECUTE] STATEMENT SET BEGIN}, or -1. */
  static int blockBegin(List<Word> words) {
    // EXPLAIN may carry details (EXPLAIN ESTIMATED_COST, CHANGELOG_MODE ...) before the statement set.
    for (int i = 0; i + 2 < words.size() && i < 8; i++) {
      if (words.get(i).text.equals("STATEMENT") && words.get(i + 1).text.equals("SET") && words.get(i + 2).text.equals("BEGIN")) {
        String first = words.get(0).text;
        return first.equals("EXECUTE") || first.equals("STATEMENT") || first.equals("EXPLAIN") ? i + 2 : -1;
      }
    }
    return -1;
  }

  private static SqlStatement statement(String script, int start, int end, List<Word> words) {
    int[] lineCol = lineAndColumn(script, start);
    return new SqlStatement(script.substring(start, Math.max(start, end)), lineCol[0], lineCol[1], List.copyOf(shift(words, start)));
  }

  private static List<Word> shift(List<Word> words, int offset) {
    List<Word> out = new ArrayList<>(words.size());
    for (Word word : words) {
      out.add(new Word(word.text, word.start - offset, word.end - offset));
    }
    return out;
  }

  private static List<SqlStatement> mergeClientStatementSets(List<SqlStatement> raw) {
    List<SqlStatement> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      SqlStatement statement = raw.get(i);
      if (statement.words().isEmpty()) {
        continue;
      }
      if (!wordsAre(statement, "BEGIN", "STATEMENT", "SET")) {
        out.add(statement);
        continue;
      }
      StringBuilder text = new StringBuilder("EXECUTE STATEMENT SET BEGIN\n");
      int j = i + 1;
      for (; j < raw.size() && !wordsAre(raw.get(j), "END"); j++) {
        if (!raw.get(j).words().isEmpty()) {
          text.append(raw.get(j).text()).append(";\n");
        }
      }
      // An unterminated block is left for Flink's parser to reject, with its own message.
      text.append(j < raw.size() ? "END" : "");
      out.add(new SqlStatement(text.toString(), statement.line(), statement.column(), split(text.toString()).get(0).words()));
      i = j;
    }
    return List.copyOf(out);
  }

  private static boolean wordsAre(SqlStatement statement, String... expected) {
    if (statement.words().size() != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (!statement.words().get(i).text.equals(expected[i])) {
        return false;
      }
    }
    return true;
  }

  static int[] lineAndColumn(String text, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }

  /** A keyword or identifier outside quotes and comments, upper-cased; offsets within its statement. */
  public static final class Word {
    final String text;
    final int start;
    final int end;

    Word(String text, int start, int end) {
      this.text = text;
      this.start = start;
      this.end = end;
    }

    public String text() {
      return text;
    }

    public int start() {
      return start;
    }
  }

  private static final class Lexer {
    private final String s;
    private final int end;
    private int pos;

    Lexer(String s) {
      this.s = s;
      this.end = s.length();
    }

    /** Skips whitespace and comments at pos; true when it moved. */
    boolean skipTrivia() {
      char c = s.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
        return true;
      }
      if (c == '-' && pos + 1 < end && s.charAt(pos + 1) == '-') {
        while (pos < end && s.charAt(pos) != '\n') {
          pos++;
        }
        return true;
      }
      if (c == '/' && pos + 1 < end && s.charAt(pos + 1) == '*') {
        int close = s.indexOf("*/", pos + 2);
        pos = close < 0 ? end : close + 2;
        return true;
      }
      return false;
    }

    /** Skips a quoted string or identifier; a doubled quote is an escaped quote. */
    void skipQuoted(char quote) {
      pos++;
      while (pos < end) {
        if (s.charAt(pos) == quote) {
          if (pos + 1 < end && s.charAt(pos + 1) == quote) {
            pos += 2;
            continue;
          }
          pos++;
          return;
        }
        pos++;
      }
    }
  }
}
