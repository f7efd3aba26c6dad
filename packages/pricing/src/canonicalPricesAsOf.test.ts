import { describe, expect, test } from 'vitest'
import { canonicalPricesAsOf } from './canonicalPricesAsOf'
import {
  type CanonicalPriceSwap,
  computeCanonicalPrices,
  type PreviousCanonicalPrice,
} from './computeCanonicalPrices'

const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const E18 = 10n ** 18n
const T0 = 1_700_000_040 // a multiple of 60
const BLOCK_SECONDS = 4

// Deterministic pseudo-random numbers (mulberry32).
function generator(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

type Swap = CanonicalPriceSwap & { blockNumber: bigint }

/**
 * `blocks` blocks of swaps around a level that moves and jumps: some blocks
 * empty, some swaps dust, zero-valued or far off the market, so every path
 * (priced, too thin, held back, no window) occurs.
 */
function market(seed: number, blocks: number): Swap[] {
  const random = generator(seed)
  const swaps: Swap[] = []
  let level = 20_000 // micro-USD per BLUB
  let quiet = 0
  for (let b = 0; b < blocks; b++) {
    if (random() < 0.02) level *= random() < 0.5 ? 0.3 : 3 // a jump the guard holds back for a while
    level *= 1 + (random() - 0.5) * 0.02
    // Now and then a quiet stretch longer than a window: windows empty out.
    if (quiet === 0 && random() < 0.005) quiet = 70
    if (quiet > 0) quiet--
    const count = quiet > 0 ? 0 : Math.floor(random() * 4)
    for (let i = 0; i < count; i++) {
      const blub = random() < 0.05 ? 1n : BigInt(Math.floor(1 + random() * 20_000))
      let price = level * (1 + (random() - 0.5) * 0.05)
      if (random() < 0.03) price *= random() < 0.5 ? 0.05 : 20
      const zero = random() < 0.02
      // A 1-wei dust swap is worth one whole token here: its price is absurd (an outlier).
      const usdMicro = zero ? 0n : blub * BigInt(Math.round(price))
      const usd = `${usdMicro / 1_000_000n}.${(usdMicro % 1_000_000n).toString().padStart(6, '0')}`
      swaps.push({
        id: `s${String(b).padStart(5, '0')}-${i}`,
        token: BLUB,
        blockNumber: BigInt(1_000 + b),
        blockTimestamp: T0 + b * BLOCK_SECONDS,
        baseAmount: blub === 1n ? 1n : blub * E18,
        baseDecimals: 18,
        valueUsd: usd,
        valueAvax: `${usdMicro / 25_000_000n}.${((usdMicro % 25_000_000n) * 4n).toString().padStart(8, '0')}`,
      })
    }
  }
  return swaps
}

const settings = { periodSeconds: 60, trailingPeriods: 3, minVolumeUsd: '100', maxDeviation: '0.5' }

/** The definition: period p's row computed from the window's swaps up to the block, continuing the row before p. */
function asOfByDefinition(
  swaps: Swap[],
  block: bigint,
  time: bigint,
  previousBefore: (p: number) => unknown,
) {
  const period = Math.floor(Number(time) / 60) * 60
  const opens = period - (settings.trailingPeriods - 1) * 60
  const window = swaps.filter((s) => s.blockNumber <= block && Number(s.blockTimestamp) >= opens)
  const previous = previousBefore(period) as PreviousCanonicalPrice | undefined
  const [row] = computeCanonicalPrices({
    ...settings,
    swaps: window,
    previous: previous === undefined ? undefined : new Map([[BLUB, previous]]),
    from: time,
    until: time,
  })
  return row === undefined
    ? undefined
    : { periodStart: row.periodStart, priceUsd: row.priceUsd, priceAvax: row.priceAvax }
}

describe('canonicalPricesAsOf', () => {
  test.each([1, 2, 3, 4])(
    'behavior: equals the price computed from each block’s window from scratch (seed %i)',
    (seed) => {
      const swaps = market(seed, 600)
      // The finished periods' rows, as priceBlocks computes them, continuing a previous price.
      const previous: PreviousCanonicalPrice = {
        priceUsd: '0.02',
        priceAvax: '0.0008',
        periodStart: T0 - 60,
      }
      const rows = computeCanonicalPrices({
        ...settings,
        swaps,
        previous: new Map([[BLUB, previous]]),
        from: T0,
        until: T0 + 600 * BLOCK_SECONDS,
      })
      const previousBefore = (periodStart: number) => {
        let before: PreviousCanonicalPrice | undefined = previous
        for (const row of rows) if (row.periodStart < periodStart) before = row
        return before
      }
      // Every other block, swaps or not.
      const blocks = Array.from({ length: 300 }, (_, i) => ({
        number: BigInt(1_000 + 2 * i),
        time: BigInt(T0 + 2 * i * BLOCK_SECONDS),
      }))
      const fast = canonicalPricesAsOf({ ...settings, swaps, blocks, previousBefore })

      const outcomes = new Set<string>()
      for (const block of blocks) {
        const expected = asOfByDefinition(swaps, block.number, block.time, previousBefore)
        expect(fast.get(block.number), `block ${block.number}`).toEqual(expected)
        outcomes.add(expected === undefined ? 'no window' : expected.priceUsd === null ? 'no price' : 'price')
      }
      // The data reaches the paths that matter: priced blocks and blocks with an empty window.
      expect(outcomes).toContain('price')
      expect(outcomes).toContain('no window')
      // And carried or held-back prices: some as-of prices differ from the window's own VWAP row.
      const carried = rows.filter((row) => row.carriedForward).length
      expect(carried).toBeGreaterThan(0)
    },
  )

  test('behavior: a swap after the block never moves its price', () => {
    const swaps = market(7, 60)
    const block = swaps[Math.floor(swaps.length / 2)]!
    const later = swaps.filter((s) => s.blockNumber > block.blockNumber)
    const blocks = [{ number: block.blockNumber, time: BigInt(block.blockTimestamp) }]
    const previousBefore = () => undefined
    const all = canonicalPricesAsOf({ ...settings, swaps, blocks, previousBefore })
    const upTo = canonicalPricesAsOf({
      ...settings,
      swaps: swaps.filter((s) => !later.includes(s)),
      blocks,
      previousBefore,
    })
    expect(later.length).toBeGreaterThan(0)
    expect(all.get(block.blockNumber)).toEqual(upTo.get(block.blockNumber))
    expect(all.get(block.blockNumber)?.priceUsd).not.toBeNull()
  })

  test('error: swaps of two tokens', () => {
    const [a, b] = market(3, 40)
    expect(() =>
      canonicalPricesAsOf({
        ...settings,
        swaps: [a!, { ...b!, token: '0x00000000000000000000000000000000000000aa' }],
        blocks: [{ number: a!.blockNumber, time: BigInt(a!.blockTimestamp) }],
        previousBefore: () => undefined,
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidCanonicalPricingError: canonicalPricesAsOf takes one token's swaps; swap "s00003-1" is of token "0x00000000000000000000000000000000000000aa" with 18 decimals, the first of "0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd" with 18.]`,
    )
  })
})
