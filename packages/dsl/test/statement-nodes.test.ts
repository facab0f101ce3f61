import type { CreateTableNode, InsertNode, StatementNode } from '../src/ast/statement-node';
import { compileStatement, statementKindOf } from '../src/compiler/compile-statement';
import { queryWithViews } from '../src/compiler/query-views';
import { compile, count, kafka, prev, signal, STATEMENT_KINDS, toTimestampLtz, tumble, type StatementKind } from '../src/index';
import { ALL_SIGNALS, bruteForce, hopVolume, vwap1m } from './fixtures/signals';
import { Trade, trades } from './fixtures/sources';

// DDL, SET, RESET and INSERT are AST nodes: the compiler builds them as structure, then one exhaustive
// compileStatement renders each.

const table: CreateTableNode = {
  kind: 'CreateTable',
  name: 'ticks',
  columns: [
    { kind: 'PhysicalColumn', name: 'symbol', type: { kind: 'STRING', nullable: false } },
    { kind: 'PhysicalColumn', name: 'price', type: { kind: 'DECIMAL', precision: 10, scale: 2, nullable: true } },
    { kind: 'PhysicalColumn', name: 'ts_ms', type: { kind: 'BIGINT', nullable: true } },
    { kind: 'MetadataColumn', name: 'part', type: { kind: 'INT', nullable: true }, key: 'partition' },
    { kind: 'ComputedColumn', name: 'ts', expr: { kind: 'Call', name: 'TO_TIMESTAMP_LTZ', args: [{ kind: 'Column', name: 'ts_ms' }, { kind: 'Literal', value: 3, type: { kind: 'INT', nullable: false } }] } },
  ],
  watermark: { column: 'ts', delay: { amount: 2, unit: 'SECOND' } },
  primaryKey: ['symbol'],
  options: [
    { key: 'connector', value: 'upsert-kafka' },
    { key: 'topic', value: "it's.ticks" },
  ],
};

const deadLettered = signal('dead_lettered')
  .from(kafka.source('checked', Trade, { topic: 'market.checked', onParseError: { deadLetter: 'market.checked.dlq' }, computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '5 s' } }))
  .select((r) => ({ symbol: r.symbol, ts: r.ts }))
  .to(kafka.sink('checked.out'));

const insert: InsertNode = {
  kind: 'Insert',
  table: 'ticks_out',
  columns: ['symbol', 'price'],
  query: { rel: { kind: 'Scan', source: trades }, views: [] },
};

// One node of each kind: the Record's type makes a new kind without an example fail to type-check here,
// as compileStatement's `never` case makes one without SQL fail in the source.
const ONE_OF_EACH: { readonly [K in StatementNode['kind']]: Extract<StatementNode, { kind: K }> } = {
  CreateTable: table,
  CreateView: { kind: 'CreateView', name: 'v', temporary: true, query: { rel: { kind: 'RawQuery', sql: 'SELECT 1 AS `one`', fields: {}, sources: [] }, views: [] } },
  CreateFunction: { kind: 'CreateFunction', name: 'SLUICE_EMA', className: 'dev.sluice.udf.Ema', jar: '/jars/sluice-udfs.jar' },
  Set: { kind: 'Set', key: 'pipeline.name', value: 'sluice.demo.ticks' },
  Reset: { kind: 'Reset', key: 'parallelism.default' },
  Insert: insert,
  StatementSet: { kind: 'StatementSet', inserts: [insert, { ...insert, table: 'ticks_copy' }] },
};

// What a statement node holds of the builders' AST (types, expressions, durations, query trees) is theirs.
const BUILDERS_DATA = new Set(['type', 'expr', 'delay', 'rel', 'at']);

/** Paths of the statement's own objects and arrays that are not frozen. */
function unfrozen(value: unknown, path = 'node'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const own = Object.isFrozen(value) ? [] : [path];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => (BUILDERS_DATA.has(k) ? [] : unfrozen(v, `${path}.${k}`)))];
}

