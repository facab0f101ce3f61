import type { StatementKind } from '@sluice/dsl';

export type { StatementKind };

/** One statement of a script, without its closing semicolon; line and column (1-based) of its first token. */
export interface ScriptStatement {
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly kind: StatementKind;
}

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// For a user's SQL text only (compiled statements are never split). The Java twin is flink-jobs/sql-script
// (SqlScriptSplitter): the sql-runner splits a user's text with it (`--script`, submitScriptJar). A unit test
// runs both on the same cases (the plan tool's --split-only), so keep the two in step.

/**
 * Splits a Flink SQL script at top-level semicolons: not inside '...' strings ('' escapes), "..." or
 * `...` identifiers, `--` or block comments, nor inside `EXECUTE STATEMENT SET BEGIN ... END`. The
 * sql-client form `BEGIN STATEMENT SET; ...; END;` becomes one `EXECUTE STATEMENT SET` statement.
 *
 * @example
 * ```ts
 * splitSqlScript("SET 'pipeline.name' = 'a;b';\nINSERT INTO t SELECT 1")
 * // => [{ text: "SET 'pipeline.name' = 'a;b'", line: 1, column: 1, kind: 'set' },
 * //     { text: 'INSERT INTO t SELECT 1', line: 2, column: 1, kind: 'insert' }]
 * ```
 */
export function splitSqlScript(script: string): ScriptStatement[] {
  return mergeClientStatementSets(splitRaw(script)).map((raw) => ({ text: raw.text, line: raw.line, column: raw.column, kind: kindOf(raw) }));
}

interface RawStatement {
  text: string;
  line: number;
  column: number;
  words: Word[];
}

function splitRaw(script: string): RawStatement[] {
  const out: RawStatement[] = [];
  let words: Word[] = [];
  let start = -1;
  let lastEnd = 0; // end of the last token, so that a statement never ends inside a trailing comment
  let pos = 0;
  const n = script.length;
  while (pos < n) {
    const c = script.charAt(pos);
    if (/\s/.test(c)) {
      pos++;
      continue;
    }
    if (c === '-' && script.charAt(pos + 1) === '-') {
      while (pos < n && script.charAt(pos) !== '\n') pos++;
      continue;
    }
    if (c === '/' && script.charAt(pos + 1) === '*') {
      const close = script.indexOf('*/', pos + 2);
      pos = close < 0 ? n : close + 2;
      continue;
    }
    if (start < 0) start = pos;
    if (c === ';') {
      pos++;
      if (isOpenBlock(words)) {
        lastEnd = pos;
        continue;
      }
      out.push(makeStatement(script, start, lastEnd, words));
      words = [];
      start = -1;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      pos++;
      while (pos < n) {
        if (script.charAt(pos) === c) {
          if (script.charAt(pos + 1) === c) {
            pos += 2;
            continue;
          }
          pos++;
          break;
        }
        pos++;
      }
    } else if (isWordChar(c)) {
      const from = pos;
      while (pos < n && isWordChar(script.charAt(pos))) pos++;
      words.push({ text: script.slice(from, pos).toUpperCase(), start: from, end: pos });
    } else {
      pos++;
    }
    lastEnd = pos;
  }
  if (start >= 0) out.push(makeStatement(script, start, lastEnd, words));
  return out;
}

// Java's Character.isLetterOrDigit, for the scripts Sluice writes (identifiers may be any letter).
function isWordChar(c: string): boolean {
  return /[\p{L}\p{Nd}_$]/u.test(c);
}

/** Index of BEGIN in `[EXPLAIN ...] [EXECUTE] STATEMENT SET BEGIN`, or -1. */
function blockBegin(words: readonly Word[]): number {
  for (let i = 0; i + 2 < words.length && i < 8; i++) {
    if (words[i]?.text === 'STATEMENT' && words[i + 1]?.text === 'SET' && words[i + 2]?.text === 'BEGIN') {
      const first = words[0]?.text;
      return first === 'EXECUTE' || first === 'STATEMENT' || first === 'EXPLAIN' ? i + 2 : -1;
    }
  }
  return -1;
}

function isOpenBlock(words: readonly Word[]): boolean {
  const begin = blockBegin(words);
  return begin >= 0 && !(words.length > begin + 1 && words[words.length - 1]?.text === 'END');
}

function makeStatement(script: string, start: number, end: number, words: readonly Word[]): RawStatement {
  const { line, column } = lineAndColumn(script, start);
  return {
    text: script.slice(start, Math.max(start, end)),
    line,
    column,
    words: words.map((word) => ({ text: word.text, start: word.start - start, end: word.end - start })),
  };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function wordsAre(statement: RawStatement, ...expected: string[]): boolean {
  return statement.words.length === expected.length && expected.every((word, i) => statement.words[i]?.text === word);
}

function mergeClientStatementSets(raw: readonly RawStatement[]): RawStatement[] {
  const out: RawStatement[] = [];
  for (let i = 0; i < raw.length; i++) {
    const statement = raw[i];
    if (statement === undefined || statement.words.length === 0) continue;
    if (!wordsAre(statement, 'BEGIN', 'STATEMENT', 'SET')) {
      out.push(statement);
      continue;
    }
    let text = 'EXECUTE STATEMENT SET BEGIN\n';
    let j = i + 1;
    for (; j < raw.length; j++) {
      const inner = raw[j];
      if (inner === undefined || wordsAre(inner, 'END')) break;
      if (inner.words.length > 0) text += `${inner.text};\n`;
    }
    // An unterminated block is left for Flink's parser to reject, with its own message.
    if (j < raw.length) text += 'END';
    const words = splitRaw(text)[0]?.words ?? [];
    out.push({ text, line: statement.line, column: statement.column, words });
    i = j;
  }
  return out;
}

function kindOf(statement: RawStatement): StatementKind {
  const first = statement.words[0]?.text;
  const second = statement.words[1]?.text;
  switch (first) {
    case undefined:
      return 'other';
    case 'SET':
      return 'set';
    case 'RESET':
      return 'reset';
    case 'INSERT':
      return 'insert';
    case 'SELECT':
    case 'WITH':
    case 'VALUES':
      return 'query';
    case 'EXECUTE':
      return second === 'STATEMENT' ? 'statement-set' : second === 'INSERT' ? 'insert' : 'other';
    case 'STATEMENT':
      return 'statement-set';
    case 'CREATE':
    case 'DROP':
    case 'ALTER':
    case 'USE':
    case 'LOAD':
    case 'UNLOAD':
      return 'ddl';
    default:
      return statement.text.startsWith('(') ? 'query' : 'other';
  }
}
