import type { ColumnDefNode, CreateTableNode, InsertNode, OptionNode, StatementNode } from '../ast/statement-node';
import { option, quoteIdentifier, quoteString, renderInterval, renderType, unreachable } from '../dialect';
import { compileExpr } from './compile-expr';
import { compileQuery } from './compile-query';
import type { StatementKind } from './statement-kind';

/**
 * Flink SQL text of a statement (without the closing `;`). One case per node kind: a new kind
 * without SQL fails to compile.
 *
 * @example
 * ```ts
 * compileStatement({ kind: 'Set', key: 'pipeline.name', value: 'sluice.finance.vwap_1m' })
 * // "SET 'pipeline.name' = 'sluice.finance.vwap_1m'"
 * ```
 */
export function compileStatement(node: StatementNode): string {
  switch (node.kind) {
    case 'CreateTable':
      return createTableText(node);
    case 'CreateView':
      return `CREATE ${node.temporary ? 'TEMPORARY ' : ''}VIEW ${quoteIdentifier(node.name)} AS\n${compileQuery(node.query)}`;
    case 'CreateFunction':
      return `CREATE TEMPORARY FUNCTION IF NOT EXISTS ${quoteIdentifier(node.name)} AS ${quoteString(node.className)} USING JAR ${quoteString(node.jar)}`;
    case 'Set':
      return `SET ${option(node.key, node.value)}`;
    case 'Reset':
      return `RESET ${quoteString(node.key)}`;
    case 'Insert':
      return insertText(node);
    case 'StatementSet':
      return `EXECUTE STATEMENT SET\nBEGIN\n${node.inserts.map((i) => `${insertText(i)};`).join('\n')}\nEND`;
    default:
      return unreachable(node);
  }
}

/**
 * How a runner treats a statement, in the one {@link StatementKind} vocabulary of the compiler, deploy
 * and flink-jobs: every CREATE is `ddl`.
 *
 * @example
 * ```ts
 * statementKindOf({ kind: 'Reset', key: 'parallelism.default' }) // 'reset'
 * ```
 */
export function statementKindOf(node: StatementNode): StatementKind {
  return STATEMENT_KIND_OF[node.kind];
}

const STATEMENT_KIND_OF: Readonly<Record<StatementNode['kind'], StatementKind>> = Object.freeze({
  CreateTable: 'ddl',
  CreateView: 'ddl',
  CreateFunction: 'ddl',
  Set: 'set',
  Reset: 'reset',
  Insert: 'insert',
  StatementSet: 'statement-set',
});

function insertText(node: InsertNode): string {
  return `INSERT INTO ${quoteIdentifier(node.table)} (${node.columns.map(quoteIdentifier).join(', ')})\n${compileQuery(node.query)}`;
}

function createTableText(node: CreateTableNode): string {
  const lines = node.columns.map(columnText);
  if (node.watermark !== undefined) {
    const col = quoteIdentifier(node.watermark.column);
    lines.push(`WATERMARK FOR ${col} AS ${col} - ${renderInterval(node.watermark.delay)}`);
  }
  if (node.primaryKey.length > 0) lines.push(`PRIMARY KEY (${node.primaryKey.map(quoteIdentifier).join(', ')}) NOT ENFORCED`);
  return `CREATE TABLE ${quoteIdentifier(node.name)} (\n${lines.map((l) => `  ${l}`).join(',\n')}\n) ${withClause(node.options)}`;
}

function columnText(c: ColumnDefNode): string {
  const name = quoteIdentifier(c.name);
  switch (c.kind) {
    case 'PhysicalColumn':
      return `${name} ${renderType(c.type)}`;
    case 'MetadataColumn':
      return `${name} ${renderType(c.type)} METADATA FROM '${c.key}' VIRTUAL`;
    case 'ComputedColumn':
      return `${name} AS ${compileExpr(c.expr)}`;
    default:
      return unreachable(c);
  }
}

function withClause(options: readonly OptionNode[]): string {
  return `WITH (\n${options.map((o) => `  ${option(o.key, o.value)}`).join(',\n')}\n)`;
}
