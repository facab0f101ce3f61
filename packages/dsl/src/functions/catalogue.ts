import type { CatalogueEntry, ExampleArg, FunctionArea, FunctionExample, MissingFunction, NullRule, OfferedFunction, ResultRule } from './catalogue-types';

// Flink 2.2's documented built-in functions (docs/data/sql_functions.yml, by area), one row each:
// the Flink name, the DSL name, argument families, result type and its NULL rule, and an example
// with the value Flink returns. `fn` (generated.ts) is generated from the offered rows by
// scripts/gen-dsl-functions.js; the integration test runs every example on the real stack.
// Operators and syntax (=, AND, +, LIKE, CASE, CAST's keyword form aside, ARRAY[...], literals) are
// not functions and are not counted here.

const ex = (args: readonly ExampleArg[], expect: FunctionExample['expect'], source: FunctionExample['source'] = 'docs'): FunctionExample => ({ args, expect, source });
const agg = (rows: readonly (number | string)[], args: readonly ExampleArg[], expect: string, source: FunctionExample['source'] = 'definition'): FunctionExample => ({ args, expect, source, rows });
const X: ExampleArg = { column: true };
const NUMS = [2, 4, 4, 4, 5, 5, 7, 9];
const FRUIT = ['Apple', 'Banana', 'Orange'];

function f(
  area: FunctionArea,
  flink: string,
  dsl: string,
  args: readonly string[],
  returns: ResultRule,
  nulls: NullRule,
  example: FunctionExample,
  summary: string,
  extra: Partial<Pick<OfferedFunction, 'kind' | 'syntax' | 'existing' | 'flinkNulls'>> = {},
): OfferedFunction {
  return { status: 'offered', flink, dsl, area, kind: extra.kind ?? (area === 'aggregate' ? 'aggregate' : 'scalar'), syntax: extra.syntax ?? 'call', args, returns, nulls, example, summary, ...(extra.existing === undefined ? {} : { existing: extra.existing }), ...(extra.flinkNulls === undefined ? {} : { flinkNulls: extra.flinkNulls }) };
}
const old = { existing: true } as const;
const keyword = { syntax: 'keyword' } as const;
function no(area: FunctionArea, flink: string, reason: string): MissingFunction {
  return { status: 'not-offered', flink, area, kind: area === 'aggregate' ? 'aggregate' : 'scalar', reason };
}

const SYNTAX = 'keyword syntax inside the parentheses, which a function call node does not express';
const OVER_ONLY = 'a window function (OVER ... ORDER BY): Flink streaming runs it only as Top-N or deduplication, which topN() and deduplicate() express';
const GROUPING_SETS = 'needs GROUPING SETS / ROLLUP / CUBE, which the DSL does not build';

