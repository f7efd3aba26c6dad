/** A small deterministic random source (mulberry32): the same seed gives the same sequence everywhere. */
export type Random = {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  /** An element of a non-empty array. */
  pick<item>(items: readonly item[]): item
  /** `amount` × a fraction drawn uniformly from [min, max), in exact integer arithmetic (parts per million). */
  fraction(amount: bigint, min: number, max: number): bigint
  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<item>(items: item[]): item[]
}

/**
 * A deterministic random source for reproducible scenarios.
 *
 * @example
 * ```ts
 * const random = createRandom(42)
 * random.int(10) // the same on every run
 * ```
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    fraction: (amount, min, max) => {
      const ppm = BigInt(Math.floor((min + (max - min) * next()) * 1_000_000))
      return (amount * ppm) / 1_000_000n
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1)
        const item = items[i]!
        items[i] = items[j]!
        items[j] = item
      }
      return items
    },
  }
}
