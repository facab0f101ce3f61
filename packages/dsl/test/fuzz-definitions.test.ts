import fc from 'fast-check';
import { isSluiceError } from '@sluice/errors';
import { compile, count, kafka, max, schema, signal, sum, t, toTimestampLtz, tumble, hop } from '@sluice/dsl';

// Property-based fuzz (issue 16): any definition gives compiled SQL or a SluiceError with a code, never a
// raw TypeError or a hang. Seeded, so a failure reproduces; SLUICE_FUZZ_RUNS raises the count (npm run fuzz).
const RUNS = Number(process.env.SLUICE_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.SLUICE_FUZZ_SEED ?? 16);

/** The outcome of one input: compiled text, or the code of a SluiceError; anything else fails the property. */
const seenOutcomes = new Map<string, number>();
afterAll(() => {
  if (process.env.SLUICE_FUZZ_STATS === "1") process.stdout.write(`${JSON.stringify(Object.fromEntries(seenOutcomes))}\n`);
});

function outcome(run: () => string): string {
  const result = outcomeOf(run);
  const key = result.startsWith("ok:") ? "ok" : result;
  seenOutcomes.set(key, (seenOutcomes.get(key) ?? 0) + 1);
  return result;
}

function outcomeOf(run: () => string): string {
  try {
    const text = run();
    // compiled SQL that Flink would refuse is a crash found late: no exponent or zero-length intervals
    expect(text).not.toMatch(/INTERVAL '[^']*e[+-]/);
    expect(text).not.toMatch(/TUMBLE\([^)]*INTERVAL '0'|HOP\([^)]*INTERVAL '0'/);
    return `ok:${text.length}`;
  } catch (error) {
    if (isSluiceError(error)) {
      expect(error.code).toMatch(/^DSL_[A-Z_]+$/);
      // an internal error is a crash with a code: the input should have been refused by name
      if (error.code === 'DSL_INTERNAL') throw error;
      expect(error.message.length).toBeGreaterThan(0);
      return error.code;
    }
    throw error;
  }
}

// Mostly valid values, so most inputs reach the compiler; the rest probe each check.
const identifier = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
const name = fc.oneof(
  { arbitrary: identifier, weight: 8 },
  { arbitrary: fc.constantFrom('select', 'from', 'a b', '`x`', "it's", '', '9lives', 'ts', 'window_start', 'k', 'v'), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
);
const int = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 9 }), weight: 8 }, { arbitrary: fc.integer({ min: -3, max: 40 }), weight: 1 }, { arbitrary: fc.constantFrom(Number.NaN, Infinity, 1.5, 2 ** 31, -0), weight: 1 });
const type = fc.oneof(
  fc.constant(() => t.string()),
  fc.constant(() => t.bigint()),
  fc.constant(() => t.double()),
  fc.constant(() => t.boolean()),
  int.map((n) => () => t.varchar(n)),
  int.map((n) => () => t.timestamp(n)),
  int.map((n) => () => t.timestampLtz(n)),
  fc.tuple(int, int).map(([p, s]) => () => t.decimal(p, s)),
  fc.constant(() => t.array(t.int())),
);
const duration = fc.oneof(
  { arbitrary: fc.tuple(fc.integer({ min: 1, max: 600 }), fc.constantFrom('ms', 's', 'min', 'h', 'd')).map(([n, u]) => `${n} ${u}`), weight: 8 },
  { arbitrary: fc.constantFrom('0 s', '-1 s', '1.5 s', ' 5 s ', '5 weeks', '', '1 S', '99999999999999999999 s', '0 ms', '1 ms'), weight: 1 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);
const settings = fc.record(
  {
    parallelism: fc.oneof(int, fc.constant(undefined)),
    checkpointInterval: fc.oneof(duration, fc.constant(undefined)),
    stateTtl: fc.oneof(duration, fc.constant(undefined)),
  },
  { requiredKeys: [] },
);

describe('fuzz: DSL definitions (schema, field names and types, windows, settings)', () => {
  it(`every definition compiles or is a SluiceError with a code (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, type), { minLength: 1, maxLength: 5, selector: ([n]) => n }),
        fc.oneof({ arbitrary: fc.nat(), weight: 9 }, { arbitrary: name, weight: 1 }),
        name,
        duration,
        duration,
        fc.boolean(),
        settings,
        fc.string({ maxLength: 10 }),
        fc.constantFrom('exactly-once', 'at-least-once', 'none', 'sometimes'),
        (fields, groupField, signalName, size, watermark, useHop, sets, topic, delivery) => {
          outcome(() => {
            const shape = schema({ ...Object.fromEntries(fields.map(([n, make]) => [n, make()])), ts_ms: t.bigint() });
            const source = kafka.source('src', shape, {
              topic: topic === '' ? 'in' : topic,
              computed: (r) => ({ ts: toTimestampLtz((r as unknown as { ts_ms: Parameters<typeof toTimestampLtz>[0] }).ts_ms) }),
              eventTime: { column: 'ts', watermark },
            });
            const windowed = signal(signalName).from(source).window(useHop ? hop('ts', size, size) : tumble('ts', size));
            const groupName = typeof groupField === 'number' ? (fields[groupField % fields.length]?.[0] ?? 'k') : groupField;
            const grouped = (windowed as unknown as { groupBy(f: string): { select(f: (r: Record<string, never>) => Record<string, unknown>): { to(s: unknown, o: unknown): unknown } } }).groupBy(groupName);
            const first = fields[0]?.[0] ?? 'k';
            const s = grouped
              .select((r) => {
                // the fields are generated, so the row is read by name without static types
                const row = r as unknown as Record<string, Parameters<typeof max>[0] & Parameters<typeof sum>[0]>;
                return { n: count(), top: max(row[first] as Parameters<typeof max>[0]), total: sum(row['ts_ms'] as Parameters<typeof sum>[0]) };
              })
              .to(kafka.sink('out', { format: 'json', delivery: delivery as 'exactly-once' }), sets);
            return compile([s as Parameters<typeof compile>[0][number]], { flinkVersion: '2.2', project: 'fuzz' }).text;
          });
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  }, Math.max(120_000, RUNS * 60));
});

describe('inputs the fuzz found, refused by name now', () => {
  const Tick = schema({ k: t.string(), ts_ms: t.bigint() });
  const ticks = kafka.source('ticks', Tick, { topic: 'ticks', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });
  const windowed = (size: string) => () =>
    compile([signal('w').from(ticks).window(tumble('ts', size)).groupBy('k').select(() => ({ n: count() })).to(kafka.sink('out'))], { flinkVersion: '2.2', project: 'fuzz' });

  it.each([
    ['99999999999999999999 s', "'99999999999999999999 s' is too large a duration"],
    ['0 s', "'0 s' must be longer than zero"],
  ])('a window of %j is DSL_INVALID_DURATION (it compiled to SQL Flink refuses)', (size, message) => {
    expect(windowed(size)).toThrow(expect.objectContaining({ code: 'DSL_INVALID_DURATION', message: expect.stringContaining(message) }));
  });

  it('a checkpoint interval of 0 s is refused; a watermark of 0 s stays allowed', () => {
    expect(() => signal('w').from(ticks).select((r) => ({ k: r.k })).to(kafka.sink('out'), { checkpointInterval: '0 s' })).toThrow(expect.objectContaining({ code: 'DSL_INVALID_DURATION' }));
    expect(() => kafka.source('t0', Tick, { topic: 'ticks', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '0 s' } })).not.toThrow();
  });
});
