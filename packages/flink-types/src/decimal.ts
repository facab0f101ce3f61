// DECIMAL values are exact decimal text in TS and JSON numbers on the wire. Java's BigDecimal.toString
// (what Flink's json format and the SQL Gateway write) may use an exponent, e.g. 1E-7 or 0E-18.

/**
 * Expands a JSON number text (maybe with an exponent) to plain decimal text; undefined when it is not a number.
 *
 * @example
 * ```ts
 * plainDecimal('-1.25E-3') // '-0.00125'
 * plainDecimal('12.50')    // '12.50' (scale digits kept)
 * ```
 */
export function plainDecimal(text: string): string | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null) return undefined;
  const sign = m[1] ?? '';
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let point = (m[2] ?? '').length + Number(m[4] ?? '0');
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  let int = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(point);
  if (int === '') int = '0';
  return frac === '' ? sign + int : `${sign}${int}.${frac}`;
}

/**
 * Rewrites plain decimal text to exactly `scale` fraction digits within `precision` (Flink's
 * DECIMAL(p, s) text); returns an error reason instead when the value does not fit (never rounds).
 *
 * @example
 * ```ts
 * fitDecimal('1.5', 10, 2)   // { value: '1.50' }
 * fitDecimal('1.555', 10, 2) // { reason: 'has more than 2 fraction digits (DECIMAL(10, 2))' }
 * ```
 */
export function fitDecimal(plain: string, precision: number, scale: number): { value: string } | { reason: string } {
  const negative = plain.startsWith('-');
  const body = negative ? plain.slice(1) : plain;
  const dot = body.indexOf('.');
  const int = (dot < 0 ? body : body.slice(0, dot)).replace(/^0+(?=\d)/, '');
  let frac = dot < 0 ? '' : body.slice(dot + 1);
  if (frac.length > scale) {
    if (!/^0*$/.test(frac.slice(scale))) return { reason: `has more than ${scale} fraction digits (DECIMAL(${precision}, ${scale}))` };
    frac = frac.slice(0, scale);
  }
  frac = frac.padEnd(scale, '0');
  const intDigits = int === '0' ? 0 : int.length;
  if (intDigits > precision - scale) return { reason: `has more than ${precision - scale} integer digits (DECIMAL(${precision}, ${scale}))` };
  const isZero = /^0*$/.test(int + frac);
  const value = (negative && !isZero ? '-' : '') + int + (scale > 0 ? '.' + frac : '');
  return { value };
}

/**
 * The plain decimal text of a double (exact when it came from <= 15 significant digits).
 *
 * @example
 * ```ts
 * doubleToPlain(1e-7) // '0.0000001'
 * ```
 */
export function doubleToPlain(value: number): string | undefined {
  return Number.isFinite(value) ? plainDecimal(String(value)) : undefined;
}
