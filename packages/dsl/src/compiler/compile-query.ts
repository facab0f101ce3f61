import type { ExprNode } from '../ast/expr-node';
import type { LateralTableNode, RelNode, SelectItem, WindowTvfNode } from '../ast/rel-node';
import type { QueryNode } from '../ast/statement-node';
import { quoteIdentifier, renderInterval, unreachable } from '../dialect';
import { dslCodeError } from '../error-codes';
import { patternSql } from './compile-pattern';
import { compileExpr } from './compile-expr';
import { noteRawSql } from './udf-use';

/** The views of the query being rendered, taken in order as the renderer meets the places that need a name. */
interface ViewCursor {
  readonly views: QueryNode['views'];
  next: number;
}

const INDENT = '  ';

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.length === 0 ? line : INDENT + line))
    .join('\n');
}

/**
 * The SELECT text of a query; the views it names (see {@link QueryNode}) are created by earlier statements.
 *
 * @example
 * ```ts
 * compileQuery({ rel: { kind: 'Scan', source: trades }, views: [] }) // 'SELECT\n  `symbol`,\n  `price`\nFROM `trades`'
 * ```
 */
export function compileQuery(query: QueryNode): string {
  const cursor: ViewCursor = { views: query.views, next: 0 };
  const sql = relText(query.rel, cursor);
  if (cursor.next !== query.views.length) throw viewMismatch(query.views[cursor.next]?.name ?? '');
  return sql;
}

/** The SELECT text of a relational node. One case per kind: a new kind without SQL fails to compile. */
function relText(rel: RelNode, cursor: ViewCursor): string {
  switch (rel.kind) {
    case 'Scan':
      return selectText(
        Object.keys(rel.source.fields).map((name) => ({ name, expr: { kind: 'Column', name } })),
        quoteIdentifier(rel.source.name),
        [],
      );
    case 'Select': {
      const from = rel.window === undefined ? fromItem(rel.input, cursor) : `TABLE(${windowCall(rel.window, namedRelation(rel, cursor))})`;
      return selectText(rel.items, rel.lateral === undefined ? from : lateralFrom(from, rel.lateral), rel.where, rel.groupBy, rel.having);
    }
    case 'Match': {
      const from = namedRelation(rel, cursor);
      const items: SelectItem[] = [...rel.partitionBy.map((name) => ({ name, expr: { kind: 'Column', name } as ExprNode })), ...rel.measures.map((m) => ({ name: m.name, expr: { kind: 'Column', name: m.name } as ExprNode }))];
      const lines = [
        ...(rel.partitionBy.length === 0 ? [] : [`PARTITION BY ${rel.partitionBy.map(quoteIdentifier).join(', ')}`]),
        `ORDER BY ${quoteIdentifier(rel.orderBy)}`,
        'MEASURES',
        indent(rel.measures.map((m) => `${compileExpr(m.expr)} AS ${quoteIdentifier(m.name)}`).join(',\n')),
        'ONE ROW PER MATCH',
        `AFTER MATCH ${rel.afterMatch}`,
        `PATTERN (${patternSql(rel.pattern)})${rel.within === undefined ? '' : ` WITHIN ${renderInterval(rel.within)}`}`,
        'DEFINE',
        indent(rel.define.map((d) => `${d.name} AS ${compileExpr(d.expr)}`).join(',\n')),
      ];
      return `${selectList(items)}\nFROM ${from}\nMATCH_RECOGNIZE (\n${indent(lines.join('\n'))}\n)`;
    }
    case 'Join': {
      const left = `${fromItem(rel.left, cursor)} AS ${quoteIdentifier(rel.leftAlias)}`;
      const right =
        rel.asOf === undefined
          ? `${fromItem(rel.right, cursor)} AS ${quoteIdentifier(rel.rightAlias)}`
          : `${namedRelation(rel, cursor)} FOR SYSTEM_TIME AS OF ${compileExpr(rel.asOf)} AS ${quoteIdentifier(rel.rightAlias)}`;
      const from = `${left}\n${rel.type === 'INNER' ? 'JOIN' : `${rel.type} JOIN`} ${right}\n${INDENT}ON ${compileExpr(rel.on)}`;
      return selectText(rel.items, from, rel.where);
    }
    case 'Rank': {
      const columns = rel.columns.map((name) => ({ name, expr: { kind: 'Column', name } as ExprNode }));
      const partition = rel.partitionBy.length === 0 ? '' : `PARTITION BY ${rel.partitionBy.map(quoteIdentifier).join(', ')} `;
      const order = rel.orderBy.map((o) => `${quoteIdentifier(o.column)} ${o.desc ? 'DESC' : 'ASC'}`).join(', ');
      const rownumName = rel.rowNumber ?? ROWNUM;
      const rownum: SelectItem = { name: rownumName, expr: { kind: 'Raw', sql: `ROW_NUMBER() OVER (${partition}ORDER BY ${order})` } };
      const inner = selectText([...columns, rownum], fromItem(rel.input, cursor), rel.where);
      const cond = rel.limit === 1 ? `${quoteIdentifier(rownumName)} = 1` : `${quoteIdentifier(rownumName)} <= ${rel.limit}`;
      // a selected row number is Flink's Top-N with the rank column output (upsert key: partition + rank)
      const outer = rel.rowNumber === undefined ? columns : [...columns, { name: rel.rowNumber, expr: { kind: 'Column', name: rel.rowNumber } as ExprNode }];
      return `${selectList(outer)}\nFROM (\n${indent(inner)}\n)\nWHERE ${cond}`;
    }
    case 'Union':
      return rel.inputs.map((i) => relText(i, cursor)).join('\nUNION ALL\n');
    case 'RawQuery':
      noteRawSql(rel.sql);
      return rel.sql;
    default:
      return unreachable(rel);
  }
}

