import { REDACTED, redact } from './redact';
import { categoryOf, type ErrorCategory } from './error-codes';

/** Prefix of every error code; it names the package family that raised the error. */
export type ErrorCodePrefix = 'DSL' | 'FLINK' | 'KAFKA' | 'DEPLOY' | 'STACK' | 'CLI' | 'TEST' | 'DASHBOARD';

/** A stable, machine-readable error code such as `STACK_PORT_BUSY`. */
export type ErrorCode = `${ErrorCodePrefix}_${string}`;

export interface SluiceErrorOptions<D extends object> {
  /** True when the same call may succeed if tried again (a server still starting, a timeout). */
  retriable?: boolean;
  /** The error that caused this one. */
  cause?: unknown;
  /** Typed, machine-readable facts about the failure (full server text, ports, paths...). */
  details?: D;
  /** One line that tells the user what to do next. */
  suggestion?: string;
}

/** The JSON form of a {@link SluiceError}, as written by `--json` output and logs. */
export interface SluiceErrorJson<D extends object = Record<string, unknown>> {
  name: string;
  code: ErrorCode;
  message: string;
  retriable: boolean;
  suggestion?: string;
  details?: D;
  cause?: string;
}

/**
 * The one base class of every error Sluice raises. The `code` is stable across releases;
 * messages and suggestions pass through {@link redact} so credentials never reach a person.
 *
 * @example
 * ```ts
 * throw new SluiceError('STACK_PORT_BUSY', 'port 8081 (Flink REST) is already in use', {
 *   details: { port: 8081 },
 *   suggestion: 'stop the process that holds it, or start the stack with --rest-port <free port>',
 * })
 * ```
 */
export class SluiceError<D extends object = Record<string, unknown>> extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: D | undefined;
  readonly suggestion: string | undefined;

  constructor(code: ErrorCode, message: string, options: SluiceErrorOptions<D> = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SluiceError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details;
    this.suggestion = options.suggestion === undefined ? undefined : redact(options.suggestion);
  }

  /**
   * What kind of failure this is, from the table of the package that declares the code
   * (`defineErrorCodes`); `internal` for a code no loaded package declares. Looked up when read, so
   * the error's own properties (and its JSON) stay as they were.
   */
  get category(): ErrorCategory {
    return categoryOf(this.code) ?? 'internal';
  }

  /** A JSON-safe copy with secrets redacted; bigint values become strings. */
  toJSON(): SluiceErrorJson<D> {
    const json: SluiceErrorJson<D> = {
      name: this.name,
      code: this.code,
      message: this.message,
      retriable: this.retriable,
    };
    if (this.suggestion !== undefined) json.suggestion = this.suggestion;
    if (this.details !== undefined) json.details = redactDeep(this.details) as D;
    if (this.cause !== undefined) json.cause = redact(this.cause instanceof Error ? this.cause.message : String(this.cause));
    return json;
  }
}

/** True when `value` is a {@link SluiceError}, optionally with the given code. */
export function isSluiceError(value: unknown, code?: ErrorCode): value is SluiceError {
  return value instanceof SluiceError && (code === undefined || value.code === code);
}

function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) ? REDACTED : redactDeep(inner);
    }
    return out;
  }
  return value;
}

const SECRET_KEY = /(password|passwd|secret|token|authorization|api[-_.]?key|sasl\.jaas\.config)/i;
