import type { ModelConfig, SharedConfig } from '@idx/config'
import type { SummaryPool, SummaryToken } from './readSummary'

/** What the summary and the report need from the configuration: tokens, pools, the priced token, WAVAX. */
export function summaryInputs(shared: SharedConfig, model: ModelConfig) {
  const tokens: SummaryToken[] = shared.tokens.map((token) => ({
    address: token.address,
    symbol: token.symbol,
    decimals: token.decimals,
  }))
  const token = (ref: string): SummaryToken => {
    const found = tokens.find(
      (candidate) => candidate.symbol === ref || candidate.address.toLowerCase() === ref.toLowerCase(),
    )
    if (found === undefined) throw new Error(`The demo's shared file has no token "${ref}".`)
    return found
  }
  const pools: SummaryPool[] = shared.contracts.flatMap((contract) =>
    contract.pool === undefined
      ? []
      : [
          {
            address: contract.address,
            name: contract.name,
            base: token(contract.pool.base_token),
            quote: token(contract.pool.quote_token),
          },
        ],
  )
  const pricingPool = model.pool_pricing.find((entry) => entry.pricing_pool)
  const pricedPool = pools.find((pool) => pool.address.toLowerCase() === pricingPool?.pool.toLowerCase())
  return {
    tokens,
    pools,
    priced: {
      token: pricedPool?.base ?? token('BLUB'),
      periodSeconds: model.canonical_pricing.period_seconds,
    },
    wavax: token('WAVAX').address,
  }
}
