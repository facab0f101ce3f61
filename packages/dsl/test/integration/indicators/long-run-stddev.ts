import type { TestCluster } from './cluster';

// One key, N rows of a deterministic price series generated inside Flink (datagen sequence), a 20-row
// sliding window: Flink's STDDEV_POP and Sluice's SLUICE_STDDEV_POP side by side, compared with a two-pass
// reference the test computes from the same formula. Shared by the integration test (small N) and
// `npm run bench:variance` (N in the millions).

/** Rows in the sliding window (Bollinger's usual period). */
export const PERIOD = 20;

/** The price of row `seq` (1-based): near 10,000 in cents, so `E[x^2] - E[x]^2` cancels hard; the same IEEE steps as the SQL. */
export function priceOf(seq: number): number {
  return ((seq * 7919 + seq * seq) % 997) / 100 + 10000;
}

/** The datagen table of `rows` rows: `seq` 1..rows, `price` = {@link priceOf}(seq), event time `seq` ms. */
export function sequenceTableDdl(table: string, rows: number): string {
  return `CREATE TEMPORARY TABLE \`${table}\` (
  seq BIGINT,
  sym AS 'K',
  price AS CAST(MOD(seq * 7919 + seq * seq, 997) AS DOUBLE) / CAST(100 AS DOUBLE) + CAST(10000 AS DOUBLE),
  ts AS TO_TIMESTAMP_LTZ(seq, 3),
  WATERMARK FOR ts AS ts
) WITH ('connector' = 'datagen', 'fields.seq.kind' = 'sequence', 'fields.seq.start' = '1', 'fields.seq.end' = '${rows}', 'rows-per-second' = '100000000')`;
}

const overWindow = `OVER (PARTITION BY sym ORDER BY ts ROWS BETWEEN ${PERIOD - 1} PRECEDING AND CURRENT ROW)`;

/** Both deviations of every row, for the rows the caller keeps (`seq % every == 0` or the last `tail`). */
export function accuracyQuery(table: string, rows: number, every: number, tail: number): string {
  return `SELECT seq, price, mean, builtin, ours FROM (
  SELECT seq, price, AVG(price) ${overWindow} AS mean, STDDEV_POP(price) ${overWindow} AS builtin, SLUICE_STDDEV_POP(price) ${overWindow} AS ours
  FROM \`${table}\`
) WHERE seq > ${rows - tail} OR MOD(seq, ${every}) = 0`;
}

/** A job that computes one of the two deviations for every row into a blackhole sink (the cost bench). */
export function costInsert(table: string, sink: string, fn: 'STDDEV_POP' | 'SLUICE_STDDEV_POP'): string {
  return `INSERT INTO \`${sink}\` SELECT seq, ${fn}(price) ${overWindow} FROM \`${table}\``;
}

/** Two-pass mean and population standard deviation of the window ending at row `seq`. */
export function referenceMoments(seq: number): { readonly mean: number; readonly stddev: number } {
  const xs: number[] = [];
  for (let s = seq - PERIOD + 1; s <= seq; s++) xs.push(priceOf(s));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, stddev: Math.sqrt(xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / xs.length) };
}

/** Largest relative errors over the rows returned, and how many rows were compared. */
export interface StddevErrors {
  readonly compared: number;
  /** Flink's STDDEV_POP. */
  readonly builtin: number;
  /** SLUICE_STDDEV_POP. */
  readonly ours: number;
  /** Flink's AVG (what Bollinger's middle band and the z-score's centre use). */
  readonly mean: number;
  /** The z-score as the DSL computes it, (price - AVG) / SLUICE_STDDEV_POP, relative to max(1, |z|). */
  readonly zscore: number;
}

/** Runs {@link accuracyQuery} on an open session and compares each row with {@link referenceStddev}. */
export async function measureStddevErrors(cluster: TestCluster, rows: number, every = 1000, tail = 1000): Promise<StddevErrors> {
  const table = `seq_ticks_${rows}`;
  await cluster.rows(sequenceTableDdl(table, rows));
  const result = await cluster.rows(accuracyQuery(table, rows, every, tail));
  const worst = { builtin: 0, ours: 0, mean: 0, zscore: 0 };
  const note = (key: keyof typeof worst, value: number, reference: number): void => {
    if (reference !== 0) worst[key] = Math.max(worst[key], Math.abs(value - reference) / Math.abs(reference));
  };
  let compared = 0;
  for (const row of result) {
    const seq = Number(row['seq']);
    if (seq < PERIOD) continue;
    const reference = referenceMoments(seq);
    const price = Number(row['price']);
    note('builtin', Number(row['builtin']), reference.stddev);
    note('ours', Number(row['ours']), reference.stddev);
    note('mean', Number(row['mean']), reference.mean);
    // z is already scale-free and near 0 often: its error is relative to max(1, |z|).
    if (reference.stddev > 0) {
      const z = (price - reference.mean) / reference.stddev;
      worst.zscore = Math.max(worst.zscore, Math.abs((price - Number(row['mean'])) / Number(row['ours']) - z) / Math.max(1, Math.abs(z)));
    }
    compared++;
  }
  return { compared, ...worst };
}
