export type RetryDelayParameters = {
  /** The retry about to be made: 1 for the first. */
  attempt: number
  /** The delay before the first retry, before jitter. */
  baseMs: number
  /** The longest delay, before jitter. */
  maxMs: number
  /** A number in [0, 1) (default `Math.random`). */
  random?: (() => number) | undefined
}

/**
 * How long to wait before a retry: exponential backoff with "equal jitter" —
 * the delay `d = min(maxMs, baseMs × 2^(attempt−1))` is drawn uniformly from
 * `[d/2, d)`. Half of it grows for certain, so retries do back off; the random
 * half spreads clients that failed together (a node's 429 to every worker at
 * once) so that they do not come back together.
 *
 * @example
 * ```ts
 * retryDelay({ attempt: 3, baseMs: 200, maxMs: 10_000 }) // between 400 and 800
 * ```
 */
export function retryDelay({ attempt, baseMs, maxMs, random = Math.random }: RetryDelayParameters): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
