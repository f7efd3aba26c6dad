export type CreateTokenBucketParameters = {
  /** Tokens added per second. */
  ratePerSecond: number
  /** The most tokens the bucket holds (the largest burst); it starts full. */
  capacity: number
  /** The clock, in milliseconds (default `performance.now`). */
  now?: (() => number) | undefined
}

export type TokenBucket = {
  /**
   * Resolves once `count` tokens (at most `capacity`) have been taken. Takers are
   * served in the order they asked, so a large take is never starved by small ones.
   */
  take(count: number): Promise<void>
}

export type CreateTokenBucketReturnType = TokenBucket

/**
 * A token bucket: over any window of `t` seconds, at most
 * `capacity + ratePerSecond × t` tokens are taken.
 *
 * @example
 * ```ts
 * const bucket = createTokenBucket({ ratePerSecond: 100, capacity: 50 })
 * await bucket.take(50) // a batch of 50 requests may go now
 * ```
 */
export function createTokenBucket(parameters: CreateTokenBucketParameters): CreateTokenBucketReturnType {
  const { ratePerSecond, capacity } = parameters
  const now = parameters.now ?? (() => performance.now())
  let tokens = capacity
  let refilledAt = now()
  let tail: Promise<void> = Promise.resolve()

  const refill = () => {
    const at = now()
    tokens = Math.min(capacity, tokens + ((at - refilledAt) * ratePerSecond) / 1000)
    refilledAt = at
  }

  return {
    take(count) {
      const wanted = Math.min(count, capacity)
      const turn = tail.then(async () => {
        refill()
        while (tokens < wanted) {
          await sleep(Math.max(1, Math.ceil(((wanted - tokens) * 1000) / ratePerSecond)))
          refill()
        }
        tokens -= wanted
      })
      tail = turn
      return turn
    },
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
