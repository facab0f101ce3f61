// JSON.parse turns every number into a double, which loses BIGINT values above 2^53 and DECIMAL digits
// beyond ~15. This parser keeps each number's source text instead. The SQL Gateway client parses every
// result page with it; the Kafka codec only records that need it (the common case stays on JSON.parse).

/**
 * A JSON number kept as its source text, so that BIGINT and DECIMAL(38, 18) values survive parsing.
 *
 * @example
 * ```ts
 * new LosslessNumber('9007199254740993').text // '9007199254740993'
 * ```
 */
export class LosslessNumber {
  constructor(readonly text: string) {}
  /** The value as a JS number (may round). */
  toNumber(): number {
    return Number(this.text);
  }
  toString(): string {
    return this.text;
  }
}

/** A value produced by {@link parseLosslessJson}. */
export type LosslessJson = null | boolean | string | LosslessNumber | LosslessJson[] | { [key: string]: LosslessJson };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): LosslessJson {
    this.ws();
    const value = this.value();
    this.ws();
    if (this.i !== this.s.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(reason: string): never {
    throw new SyntaxError(`invalid JSON at position ${this.i}: ${reason}`);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  private value(): LosslessJson {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    return this.number();
  }

  private literal<T>(word: string, value: T): T {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return value;
    }
    return this.fail('unexpected token');
  }

  private number(): LosslessNumber {
    NUMBER.lastIndex = this.i;
    const found = NUMBER.exec(this.s);
    if (found === null || found[0] === '') this.fail('unexpected token');
    this.i += found[0].length;
    return new LosslessNumber(found[0]);
  }

  private string(): string {
    const s = this.s;
    const start = this.i;
    let j = start + 1;
    let escaped = false;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 92) {
        escaped = true;
        j++;
      } else if (c === 34) break;
    }
    if (j >= s.length) this.fail('unterminated string');
    this.i = j + 1;
    // Only escapes need JSON.parse; plain text is sliced as is.
    return escaped ? (JSON.parse(s.slice(start, j + 1)) as string) : s.slice(start + 1, j);
  }

  private array(): LosslessJson[] {
    this.i++;
    const out: LosslessJson[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  private object(): { [key: string]: LosslessJson } {
    this.i++;
    const out: { [key: string]: LosslessJson } = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a property name');
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') this.fail("expected ':'");
      this.ws();
      const value = this.value();
      // defineProperty: a "__proto__" key must stay a plain data key.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }
}

/**
 * Parses JSON like JSON.parse, except that every number becomes a {@link LosslessNumber}.
 * Throws `SyntaxError` on malformed input.
 *
 * @example
 * ```ts
 * (parseLosslessJson('[9007199254740993]') as LosslessNumber[])[0]?.text // '9007199254740993'
 * ```
 */
export function parseLosslessJson(text: string): LosslessJson {
  return new Parser(text).parse();
}

/**
 * Converts a lossless value to plain JSON values (numbers as JS numbers), e.g. for untyped fields.
 *
 * @example
 * ```ts
 * toPlainJson(parseLosslessJson('{"a":[1.5]}')) // { a: [1.5] }
 * ```
 */
export function toPlainJson(value: unknown): unknown {
  if (value instanceof LosslessNumber) return value.toNumber();
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: toPlainJson(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}
