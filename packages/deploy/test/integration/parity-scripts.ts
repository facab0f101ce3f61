// Scripts for offline-vs-gateway parity: valid and invalid, each a full script (DDL + statements).
// Topics need not exist: nothing here is submitted, only explained.

const kafka = (topic: string, extra = ''): string =>
  `'connector' = 'kafka', 'topic' = '${topic}', 'properties.bootstrap.servers' = '127.0.0.1:9092', 'properties.group.id' = 'parity', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json'${extra}`;

const PRELUDE = `
CREATE TABLE trades (
  symbol STRING, price DOUBLE, qty BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (${kafka('parity.trades')});
CREATE TABLE ticks (symbol STRING, price DOUBLE, ts TIMESTAMP(3)) WITH (${kafka('parity.ticks')});
-- append-only sink
CREATE TABLE out_rows (symbol STRING, price DOUBLE, qty BIGINT) WITH ('connector' = 'kafka', 'topic' = 'parity.out', 'properties.bootstrap.servers' = '127.0.0.1:9092', 'format' = 'json');
CREATE TABLE out_windows (symbol STRING, window_start TIMESTAMP(3), volume BIGINT) WITH ('connector' = 'kafka', 'topic' = 'parity.win', 'properties.bootstrap.servers' = '127.0.0.1:9092', 'format' = 'json');
CREATE TABLE out_totals (symbol STRING, volume BIGINT, PRIMARY KEY (symbol) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = 'parity.totals', 'properties.bootstrap.servers' = '127.0.0.1:9092', 'key.format' = 'json', 'value.format' = 'json');
`;

export interface ParityScript {
  name: string;
  script: string;
  /** What the test expects of the script as a whole; the per-statement comparison is between the two paths. */
  valid: boolean;
}

export const PARITY_SCRIPTS: readonly ParityScript[] = [
  { name: 'projection into an append sink', valid: true, script: `${PRELUDE}INSERT INTO out_rows SELECT symbol, price, qty FROM trades;` },
  { name: 'filter and casts', valid: true, script: `${PRELUDE}INSERT INTO out_rows SELECT UPPER(symbol), CAST(price * 2 AS DOUBLE), CAST(qty AS BIGINT) FROM trades WHERE qty > 0 AND symbol LIKE 'A%';` },
  { name: 'tumbling window on the watermarked column', valid: true, script: `${PRELUDE}INSERT INTO out_windows SELECT symbol, window_start, SUM(qty) FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY symbol, window_start, window_end;` },
  { name: 'hopping window', valid: true, script: `${PRELUDE}INSERT INTO out_windows SELECT symbol, window_start, SUM(qty) FROM TABLE(HOP(TABLE trades, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE)) GROUP BY symbol, window_start, window_end;` },
  { name: 'updating aggregate into an upsert sink', valid: true, script: `${PRELUDE}INSERT INTO out_totals SELECT symbol, SUM(qty) FROM trades GROUP BY symbol;` },
  { name: 'statement set with two inserts', valid: true, script: `${PRELUDE}EXECUTE STATEMENT SET BEGIN\nINSERT INTO out_rows SELECT symbol, price, qty FROM trades;\nINSERT INTO out_totals SELECT symbol, SUM(qty) FROM trades GROUP BY symbol;\nEND;` },
  { name: 'SET pipeline.name, view and insert', valid: true, script: `SET 'pipeline.name' = 'sluice.parity.view';\n${PRELUDE}CREATE VIEW big AS SELECT * FROM trades WHERE qty >= 100;\nINSERT INTO out_rows SELECT symbol, price, qty FROM big;` },
  { name: 'plain query', valid: true, script: `${PRELUDE}SELECT symbol, price * qty AS notional FROM trades;` },
  { name: 'datagen into kafka', valid: true, script: `CREATE TABLE gen (symbol STRING, price DOUBLE, qty BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n${PRELUDE}INSERT INTO out_rows SELECT symbol, price, qty FROM gen;` },
  { name: 'OVER window on event time', valid: true, script: `${PRELUDE}INSERT INTO out_rows SELECT symbol, AVG(price) OVER (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 9 PRECEDING AND CURRENT ROW), qty FROM trades;` },
  { name: 'unknown column', valid: false, script: `${PRELUDE}INSERT INTO out_rows SELECT symbol, prise, qty FROM trades;` },
  { name: 'bad type for a sink column', valid: false, script: `${PRELUDE}INSERT INTO out_rows SELECT symbol, price, symbol FROM trades;` },
  { name: 'syntax error', valid: false, script: `${PRELUDE}INSERT INTO out_rows SELECT symbol, price, qty FORM trades;` },
  { name: 'missing table', valid: false, script: `${PRELUDE}INSERT INTO out_rows SELECT symbol, price, qty FROM tradez;` },
  { name: 'updating query into an append-only kafka sink', valid: false, script: `${PRELUDE}INSERT INTO out_windows SELECT symbol, CAST(NULL AS TIMESTAMP(3)), SUM(qty) FROM trades GROUP BY symbol;` },
  { name: 'event-time window on a column without watermark', valid: false, script: `${PRELUDE}INSERT INTO out_windows SELECT symbol, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE ticks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY symbol, window_start, window_end;` },
  { name: 'unknown function', valid: false, script: `${PRELUDE}INSERT INTO out_rows SELECT symbol, VWAP(price), qty FROM trades;` },
  { name: 'wrong number of columns', valid: false, script: `${PRELUDE}INSERT INTO out_rows SELECT symbol, price FROM trades;` },
  { name: 'DDL syntax error', valid: false, script: `CREATE TABLE broken (a INT, b STRING WITH ('connector' = 'datagen');\nSELECT 1;` },
  { name: 'unknown connector', valid: false, script: `CREATE TABLE nowhere (a INT) WITH ('connector' = 'no-such-connector');\nSELECT a FROM nowhere;` },
  { name: 'function on the wrong type', valid: false, script: `${PRELUDE}SELECT symbol, SUBSTRING(ts, 1, 2) FROM trades;` },
  { name: 'statement set with one bad insert', valid: false, script: `${PRELUDE}EXECUTE STATEMENT SET BEGIN\nINSERT INTO out_rows SELECT symbol, price, qty FROM trades;\nINSERT INTO out_rows SELECT symbol, price, volume FROM trades;\nEND;` },
  { name: 'upsert-kafka sink without a primary key', valid: false, script: `${PRELUDE}CREATE TABLE no_key (symbol STRING, volume BIGINT) WITH ('connector' = 'upsert-kafka', 'topic' = 'parity.nokey', 'properties.bootstrap.servers' = '127.0.0.1:9092', 'key.format' = 'json', 'value.format' = 'json');\nINSERT INTO no_key SELECT symbol, SUM(qty) FROM trades GROUP BY symbol;` },
  { name: 'ambiguous column in a join', valid: false, script: `${PRELUDE}SELECT symbol FROM trades JOIN ticks ON trades.symbol = ticks.symbol;` },
];
