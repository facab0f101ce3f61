import { backoffDelay, sleep } from '../transport/backoff';
import { rootCauseLine } from '../transport/flink-error';
import type { AsyncOperationResult, SerializedThrowable } from './rest-types';
import { flinkError, type FlinkErrorCode } from '../error-codes';

/** Progress of an awaited async operation (savepoint, stop, checkpoint, disposal). */
export interface OperationProgress {
  phase: 'triggered' | 'in-progress' | 'completed';
  triggerId: string;
  elapsedMs: number;
}

/** Options shared by the awaiting convenience calls. */
export interface AwaitOptions {
  /** Give up waiting after this long (the operation may still finish on the server). Default 10 min. */
  timeoutMs?: number;
  /** Longest pause between two status polls. Default 2000 ms. */
  pollMaxMs?: number;
  onProgress?: (progress: OperationProgress) => void;
  signal?: AbortSignal;
}

/** `details` of errors raised while awaiting an async operation. */
export interface OperationErrorDetails {
  triggerId: string;
  jobId?: string;
  /** Full Java stack trace of the failure, when Flink sent one. */
  stackTrace?: string;
  exceptionClass?: string;
}

/** Polls a status endpoint until COMPLETED; a failure cause becomes `failureCode`; too long becomes FLINK_TIMEOUT. */
export async function awaitOperation<O extends object>(args: {
  what: string;
  triggerId: string;
  jobId?: string;
  poll: () => Promise<AsyncOperationResult<O>>;
  failureOf: (operation: O) => SerializedThrowable | undefined;
  failureCode: FlinkErrorCode;
  options: AwaitOptions;
}): Promise<O> {
  const { what, triggerId, options } = args;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const started = Date.now();
  const base: OperationErrorDetails = { triggerId, ...(args.jobId === undefined ? {} : { jobId: args.jobId }) };
  options.onProgress?.({ phase: 'triggered', triggerId, elapsedMs: 0 });
  for (let attempt = 0; ; attempt++) {
    const result = await args.poll();
    const elapsedMs = Date.now() - started;
    if (result.status.id === 'COMPLETED') {
      const operation = result.operation ?? ({} as O);
      const failure = args.failureOf(operation);
      if (failure !== undefined) {
        const stack = failure['stack-trace'] ?? failure.class ?? 'unknown failure';
        throw flinkError<OperationErrorDetails>(args.failureCode, `${what} failed: ${rootCauseLine([stack])}`, {
          details: { ...base, stackTrace: stack, ...(failure.class === undefined ? {} : { exceptionClass: failure.class }) },
        });
      }
      options.onProgress?.({ phase: 'completed', triggerId, elapsedMs });
      return operation;
    }
    options.onProgress?.({ phase: 'in-progress', triggerId, elapsedMs });
    if (elapsedMs >= timeoutMs) {
      throw flinkError<OperationErrorDetails>('FLINK_TIMEOUT', `${what} did not complete within ${timeoutMs} ms (trigger ${triggerId})`, {
        retriable: true,
        details: base,
        suggestion: 'the operation may still complete: poll its status with the triggerId in details, or raise timeoutMs',
      });
    }
    const wait = Math.min(backoffDelay(attempt, 100, options.pollMaxMs ?? 2_000), Math.max(1, timeoutMs - elapsedMs));
    await sleep(wait, options.signal);
  }
}
