import { SluiceError } from '@sluice/errors';
import { flinkError } from '../error-codes';

/** Full-jitter exponential backoff: a random delay in [0, min(max, min * 2^attempt)]. */
export function backoffDelay(attempt: number, minDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxDelayMs, minDelayMs * 2 ** attempt);
  // Never 0: a zero delay would hammer a server that is restarting.
  return Math.max(1, Math.round(random() * cap));
}

/** Resolves after `ms`, or rejects with FLINK_ABORTED as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error thrown when the caller's AbortSignal fires. */
export function abortedError(signal?: AbortSignal): SluiceError {
  return flinkError('FLINK_ABORTED', 'the call was aborted by the caller', { cause: signal?.reason });
}
