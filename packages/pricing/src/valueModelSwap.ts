import type { AvaxUsdPrice } from './avaxUsd'
import type { CanonicalPriceAsOf } from './canonicalPricesAsOf'
import type { PricingDecision } from './decidePricingMethod'
import type { ModelPricingSetup } from './modelPricingSetup'
import type { PricingSwap, SwapValues } from './types'
import { valueSwap } from './valueSwap'

export type ValueModelSwapParameters = {
  setup: ModelPricingSetup
  swap: PricingSwap
  decision: PricingDecision
  /** AVAX/USD at the swap's block, when known. */
  avaxUsd: AvaxUsdPrice | undefined
  /** The base token's canonical price as of the swap's block (GLOBAL swaps). */
  canonical?: CanonicalPriceAsOf | undefined
}

/** {@link valueSwap} with the swap's tokens (decimals, quote type) looked up in the model's setup (18 decimals, `erc20` when unknown). */
export function valueModelSwap({
  setup,
  swap,
  decision,
  avaxUsd,
  canonical,
}: ValueModelSwapParameters): SwapValues {
  const base = setup.tokens.get(swap.baseToken)
  const quote = setup.tokens.get(swap.quoteToken)
  return valueSwap({
    swap,
    decision,
    baseDecimals: base?.decimals ?? 18,
    quoteDecimals: quote?.decimals ?? 18,
    quoteTokenType: quote?.type ?? 'erc20',
    avaxUsd,
    canonical:
      canonical?.priceUsd != null && canonical.priceAvax != null
        ? { priceUsd: canonical.priceUsd, priceAvax: canonical.priceAvax, periodStart: canonical.periodStart }
        : undefined,
  })
}
