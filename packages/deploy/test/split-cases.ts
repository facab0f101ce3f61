// Scripts on which the TypeScript and the Java splitter must agree (sql-script-splitter.test.ts).
export const SPLIT_CASES: ReadonlyArray<{ name: string; script: string }> = [
  { name: 'semicolons in strings, identifiers and comments', script: "SET 'pipeline.name' = 'a;b';\nCREATE TABLE `t;1` (s STRING) WITH ('connector' = 'datagen');\n-- a comment; with a semicolon\n/* block ; comment */ INSERT INTO x SELECT 'it''s;' FROM \"q;\"  ;\n;;  -- only a comment\n" },
  { name: 'positions after comments', script: 'SELECT 1;\n  -- c\n  SELECT\n 2' },
  { name: 'EXECUTE STATEMENT SET block', script: "EXECUTE STATEMENT SET BEGIN\n INSERT INTO a SELECT ';' ;\n INSERT INTO b SELECT 2;\nEND;\nSELECT 3" },
  { name: 'sql-client BEGIN STATEMENT SET', script: 'BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\n-- between\nINSERT INTO b SELECT 2;\nEND;\nSELECT 4;' },
  { name: 'trailing comments', script: 'SELECT 1 -- one;\n;SELECT 2 /* two */' },
  { name: 'kinds', script: 'create table t (a int);CREATE VIEW v AS SELECT 1;INSERT INTO t SELECT 1;WITH x AS (SELECT 1) SELECT * FROM x;SHOW TABLES;EXECUTE INSERT INTO t VALUES (1);RESET;(SELECT 1);VALUES (1)' },
  { name: 'unterminated string and comment', script: "SELECT 'abc;\nSELECT 2; /* open" },
  { name: 'unicode identifiers and CRLF', script: 'SELECT größe FROM t;\r\nSELECT `名前` FROM t' },
  { name: 'EXPLAIN with a statement set', script: 'EXPLAIN CHANGELOG_MODE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END; SELECT 1' },
];
