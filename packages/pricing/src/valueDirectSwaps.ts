import type { AvaxUsdPrice } from './avaxUsd'
import type { PricingDecision } from './decidePricingMethod'
import { decideSwapMethod, type ModelPricingSetup } from './modelPricingSetup'
import type { PricingSwap, SwapValues } from './types'
import { valueModelSwap } from './valueModelSwap'
import type { Pacer } from './yieldToIo'

/** A pool swap with its block time in seconds, as pricing consecutive blocks takes it. */
export type BlockSwap = PricingSwap & { blockTimestamp: bigint }

export type ValueDirectSwapsParameters<swap extends BlockSwap> = {
  setup: ModelPricingSetup
  /** The blocks' swaps, block by block, in order. */
  blocks: readonly { poolSwaps: readonly swap[] }[]
  /** AVAX/USD at the blocks that have swaps. */
  avaxUsd: ReadonlyMap<bigint, AvaxUsdPrice>
  /** Called with each block's swap count before the block (see `createPacer`). */
  pace: Pacer
}

export type ValueDirectSwapsReturnType<swap extends BlockSwap> = {
  /** The values of the swaps valued directly, by swap id (GLOBAL swaps are added later). */
  values: Map<string, SwapValues>
  /** Every swap's decision, by swap id. */
  decisions: Map<string, PricingDecision>
  /** The swaps whose method is `global`, in block order: valued at their token's canonical price. */
  globalSwaps: swap[]
}

/**
 * The first step of pricing consecutive blocks: decides every swap's method
 * and values those whose method is direct (`direct_avax`, `direct_usd`); the
 * others wait for canonical prices.
 */
export async function valueDirectSwaps<swap extends BlockSwap>({
  setup,
  blocks,
  avaxUsd,
  pace,
}: ValueDirectSwapsParameters<swap>): Promise<ValueDirectSwapsReturnType<swap>> {
  const values = new Map<string, SwapValues>()
  const decisions = new Map<string, PricingDecision>()
  const globalSwaps: swap[] = []
  for (const block of blocks) {
    await pace(block.poolSwaps.length)
    for (const swap of block.poolSwaps) {
      const decision = decideSwapMethod(setup, swap)
      decisions.set(swap.id, decision)
      if (decision.method === 'global') globalSwaps.push(swap)
      else
        values.set(swap.id, valueModelSwap({ setup, swap, decision, avaxUsd: avaxUsd.get(swap.blockNumber) }))
    }
  }
  return { values, decisions, globalSwaps }
}
