import { SluiceError, redact } from '@sluice/errors';
import { flinkError, type FlinkErrorCode } from '../error-codes';

/** Which server answered; the SQL Gateway reports almost every failure as 500, so it is classified differently. */
export type FlinkApi = 'rest' | 'sql-gateway';

/** What a request looked like, with credentials removed (octokit keeps the same on its RequestError). */
export interface RedactedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** `details` of every FLINK_* error raised for an HTTP call. */
export interface FlinkErrorDetails {
  request: RedactedRequest;
  /** HTTP status, absent when no response came back. */
  status?: number;
  /** Flink's `errors` array, complete (Java stack traces included), credentials redacted. */
  serverErrors?: string[];
  /** The line the message was taken from. */
  rootCause?: string;
  /** Network error code (ECONNREFUSED, ECONNRESET...), when no response came back. */
  networkCode?: string;
  /** Attempts made (1 + retries). */
  attempts?: number;
}

const SQL_EXCEPTION = /(ValidationException|SqlParserException|SqlParseException|SqlValidatorException|CalciteContextException|TableException|SqlExecutionException|ParseException|CatalogException|DatabaseNotExistException|TableNotExistException|FunctionNotExistException)/;
const MISSING_SESSION = /(Session '[^']*' does not exist|Can not find the session|Can not find the submitted operation|does not exist in the session|Can not find the operation)/i;

/**
 * The line a person should read from Flink's `{"errors":[...]}`: the innermost `Caused by:` of the
 * Java stack, else the first line of the exception, else the plain message.
 *
 * @example
 * ```ts
 * rootCauseLine(['Internal server error.', '<Exception on server side:\nA: x\n\tat ...\nCaused by: B: y\n\tat ...>'])
 * // => 'B: y'
 * ```
 */
export function rootCauseLine(errors: readonly string[]): string {
  const text = errors.join('\n');
  const causes = text.split('\n').filter((line) => line.startsWith('Caused by: '));
  const last = causes[causes.length - 1];
  if (last !== undefined) return last.slice('Caused by: '.length).trim();
  const meaningful = errors
    .flatMap((e) => e.split('\n'))
    .map((line) => line.replace(/^<Exception on server side:/, '').trim())
    .filter((line) => line !== '' && line !== 'Internal server error.' && !line.startsWith('at ') && line !== 'End of exception on server side>');
  return meaningful[0] ?? 'Flink returned an error without a message';
}

/** Reads Flink's `errors` array from a response body (a string array, or absent). */
export function serverErrorsOf(body: unknown): string[] | undefined {
  if (typeof body === 'object' && body !== null && 'errors' in body) {
    const errors = (body as { errors: unknown }).errors;
    if (Array.isArray(errors)) return errors.map((e) => String(e));
  }
  return undefined;
}

/** Maps an HTTP status plus Flink's error text to a stable code. */
export function codeForStatus(api: FlinkApi, status: number, text: string): { code: FlinkErrorCode; retriable: boolean } {
  if (MISSING_SESSION.test(text)) return { code: 'FLINK_NOT_FOUND', retriable: false };
  // e.g. cancelling a streaming SELECT whose operation is already FINISHED (close it instead).
  if (/Failed to convert the Operation Status from/.test(text)) return { code: 'FLINK_CONFLICT', retriable: false };
  if (status === 404) return { code: 'FLINK_NOT_FOUND', retriable: false };
  if (status === 400) return { code: 'FLINK_BAD_REQUEST', retriable: false };
  if (status === 401 || status === 403) return { code: 'FLINK_UNAUTHORIZED', retriable: false };
  if (status === 409) return { code: 'FLINK_CONFLICT', retriable: false };
  if (status === 408 || status === 504) return { code: 'FLINK_TIMEOUT', retriable: true };
  if (status === 502 || status === 503) return { code: 'FLINK_UNAVAILABLE', retriable: true };
  if (api === 'sql-gateway' && SQL_EXCEPTION.test(text)) return { code: 'FLINK_SQL_ERROR', retriable: false };
  if (status >= 500) return { code: 'FLINK_SERVER_ERROR', retriable: false };
  return { code: 'FLINK_HTTP_ERROR', retriable: false };
}

/** The error for a non-2xx answer. */
export function httpError(api: FlinkApi, request: RedactedRequest, status: number, body: unknown): SluiceError<FlinkErrorDetails> {
  const serverErrors = serverErrorsOf(body) ?? (typeof body === 'string' && body !== '' ? [body] : [`HTTP ${status}`]);
  const rootCause = redact(rootCauseLine(serverErrors));
  const { code, retriable } = codeForStatus(api, status, serverErrors.join('\n'));
  // A proxy's 401/403 body rarely says what was refused: the status and the call do.
  const message = code === 'FLINK_UNAUTHORIZED' ? `HTTP ${status} from ${request.method} ${request.url}: ${rootCause}` : rootCause;
  return flinkError<FlinkErrorDetails>(code, message, {
    retriable,
    details: { request, status, serverErrors: serverErrors.map(redact), rootCause },
    suggestion: suggestionFor(code),
  });
}

/** The error when no HTTP answer came back (refused, reset, timed out). */
export function networkError(request: RedactedRequest, networkCode: string | undefined, timedOut: boolean, timeoutMs: number, cause: unknown): SluiceError<FlinkErrorDetails> {
  const where = `${request.method} ${request.url}`;
  if (timedOut) {
    return flinkError<FlinkErrorDetails>('FLINK_TIMEOUT', `no answer from Flink within ${timeoutMs} ms (${where})`, {
      retriable: true,
      cause,
      details: { request, networkCode: networkCode ?? 'ETIMEDOUT' },
      suggestion: 'check that the JobManager / SQL Gateway is up and responsive, or raise timeoutMs',
    });
  }
  const reason = networkCode ?? (cause instanceof Error ? cause.message : 'network error');
  return flinkError<FlinkErrorDetails>('FLINK_UNAVAILABLE', `cannot reach Flink (${reason}) at ${where}`, {
    retriable: true,
    cause,
    details: { request, ...(networkCode === undefined ? {} : { networkCode }) },
    suggestion: 'check the base URL and that the JobManager / SQL Gateway is running',
  });
}

function suggestionFor(code: FlinkErrorCode): string | undefined {
  switch (code) {
    case 'FLINK_UNAVAILABLE':
      return 'the server is starting or electing a leader; retry shortly';
    case 'FLINK_SQL_ERROR':
      return 'fix the SQL statement; the full server text is in details.serverErrors';
    case 'FLINK_UNAUTHORIZED':
      return 'the endpoint (or a proxy in front of it) wants credentials: give the client headers (e.g. Authorization) or auth; in a Sluice project, flink.headers or flink.auth of the environment';
    case 'FLINK_NOT_FOUND':
      return 'check the id; finished jobs and closed sessions are removed after a while';
    default:
      return undefined;
  }
}

/**
 * Copy of request headers that is safe to show: names kept, every value masked (configured headers
 * carry tokens and tenant keys under any name, not only `Authorization`).
 */
export function redactHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || value === null || typeof value === 'object') continue;
    out[key] = '***';
  }
  return out;
}
