/**
 * A JSON number kept as its source text, so that BIGINT and DECIMAL(38, 18) values survive parsing
 * (JSON.parse rounds anything past 2^53 and past ~17 significant digits).
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

/**
 * Parses JSON like JSON.parse, except that every number becomes a {@link LosslessNumber}.
 *
 * @example
 * ```ts
 * (parseLosslessJson('[9007199254740993]') as LosslessNumber[])[0]?.text // '9007199254740993'
 * ```
 */
export function parseLosslessJson(text: string): LosslessJson {
  const parser = new Parser(text);
  const value = parser.value();
  parser.end();
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  value(): LosslessJson {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (m === null) throw this.fail('unexpected character');
    this.i += m[0].length;
    return new LosslessNumber(m[0]);
  }

  end(): void {
    this.ws();
    if (this.i !== this.s.length) throw this.fail('trailing characters');
  }

  private object(): { [key: string]: LosslessJson } {
    const out: { [key: string]: LosslessJson } = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') throw this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') throw this.fail('expected ":"');
      // defineProperty: a "__proto__" key must stay a plain data key.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') throw this.fail('expected "," or "}"');
    }
  }

  private array(): LosslessJson[] {
    const out: LosslessJson[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') throw this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    // Find the closing quote (skipping escapes), then let JSON.parse decode the escapes.
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) throw this.fail('unterminated string');
      if (c === '\\') this.i += 2;
      else if (c === '"') break;
      else this.i++;
    }
    this.i++;
    return JSON.parse(this.s.slice(start, this.i)) as string;
  }

  private literal<T>(word: string, value: T): T {
    if (!this.s.startsWith(word, this.i)) throw this.fail('unexpected token');
    this.i += word.length;
    return value;
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i] as string)) this.i++;
  }

  private fail(what: string): SyntaxError {
    return new SyntaxError(`invalid JSON at position ${this.i}: ${what}`);
  }
}

/** Converts a lossless value to plain JSON values (numbers as JS numbers), e.g. for untyped fields. */
export function toPlainJson(value: LosslessJson): unknown {
  if (value instanceof LosslessNumber) return value.toNumber();
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlainJson(v);
    return out;
  }
  return value;
}
