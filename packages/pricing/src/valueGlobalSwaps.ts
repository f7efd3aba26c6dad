import type { AvaxUsdPrice } from './avaxUsd'
import type { CanonicalPriceAsOf } from './canonicalPricesAsOf'
import type { PricingDecision } from './decidePricingMethod'
import type { ModelPricingSetup } from './modelPricingSetup'
import type { SwapValues } from './types'
import type { BlockSwap } from './valueDirectSwaps'
import { valueModelSwap } from './valueModelSwap'

/** The key of a token's canonical price as of a block in {@link ValueGlobalSwapsParameters.canonicalAsOf}. */
export const asOfKey = (token: string, block: bigint) => `${token}:${block}`

export type ValueGlobalSwapsParameters = {
  setup: ModelPricingSetup
  globalSwaps: readonly BlockSwap[]
  /** Every swap's decision (`valueDirectSwaps`). */
  decisions: ReadonlyMap<string, PricingDecision>
  avaxUsd: ReadonlyMap<bigint, AvaxUsdPrice>
  /** Canonical prices as of blocks, by {@link asOfKey}. */
  canonicalAsOf: ReadonlyMap<string, CanonicalPriceAsOf | undefined>
  /** The swaps' values so far: the GLOBAL swaps' are added. */
  values: Map<string, SwapValues>
}

/** The last valuation step: every GLOBAL swap at its base token's canonical price as of its block. */
export function valueGlobalSwaps({
  setup,
  globalSwaps,
  decisions,
  avaxUsd,
  canonicalAsOf,
  values,
}: ValueGlobalSwapsParameters): void {
  for (const swap of globalSwaps)
    values.set(
      swap.id,
      valueModelSwap({
        setup,
        swap,
        decision: decisions.get(swap.id)!,
        avaxUsd: avaxUsd.get(swap.blockNumber),
        canonical: canonicalAsOf.get(asOfKey(swap.baseToken, swap.blockNumber)),
      }),
    )
}
