import { compile, from, kafka, schema, signal, sum, t, udf, upsertKafka } from '@sluice/dsl';
import { trades } from './fixtures/sources';

// Issue 20 item 2: a user's own functions from a jar, declared once with their types, called like built-ins.
// The statements that call one carry its reference; deploy registers it (CREATE TEMPORARY FUNCTION ... USING JAR).

const JAR = 'udfs/user-udf.jar';
const priceBand = udf.scalar('price_band', { className: 'dev.sluice.fixture.udf.PriceBand', jar: JAR, args: [t.double(), t.int()], returns: t.bigint() });
const weightedAvg = udf.aggregate('weighted_avg', { className: 'dev.sluice.fixture.udf.WeightedAvg', artifact: 'dev.sluice.fixture:user-udf:0.1.0', args: [t.double(), t.bigint()], returns: t.double() });
const splitWords = udf.table('split_words', { className: 'dev.sluice.fixture.udf.SplitWords', jar: JAR, args: [t.string()], returns: { word: t.string(), length: t.int() } });

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('udf.scalar', () => {
  const banded = signal('banded')
    .from(from(trades).select((r) => ({ symbol: r.symbol, band: priceBand(r.price, 5) })))
    .to(kafka.sink('banded', { format: 'json' }));

  test('a call compiles to the quoted name with its arguments; the result has the declared type', () => {
    const script = compile([banded], { flinkVersion: '2.2', project: 'p' });
    expect(script.text).toContain('SELECT\n  `symbol`,\n  `price_band`(`price`, 5) AS `band`\nFROM `trades`');
    expect(script.outputs['banded']).toEqual({ symbol: { kind: 'STRING', nullable: false }, band: { kind: 'BIGINT', nullable: true } });
  });

  test('the INSERT carries the function to register (name, class, jar as declared); DDL does not; the script lists it once', () => {
    const script = compile([banded], { flinkVersion: '2.2', project: 'p' });
    const ref = { kind: 'scalar', name: 'price_band', className: 'dev.sluice.fixture.udf.PriceBand', jar: JAR };
    const insert = script.statements.find((st) => st.kind === 'insert');
    expect(insert?.functions).toEqual([ref]);
    expect(script.statements.filter((st) => st.kind === 'ddl').map((st) => st.functions)).toEqual([undefined, undefined]);
    expect(script.functions).toEqual([ref]);
    expect(script.udfs).toEqual([]);
    // registration is deploy's: the script's text has no CREATE FUNCTION (as for Sluice's own UDAFs)
    expect(script.text).not.toContain('CREATE TEMPORARY FUNCTION');
  });

  test('a signal that calls no user function carries none', () => {
    const plain = signal('plain').from(from(trades).select((r) => ({ symbol: r.symbol }))).to(kafka.sink('plain', { format: 'json' }));
    const script = compile([plain], { flinkVersion: '2.2' });
    expect(script.functions).toEqual([]);
    expect(script.statements.every((st) => st.functions === undefined)).toBe(true);
  });

  test('in a WHERE and nested in another expression too', () => {
    const q = from(trades)
      .where((r) => priceBand(r.price, 10).gt(100n))
      .select((r) => ({ symbol: r.symbol, twice: priceBand(r.price, 10).times(2) }));
    const script = compile([signal('nested').from(q).to(kafka.sink('nested', { format: 'json' }))], { flinkVersion: '2.2' });
    expect(script.text).toContain('`price_band`(`price`, 10) * 2 AS `twice`');
    expect(script.text).toContain('WHERE `price_band`(`price`, 10) > CAST(100 AS BIGINT)');
    expect(script.functions.map((f) => f.name)).toEqual(['price_band']);
  });
});