const ENTRIES: readonly CatalogueEntry[] = [
  // ---- math -----------------------------------------------------------------------------------
  f('math', 'POWER', 'power', ['x:numeric', 'y:numeric'], 'DOUBLE', 'args', ex([2, 3], '8.0', 'definition'), 'x raised to the power y', old),
  f('math', 'ABS', 'abs', ['x:numeric'], 'arg0', 'args', ex([-1], '1', 'definition'), 'the absolute value', old),
  f('math', 'SQRT', 'sqrt', ['x:numeric'], 'DOUBLE', 'args', ex([4], '2.0', 'definition'), 'the square root', old),
  f('math', 'LN', 'ln', ['x:numeric'], 'DOUBLE', 'args', ex([1], '0.0', 'definition'), 'the natural logarithm', old),
  f('math', 'LOG10', 'log10', ['x:numeric'], 'DOUBLE', 'args', ex([100], '2.0', 'definition'), 'the base-10 logarithm', old),
  f('math', 'LOG2', 'log2', ['x:numeric'], 'DOUBLE', 'args', ex([8], '3.0', 'definition'), 'the base-2 logarithm'),
  f('math', 'LOG', 'log', ['baseOrX:numeric', 'x?:numeric'], 'DOUBLE', 'args', ex([2, 8], '3.0', 'definition'), 'LOG(x) is the natural logarithm, LOG(base, x) the logarithm of x to base'),
  f('math', 'EXP', 'exp', ['x:numeric'], 'DOUBLE', 'args', ex([0], '1.0', 'definition'), 'e raised to the power x', old),
  f('math', 'CEIL', 'ceil', ['x:numeric'], 'arg0', 'args', ex([1.5], '2.0', 'definition'), 'rounds up (alias CEILING)', old),
  f('math', 'FLOOR', 'floor', ['x:numeric'], 'arg0', 'args', ex([1.5], '1.0', 'definition'), 'rounds down', old),
  f('math', 'SIN', 'sin', ['x:numeric'], 'DOUBLE', 'args', ex([0], '0.0', 'definition'), 'the sine'),
  f('math', 'SINH', 'sinh', ['x:numeric'], 'DOUBLE', 'args', ex([0], '0.0', 'definition'), 'the hyperbolic sine'),
  f('math', 'COS', 'cos', ['x:numeric'], 'DOUBLE', 'args', ex([0], '1.0', 'definition'), 'the cosine'),
  f('math', 'TAN', 'tan', ['x:numeric'], 'DOUBLE', 'args', ex([0], '0.0', 'definition'), 'the tangent'),
  f('math', 'TANH', 'tanh', ['x:numeric'], 'DOUBLE', 'args', ex([0], '0.0', 'definition'), 'the hyperbolic tangent'),
  f('math', 'COT', 'cot', ['x:numeric'], 'DOUBLE', 'args', ex([1], '0.6420926159343306', 'definition'), 'the cotangent'),
  f('math', 'ASIN', 'asin', ['x:numeric'], 'DOUBLE', 'args', ex([0], '0.0', 'definition'), 'the arc sine'),
  f('math', 'ACOS', 'acos', ['x:numeric'], 'DOUBLE', 'args', ex([1], '0.0', 'definition'), 'the arc cosine'),
  f('math', 'ATAN', 'atan', ['x:numeric'], 'DOUBLE', 'args', ex([0], '0.0', 'definition'), 'the arc tangent'),
  f('math', 'ATAN2', 'atan2', ['y:numeric', 'x:numeric'], 'DOUBLE', 'args', ex([0, 1], '0.0', 'definition'), 'the arc tangent of the coordinate (y, x)'),
  f('math', 'COSH', 'cosh', ['x:numeric'], 'DOUBLE', 'args', ex([0], '1.0', 'definition'), 'the hyperbolic cosine'),
  f('math', 'DEGREES', 'degrees', ['radians:numeric'], 'DOUBLE', 'args', ex([0], '0.0', 'definition'), 'radians to degrees'),
  f('math', 'RADIANS', 'radians', ['degrees:numeric'], 'DOUBLE', 'args', ex([0], '0.0', 'definition'), 'degrees to radians'),
  f('math', 'SIGN', 'sign', ['x:numeric'], 'arg0', 'args', ex([-2], '-1', 'definition'), 'the signum'),
  f('math', 'ROUND', 'round', ['x:numeric', 'digits?:raw-int'], 'arg0', 'args', ex([1.25, 1], '1.3', 'definition'), 'rounds to the given decimal places', old),
  f('math', 'PI', 'pi', [], 'DOUBLE', 'never', ex([], '3.141592653589793', 'definition'), 'pi'),
  f('math', 'E', 'e', [], 'DOUBLE', 'never', ex([], '2.718281828459045', 'definition'), "Euler's number"),
  f('math', 'RAND', 'rand', ['seed?:int'], 'DOUBLE', 'args', ex([], { pattern: '^(0\\.\\d+|\\d\\.\\d+E-\\d+)$' }, 'form'), 'a pseudorandom DOUBLE in [0, 1), optionally seeded'),
  f('math', 'RAND_INTEGER', 'randInteger', ['seedOrBound:int', 'bound?:int'], 'INT', 'args', ex([10], { pattern: '^\\d$' }, 'form'), 'a pseudorandom INT in [0, bound); with two arguments the first is the seed'),
  f('math', 'UUID', 'uuid', [], 'STRING', 'never', ex([], { pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$' }, 'form'), 'a random RFC 4122 type 4 UUID'),
  f('math', 'BIN', 'bin', ['x:int'], 'STRING', 'args', ex([12], '1100'), 'the binary representation of an integer'),
  f('math', 'HEX', 'hex', ['x:hexable'], 'STRING', 'args', ex(['hello,world'], '68656C6C6F2C776F726C64'), 'the hex representation of an integer or a string'),
  f('math', 'UNHEX', 'unhex', ['hex:string'], 'BYTES', 'always', ex(['466C696E6B'], 'Flink', 'definition'), 'hex digits to bytes (NULL for non-hex input)'),
  f('math', 'TRUNCATE', 'truncate', ['x:numeric', 'digits?:int'], 'arg0', 'args', ex([{ decimal: '42.324', precision: 5, scale: 3 }, 2], '42.32'), 'truncates to the given decimal places'),
  // ---- string ---------------------------------------------------------------------------------
  f('string', 'CHAR_LENGTH', 'charLength', ['s:string'], 'INT', 'args', ex(['Flink'], '5', 'definition'), 'the number of characters (alias CHARACTER_LENGTH)', old),
  f('string', 'UPPER', 'upper', ['s:string'], 'STRING', 'args', ex(['hi'], 'HI', 'definition'), 'upper case', old),
  f('string', 'LOWER', 'lower', ['s:string'], 'STRING', 'args', ex(['HI'], 'hi', 'definition'), 'lower case', old),
  no('string', 'POSITION', `POSITION(a IN b) is ${SYNTAX}; locate(a, b) and instr(b, a) give the same position`),
  f('string', 'PRINTF', 'printf', ['format:string', '...values:any'], 'STRING', 'always', ex(['%s-%d', 'a', 1], 'a-1', 'definition'), 'a printf-style formatted string (java.util.Formatter)'),
  f('string', 'TRIM', 'trim', ['s:string'], 'STRING', 'args', ex([' hi '], 'hi', 'definition'), 'removes whitespace at both ends (the BOTH/LEADING/TRAILING ... FROM form: btrim, ltrim, rtrim)', old),
  f('string', 'LTRIM', 'ltrim', ['s:string', 'chars?:string'], 'STRING', 'args', ex([' This is a test String.'], 'This is a test String.'), 'removes leading whitespace (or the given characters)'),
  f('string', 'RTRIM', 'rtrim', ['s:string', 'chars?:string'], 'STRING', 'args', ex(['This is a test String. '], 'This is a test String.'), 'removes trailing whitespace (or the given characters)'),
  f('string', 'BTRIM', 'btrim', ['s:string', 'chars?:string'], 'STRING', 'args', ex(['xhix', 'x'], 'hi', 'definition'), 'removes leading and trailing whitespace (or the given characters)'),
  f('string', 'REPEAT', 'repeat', ['s:string', 'times:int'], 'STRING', 'args', ex(['This is a test String.', 2], 'This is a test String.This is a test String.'), 'the string repeated n times'),
  no('string', 'OVERLAY', `OVERLAY(s PLACING r FROM i FOR n) is ${SYNTAX}`),
  f('string', 'STARTSWITH', 'startsWith', ['s:string', 'prefix:string'], 'BOOLEAN', 'args', ex(['Flink', 'Fl'], 'TRUE', 'definition'), 'whether s starts with prefix'),
  f('string', 'ENDSWITH', 'endsWith', ['s:string', 'suffix:string'], 'BOOLEAN', 'args', ex(['Flink', 'nk'], 'TRUE', 'definition'), 'whether s ends with suffix'),
  f('string', 'SUBSTRING', 'substring', ['s:string', 'start:raw-int', 'length?:raw-int'], 'STRING', 'args', ex(['Flink', 2, 3], 'lin', 'definition'), 'the substring from start (1-based) of length (to the end by default)', { ...old, flinkNulls: 'always' }),
  f('string', 'REPLACE', 'replace', ['s:string', 'search:string', 'replacement:string'], 'STRING', 'args', ex(['hello world', 'world', 'flink'], 'hello flink'), 'replaces every occurrence of search'),
  f('string', 'TRANSLATE', 'translate', ['s:string', 'from:string', 'to:string'], 'STRING', 'args', ex(['abc', 'ab', 'xy'], 'xyc', 'definition'), 'replaces each character of from with the one at the same place in to'),
  f('string', 'INITCAP', 'initcap', ['s:string'], 'STRING', 'args', ex(['hello flink'], 'Hello Flink', 'definition'), 'each word capitalised'),
  f('string', 'CONCAT', 'concat', ['...values:string'], 'STRING', 'args', ex(['AA', 'BB', 'CC'], 'AABBCC'), 'the strings concatenated (NULL if any is NULL)'),
  f('string', 'CONCAT_WS', 'concatWs', ['separator:string', '...values:string'], 'STRING', 'always', ex(['~', 'AA', { null: 'STRING' }, 'BB', '', 'CC'], 'AA~BB~~CC'), 'the strings joined with a separator, skipping NULLs'),
  f('string', 'LPAD', 'lpad', ['s:string', 'length:int', 'pad:string'], 'STRING', 'args', ex(['hi', 4, '??'], '??hi'), 'left-padded (or shortened) to length'),
  f('string', 'RPAD', 'rpad', ['s:string', 'length:int', 'pad:string'], 'STRING', 'args', ex(['hi', 4, '??'], 'hi??'), 'right-padded (or shortened) to length'),
  f('string', 'FROM_BASE64', 'fromBase64', ['s:string'], 'STRING', 'args', ex(['aGVsbG8gd29ybGQ='], 'hello world'), 'base64-decoded'),
  f('string', 'TO_BASE64', 'toBase64', ['s:string'], 'STRING', 'args', ex(['hello world'], 'aGVsbG8gd29ybGQ='), 'base64-encoded'),
  f('string', 'ASCII', 'ascii', ['s:string'], 'INT', 'args', ex(['abc'], '97'), 'the code of the first character'),
  f('string', 'CHR', 'chr', ['code:int'], 'STRING', 'always', ex([97], 'a'), 'the ASCII character of a code'),
  f('string', 'DECODE', 'decode', ['bytes:bytes', 'charset:string'], 'STRING', 'args', ex([{ bytes: 'Flink' }, 'UTF-8'], 'Flink', 'definition'), 'bytes decoded with a character set'),
  f('string', 'ENCODE', 'encode', ['s:string', 'charset:string'], 'BYTES', 'args', ex(['Flink', 'UTF-8'], 'Flink', 'definition'), 'the string encoded with a character set'),
  f('string', 'INSTR', 'instr', ['s:string', 'search:string'], 'INT', 'args', ex(['hello', 'll'], '3', 'definition'), 'the position (1-based) of search in s, 0 if absent'),
  f('string', 'LEFT', 'left', ['s:string', 'n:int'], 'STRING', 'always', ex(['Flink', 2], 'Fl', 'definition'), 'the leftmost n characters'),
  f('string', 'RIGHT', 'right', ['s:string', 'n:int'], 'STRING', 'always', ex(['Flink', 2], 'nk', 'definition'), 'the rightmost n characters'),
  f('string', 'LOCATE', 'locate', ['search:string', 's:string', 'from?:int'], 'INT', 'args', ex(['l', 'hello', 4], '4', 'definition'), 'the position of search in s (after from), 0 if absent'),
  f('string', 'URL_DECODE', 'urlDecode', ['s:string'], 'STRING', 'always', ex(['a%20b%2Bc'], 'a b+c', 'definition'), "decoded from 'application/x-www-form-urlencoded' (NULL on a bad escape)"),
  f('string', 'URL_ENCODE', 'urlEncode', ['s:string'], 'STRING', 'always', ex(['a b+c'], 'a+b%2Bc', 'definition'), "encoded as 'application/x-www-form-urlencoded'"),
  f('string', 'PARSE_URL', 'parseUrl', ['url:string', 'part:string', 'key?:string'], 'STRING', 'always', ex(['http://facebook.com/path1/p.php?k1=v1&k2=v2#Ref1', 'QUERY', 'k1'], 'v1'), 'a part of a URL (HOST, PATH, QUERY, ...), or one query parameter'),
  f('string', 'REVERSE', 'reverse', ['s:string'], 'STRING', 'always', ex(['Flink'], 'knilF', 'definition'), 'the string reversed'),
  f('string', 'SPLIT_INDEX', 'splitIndex', ['s:string', 'delimiter:string', 'index:int'], 'STRING', 'always', ex(['a,b,c', ',', 1], 'b', 'definition'), 'the index-th (0-based) part of s split by delimiter'),
  f('string', 'STR_TO_MAP', 'strToMap', ['s:string', 'pairDelimiter?:string', 'keyValueDelimiter?:string'], 'MAP<STRING, STRING>', 'always', ex(['a:1;b:2', ';', ':'], '{a=1, b=2}', 'definition'), "a map from 'k=v,k=v' text (delimiters are regular expressions)"),
  f('string', 'SUBSTR', 'substr', ['s:string', 'start:int', 'length?:int'], 'STRING', 'always', ex(['Flink', 2], 'link', 'definition'), 'the substring from start (1-based) of length (to the end by default)'),
  f('string', 'ELT', 'elt', ['index:int', '...values:string'], 'STRING', 'always', ex([2, 'a', 'b', 'c'], 'b', 'definition'), 'the index-th (1-based) of the values'),
  // ---- regex ----------------------------------------------------------------------------------
  f('regex', 'REGEXP_REPLACE', 'regexpReplace', ['s:string', 'regex:string', 'replacement:string'], 'STRING', 'args', ex(['foobar', 'oo|ar', ''], 'fb'), 'replaces every match of a Java regular expression'),
  f('regex', 'REGEXP_COUNT', 'regexpCount', ['s:string', 'regex:string'], 'INT', 'always', ex(['ababab', 'ab'], '3', 'definition'), 'the number of matches'),
  f('regex', 'REGEXP_EXTRACT', 'regexpExtract', ['s:string', 'regex:string', 'group?:int'], 'STRING', 'always', ex(['foothebar', 'foo(.*?)(bar)', 2], 'bar'), 'the match of a group (0: the whole match), NULL when nothing matches'),
  f('regex', 'REGEXP_EXTRACT_ALL', 'regexpExtractAll', ['s:string', 'regex:string', 'group?:int'], 'ARRAY<STRING>', 'always', ex(['a1b22c333', '[0-9]+', 0], '[1, 22, 333]', 'definition'), 'every match of a group'),
  f('regex', 'REGEXP_INSTR', 'regexpInstr', ['s:string', 'regex:string'], 'INT', 'always', ex(['hello 123', '[0-9]+'], '7', 'definition'), 'the position (1-based) of the first match, 0 if none'),
  f('regex', 'REGEXP_SUBSTR', 'regexpSubstr', ['s:string', 'regex:string'], 'STRING', 'always', ex(['hello 123', '[0-9]+'], '123', 'definition'), 'the first match'),
  f('regex', 'REGEXP', 'regexp', ['s:string', 'regex:string'], 'BOOLEAN', 'args', ex(['abc123', '[0-9]'], 'TRUE', 'definition'), 'whether any substring matches'),
  // ---- JSON -----------------------------------------------------------------------------------
  no('json', 'IS JSON', `'s' IS JSON [VALUE | SCALAR | ARRAY | OBJECT] is a predicate with ${SYNTAX}`),
  f('json', 'JSON_EXISTS', 'jsonExists', ['json:string', 'path:string'], 'BOOLEAN', 'always', ex(['{"a": true}', '$.a'], 'TRUE'), 'whether the JSON path finds a value (the ON ERROR clause is not offered)'),
  f('json', 'JSON_STRING', 'jsonString', ['value:any'], 'STRING', 'args', ex(['Hello, World!'], '"Hello, World!"'), 'the value serialised as JSON'),
  f('json', 'JSON_VALUE', 'jsonValue', ['json:string', 'path:string'], 'STRING', 'always', ex(['{"a": true}', '$.a'], 'true'), 'the scalar at a JSON path as STRING (RETURNING and ON EMPTY/ERROR clauses are not offered)'),
  f('json', 'JSON_QUERY', 'jsonQuery', ['json:string', 'path:string'], 'STRING', 'always', ex(['{ "a": { "b": 1 } }', '$.a'], '{"b":1}'), 'the JSON at a path as text (wrapper and ON EMPTY/ERROR clauses are not offered)'),
  no('json', 'JSON_OBJECT', `JSON_OBJECT(KEY k VALUE v ...) is ${SYNTAX}`),
  f('json', 'JSON_ARRAY', 'jsonArray', ['...values:any'], 'STRING', 'never', ex([1, '2'], '[1,"2"]'), 'a JSON array of the values (NULLs left out)'),
  f('json', 'JSON_QUOTE', 'jsonQuote', ['s:string'], 'STRING', 'args', ex(['a"b'], '"a\\"b"', 'definition'), 'the string quoted as a JSON value'),
  f('json', 'JSON_UNQUOTE', 'jsonUnquote', ['s:string'], 'STRING', 'args', ex(['"a\\"b"'], 'a"b', 'definition'), 'a JSON string value unquoted'),
  // ---- temporal -------------------------------------------------------------------------------
  f('temporal', 'LOCALTIME', 'localtime', [], 'TIME(0)', 'never', ex([], { pattern: '^\\d{2}:\\d{2}:\\d{2}$' }, 'form'), 'the current time of day in the session time zone', keyword),
  f('temporal', 'LOCALTIMESTAMP', 'localtimestamp', [], 'TIMESTAMP(3)', 'never', ex([], { pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}$' }, 'form'), 'the current timestamp in the session time zone', keyword),
  f('temporal', 'CURRENT_TIME', 'currentTime', [], 'TIME(0)', 'never', ex([], { pattern: '^\\d{2}:\\d{2}:\\d{2}$' }, 'form'), 'the current time of day (as LOCALTIME)', keyword),
  f('temporal', 'CURRENT_DATE', 'currentDate', [], 'DATE', 'never', ex([], { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, 'form'), 'the current date in the session time zone', keyword),
  f('temporal', 'CURRENT_TIMESTAMP', 'currentTimestamp', [], 'TIMESTAMP_LTZ(3)', 'never', ex([], { pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}$' }, 'form'), 'the current instant', { ...old, syntax: 'keyword' }),
  f('temporal', 'NOW', 'now', [], 'TIMESTAMP_LTZ(3)', 'never', ex([], { pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}$' }, 'form'), 'the current instant (as CURRENT_TIMESTAMP)'),
  f('temporal', 'CURRENT_ROW_TIMESTAMP', 'currentRowTimestamp', [], 'TIMESTAMP_LTZ(3)', 'never', ex([], { pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}$' }, 'form'), 'the current instant, evaluated per row also in batch mode'),
  f('temporal', 'EXTRACT', 'extract', ['unit:raw-unit', 'value:datetime'], 'BIGINT', 'args', ex(['DAY', { date: '2006-06-05' }], '5'), 'a part of a date or time', old),
  f('temporal', 'YEAR', 'year', ['d:datetime'], 'BIGINT', 'args', ex([{ date: '1994-09-27' }], '1994'), 'the year'),
  f('temporal', 'QUARTER', 'quarter', ['d:datetime'], 'BIGINT', 'args', ex([{ date: '1994-09-27' }], '3'), 'the quarter (1 to 4)'),
  f('temporal', 'MONTH', 'month', ['d:datetime'], 'BIGINT', 'args', ex([{ date: '1994-09-27' }], '9'), 'the month (1 to 12)'),
  f('temporal', 'WEEK', 'week', ['d:datetime'], 'BIGINT', 'args', ex([{ date: '1994-09-27' }], '39'), 'the week of the year (1 to 53)'),
  f('temporal', 'DAYOFYEAR', 'dayofyear', ['d:datetime'], 'BIGINT', 'args', ex([{ date: '1994-09-27' }], '270'), 'the day of the year (1 to 366)'),
  f('temporal', 'DAYOFMONTH', 'dayofmonth', ['d:datetime'], 'BIGINT', 'args', ex([{ date: '1994-09-27' }], '27'), 'the day of the month (1 to 31)'),
  f('temporal', 'DAYOFWEEK', 'dayofweek', ['d:datetime'], 'BIGINT', 'args', ex([{ date: '1994-09-27' }], '3'), 'the day of the week (1 = Sunday to 7)'),
  f('temporal', 'HOUR', 'hour', ['ts:timestamp'], 'BIGINT', 'args', ex([{ timestamp: '1994-09-27 13:14:15' }], '13', 'definition'), 'the hour (0 to 23)'),
  f('temporal', 'MINUTE', 'minute', ['ts:timestamp'], 'BIGINT', 'args', ex([{ timestamp: '1994-09-27 13:14:15' }], '14'), 'the minute (0 to 59)'),
  f('temporal', 'SECOND', 'second', ['ts:timestamp'], 'BIGINT', 'args', ex([{ timestamp: '1994-09-27 13:14:15' }], '15'), 'the second (0 to 59)'),
  no('temporal', 'FLOOR TO', `FLOOR(t TO unit) is ${SYNTAX}; window TVFs and DATE_FORMAT cover bucketing`),
  no('temporal', 'CEIL TO', `CEIL(t TO unit) is ${SYNTAX}`),
  no('temporal', 'OVERLAPS', '(t1, t2) OVERLAPS (t3, t4) is a predicate over row values, which the DSL does not build'),
  f('temporal', 'DATE_FORMAT', 'dateFormat', ['ts:timestamp', 'format:raw-string'], 'STRING', 'args', ex([{ timestamp: '1994-09-27 13:14:15' }, 'yyyy-MM-dd HH:mm'], '1994-09-27 13:14', 'definition'), 'the timestamp formatted (SimpleDateFormat pattern)', { ...old, flinkNulls: 'always' }),
  f('temporal', 'TIMESTAMPADD', 'timestampAdd', ['unit:unit', 'amount:int', 'ts:timestamp'], 'arg2', 'args', ex(['DAY', 1, { timestamp: '2024-01-01 00:00:00' }], '2024-01-02 00:00:00.000', 'definition'), 'the timestamp plus amount units'),
  f('temporal', 'TIMESTAMPDIFF', 'timestampDiff', ['unit:raw-unit', 'start:timestamp', 'end:timestamp'], 'INT', 'args', ex(['MINUTE', { timestamp: '2024-01-01 00:00:00' }, { timestamp: '2024-01-01 01:30:00' }], '90', 'definition'), 'the whole units from start to end', old),
  f('temporal', 'CONVERT_TZ', 'convertTz', ['datetime:string', 'from:string', 'to:string'], 'STRING', 'always', ex(['1970-01-01 00:00:00', 'UTC', 'America/Los_Angeles'], '1969-12-31 16:00:00'), "a 'yyyy-MM-dd HH:mm:ss' text moved from one time zone to another"),
  f('temporal', 'FROM_UNIXTIME', 'fromUnixtime', ['seconds:numeric', 'format?:string'], 'STRING', 'always', ex([44], '1970-01-01 00:00:44'), 'epoch seconds as text in the session time zone (the test session is UTC)'),
  f('temporal', 'UNIX_TIMESTAMP', 'unixTimestamp', ['datetime?:string', 'format?:string'], 'BIGINT', 'args', ex(['1970-01-01 08:00:01.001 +0800', 'yyyy-MM-dd HH:mm:ss.SSS X'], '1'), 'epoch seconds now, or of a date-time text'),
  f('temporal', 'TO_DATE', 'toDate', ['s:string', 'format?:string'], 'DATE', 'always', ex(['20240102', 'yyyyMMdd'], '2024-01-02', 'definition'), "a DATE from text (default format 'yyyy-MM-dd')"),
  f('temporal', 'TO_TIMESTAMP_LTZ', 'toTimestampLtz', ['epochMillis:numeric'], 'TIMESTAMP_LTZ(3)', 'args', ex([1000], '1970-01-01 00:00:01.000', 'definition'), 'epoch milliseconds to an instant (TO_TIMESTAMP_LTZ(x, 3))', { ...old, flinkNulls: 'always' }),
  f('temporal', 'TO_TIMESTAMP', 'toTimestamp', ['s:string', 'format?:string'], 'TIMESTAMP(3)', 'always', ex(['2024-01-02 03:04:05'], '2024-01-02 03:04:05.000', 'definition'), "a TIMESTAMP from text (default format 'yyyy-MM-dd HH:mm:ss')"),
  no('temporal', 'CURRENT_WATERMARK', 'takes a rowtime attribute; planned only over a source with a watermark, not offered yet'),
  // ---- conditional ----------------------------------------------------------------------------
  f('conditional', 'NULLIF', 'nullif', ['value:any', 'other:any'], 'arg0', 'always', ex([5, 5], null), 'NULL when value equals other, else value'),
  f('conditional', 'COALESCE', 'coalesce', ['first:any', '...rest:any'], 'arg0', 'last', ex([{ null: 'STRING' }, 'default'], 'default'), 'the first argument that is not NULL', old),
  f('conditional', 'IF', 'if', ['condition:boolean', 'then:any', 'otherwise:any'], 'arg1', 'args', ex([true, 5, 3], '5', 'definition'), 'then when the condition holds, else otherwise'),
  f('conditional', 'IFNULL', 'ifnull', ['value:any', 'replacement:any'], 'arg0', 'last', ex([{ null: 'INT' }, 5], '5', 'definition'), 'replacement when value is NULL; nullable only if the replacement is'),
  f('conditional', 'IS_ALPHA', 'isAlpha', ['s:string'], 'BOOLEAN', 'never', ex(['abc'], 'TRUE', 'definition'), 'whether every character is a letter'),
  f('conditional', 'IS_DECIMAL', 'isDecimal', ['s:string'], 'BOOLEAN', 'never', ex(['1.5'], 'TRUE', 'definition'), 'whether the text parses as a number'),
  f('conditional', 'IS_DIGIT', 'isDigit', ['s:string'], 'BOOLEAN', 'never', ex(['123'], 'TRUE', 'definition'), 'whether every character is a digit'),
  f('conditional', 'GREATEST', 'greatest', ['first:any', '...rest:any'], 'arg0', 'args', ex([1, 3, 2], '3', 'definition'), 'the greatest argument (NULL if any is NULL)'),
  f('conditional', 'LEAST', 'least', ['first:any', '...rest:any'], 'arg0', 'args', ex([1, 3, 2], '1', 'definition'), 'the least argument (NULL if any is NULL)'),
  // ---- conversion -----------------------------------------------------------------------------
  f('conversion', 'CAST', 'cast', ['value:any', 'type:type'], 'cast', 'args', ex(['42', { type: 'INT' }], '42'), 'the value converted to a type (fails the job when it cannot)', old),
  f('conversion', 'TRY_CAST', 'tryCast', ['value:any', 'type:type'], 'cast', 'always', ex(['non-number', { type: 'INT' }], null), 'the value converted to a type, NULL when it cannot', old),
  f('conversion', 'TYPEOF', 'typeOf', ['value:any'], 'STRING', 'always', ex([1], 'INT NOT NULL', 'definition'), "the Flink type of the argument, as text"),
  // ---- collection -----------------------------------------------------------------------------
  f('collection', 'CARDINALITY', 'cardinality', ['collection:collection'], 'INT', 'args', ex([{ array: 'a,b,c' }], '3', 'definition'), 'the number of elements of an array or entries of a map'),
  f('collection', 'ELEMENT', 'element', ['array:array'], 'element0', 'always', ex([{ array: 'a' }], 'a', 'definition'), 'the sole element of a one-element array'),
  f('collection', 'ARRAY_APPEND', 'arrayAppend', ['array:array', 'value:element'], 'arg0', 'args', ex([{ array: 'a,b' }, 'c'], '[a, b, c]', 'definition'), 'the array with an element added at the end'),
  f('collection', 'ARRAY_CONTAINS', 'arrayContains', ['array:array', 'value:element'], 'BOOLEAN', 'args', ex([{ array: 'a,b' }, 'b'], 'TRUE', 'definition'), 'whether the array holds the element'),
  f('collection', 'ARRAY_DISTINCT', 'arrayDistinct', ['array:array'], 'arg0', 'args', ex([{ array: 'a,b,a' }], '[a, b]', 'definition'), 'the array without duplicates (order kept)'),
  f('collection', 'ARRAY_POSITION', 'arrayPosition', ['array:array', 'value:element'], 'INT', 'args', ex([{ array: 'a,b,c' }, 'b'], '2', 'definition'), 'the position (1-based) of the element, 0 if absent'),
  f('collection', 'ARRAY_PREPEND', 'arrayPrepend', ['array:array', 'value:element'], 'arg0', 'args', ex([{ array: 'a,b' }, 'c'], '[c, a, b]', 'definition'), 'the array with an element added at the start'),
  f('collection', 'ARRAY_REMOVE', 'arrayRemove', ['array:array', 'value:element'], 'arg0', 'args', ex([{ array: 'a,b,a' }, 'a'], '[b]', 'definition'), 'the array without every element equal to the value'),
  f('collection', 'ARRAY_REVERSE', 'arrayReverse', ['array:array'], 'arg0', 'args', ex([{ array: 'a,b,c' }], '[c, b, a]', 'definition'), 'the array in reverse order'),
  f('collection', 'ARRAY_SLICE', 'arraySlice', ['array:array', 'start:int', 'end?:int'], 'arg0', 'args', ex([{ array: 'a,b,c,d' }, 2, 3], '[b, c]', 'definition'), 'the elements from start to end (1-based, inclusive; negative counts from the end)'),
  f('collection', 'ARRAY_SORT', 'arraySort', ['array:array', 'ascending?:boolean', 'nullsFirst?:boolean'], 'arg0', 'args', ex([{ array: '3,1,2', of: 'INT' }, false], '[3, 2, 1]', 'definition'), 'the array sorted (ascending, NULLs first by default)'),
  f('collection', 'ARRAY_UNION', 'arrayUnion', ['array:array', 'other:array'], 'arg0', 'args', ex([{ array: 'a,b' }, { array: 'b,c' }], '[a, b, c]', 'definition'), 'the distinct elements of both arrays'),
  f('collection', 'ARRAY_CONCAT', 'arrayConcat', ['array:array', '...others:array'], 'arg0', 'args', ex([{ array: 'a,b' }, { array: 'b,c' }], '[a, b, b, c]', 'definition'), 'the arrays concatenated'),
  f('collection', 'ARRAY_EXCEPT', 'arrayExcept', ['array:array', 'other:array'], 'arg0', 'args', ex([{ array: 'a,b,c' }, { array: 'b' }], '[a, c]', 'definition'), 'the distinct elements of the first array not in the second'),
  f('collection', 'ARRAY_INTERSECT', 'arrayIntersect', ['array:array', 'other:array'], 'arg0', 'args', ex([{ array: 'a,b,c' }, { array: 'b,c,d' }], '[b, c]', 'definition'), 'the distinct elements in both arrays'),
  f('collection', 'ARRAY_MAX', 'arrayMax', ['array:array'], 'element0', 'always', ex([{ array: '3,1,2', of: 'INT' }], '3', 'definition'), 'the greatest element'),
  f('collection', 'ARRAY_MIN', 'arrayMin', ['array:array'], 'element0', 'always', ex([{ array: '3,1,2', of: 'INT' }], '1', 'definition'), 'the least element'),
  f('collection', 'ARRAY_JOIN', 'arrayJoin', ['array:array', 'delimiter:string', 'nullReplacement?:string'], 'STRING', 'args', ex([{ array: 'a,b,c' }, '-'], 'a-b-c', 'definition'), 'the string elements joined with a delimiter'),
  f('collection', 'MAP_KEYS', 'mapKeys', ['map:map'], 'keys0', 'args', ex([{ map: 'a=1' }], '[a]', 'definition'), 'the keys of a map as an array'),
  f('collection', 'MAP_VALUES', 'mapValues', ['map:map'], 'values0', 'args', ex([{ map: 'a=1' }], '[1]', 'definition'), 'the values of a map as an array'),
  f('collection', 'MAP_ENTRIES', 'mapEntries', ['map:map'], 'entries0', 'args', ex([{ map: 'a=1' }], '[(a, 1)]', 'definition'), 'the entries of a map as an array of ROW<key, value>'),
  f('collection', 'MAP_UNION', 'mapUnion', ['map:map', '...others:map'], 'arg0', 'args', ex([{ map: 'a=1' }, { map: 'a=2' }], '{a=2}', 'definition'), 'the maps merged (later values win)'),
  f('collection', 'MAP_FROM_ARRAYS', 'mapFromArrays', ['keys:array', 'values:array'], 'mapOf01', 'args', ex([{ array: 'a,b' }, { array: '1,2' }], '{a=1, b=2}', 'definition'), 'a map from an array of keys and one of values'),
  f('collection', 'SPLIT', 'split', ['s:string', 'delimiter:string'], 'ARRAY<STRING>', 'args', ex(['a,b,c', ','], '[a, b, c]', 'definition'), 'the parts of s split by delimiter'),
  // ---- hashing --------------------------------------------------------------------------------
  f('hashing', 'MD5', 'md5', ['s:string'], 'STRING', 'args', ex(['Flink'], '4438f9fa6205bdb2a850e66c2d313d01', 'definition'), 'the MD5 hash as 32 hex digits'),
  f('hashing', 'SHA1', 'sha1', ['s:string'], 'STRING', 'args', ex(['Flink'], '54feb2dfcf78ffe2d2eb82e115831e55a26c774f', 'definition'), 'the SHA-1 hash as 40 hex digits'),
  f('hashing', 'SHA224', 'sha224', ['s:string'], 'STRING', 'args', ex(['Flink'], 'acf4fcac27bd532190fc4a15d98cf430a32d7e2bef4ef1a904f27ed4', 'definition'), 'the SHA-224 hash as 56 hex digits'),
  f('hashing', 'SHA256', 'sha256', ['s:string'], 'STRING', 'args', ex(['Flink'], '6f338c13e3a27831135961a08e91722fd4bd82d855de8987c44c1492cdc75c53', 'definition'), 'the SHA-256 hash as 64 hex digits'),
  f('hashing', 'SHA384', 'sha384', ['s:string'], 'STRING', 'args', ex(['Flink'], '4a1f3a7683064a2686e2216801f7c51e680157c66034fd534837637bf043427bb5b1c3304688b6d6c116e2eaee85246a', 'definition'), 'the SHA-384 hash as 96 hex digits'),
  f('hashing', 'SHA512', 'sha512', ['s:string'], 'STRING', 'args', ex(['Flink'], '9b7245deade2206af856b32c80d9bc11c2c371f2a2a736d1cd38273d4b6830e4bcc3c0b1196f3e19f4ea13f1185dc938a9b59179057001fde63de80afc5c6481', 'definition'), 'the SHA-512 hash as 128 hex digits'),
  f('hashing', 'SHA2', 'sha2', ['s:string', 'bits:int'], 'STRING', 'args', ex(['Flink', 256], '6f338c13e3a27831135961a08e91722fd4bd82d855de8987c44c1492cdc75c53', 'definition'), 'a SHA-2 hash of 224, 256, 384 or 512 bits'),
  // ---- grouping, catalog ----------------------------------------------------------------------
  no('grouping', 'GROUP_ID', GROUPING_SETS),
  no('grouping', 'GROUPING', GROUPING_SETS),
  no('grouping', 'GROUPING_ID', GROUPING_SETS),
  f('catalog', 'CURRENT_DATABASE', 'currentDatabase', [], 'STRING', 'never', ex([], 'default_database', 'definition'), 'the current database of the session'),
  // ---- aggregate ------------------------------------------------------------------------------
  f('aggregate', 'COUNT', 'count', ['value?:any'], 'BIGINT', 'never', agg(NUMS, [X], '8'), 'the number of rows (or of non-NULL values)', old),
  f('aggregate', 'AVG', 'avg', ['x:numeric'], 'arg0', 'always', agg(NUMS, [X], '5'), 'the mean (integer types stay integer)', old),
  f('aggregate', 'SUM', 'sum', ['x:numeric'], 'arg0', 'always', agg(NUMS, [X], '40'), 'the sum', old),
  f('aggregate', 'MAX', 'max', ['x:any'], 'arg0', 'always', agg(NUMS, [X], '9'), 'the greatest value', old),
  f('aggregate', 'MIN', 'min', ['x:any'], 'arg0', 'always', agg(NUMS, [X], '2'), 'the least value', old),
  f('aggregate', 'STDDEV_POP', 'stddevPop', ['x:numeric'], 'arg0', 'always', agg(NUMS, [X], '2'), 'the population standard deviation (integer types stay integer)', old),
  f('aggregate', 'STDDEV_SAMP', 'stddevSamp', ['x:numeric'], 'arg0', 'always', agg(NUMS, [X], '2'), 'the sample standard deviation', old),
  f('aggregate', 'VAR_POP', 'varPop', ['x:numeric'], 'arg0', 'always', agg(NUMS, [X], '4'), 'the population variance', old),
  f('aggregate', 'VAR_SAMP', 'varSamp', ['x:numeric'], 'arg0', 'always', agg(NUMS, [X], '4'), 'the sample variance', old),
  no('aggregate', 'COLLECT', 'returns a MULTISET, a type the DSL lacks (arrayAgg gives an ARRAY)'),
  f('aggregate', 'VARIANCE', 'variance', ['x:numeric'], 'arg0', 'always', agg(NUMS, [X], '4'), 'the sample variance (as VAR_SAMP)'),
  no('aggregate', 'RANK', OVER_ONLY),
  no('aggregate', 'DENSE_RANK', OVER_ONLY),
  no('aggregate', 'ROW_NUMBER', `${OVER_ONLY} (topN({ rowNumber }) outputs it)`),
  no('aggregate', 'LEAD', `${OVER_ONLY}; it looks ahead, which an unbounded stream cannot`),
  no('aggregate', 'LAG', 'an OVER-only function: lag() exists for overWindow(...) (see the aggregates), outside this table'),
  f('aggregate', 'FIRST_VALUE', 'firstValue', ['x:any'], 'arg0', 'always', agg(NUMS, [X], '2'), 'the first value', old),
  f('aggregate', 'LAST_VALUE', 'lastValue', ['x:any'], 'arg0', 'always', agg(NUMS, [X], '9'), 'the last value', old),
  f('aggregate', 'LISTAGG', 'listagg', ['s:string', 'separator?:string'], 'STRING', 'args', agg(FRUIT, [X, '-'], 'Apple-Banana-Orange'), "the strings joined with a separator (default ',')"),
  no('aggregate', 'CUME_DIST', OVER_ONLY),
  no('aggregate', 'PERCENT_RANK', OVER_ONLY),
  no('aggregate', 'NTILE', OVER_ONLY),
  f('aggregate', 'ARRAY_AGG', 'arrayAgg', ['x:any'], 'arrayOf0', 'args', agg(NUMS, [X], '[2, 4, 4, 4, 5, 5, 7, 9]'), 'the values as an array (RESPECT/IGNORE NULLS is not offered)'),
  no('aggregate', 'JSON_OBJECTAGG', `JSON_OBJECTAGG(KEY k VALUE v) is ${SYNTAX}`),
  f('aggregate', 'JSON_ARRAYAGG', 'jsonArrayagg', ['x:any'], 'STRING', 'args', agg(FRUIT, [X], '["Apple","Banana","Orange"]', 'docs'), 'the values as a JSON array text'),
  f('aggregate', 'PERCENTILE', 'percentile', ['x:numeric', 'percentage:numeric'], 'DOUBLE', 'always', agg(NUMS, [X, 0.5], '4.5'), 'the exact percentile, interpolated (the array-of-percentages form is not offered)'),
];

/**
 * Flink 2.2's documented built-in functions and what the DSL offers of them: one row per function,
 * with its argument families, result type and NULL rule, and an example with the value Flink returns.
 *
 * @example
 * ```ts
 * FUNCTION_CATALOGUE.find((e) => e.flink === 'REGEXP_EXTRACT')
 * // { status: 'offered', dsl: 'regexpExtract', args: ['s:string', 'regex:string', 'group?:int'], returns: 'STRING', nulls: 'always', ... }
 * ```
 */
export const FUNCTION_CATALOGUE: readonly CatalogueEntry[] = Object.freeze(ENTRIES.map((e) => Object.freeze(e)));

/** The offered rows by DSL name. */
export const OFFERED_FUNCTIONS: Readonly<Record<string, OfferedFunction>> = Object.freeze(
  Object.fromEntries(FUNCTION_CATALOGUE.filter((e): e is OfferedFunction => e.status === 'offered').map((e) => [e.dsl, e])),
);