describe('statement nodes', () => {
  test('a CREATE TABLE built by hand: columns, metadata, computed column, watermark, key, options', () => {
    expect(compileStatement(table)).toBe(
      [
        'CREATE TABLE `ticks` (',
        '  `symbol` STRING NOT NULL,',
        '  `price` DECIMAL(10, 2),',
        '  `ts_ms` BIGINT,',
        "  `part` INT METADATA FROM 'partition' VIRTUAL,",
        '  `ts` AS TO_TIMESTAMP_LTZ(`ts_ms`, 3),',
        "  WATERMARK FOR `ts` AS `ts` - INTERVAL '2' SECOND,",
        '  PRIMARY KEY (`symbol`) NOT ENFORCED',
        ') WITH (',
        "  'connector' = 'upsert-kafka',",
        "  'topic' = 'it''s.ticks'",
        ')',
      ].join('\n'),
    );
  });

  test('every kind renders to its exact SQL and has its runner kind', () => {
    const rendered = Object.values(ONE_OF_EACH).map((node) => [node.kind, statementKindOf(node), compileStatement(node)]);
    const select = 'SELECT\n  `symbol`,\n  `price`,\n  `qty`,\n  `ts_ms`,\n  `ingested_at`,\n  `part`,\n  `off`,\n  `ts`\nFROM `trades`';
    expect(rendered.slice(1)).toEqual([
      ['CreateView', 'ddl', 'CREATE TEMPORARY VIEW `v` AS\nSELECT 1 AS `one`'],
      ['CreateFunction', 'ddl', "CREATE TEMPORARY FUNCTION IF NOT EXISTS `SLUICE_EMA` AS 'dev.sluice.udf.Ema' USING JAR '/jars/sluice-udfs.jar'"],
      ['Set', 'set', "SET 'pipeline.name' = 'sluice.demo.ticks'"],
      ['Reset', 'reset', "RESET 'parallelism.default'"],
      ['Insert', 'insert', `INSERT INTO \`ticks_out\` (\`symbol\`, \`price\`)\n${select}`],
      ['StatementSet', 'statement-set', `EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO \`ticks_out\` (\`symbol\`, \`price\`)\n${select};\nINSERT INTO \`ticks_copy\` (\`symbol\`, \`price\`)\n${select};\nEND`],
    ]);
    expect(rendered[0]?.[1]).toBe('ddl');
    // every runner kind the compiler emits is of the one vocabulary
    expect(rendered.every(([, kind]) => STATEMENT_KINDS.includes(kind as StatementKind))).toBe(true);
  });

  test('the dispatch is exhaustive: a node of no known kind is refused by the type checker, and at run time', () => {
    // @ts-expect-error 'Drop' is not a StatementNode kind
    const drop: StatementNode = { kind: 'Drop', name: 'ticks' };
    expect(() => compileStatement(drop)).toThrow(expect.objectContaining({ code: 'DSL_INTERNAL' }));
  });

  test("every compiled statement is its node rendered, its kind is its node's, and its node is frozen", () => {
    const scripts = [
      ...Object.values(ALL_SIGNALS).map((s) => compile([s], { flinkVersion: '2.2', project: 'nodes' })),
      compile([vwap1m, hopVolume, bruteForce], { flinkVersion: '2.2', project: 'nodes', jobs: 'statement-set' }),
      // a dead-letter route: raw table with the computed column over parsed values, parsing view, statement set
      ...(['per-signal', 'statement-set'] as const).map((jobs) => compile([deadLettered, vwap1m], { flinkVersion: '2.2', project: 'nodes', jobs })),
    ];
    for (const script of scripts) {
      for (const st of script.statements) {
        expect(compileStatement(st.node)).toBe(st.sql);
        expect(statementKindOf(st.node)).toBe(st.kind);
        expect(unfrozen(st.node)).toEqual([]);
      }
    }
  });

  test("a query's views are CreateView nodes of its subtrees, created before the statement that reads them", () => {
    const s = signal('win_over_select')
      .from(trades)
      .select((r) => ({ symbol: r.symbol, qty: r.qty, ts: r.ts }))
      .window(tumble('ts', '1 min'))
      .groupBy('symbol')
      .select(() => ({ n: count() }))
      .to(kafka.sink('o1'));
    const rel = s.query.materialize();
    const { query, views } = queryWithViews(rel, s.name);
    expect(views.map((v) => [v.kind, v.name, v.temporary])).toEqual([['CreateView', 'win_over_select_step1', true]]);
    expect(query.views).toEqual([{ at: rel, name: 'win_over_select_step1' }]);
    const script = compile([s], { flinkVersion: '2.2', project: 'nodes' });
    // SETs: pipeline.name and pipeline.object-reuse (issue 17)
    expect(script.statements.map((st) => st.node.kind)).toEqual(['CreateTable', 'CreateView', 'CreateTable', 'Set', 'Set', 'Insert']);
    expect(script.statements[1]?.sql).toBe('CREATE TEMPORARY VIEW `win_over_select_step1` AS\nSELECT\n  `symbol`,\n  `qty`,\n  `ts`\nFROM `trades`');
    expect(script.statements[5]?.sql).toBe(
      'INSERT INTO `win_over_select_sink` (`window_start`, `window_end`, `symbol`, `n`)\nSELECT\n  `window_start`,\n  `window_end`,\n  `symbol`,\n  COUNT(*) AS `n`\n' +
        "FROM TABLE(TUMBLE(TABLE `win_over_select_step1`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE))\nGROUP BY `window_start`, `window_end`, `symbol`",
    );
  });

  test('MATCH_RECOGNIZE over filtered rows reads a view of them; a query whose views do not match its tree is refused', () => {
    const s = signal('rising')
      .from(trades)
      .where((r) => r.qty.gt(0))
      .match({
        partitionBy: ['symbol'],
        orderBy: 'ts',
        define: { UP: (e) => e.price.gt(prev(e.price)) },
        pattern: (p) => [p.UP.timesOrMore(2)],
        within: '10 min',
        afterMatch: 'skip-to-next-row',
        measures: (m) => ({ top: m.UP.last('price') }),
      })
      .to(kafka.sink('o2'));
    const { query, views } = queryWithViews(s.query.materialize(), s.name);
    expect(views.map(compileStatement)).toEqual([
      'CREATE TEMPORARY VIEW `rising_step1` AS\nSELECT\n  `symbol`,\n  `price`,\n  `qty`,\n  `ts_ms`,\n  `ingested_at`,\n  `part`,\n  `off`,\n  `ts`\nFROM `trades`\nWHERE `qty` > 0',
    ]);
    expect(compileStatement({ ...insert, query })).toContain('FROM `rising_step1`\nMATCH_RECOGNIZE (');
    expect(() => compileStatement({ ...insert, query: { rel: query.rel, views: [] } })).toThrow(expect.objectContaining({ code: 'DSL_INTERNAL' }));
  });
});
