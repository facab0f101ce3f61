import type { ErrorCode } from './sluice-error';

/**
 * What kind of failure a code stands for. The CLI turns a category into an exit code (usage, config and
 * unreachable are "the input or the endpoints are wrong": 2; the others are "a problem happened": 1), so
 * it never needs to know another package's codes.
 */
export type ErrorCategory =
  /** The command, its arguments or the project's wiring (signal modules, names) are wrong. */
  | 'usage'
  /** A configuration value (config file, client options, credentials a config names) is wrong or missing. */
  | 'config'
  /** An endpoint (Kafka, Flink REST, SQL Gateway) did not answer. */
  | 'unreachable'
  /** A server refused the credentials it was given. */
  | 'auth'
  /** A definition, statement or value handed to Sluice is not valid (a DSL rule, a planner rejection). */
  | 'invalid'
  /** The request contradicts what exists (a running stack, a busy port, a topic, a stale plan). */
  | 'conflict'
  /** A thing asked for does not exist (a job, a savepoint, a session). */
  | 'not-found'
  /** A tool, jar or download this machine needs is missing or broken. */
  | 'environment'
  /** It did not finish in time. */
  | 'timeout'
  /** The caller aborted the operation, or closed the client. */
  | 'cancelled'
  /** A remote operation (a job, a savepoint, a produce, a command) failed. */
  | 'failed'
  /** Sluice itself went wrong (an unexpected answer, an unhandled case): a bug to report. */
  | 'internal';

/** Every {@link ErrorCategory}, in the order of its declaration. */
export const ERROR_CATEGORIES: readonly ErrorCategory[] = Object.freeze([
  'usage',
  'config',
  'unreachable',
  'auth',
  'invalid',
  'conflict',
  'not-found',
  'environment',
  'timeout',
  'cancelled',
  'failed',
  'internal',
]);

/** One entry of a package's code table. */
export interface ErrorCodeInfo {
  readonly category: ErrorCategory;
}

/** A package's table of error codes: each code with its category. */
export type ErrorCodeTable = Readonly<Record<ErrorCode, ErrorCodeInfo>>;

// Every table declared so far, so a SluiceError finds its category by code alone.
const KNOWN = new Map<string, ErrorCategory>();

/**
 * Declares a package's error codes with their categories and makes the categories known to
 * {@link categoryOf} (and so to `SluiceError.category`). Returns the table frozen, typed as given.
 *
 * @example
 * ```ts
 * export const DSL_ERROR_CODES = defineErrorCodes({
 *   DSL_INVALID_NAME: { category: 'invalid' },
 *   DSL_INTERNAL: { category: 'internal' },
 * } as const);
 * export type DslErrorCode = keyof typeof DSL_ERROR_CODES;
 * ```
 */
export function defineErrorCodes<const T extends ErrorCodeTable>(table: T): T {
  for (const [code, info] of Object.entries(table)) {
    const known = KNOWN.get(code);
    // Two packages giving one code two categories would make the exit code depend on load order.
    if (known !== undefined && known !== info.category) {
      throw new Error(`error code ${code} is declared as ${known} and as ${info.category}`);
    }
    KNOWN.set(code, info.category);
  }
  return Object.freeze(table);
}

/**
 * The category of a code declared with {@link defineErrorCodes}, or undefined for a code no loaded
 * package declares.
 *
 * @example
 * ```ts
 * categoryOf('KAFKA_CONNECTION') // 'unreachable' once @sluice/kafka is loaded
 * ```
 */
export function categoryOf(code: string): ErrorCategory | undefined {
  return KNOWN.get(code);
}
