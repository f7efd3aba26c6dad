import { type CanonicalPriceAsOf, canonicalPricesAsOf } from './canonicalPricesAsOf'
import type { WindowSwap } from './canonicalWindow'
import {
  type CanonicalPrice,
  computeCanonicalPrices,
  type PreviousCanonicalPrice,
} from './computeCanonicalPrices'
import type { ModelPricingSetup } from './modelPricingSetup'
import type { BlockSwap } from './valueDirectSwaps'
import { yieldToIo } from './yieldToIo'

export type PriceCanonicalTokenParameters = {
  setup: ModelPricingSetup
  token: string
  /** The token's window swaps (`canonicalWindow`); sorted by block here. */
  window: WindowSwap[]
  /** The token's last canonical price before `from`. */
  previous: PreviousCanonicalPrice | undefined
  /** The first period to compute (Unix seconds). */
  from: number
  /** The last block's time: the last period computed is the one holding it. */
  until: bigint
  /** The swaps valued at a canonical price (any token; this token's are priced as of their block). */
  globalSwaps: readonly BlockSwap[]
}

export type PriceCanonicalTokenReturnType = {
  /** The token's canonical price of every period `from` through `until`'s. */
  prices: CanonicalPrice[]
  /** The token's price as of each block holding one of its GLOBAL swaps. */
  asOf: Map<bigint, CanonicalPriceAsOf | undefined>
}

/**
 * One token's canonical prices for the periods being priced, and its price as
 * of each block of its GLOBAL swaps: the trailing window up to and including
 * that block (never a later swap), continuing the last earlier price.
 */
export async function priceCanonicalToken({
  setup,
  token,
  window,
  previous,
  from,
  until,
  globalSwaps,
}: PriceCanonicalTokenParameters): Promise<PriceCanonicalTokenReturnType> {
  const prices = computeCanonicalPrices({
    ...setup.canonical,
    swaps: window,
    previous: previous === undefined ? undefined : new Map([[token, previous]]),
    from,
    until,
  }).filter((row) => row.token === token)
  // The window sorted by block: block order is time order.
  window.sort((a, b) => (a.blockNumber < b.blockNumber ? -1 : a.blockNumber > b.blockNumber ? 1 : 0))
  const globalBlocks: { number: bigint; time: bigint }[] = []
  for (const swap of globalSwaps)
    if (swap.baseToken === token && globalBlocks.at(-1)?.number !== swap.blockNumber)
      globalBlocks.push({ number: swap.blockNumber, time: swap.blockTimestamp })
  await yieldToIo()
  const asOf = canonicalPricesAsOf({
    ...setup.canonical,
    swaps: window,
    blocks: globalBlocks,
    previousBefore: (periodStart) => {
      let before: PreviousCanonicalPrice | undefined = previous
      for (const row of prices) if (row.periodStart < periodStart) before = row
      return before
    },
  })
  return { prices, asOf }
}
