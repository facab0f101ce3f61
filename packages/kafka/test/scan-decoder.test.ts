import { schema, t } from '@sluice/dsl';
import { jsonCodec } from '@sluice/kafka';
import { SLOW, type ColumnSink } from '../src/codec/compiled-decoder';
import { compileColumnScanner, compileRowScanner } from '../src/codec/scan-decoder';

// The byte scanner is a fast path: wherever it answers, the answer must be exactly what the codec's
// JSON.parse path gives for the same text (same types, -0 kept, same instants); wherever the codec
// refuses a record, the scanner must defer (SLOW) so that the codec words the error.

const Row = schema({
  id: t.bigint().notNull(),
  symbol: t.string(),
  price: t.double(),
  qty: t.bigint(),
  ts: t.timestampLtz(3),
  local: t.timestamp(3),
  amount: t.decimal(20, 4),
  small: t.decimal(6, 2),
  ok: t.boolean(),
  n: t.int(),
  tiny: t.tinyint(),
});
const codec = jsonCodec(Row);
const scan = compileRowScanner(Row.fields);

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return Object.is(a.getTime(), b.getTime());
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

// The codec's own path for bytes: strict UTF-8, then JSON.parse and the decoders.
function viaCodec(bytes: Buffer): unknown {
  try {
    return codec.decodeText(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return SLOW;
  }
}

// Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed.
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = [
  '{"id":1,"symbol":"SYM1","price":100.25,"qty":5,"ts":"2024-05-01 10:00:00.123Z","local":"2024-05-01 10:00:00.123","amount":12.5,"small":1.25,"ok":true,"n":7,"tiny":-128}',
  '{"id":-9223372036854775808,"symbol":"é ✓ 😀","price":-0.0,"qty":9223372036854775807,"ts":"2024-05-01 10:00:00Z","local":"2024-05-01 10:00:00","amount":-0.0001,"small":9999.99,"ok":false,"n":-2147483648,"tiny":127}',
  '{"id":9007199254740993,"symbol":null,"price":null,"qty":null,"ts":null,"local":null,"amount":null,"small":null,"ok":null,"n":null,"tiny":null}',
  '{"id":0,"symbol":"","price":1e300,"qty":-0,"ts":"2024-02-29 23:59:59.999Z","local":"2024-02-29T23:59:59.9","amount":1234567890123456.1234,"small":0,"ok":true,"n":-0,"tiny":0}',
  '{"id":123456789012345,"symbol":"\u00ff","price":0.1,"qty":1234567890123456,"ts":"2024-05-01 10:00:00.123456789Z","local":"2024-05-01 10:00:00.5","amount":1E+2,"small":-1.5,"ok":false,"n":2147483647,"tiny":1}',
];

describe('byte scanner agrees with the codec', () => {
  it('reads records as Flink writes them without deferring, to the codec values', () => {
    expect(scan).toBeDefined();
    for (const text of VALID) {
      const fast = scan?.(Buffer.from(text, 'utf8'));
      expect(fast).not.toBe(SLOW);
      expect(same(fast, codec.decodeText(text))).toBe(true);
    }
  });

  it('reads doubles exactly as JSON.parse does, fast path or not', () => {
    const random = prng(7);
    const D = schema({ x: t.double() });
    const scanD = compileRowScanner(D.fields);
    const samples = ['0.1', '0.3', '1.7976931348623157e308', '5e-324', '123456789012345', '1234567890123456', '0.000000000000001', '999999999999999.9', '-0', '-0.0', '2.5E-3'];
    for (let i = 0; i < 3000; i++) {
      const digits = 1 + Math.floor(random() * 17);
      let m = '';
      for (let d = 0; d < digits; d++) m += String(Math.floor(random() * 10));
      m = m.replace(/^0+(?=\d)/, '');
      const point = Math.floor(random() * digits);
      samples.push(`${random() < 0.3 ? '-' : ''}${point > 0 && point < m.length ? `${m.slice(0, point)}.${m.slice(point)}` : m}`);
      samples.push(String(random() * 10 ** Math.floor(random() * 40 - 20)));
    }
    for (const s of samples) {
      const fast = scanD?.(Buffer.from(`{"x":${s}}`)) as { x: number } | typeof SLOW;
      expect(fast).not.toBe(SLOW);
      if (fast !== SLOW && !Object.is(fast.x, JSON.parse(s))) throw new Error(`${s}: scanner ${fast.x}, JSON.parse ${JSON.parse(s) as number}`);
    }
  });

  it('defers on everything else, and never answers differently from the codec (mutation fuzz)', () => {
    const random = prng(42);
    const alphabet = ['{', '}', '[', ']', '"', '\\', ',', ':', ' ', '\n', '0', '1', '9', '-', '.', 'e', 'E', '+', 'n', 'u', 'l', 't', 'r', 'f', 'a', 's', 'Z', 'é', '\u0001'];
    let answered = 0;
    let deferred = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = VALID[i % VALID.length] as string;
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (text.length + 1));
        const what = random();
        const ch = alphabet[Math.floor(random() * alphabet.length)] as string;
        if (what < 0.4) text = text.slice(0, at) + ch + text.slice(at);
        else if (what < 0.7) text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at) + ch + text.slice(at + 1);
      }
      const bytes = Buffer.from(text, 'utf8');
      const fast = scan?.(bytes);
      if (fast === SLOW) {
        deferred++;
        continue;
      }
      answered++;
      const slow = viaCodec(bytes);
      if (!same(fast, slow)) throw new Error(`scanner and codec differ on ${JSON.stringify(text)}`);
    }
    // Both branches were exercised.
    expect(answered).toBeGreaterThan(500);
    expect(deferred).toBeGreaterThan(5000);
  });

  it('defers on invalid UTF-8, escapes, whitespace, other key orders, unknown and missing fields', () => {
    const base = VALID[0] as string;
    const cases = [
      Buffer.concat([Buffer.from(base.slice(0, 30)), Buffer.from([0xc3, 0x28]), Buffer.from(base.slice(30))]),
      Buffer.from(base.replace('"SYM1"', '"SY\\u004d1"')),
      Buffer.from(` ${base}`),
      Buffer.from(`${base}\n`),
      Buffer.from(base.replace('"id":1,', '"id": 1,')),
      Buffer.from(base.replace('"id":1,"symbol":"SYM1",', '"symbol":"SYM1","id":1,')),
      Buffer.from(base.replace('"tiny":-128}', '"tiny":-128,"extra":1}')),
      Buffer.from(base.replace(',"tiny":-128}', '}')),
      Buffer.from(base.replace('"tiny":-128', '"tiny":-129')),
      Buffer.from(base.replace('"n":7', '"n":7.0')),
      Buffer.from(base.replace('"n":7', '"n":07')),
      Buffer.from(base.replace('"id":1,', '"id":null,')),
      Buffer.from(base.replace('"id":1,', '"id":"1",')),
      Buffer.from(base.replace('"id":1,', '"id":92233720368547758070,')),
      Buffer.from(base.replace('"ok":true', '"ok":"true"')),
      Buffer.from(base.replace('2024-05-01 10:00:00.123Z', '2024-13-01 10:00:00.123Z')),
      Buffer.from(base.replace('"small":1.25', '"small":12345.678')),
      Buffer.from(`\ufeff${base}`),
    ];
    for (const bytes of cases) expect(scan?.(bytes)).toBe(SLOW);
    // The codec's own answer for them is unchanged: the scanner is consulted only by decode(bytes).
    expect(() => codec.decode(cases[0] as Buffer)).toThrow(/malformed JSON/);
    expect(codec.decode(cases[1] as Buffer)).toMatchObject({ symbol: 'SYM1' });
    expect(() => codec.decode(cases[8] as Buffer)).toThrow(/field 'tiny'/);
  });

  it('keeps a byte-order mark inside a string value', () => {
    const text = (VALID[0] as string).replace('"SYM1"', '"\ufeffSYM1"');
    const fast = scan?.(Buffer.from(text)) as { symbol: string };
    expect(fast.symbol).toBe('\ufeffSYM1');
    expect(same(fast, codec.decodeText(text))).toBe(true);
  });

  it('has no scanner for types it does not read or names JSON escapes', () => {
    expect(compileRowScanner(schema({ a: t.array(t.int()) }).fields)).toBeUndefined();
    expect(compileRowScanner(schema({ 'a"b': t.int() }).fields)).toBeUndefined();
  });

  it('writes columns only once the whole record is read: BIGINT as numbers, timestamps as epoch ms', () => {
    const C = schema({ id: t.bigint().notNull(), ts: t.timestampLtz(3), s: t.string() });
    const writer = compileColumnScanner(C.fields);
    const values: unknown[][] = [[], [], []];
    const columns: ColumnSink[] = values.map((into) => ({ append: (v: unknown) => void into.push(v) }));
    expect(writer?.(Buffer.from('{"id":5,"ts":"2024-05-01 10:00:00.123Z","s":null}'), columns)).toBe(true);
    expect(writer?.(Buffer.from('{"id":5,"ts":"2024-05-01 10:00:00.123Z","s":1}'), columns)).toBe(SLOW);
    expect(writer?.(Buffer.from('{"id":12345678901234567,"ts":null,"s":"x"}'), columns)).toBe(SLOW);
    expect(values).toEqual([[5], [Date.UTC(2024, 4, 1, 10, 0, 0, 123)], [null]]);
  });
});