/** Name of the row-number column of deduplication and top-N (not part of the output). */
export const ROWNUM = 'sluice_rownum';

function selectList(items: readonly SelectItem[]): string {
  const parts = items.map((i) => {
    const text = compileExpr(i.expr);
    return i.expr.kind === 'Column' && i.expr.qualifier === undefined && i.expr.name === i.name ? text : `${text} AS ${quoteIdentifier(i.name)}`;
  });
  return `SELECT\n${indent(parts.join(',\n'))}`;
}

function selectText(items: readonly SelectItem[], from: string, where: readonly ExprNode[], groupBy?: readonly ExprNode[], having?: ExprNode): string {
  const lines = [selectList(items), `FROM ${from}`];
  if (where.length > 0) lines.push(`WHERE ${where.map((w) => (where.length > 1 ? `(${compileExpr(w)})` : compileExpr(w))).join(' AND ')}`);
  if (groupBy !== undefined && groupBy.length > 0) lines.push(`GROUP BY ${groupBy.map(compileExpr).join(', ')}`);
  if (having !== undefined) lines.push(`HAVING ${compileExpr(having)}`);
  return lines.join('\n');
}

/** The FROM of a Select joined to a table function's rows (LATERAL TABLE). */
function lateralFrom(from: string, l: LateralTableNode): string {
  const table = `LATERAL TABLE(${compileExpr(l.call)}) AS ${quoteIdentifier(l.alias)}(${l.columns.map(quoteIdentifier).join(', ')})`;
  return l.left ? `${from}\nLEFT JOIN ${table} ON TRUE` : `${from},\n${table}`;
}

/** A FROM item: a table name, or a parenthesized subquery. */
function fromItem(rel: RelNode, cursor: ViewCursor): string {
  if (rel.kind === 'Scan') return quoteIdentifier(rel.source.name);
  return `(\n${indent(relText(rel, cursor))}\n)`;
}

/** The named relation `at` reads: its input table itself, or the next view of the query (which must stand for `at`). */
function namedRelation(at: RelNode, cursor: ViewCursor): string {
  const input = namedInputOf(at);
  if (input === undefined) throw viewMismatch('');
  if (input.rel.kind === 'Scan' && input.where.length === 0) return quoteIdentifier(input.rel.source.name);
  const view = cursor.views[cursor.next];
  if (view === undefined || view.at !== at) throw viewMismatch(view?.name ?? '');
  cursor.next += 1;
  return quoteIdentifier(view.name);
}

function viewMismatch(view: string): Error {
  return dslCodeError('DSL_INTERNAL', `the query's views do not match its tree${view === '' ? '' : ` (at view '${view}')`}`, {
    details: { view },
    suggestion: 'build QueryNode.views with queryWithViews(), which names them in the order the renderer meets them',
  });
}

/**
 * The input of `rel` that Flink SQL needs as a named relation, with the filter a view of it applies:
 * a window TVF's table, MATCH_RECOGNIZE's input (with the Match's WHERE), a temporal join's versioned side.
 */
export function namedInputOf(rel: RelNode): { readonly rel: RelNode; readonly where: readonly ExprNode[] } | undefined {
  if (rel.kind === 'Select' && rel.window !== undefined) return { rel: rel.input, where: [] };
  if (rel.kind === 'Match') return { rel: rel.input, where: rel.where };
  if (rel.kind === 'Join' && rel.asOf !== undefined) return { rel: rel.right, where: [] };
  return undefined;
}

/** The query a view of `input` holds: the input itself, or a SELECT of its columns WHERE the filter holds. */
export function viewQueryOf(input: { readonly rel: RelNode; readonly where: readonly ExprNode[] }): RelNode {
  return input.where.length === 0 ? input.rel : { kind: 'Select', input: input.rel, items: fieldsItems(input.rel), where: input.where };
}

function fieldsItems(rel: RelNode): SelectItem[] {
  const names = outputNames(rel);
  return names.map((name) => ({ name, expr: { kind: 'Column', name } }));
}

function outputNames(rel: RelNode): string[] {
  switch (rel.kind) {
    case 'Scan':
      return Object.keys(rel.source.fields);
    case 'Select':
    case 'Join':
      return rel.items.map((i) => i.name);
    case 'Match':
      return [...rel.partitionBy, ...rel.measures.map((m) => m.name)];
    case 'Rank':
      return rel.rowNumber === undefined ? [...rel.columns] : [...rel.columns, rel.rowNumber];
    case 'Union':
      return rel.inputs[0] === undefined ? [] : outputNames(rel.inputs[0]);
    case 'RawQuery':
      return Object.keys(rel.fields);
    default:
      return unreachable(rel);
  }
}

function windowCall(w: WindowTvfNode, table: string): string {
  const descriptor = `DESCRIPTOR(${quoteIdentifier(w.timeColumn)})`;
  switch (w.kind) {
    case 'Tumble':
      return `TUMBLE(TABLE ${table}, ${descriptor}, ${renderInterval(w.size)})`;
    case 'Hop':
    case 'Cumulate':
      return `${w.kind.toUpperCase()}(TABLE ${table}, ${descriptor}, ${renderInterval(w.step ?? w.size)}, ${renderInterval(w.size)})`;
    case 'Session': {
      const partition = w.partitionBy !== undefined && w.partitionBy.length > 0 ? ` PARTITION BY ${w.partitionBy.map(quoteIdentifier).join(', ')}` : '';
      return `SESSION(TABLE ${table}${partition}, ${descriptor}, ${renderInterval(w.size)})`;
    }
    default:
      return unreachable(w.kind);
  }
}
