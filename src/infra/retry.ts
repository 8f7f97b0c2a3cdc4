/**
 * Retry with exponential backoff and jitter, for calls to services that can blip (Chroma, embeddings APIs).
 * Only errors the caller marks retryable are retried: a 400 from a server will not get better by waiting.
 */

export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  attempts?: number;
  /** First delay in ms (default 200); doubles each time up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  isRetryable?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to log or to restart an embedded server. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void | Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  // Full jitter would sometimes wait ~0 ms; half-jitter keeps a floor so a restarting server gets time.
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 4, baseDelayMs = 200, maxDelayMs = 5_000, isRetryable = () => true, onRetry } = options;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      lastError = error;
      if (attempt === attempts || !isRetryable(error)) break;
      const delay = backoffDelay(attempt, baseDelayMs, maxDelayMs);
      await onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
  throw lastError;
}
