/** @internal Thrown inside encoders/decoders; the codec turns it into a SluiceError naming the field. */
export class FieldError extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(reason);
  }
}

/** @internal `a.b`, `a[2]`, `a{"k"}` paths. */
export function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** @internal A short description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (value instanceof Map) return 'a Map';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}
