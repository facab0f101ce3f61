import type { DoubleType } from '../types/data-type';
import { node } from '../ast/expr-node';
import { Expr } from '../expr/expr';

/** @internal A DOUBLE literal (`2.0E0`), so that parameters never turn arithmetic into DECIMAL. */
export function doubleLit(value: number): Expr<DoubleType<false>> {
  return new Expr(node({ kind: 'Literal', value, type: { kind: 'DOUBLE', nullable: false } }), { kind: 'DOUBLE', nullable: false });
}

/** @internal `CAST(NULL AS DOUBLE)`. */
export function nullDouble(): Expr<DoubleType<true>> {
  return new Expr(node({ kind: 'Literal', value: null, type: { kind: 'DOUBLE', nullable: true } }), { kind: 'DOUBLE', nullable: true });
}
