import { randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { FUNCTION_CATALOGUE } from '@sluice/dsl';
import type { DataType, OfferedFunction } from '@sluice/dsl';
import { GatewayStatementSession, sqlGatewayClientOf } from '@sluice/deploy';
import { Expr } from '../../src/expr/expr';
import { node } from '../../src/ast/expr-node';
import { compileExpr } from '../../src/compiler/compile-expr';
import { callWith, exampleArgs, exampleCall } from '../../src/functions/example-args';

// Issue 20 item 1 on the real stack: every function the catalogue offers plans on Flink 2.2 and returns,
// for its example input, the value the catalogue gives (Flink's documented value where the docs have
// one); Flink's TYPEOF of the call has the DSL's type family and nullability. A few statements only:
// all scalar calls in one SELECT, the aggregates in one SELECT per example column.

const SFX = randomBytes(4).toString('hex');
const offered = FUNCTION_CATALOGUE.filter((e): e is OfferedFunction => e.status === 'offered');

/** A Flink TYPEOF text as (family, nullable): CHAR(n), VARCHAR(n) and STRING are one family. */
function flinkType(text: string): { family: string; nullable: boolean } {
  const base = text.replace(/ NOT NULL$/, '');
  const family = /^(CHAR|VARCHAR)\(|^STRING$/.test(base) ? 'STRING' : /^(BINARY|VARBINARY)\(|^BYTES$/.test(base) ? 'BYTES' : (/^[A-Z_]+/.exec(base)?.[0] ?? base);
  return { family, nullable: !text.endsWith(' NOT NULL') };
}
function dslFamily(type: DataType): string {
  return type.kind === 'VARCHAR' || type.kind === 'CHAR' ? 'STRING' : type.kind;
}

interface Checked {
  readonly entry: OfferedFunction;
  readonly sql: string;
  readonly type: DataType;
}

function mismatches(checked: readonly Checked[], row: readonly unknown[]): string[] {
  const out: string[] = [];
  checked.forEach(({ entry, sql, type }, i) => {
    const value = row[2 * i] ?? null;
    const typeText = String(row[2 * i + 1]);
    const want = entry.example.expect;
    const valueOk = want === null || typeof want === 'string' ? value === want : typeof value === 'string' && new RegExp(want.pattern).test(value);
    if (!valueOk) out.push(`${entry.flink}: ${sql} returned ${JSON.stringify(value)}, the catalogue says ${JSON.stringify(want)}`);
    const flink = flinkType(typeText);
    if (flink.family !== dslFamily(type)) out.push(`${entry.flink}: Flink types ${sql} as ${typeText}, the DSL as ${type.kind}`);
    // an existing hand-written function keeps its type; its row records Flink's rule (flinkNulls)
    const wantNullable = entry.flinkNulls === 'always' ? true : type.nullable;
    if (flink.nullable !== wantNullable) out.push(`${entry.flink}: Flink types ${sql} as ${typeText}, the DSL says ${type.nullable ? 'nullable' : 'NOT NULL'}`);
  });
  return out;
}

describe('the function catalogue on the real stack', () => {
  const { sqlGatewayUrl } = testStackEndpoints();
  let session: GatewayStatementSession;

  beforeAll(async () => {
    session = await GatewayStatementSession.open(sqlGatewayClientOf({ sqlGatewayUrl }, { timeoutMs: 120_000 }), `fn-catalogue-${SFX}`, {
      'execution.runtime-mode': 'batch',
      // FROM_UNIXTIME and CONVERT_TZ read the session time zone; the documented values are UTC's
      'table.local-time-zone': 'UTC',
    });
  });
  afterAll(async () => {
    await session.close();
  });

  const build = (entries: readonly OfferedFunction[]): Checked[] =>
    entries.map((entry) => {
      const e = exampleCall(entry);
      return { entry, sql: compileExpr(e.node), type: e.type };
    });
  const selectList = (checked: readonly Checked[]): string => checked.map(({ sql }, i) => `CAST(${sql} AS STRING) AS v${i}, TYPEOF(${sql}) AS t${i}`).join(',\n  ');

  test('offered N of M documented: the counts by area', () => {
    const areas = [...new Set(FUNCTION_CATALOGUE.map((e) => e.area))];
    const lines = areas.map((a) => {
      const all = FUNCTION_CATALOGUE.filter((e) => e.area === a);
      return `  ${a.padEnd(12)} ${String(all.filter((e) => e.status === 'offered').length).padStart(3)} of ${all.length}`;
    });
    console.log(`offered ${offered.length} of ${FUNCTION_CATALOGUE.length} documented Flink 2.2 built-in functions\n${lines.join('\n')}`);
    expect(offered.length).toBeGreaterThan(150);
  });

  test('every scalar function: its compiled call plans, returns the example value, and is typed as Flink types it', async () => {
    const checked = build(offered.filter((e) => e.kind === 'scalar'));
    const result = await session.execute(`SELECT\n  ${selectList(checked)}`, { timeoutMs: 180_000 });
    const row = result.rows[0] ?? [];
    expect(row.length).toBe(2 * checked.length);
    expect(mismatches(checked, row)).toEqual([]);
  });

  test('every scalar function on columns (no constant folding): Flink types it as the DSL does', async () => {
    // the example's inputs as the columns of a VALUES row, so the planner cannot fold the call into a literal
    const values: string[] = [];
    const checked = offered
      .filter((e) => e.kind === 'scalar')
      .map((entry): Checked => {
        const args = exampleArgs(entry).map((a) => {
          if (!(a instanceof Expr)) return a;
          values.push(compileExpr(a.node));
          return new Expr(node({ kind: 'Column', name: `c${values.length - 1}` }), a.type);
        });
        const e = callWith(entry, args);
        return { entry, sql: compileExpr(e.node), type: e.type };
      });
    const columns = values.map((_, i) => `c${i}`).join(', ');
    const result = await session.execute(`SELECT\n  ${selectList(checked)}\nFROM (VALUES (${values.join(', ')})) AS v(${columns})`, { timeoutMs: 180_000 });
    expect(mismatches(checked, result.rows[0] ?? [])).toEqual([]);
  });

  test('every aggregate function: over its example column, the example value and Flink\'s type', async () => {
    const aggregates = offered.filter((e) => e.kind === 'aggregate');
    const byRows = new Map<string, OfferedFunction[]>();
    for (const e of aggregates) byRows.set(JSON.stringify(e.example.rows ?? []), [...(byRows.get(JSON.stringify(e.example.rows ?? [])) ?? []), e]);
    const problems: string[] = [];
    for (const [rowsJson, entries] of byRows) {
      const rows = JSON.parse(rowsJson) as (number | string)[];
      const values = rows.map((v) => (typeof v === 'number' ? `(${v})` : `('${v.replace(/'/g, "''")}')`)).join(', ');
      const checked = build(entries);
      const result = await session.execute(`SELECT\n  ${selectList(checked)}\nFROM (VALUES ${values}) AS v(x)`, { timeoutMs: 180_000 });
      problems.push(...mismatches(checked, result.rows[0] ?? []));
    }
    expect(byRows.size).toBe(2);
    expect(problems).toEqual([]);
  });

  test("the hand-written functions whose type is kept although Flink's differs are exactly the recorded ones", () => {
    expect(offered.filter((e) => e.flinkNulls !== undefined).map((e) => `${e.dsl}: Flink ${String(e.flinkNulls)}, DSL ${e.nulls}`)).toEqual([
      'substring: Flink always, DSL args',
      'dateFormat: Flink always, DSL args',
      'toTimestampLtz: Flink always, DSL args',
    ]);
  });
});
