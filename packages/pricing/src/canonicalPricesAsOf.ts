import {
  type CanonicalPriceSwap,
  continueFrom,
  judgePeriod,
  type Prepared,
  type PreviousCanonicalPrice,
  parseGuards,
  prepareSwap,
  withinDeviation,
} from './computeCanonicalPrices'
import * as decimal from './decimal'
import { InvalidCanonicalPricingError } from './errors'

/** A token's canonical price as of one block: what a GLOBAL swap in that block is valued at. */
export type CanonicalPriceAsOf = {
  /** The period holding the block (Unix seconds). */
  periodStart: number
  /** USD per whole token (decimal string); null when the period has no price as of the block. */
  priceUsd: string | null
  priceAvax: string | null
}

export type CanonicalPricesAsOfParameters = {
  /**
   * One token's directly valued swaps of its pricing pools, in block order,
   * from the first trailing window needed on (later ones are ignored per block).
   */
  swaps: readonly (CanonicalPriceSwap & { blockNumber: bigint })[]
  /** The blocks to price as of, in ascending order, with their times (Unix seconds). */
  blocks: readonly { number: bigint; time: bigint }[]
  /** The last price row before the period starting at `periodStart` (what the series continues from). */
  previousBefore: (periodStart: number) => PreviousCanonicalPrice | undefined
  periodSeconds: number
  trailingPeriods: number
  minVolumeUsd: string
  maxDeviation: string
}

/**
 * Sums over swaps kept in price order, with point updates and prefix sums in
 * O(log n) (a Fenwick tree per quantity): the window of the next block is the
 * last one plus that block's swaps, minus those of the period that left it.
 */
class PriceOrderSums {
  readonly usd: bigint[]
  readonly avax: bigint[]
  readonly base: bigint[]
  readonly count: number[]
  private readonly top: number

  constructor(readonly size: number) {
    this.usd = new Array<bigint>(size + 1).fill(0n)
    this.avax = new Array<bigint>(size + 1).fill(0n)
    this.base = new Array<bigint>(size + 1).fill(0n)
    this.count = new Array<number>(size + 1).fill(0)
    let top = 1
    while (top * 2 <= size) top *= 2
    this.top = top
  }

  /** Adds (`sign` 1) or removes (`sign` -1) a swap at price rank `rank` (0-based). */
  update(rank: number, swap: Prepared, sign: 1 | -1): void {
    const usd = sign === 1 ? swap.usd : -swap.usd
    const avax = sign === 1 ? swap.avax : -swap.avax
    const base = sign === 1 ? swap.baseAmount : -swap.baseAmount
    for (let i = rank + 1; i <= this.size; i += i & -i) {
      this.usd[i]! += usd
      this.avax[i]! += avax
      this.base[i]! += base
      this.count[i]! += sign
    }
  }

  /** Sums of the ranks `0`…`rank - 1`. */
  prefix(rank: number): { usd: bigint; avax: bigint; base: bigint; count: number } {
    let usd = 0n
    let avax = 0n
    let base = 0n
    let count = 0
    for (let i = rank; i > 0; i -= i & -i) {
      usd += this.usd[i]!
      avax += this.avax[i]!
      base += this.base[i]!
      count += this.count[i]!
    }
    return { usd, avax, base, count }
  }

  /** The lowest rank whose USD prefix sum (itself included) times 2 reaches `total` (> 0). */
  weightedMedian(total: bigint): number {
    let position = 0
    let sum = 0n
    for (let step = this.top; step > 0; step >>= 1) {
      const next = position + step
      if (next <= this.size && (sum + this.usd[next]!) * 2n < total) {
        position = next
        sum += this.usd[next]!
      }
    }
    return position
  }

  /** The rank of the `k`-th swap held (0-based). */
  nth(k: number): number {
    let position = 0
    let remaining = k + 1
    for (let step = this.top; step > 0; step >>= 1) {
      const next = position + step
      if (next <= this.size && this.count[next]! < remaining) {
        position = next
        remaining -= this.count[next]!
      }
    }
    return position
  }
}

/** The first index in `[0, length)` where `test` holds (`test` false, then true), or `length`. */
function firstWhere(length: number, test: (index: number) => boolean): number {
  let lo = 0
  let hi = length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (test(mid)) hi = mid
    else lo = mid + 1
  }
  return lo
}

const S = decimal.SCALE
const show = (mantissa: bigint) => decimal.format({ mantissa, scale: S })

