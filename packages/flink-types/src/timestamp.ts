// Flink's json format (TimeFormats.java) writes TIMESTAMP as `yyyy-MM-dd HH:mm:ss[.fraction]` ('SQL', the
// default) or with a 'T' ('ISO-8601'); TIMESTAMP_LTZ gets a trailing 'Z' and is always UTC. The SQL
// Gateway writes ISO-8601 with a 'T'. The fraction has as few digits as needed, none when it is zero.

/** How timestamps are written, Flink's `json.timestamp-format.standard`. */
export type TimestampStandard = 'SQL' | 'ISO-8601';

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/**
 * Formats a Date as Flink writes a TIMESTAMP(p) / TIMESTAMP_LTZ(p) (the UTC wall clock).
 *
 * @example
 * ```ts
 * formatTimestamp(new Date('2024-05-01T10:00:00.120Z'), 3, true, 'SQL') // '2024-05-01 10:00:00.12Z'
 * ```
 */
export function formatTimestamp(date: Date, precision: number, ltz: boolean, standard: TimestampStandard): string {
  const year = date.getUTCFullYear();
  let text = `${year < 0 ? '-' + pad(-year, 4) : pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}${standard === 'SQL' ? ' ' : 'T'}${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  const digits = Math.min(precision, 3);
  if (digits > 0) {
    const fraction = pad(date.getUTCMilliseconds(), 3).slice(0, digits).replace(/0+$/, '');
    if (fraction !== '') text += '.' + fraction;
  }
  return ltz ? text + 'Z' : text;
}

const TIMESTAMP_RE = /^(-?\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z)?$/;

/**
 * Parses a Flink timestamp text (either standard, with or without 'Z') into a Date, reading a
 * TIMESTAMP without zone as UTC; sub-millisecond digits are dropped. Undefined when it is not one.
 *
 * @example
 * ```ts
 * parseTimestamp('2024-05-01T10:00:00.123456') // 2024-05-01T10:00:00.123Z
 * ```
 */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP_RE.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, f] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = f === undefined ? 0 : Number((f + '00').slice(0, 3));
  const date = new Date(Date.UTC(Number(y), month - 1, day, hour, minute, second, ms));
  // Date.UTC maps years 0..99 to 1900..1999.
  if (Number(y) >= 0 && Number(y) < 100) date.setUTCFullYear(Number(y));
  return date.getUTCDate() === day ? date : undefined;
}

/**
 * True for a valid `YYYY-MM-DD` (DATE).
 *
 * @example
 * ```ts
 * isDate('2024-02-30') // false
 * ```
 */
export function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.getUTCDate() === Number(m[3]);
}

/**
 * True for a valid `HH:mm:ss[.fraction]` (TIME).
 *
 * @example
 * ```ts
 * isTime('23:59:59.5') // true
 * ```
 */
export function isTime(text: string): boolean {
  const m = /^(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/.exec(text);
  return m !== null && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 60;
}
