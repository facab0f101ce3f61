import type { DataType, DecimalType, TypeKind } from '../types/data-type';

// Run-time mirror of Flink's type rules for the operators the DSL emits. The static (TS) types in
// expr.ts follow the same table; the run-time types drive sink DDL and error checks.

const NUMERIC: readonly TypeKind[] = ['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'DECIMAL', 'FLOAT', 'DOUBLE'];
const STRINGS: readonly TypeKind[] = ['STRING', 'VARCHAR', 'CHAR'];

export function isNumeric(type: DataType): boolean {
  return NUMERIC.includes(type.kind);
}
export function isStringLike(type: DataType): boolean {
  return STRINGS.includes(type.kind);
}
export function isTimestamp(type: DataType): boolean {
  return type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ';
}
export function isTemporal(type: DataType): boolean {
  return isTimestamp(type) || type.kind === 'DATE' || type.kind === 'TIME';
}
export function isTimeAttribute(type: DataType): boolean {
  return isTimestamp(type) && ((type as { rowtime?: boolean }).rowtime === true || (type as { proctime?: boolean }).proctime === true);
}
export function isRowtime(type: DataType): boolean {
  return isTimestamp(type) && (type as { rowtime?: boolean }).rowtime === true;
}

/** The same type with the given nullability (and no time-attribute marks). */
export function withNullable<T extends DataType>(type: T, nullable: boolean): T {
  const copy: Record<string, unknown> = { ...type, nullable };
  delete copy['rowtime'];
  delete copy['proctime'];
  return Object.freeze(copy) as unknown as T;
}

/** A plain (non time-attribute) copy, as any expression over a time attribute yields. */
export function plain<T extends DataType>(type: T): T {
  return withNullable(type, type.nullable);
}

/** Result type of `+ - * / %` on two numeric types (Flink: the wider type, DECIMAL rules simplified). */
export function arithmeticType(a: DataType, b: DataType, op: string): DataType {
  const nullable = a.nullable || b.nullable;
  const rank = (t: DataType): number => NUMERIC.indexOf(t.kind);
  if (a.kind === 'DOUBLE' || b.kind === 'DOUBLE' || (a.kind === 'FLOAT' && b.kind === 'DECIMAL') || (a.kind === 'DECIMAL' && b.kind === 'FLOAT')) {
    return Object.freeze({ kind: 'DOUBLE', nullable });
  }
  if (a.kind === 'FLOAT' || b.kind === 'FLOAT') return Object.freeze({ kind: 'FLOAT', nullable });
  if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') {
    const da = asDecimal(a);
    const db = asDecimal(b);
    return Object.freeze(decimalResult(da, db, op, nullable));
  }
  const wider = rank(a) >= rank(b) ? a : b;
  return Object.freeze({ kind: wider.kind, nullable } as DataType);
}

function asDecimal(t: DataType): { precision: number; scale: number } {
  switch (t.kind) {
    case 'DECIMAL':
      return { precision: t.precision, scale: t.scale };
    case 'TINYINT':
      return { precision: 3, scale: 0 };
    case 'SMALLINT':
      return { precision: 5, scale: 0 };
    case 'INT':
      return { precision: 10, scale: 0 };
    default:
      return { precision: 19, scale: 0 };
  }
}

// Flink's LogicalTypeMerging rules for DECIMAL, capped at precision 38.
function decimalResult(a: { precision: number; scale: number }, b: { precision: number; scale: number }, op: string, nullable: boolean): DecimalType {
  let precision: number;
  let scale: number;
  if (op === '*') {
    precision = a.precision + b.precision;
    scale = a.scale + b.scale;
  } else if (op === '/') {
    scale = Math.max(6, a.scale + b.precision + 1);
    precision = a.precision - a.scale + b.scale + scale;
  } else if (op === '%') {
    scale = Math.max(a.scale, b.scale);
    precision = Math.min(a.precision - a.scale, b.precision - b.scale) + scale;
  } else {
    scale = Math.max(a.scale, b.scale);
    precision = Math.max(a.precision - a.scale, b.precision - b.scale) + scale + 1;
  }
  if (precision > 38) {
    const integral = precision - scale;
    precision = 38;
    scale = Math.max(Math.min(scale, 38 - integral), Math.min(scale, 6));
  }
  return { kind: 'DECIMAL', nullable, precision, scale };
}

/** True when two types may be compared or unioned (same family). */
export function comparable(a: DataType, b: DataType): boolean {
  if (isNumeric(a) && isNumeric(b)) return true;
  if (isStringLike(a) && isStringLike(b)) return true;
  if (isTimestamp(a) && isTimestamp(b)) return true;
  return a.kind === b.kind;
}

/** Result type of SUM/AVG/MIN/MAX/... over `input` (Flink keeps the input type). */
export function aggregateType(name: string, input: DataType | undefined): DataType {
  switch (name) {
    case 'COUNT':
      return Object.freeze({ kind: 'BIGINT', nullable: false });
    case 'SUM':
      if (input?.kind === 'DECIMAL') return Object.freeze({ kind: 'DECIMAL', nullable: true, precision: 38, scale: input.scale });
      return plainNullable(input);
    case 'AVG':
      if (input?.kind === 'DECIMAL') return Object.freeze({ kind: 'DECIMAL', nullable: true, precision: 38, scale: Math.max(6, input.scale) });
      return plainNullable(input);
    default:
      return plainNullable(input);
  }
}

function plainNullable(input: DataType | undefined): DataType {
  return input === undefined ? Object.freeze({ kind: 'BIGINT', nullable: true }) : withNullable(input, true);
}

/** Human text of a type for messages. */
export function describeType(type: DataType): string {
  return type.kind;
}