/**
 * A token's canonical price as of each of `blocks`: for a block in period
 * `p`, the price `computeCanonicalPrices` gives period `p` from the swaps of
 * its trailing window up to and including that block (never a later one),
 * continuing the last row before `p` — the same reference price, outlier and
 * thin-liquidity guards and jump rule. `undefined` for a block whose window
 * holds no swap.
 *
 * Incremental: each swap enters and leaves the window once, and each block
 * costs O(log n) (sums kept in price order), where recomputing the window per
 * block would cost O(n log n) — the difference between pricing a chunk of
 * GLOBAL swaps in milliseconds and in seconds.
 */
export function canonicalPricesAsOf(
  parameters: CanonicalPricesAsOfParameters,
): Map<bigint, CanonicalPriceAsOf | undefined> {
  const { swaps, blocks, previousBefore } = parameters
  const guards = parseGuards(parameters)
  const { periodSeconds, trailingPeriods, maxDev } = guards
  const out = new Map<bigint, CanonicalPriceAsOf | undefined>()
  if (blocks.length === 0) return out
  const decimals = swaps[0]?.baseDecimals ?? 18
  const prepared = swaps.map((swap) => {
    if (swap.baseDecimals !== decimals || swap.token !== swaps[0]!.token)
      throw new InvalidCanonicalPricingError(
        `canonicalPricesAsOf takes one token's swaps; swap "${swap.id}" is of token "${swap.token}" with ` +
          `${swap.baseDecimals} decimals, the first of "${swaps[0]!.token}" with ${decimals}.`,
      )
    return prepareSwap(swap, periodSeconds)
  })
  // Price order (price, then id), as computeCanonicalPrices sorts a window.
  const order = prepared.map((_, index) => index)
  order.sort((a, b) => {
    const x = prepared[a]!
    const y = prepared[b]!
    return x.price < y.price ? -1 : x.price > y.price ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0
  })
  const rankOf = new Array<number>(prepared.length)
  order.forEach((index, rank) => {
    rankOf[index] = rank
  })
  const priceAt = order.map((index) => prepared[index]!.price)
  const sums = new PriceOrderSums(prepared.length)

  let entered = 0 // swaps[0, entered) have entered the window (their block is at or before the block)
  let left = 0 // swaps[0, left) have left it (their period is before the window)
  let continued: { period: number; from: ReturnType<typeof continueFrom> } | undefined
  for (const block of blocks) {
    const p = Number(block.time / BigInt(periodSeconds))
    while (entered < swaps.length && swaps[entered]!.blockNumber <= block.number) {
      sums.update(rankOf[entered]!, prepared[entered]!, 1)
      entered++
    }
    while (left < entered && prepared[left]!.period < p - trailingPeriods + 1) {
      sums.update(rankOf[left]!, prepared[left]!, -1)
      left++
    }
    const all = sums.prefix(prepared.length)
    if (all.count === 0) {
      out.set(block.number, undefined)
      continue
    }
    // Reference: the USD-weighted (lower) median price; with no USD volume, the middle swap.
    const reference = priceAt[all.usd > 0n ? sums.weightedMedian(all.usd) : sums.nth((all.count - 1) >> 1)]!
    // Kept: the swaps within the deviation bound, a range of price ranks.
    const low = firstWhere(
      priceAt.length,
      (rank) => priceAt[rank]! >= reference || withinDeviation(priceAt[rank]!, reference, maxDev),
    )
    const high = firstWhere(
      priceAt.length,
      (rank) => priceAt[rank]! > reference && !withinDeviation(priceAt[rank]!, reference, maxDev),
    )
    const below = sums.prefix(low)
    const through = sums.prefix(high)
    if (continued?.period !== p)
      continued = { period: p, from: continueFrom(previousBefore(p * periodSeconds), periodSeconds) }
    const { accepted, deviatingSince } = continued.from
    const judged = judgePeriod(
      { usd: through.usd - below.usd, avax: through.avax - below.avax, base: through.base - below.base },
      decimals,
      accepted,
      deviatingSince,
      p,
      guards,
    )
    const periodStart = p * periodSeconds
    if (judged.outcome === 'priced')
      out.set(block.number, { periodStart, priceUsd: show(judged.usd), priceAvax: show(judged.avax) })
    else
      out.set(block.number, {
        periodStart,
        priceUsd: accepted === undefined ? null : show(accepted.usd),
        priceAvax: accepted === undefined ? null : show(accepted.avax),
      })
  }
  return out
}