describe('udf.aggregate', () => {
  test('called in a grouped select like sum: exact SQL, type, and the reference with its Maven artifact', () => {
    const q = from(trades)
      .groupBy('symbol')
      .select((r) => ({ wavg: weightedAvg(r.price, r.qty), qty: sum(r.qty) }));
    expect(q.fields['wavg']).toEqual({ kind: 'DOUBLE', nullable: true });
    const script = compile([signal('wavg').from(q).to(upsertKafka.sink('wavg', { key: ['symbol'] }))], { flinkVersion: '2.2' });
    expect(script.text).toContain('SELECT\n  `symbol`,\n  `weighted_avg`(`price`, `qty`) AS `wavg`,\n  SUM(`qty`) AS `qty`\nFROM `trades`\nGROUP BY `symbol`');
    expect(script.functions).toEqual([{ kind: 'aggregate', name: 'weighted_avg', className: 'dev.sluice.fixture.udf.WeightedAvg', artifact: 'dev.sluice.fixture:user-udf:0.1.0' }]);
  });

  test('filter() applies to it as to a built-in aggregate', () => {
    const q = from(trades)
      .groupBy('symbol')
      .select((r) => ({ wavg: weightedAvg(r.price, r.qty).filter(r.qty.gt(10n)) }));
    const script = compile([signal('wavg_f').from(q).to(upsertKafka.sink('wavg_f', { key: ['symbol'] }))], { flinkVersion: '2.2' });
    expect(script.text).toContain('`weighted_avg`(`price`, `qty`) FILTER (WHERE `qty` > CAST(10 AS BIGINT)) AS `wavg`');
    expect(script.functions.map((f) => f.name)).toEqual(['weighted_avg']);
  });

  test('an aggregate as its argument is refused', () => {
    expect(code(() => from(trades).groupBy('symbol').select((r) => ({ w: weightedAvg(sum(r.price), r.qty) })))).toBe('DSL_NESTED_AGGREGATE');
  });
});

describe('udf.table with query.lateral', () => {
  const lines = kafka.source('lines', schema({ id: t.int().notNull(), line: t.string() }), { topic: 'text.lines' });
  const words = (q: Parameters<typeof signal>[0], query: Parameters<ReturnType<typeof signal>['from']>[0]) => compile([signal(q).from(query).to(kafka.sink(`${q}.out`, { format: 'json' }))], { flinkVersion: '2.2' });

  test('a call gives the SQL call and the declared columns of its rows', () => {
    const call = splitWords(from(trades).columns().symbol);
    expect(call.fields).toEqual({ word: { kind: 'STRING', nullable: true }, length: { kind: 'INT', nullable: true } });
    expect(call.node).toEqual({ kind: 'Call', name: 'split_words', args: [{ kind: 'Column', name: 'symbol' }], udf: splitWords.ref });
  });

  test('lateral: the input columns then the function columns, FROM input, LATERAL TABLE(...) AS alias(columns); append stays append', () => {
    const q = from(lines).lateral((r) => splitWords(r.line));
    expect(q.fields).toEqual({ id: { kind: 'INT', nullable: false }, line: { kind: 'STRING', nullable: true }, word: { kind: 'STRING', nullable: true }, length: { kind: 'INT', nullable: true } });
    expect(q.changelog).toBe('append');
    const script = words('words', q);
    expect(script.text).toContain('INSERT INTO `words_sink` (`id`, `line`, `word`, `length`)\nSELECT\n  `id`,\n  `line`,\n  `word`,\n  `length`\nFROM `lines`,\nLATERAL TABLE(`split_words`(`line`)) AS `split_words_rows`(`word`, `length`);');
    expect(script.functions).toEqual([{ kind: 'table', name: 'split_words', className: 'dev.sluice.fixture.udf.SplitWords', jar: JAR }]);
  });

  test("lateral { type: 'left' }: LEFT JOIN LATERAL TABLE(...) ON TRUE, the function's columns nullable; after a filter and before a select", () => {
    const q = from(lines)
      .where((r) => r.id.gt(0))
      .lateral((r) => splitWords(r.line), { type: 'left' })
      .select((r) => ({ id: r.id, word: r.word }));
    expect(q.fields).toEqual({ id: { kind: 'INT', nullable: false }, word: { kind: 'STRING', nullable: true } });
    const text = words('left_words', q).text;
    expect(text).toContain('FROM (\n  SELECT\n    `id`,\n    `line`,\n    `word`,\n    `length`\n  FROM (\n    SELECT\n      `id`,\n      `line`\n    FROM `lines`\n    WHERE `id` > 0\n  )\n  LEFT JOIN LATERAL TABLE(`split_words`(`line`)) AS `split_words_rows`(`word`, `length`) ON TRUE\n)');
  });

  test('typed: the function columns are known, others are not', () => {
    const q = from(lines).lateral((r) => splitWords(r.line));
    const ok = q.select((r) => ({ w: r.word, n: r.length.plus(1) }));
    expect(Object.keys(ok.fields)).toEqual(['w', 'n']);
    // @ts-expect-error no such column
    expect(() => q.select((r) => ({ x: r.nope }))).toThrow();
  });

  test('refused: a callback that returns no table function call; a column the input has too', () => {
    expect(code(() => from(lines).lateral((r) => r.line as never))).toBe('DSL_INVALID_EXPRESSION');
    expect(code(() => from(lines).lateral((r) => priceBand(r.id, 1) as never))).toBe('DSL_INVALID_EXPRESSION');
    const echo = udf.table('echo_line', { className: 'com.acme.Echo', jar: JAR, args: [t.string()], returns: { line: t.string() } });
    expect(code(() => from(lines).lateral((r) => echo(r.line)))).toBe('DSL_DUPLICATE_NAME');
  });
});

