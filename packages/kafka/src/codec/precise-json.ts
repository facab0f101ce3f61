// JSON.parse turns every number into a double, which loses BIGINT values above 2^53 and DECIMAL digits
// beyond 15. This small parser keeps each number's source text instead; the codec uses it only for
// records that need it, so the common case stays on the native parser.

/** @internal A JSON number kept as its source text. */
export class RawNumber {
  constructor(readonly text: string) {}
}

class PreciseParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): unknown {
    this.ws();
    const value = this.value();
    this.ws();
    if (this.i !== this.s.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(reason: string): never {
    throw new SyntaxError(`${reason} at position ${this.i}`);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  private value(): unknown {
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

  private number(): RawNumber {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const found = m.exec(this.s);
    if (found === null || found[0] === '' ) this.fail('unexpected token');
    this.i += found[0].length;
    return new RawNumber(found[0]);
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
    return escaped ? (JSON.parse(s.slice(start, j + 1)) as string) : s.slice(start + 1, j);
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
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

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
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
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }
}

/** @internal Parses JSON keeping numbers as {@link RawNumber}; throws SyntaxError on malformed input. */
export function parsePreciseJson(text: string): unknown {
  return new PreciseParser(text).parse();
}
