import type { ExprNode, LiteralNode, OverWindowNode } from '../ast/expr-node';
import { quoteIdentifier, quoteString, renderInterval, renderType, unreachable } from '../dialect';
import { calleeName, noteRawSql } from './udf-use';

/** Flink SQL text of an expression. One case per node kind: a new kind without SQL fails to compile. */
export function compileExpr(n: ExprNode): string {
  switch (n.kind) {
    case 'Column':
      return n.qualifier === undefined ? quoteIdentifier(n.name) : `${quoteIdentifier(n.qualifier)}.${quoteIdentifier(n.name)}`;
    case 'Literal':
      return compileLiteral(n);
    case 'Interval':
      return (n.negative ? '-' : '') + renderInterval(n.duration);
    case 'Binary':
      return `${wrap(n.left)} ${n.op} ${wrap(n.right)}`;
    case 'Unary':
      if (n.op === 'NOT') return `NOT ${wrap(n.operand)}`;
      if (n.op === '-') return `-${wrap(n.operand)}`;
      return `${wrap(n.operand)} ${n.op}`;
    case 'Between':
      return `${wrap(n.operand)} BETWEEN ${wrap(n.low)} AND ${wrap(n.high)}`;
    case 'In':
      return `${wrap(n.operand)} IN (${n.values.map(compileExpr).join(', ')})`;
    case 'Call':
      return `${calleeName(n)}(${n.args.map(compileExpr).join(', ')})`;
    case 'Keyword':
      return n.word;
    case 'Extract':
      return `EXTRACT(${n.unit} FROM ${compileExpr(n.operand)})`;
    case 'Cast':
      return `${n.safe ? 'TRY_CAST' : 'CAST'}(${compileExpr(n.operand)} AS ${renderType(n.type)})`;
    case 'Case': {
      const whens = n.whens.map((w) => `WHEN ${compileExpr(w.when)} THEN ${compileExpr(w.then)}`).join(' ');
      const otherwise = n.otherwise === undefined ? '' : ` ELSE ${compileExpr(n.otherwise)}`;
      return `CASE ${whens}${otherwise} END`;
    }
    case 'Aggregate': {
      const name = calleeName(n);
      const filter = n.filter === undefined ? '' : ` FILTER (WHERE ${compileExpr(n.filter)})`;
      if (n.args.length === 0) return `${name}(*)${filter}`;
      return `${name}(${n.distinct ? 'DISTINCT ' : ''}${n.args.map(compileExpr).join(', ')})${filter}`;
    }
    case 'Over':
      // LAG/LEAD take no frame in Flink (ROWS/RANGE is rejected for them)
      if (n.call.kind === 'Aggregate' && (n.call.name === 'LAG' || n.call.name === 'LEAD')) {
        return `${compileExpr(n.call)} OVER (${compileOverWindow(n.window, false)})`;
      }
      return `${compileExpr(n.call)} OVER (${compileOverWindow(n.window)})`;
    case 'OverWindow':
      return compileOverWindow(n);
    case 'Raw':
      noteRawSql(n.sql);
      return n.sql;
    default:
      return unreachable(n);
  }
}

/** The text inside `OVER (...)`; equal text means the same window. */
export function compileOverWindow(w: OverWindowNode, withFrame = true): string {
  const partition = w.partitionBy.length === 0 ? '' : `PARTITION BY ${w.partitionBy.map(compileExpr).join(', ')} `;
  let frame: string;
  if (w.frame.unit === 'ROWS') {
    frame = `ROWS BETWEEN ${w.frame.preceding === 'UNBOUNDED' ? 'UNBOUNDED' : String(w.frame.preceding)} PRECEDING AND CURRENT ROW`;
  } else {
    frame = `RANGE BETWEEN ${w.frame.preceding === 'UNBOUNDED' ? 'UNBOUNDED' : renderInterval(w.frame.preceding)} PRECEDING AND CURRENT ROW`;
  }
  return withFrame ? `${partition}ORDER BY ${compileExpr(w.orderBy)} ${frame}` : `${partition}ORDER BY ${compileExpr(w.orderBy)}`;
}

function wrap(n: ExprNode): string {
  const text = compileExpr(n);
  return n.kind === 'Binary' || n.kind === 'Between' || n.kind === 'In' || (n.kind === 'Unary' && n.op !== '-') ? `(${text})` : text;
}

function compileLiteral(n: LiteralNode): string {
  const v = n.value;
  if (v === null) return `CAST(NULL AS ${renderType(n.type)})`;
  switch (typeof v) {
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    case 'bigint':
      return `CAST(${v.toString()} AS BIGINT)`;
    case 'number':
      if (n.type.kind === 'DOUBLE') return doubleLiteral(v);
      return String(v);
    case 'string':
      // lit.decimal: a bare literal's type follows its digits (`1.5` is DECIMAL(2, 1)); the cast gives the declared type
      if (n.type.kind === 'DECIMAL') return `CAST(${v} AS DECIMAL(${n.type.precision}, ${n.type.scale}))`;
      return quoteString(v);
    default:
      return `TIMESTAMP ${quoteString(v.toISOString().replace('T', ' ').replace('Z', ''))}`;
  }
}

// `1.5E0` is an approximate-numeric (DOUBLE) literal in Flink; a bare `1.5` would be DECIMAL.
function doubleLiteral(v: number): string {
  const text = v.toExponential();
  const [mantissa, exponent] = text.split('e');
  return `${mantissa ?? text}E${(exponent ?? '0').replace('+', '')}`;
}