describe('declaration errors', () => {
  const ok = { className: 'com.acme.F', jar: 'f.jar', args: [t.double()], returns: t.double() };
  test.each([
    ['a Flink built-in (any case)', 'upper', 'DSL_FUNCTION_NAME_CLASH'],
    ['a Flink built-in regex function', 'REGEXP_EXTRACT', 'DSL_FUNCTION_NAME_CLASH'],
    ["a function of the catalogue (fn.*)", 'variance', 'DSL_FUNCTION_NAME_CLASH'],
    ['a window function', 'Tumble', 'DSL_FUNCTION_NAME_CLASH'],
    ["a Sluice UDF's name", 'sluice_ema', 'DSL_FUNCTION_NAME_CLASH'],
    ["Sluice's own prefix", 'SLUICE_MINE', 'DSL_FUNCTION_NAME_CLASH'],
    ['not an identifier', 'my-fn', 'DSL_INVALID_FUNCTION'],
  ])('the name: %s', (_what, name, expected) => {
    expect(code(() => udf.scalar(name, ok))).toBe(expected);
  });

  test.each([
    ['a class that is not a Java name', { ...ok, className: 'com.acme.' }],
    ['no jar and no artifact', { className: 'com.acme.F', args: [], returns: t.double() }],
    ['both jar and artifact', { ...ok, artifact: 'com.acme:f:1.0' }],
    ['an artifact that is neither a coordinate nor a URL', { className: 'com.acme.F', artifact: 'com.acme-f-1.0', args: [], returns: t.double() }],
    ['args that are not types', { ...ok, args: ['DOUBLE'] }],
    ['a return that is not a type', { ...ok, returns: 'DOUBLE' }],
  ])('%s', (_what, options) => {
    expect(code(() => udf.scalar('f', options as never))).toBe('DSL_INVALID_FUNCTION');
  });

  test('a table function returns columns, not a type', () => {
    expect(code(() => udf.table('t_fn', { ...ok, returns: t.string() } as never))).toBe('DSL_INVALID_FUNCTION');
    expect(code(() => udf.table('t_fn', { ...ok, returns: {} }))).toBe('DSL_INVALID_FUNCTION');
  });

  test('a URL artifact is accepted, and its message names the function', () => {
    expect(udf.scalar('by_url', { ...ok, jar: undefined, artifact: 'https://repo.example.com/f-1.0.jar' }).ref.artifact).toBe('https://repo.example.com/f-1.0.jar');
    expect(() => udf.scalar('upper', ok)).toThrow("field 'upper': 'upper' is a Flink built-in function");
  });
});

describe('call errors', () => {
  const r = from(trades).columns();
  test('a wrong number of arguments', () => {
    expect(code(() => (priceBand as unknown as (...a: unknown[]) => unknown)(r.price))).toBe('DSL_FUNCTION_ARGUMENT_COUNT');
    expect(() => (priceBand as unknown as (...a: unknown[]) => unknown)(r.price, 1, 2)).toThrow('price_band takes 2 arguments (DOUBLE, INT), got 3');
  });
  test('an argument of another type family, or a narrowing numeric one (Flink casts UDF arguments only to wider types)', () => {
    expect(code(() => priceBand(r.symbol as never, 5))).toBe('DSL_TYPE_MISMATCH');
    expect(() => priceBand(r.price, r.qty as never)).toThrow('argument 2 of price_band is declared INT, got BIGINT');
    // widening is fine: an INT literal where DOUBLE is declared
    expect(priceBand(3, 5).type).toEqual({ kind: 'BIGINT', nullable: true });
  });
  test('two different functions of one name in one signal are refused at compile', () => {
    const other = udf.scalar('price_band', { className: 'com.acme.OtherBand', jar: JAR, args: [t.double(), t.int()], returns: t.bigint() });
    const q = from(trades).select((x) => ({ a: priceBand(x.price, 1), b: other(x.price, 1) }));
    expect(code(() => compile([signal('clash').from(q).to(kafka.sink('clash', { format: 'json' }))], { flinkVersion: '2.2' }))).toBe('DSL_FUNCTION_NAME_CLASH');
    // the same declaration used twice is one function
    const same = from(trades).select((x) => ({ a: priceBand(x.price, 1), b: priceBand(x.price, 2) }));
    expect(compile([signal('same').from(same).to(kafka.sink('same', { format: 'json' }))], { flinkVersion: '2.2' }).functions).toHaveLength(1);
  });
});
