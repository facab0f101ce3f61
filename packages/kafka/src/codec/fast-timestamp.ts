// The hot path of timestamp decoding. Flink writes `yyyy-MM-dd HH:mm:ss[.fraction][Z]`; reading that by
// char codes into Date.UTC is several times cheaper than the regex + Number() + Date checks of
// parseTimestamp. Anything outside the common shape (years < 100 or beyond 4 digits, no seconds) returns
// NaN and the caller falls back to parseTimestamp, so what is accepted and what it means stays the same.

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  // A big negative number marks "not a digit" (or past the end) and poisons the sums below.
  return c >= 0 && c <= 9 ? c : -1e9;
}

// Records of a topic mostly carry timestamps of the same second: the epoch millis of the last
// 'yyyy-MM-dd HH:mm:ss' prefix seen are kept, and a record with that prefix only parses its fraction.
// (Date.UTC(..., s, ms) is Date.UTC(..., s, 0) + ms for these years, exactly.)
let lastPrefix = '';
let lastPrefixMillis = NaN;

function prefixMillis(text: string): number {
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return NaN;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  const hour = digit(text, 11) * 10 + digit(text, 12);
  const minute = digit(text, 14) * 10 + digit(text, 15);
  const second = digit(text, 17) * 10 + digit(text, 18);
  // Years 0..99 need Date.UTC's 1900 correction: leave them to parseTimestamp.
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (DAYS[month - 1] as number) + (leap ? 1 : 0)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, 0);
}

/**
 * @internal Epoch milliseconds of `yyyy-MM-dd[ T]HH:mm:ss[.f{1,9}][Z]`, or NaN when the text is invalid or
 * not in this common shape (then {@link parseTimestamp} decides). Equal to `parseTimestamp(text).getTime()`
 * whenever it returns a number.
 */
export function fastTimestampMillis(text: string): number {
  const length = text.length;
  if (length < 19 || length > 30) return NaN;
  let base: number;
  if (lastPrefix !== '' && text.startsWith(lastPrefix)) base = lastPrefixMillis;
  else {
    base = prefixMillis(text);
    if (Number.isNaN(base)) return NaN;
    lastPrefix = text.slice(0, 19);
    lastPrefixMillis = base;
  }
  let i = 19;
  let ms = 0;
  if (i < length && text.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < length && i - start < 9) {
      const d = digit(text, i);
      if (d < 0) break;
      // Only the first three fraction digits count; the rest are sub-millisecond and dropped.
      if (i - start < 3) ms += d * (i - start === 0 ? 100 : i - start === 1 ? 10 : 1);
      i++;
    }
    if (i === start) return NaN;
  }
  if (i < length && text.charCodeAt(i) === 90) i++;
  return i === length ? base + ms : NaN;
}

// The byte scanner's copy of the cache above: the prefix as bytes, compared in place.
const lastPrefixBytes = new Uint8Array(19);
let lastPrefixBytesMillis = NaN;

/**
 * @internal {@link fastTimestampMillis} of the ASCII text in `bytes[start, end)`, read in place: no string per
 * value. Equal to `fastTimestampMillis(text)` for that text (NaN where it is NaN).
 */
export function fastTimestampMillisBytes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < 19 || length > 30) return NaN;
  let base = lastPrefixBytesMillis;
  for (let k = 0; k < 19; k++) {
    if (bytes[start + k] !== lastPrefixBytes[k]) {
      base = NaN;
      break;
    }
  }
  if (base !== base) {
    // A new second (or not a timestamp): the string parser decides, once per prefix.
    base = prefixMillis(String.fromCharCode(...bytes.subarray(start, start + 19)));
    if (base !== base) return NaN;
    lastPrefixBytes.set(bytes.subarray(start, start + 19));
    lastPrefixBytesMillis = base;
  }
  let i = start + 19;
  let ms = 0;
  if (i < end && bytes[i] === 46) {
    i++;
    const first = i;
    while (i < end && i - first < 9) {
      const d = (bytes[i] as number) - 48;
      if (d < 0 || d > 9) break;
      if (i - first < 3) ms += d * (i - first === 0 ? 100 : i - first === 1 ? 10 : 1);
      i++;
    }
    if (i === first) return NaN;
  }
  if (i < end && bytes[i] === 90) i++;
  return i === end ? base + ms : NaN;
}
