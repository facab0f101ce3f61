import type { PatternQuantifier, PatternTermNode } from '../ast/rel-node';
import { unreachable } from '../dialect';

function quantifierText(q: PatternQuantifier): string {
  switch (q.kind) {
    case 'times':
      return `{${q.n}}`;
    case 'times-or-more':
      return `{${q.n},}`;
    case 'between':
      return `{${q.min},${q.max}}`;
    case 'one-or-more':
      return '+';
    case 'zero-or-more':
      return '*';
    case 'optional':
    case 'reluctant':
      return '?';
    default:
      return unreachable(q);
  }
}

/**
 * One PATTERN term as SQL: the variable, then its quantifiers.
 *
 * @example
 * ```ts
 * patternTermSql({ variable: 'A', quantifiers: [{ kind: 'one-or-more' }, { kind: 'reluctant' }] }) // 'A+?'
 * ```
 */
export function patternTermSql(term: PatternTermNode): string {
  return term.variable + term.quantifiers.map(quantifierText).join('');
}

/** The body of `PATTERN (...)`: the terms, space-separated. */
export function patternSql(pattern: readonly PatternTermNode[]): string {
  return pattern.map(patternTermSql).join(' ');
}
