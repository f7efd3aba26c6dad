import {
  decidePricingMethod,
  effectivePricingConfig,
  type PoolDefaultRow,
  type PricingConfigRow,
  type PricingDecision,
} from './decidePricingMethod'
import type { PricingSwap, TokenType } from './types'

/** A model's canonical-price settings (the model file's `canonical_pricing`, defaults applied at import). */
export type CanonicalPricingSettings = {
  periodSeconds: number
  trailingPeriods: number
  /** A decimal string. */
  minVolumeUsd: string
  /** A decimal string (`'0.5'`). */
  maxDeviation: string
}

/** One pool a model tracks, with everything that prices its swaps. */
export type PricingSetupPool = PoolDefaultRow & {
  address: string
  name: string
  baseToken: string
  quoteToken: string
  /** The model's configs for this pool, latest start first. */
  configs: (PricingConfigRow & { pricingPool: boolean })[]
}

/**
 * Everything pricing needs to know about one model, read once
 * (`@idx/shared-db`'s `loadModelPricingSetup` reads it from the shared database).
 */
export type ModelPricingSetup = {
  modelId: number
  chainId: number
  /** The AVAX/USD feed; `undefined` when the shared file names none. */
  feed: { address: string; decimals: number; heartbeatSeconds: number } | undefined
  /** Every token of the chain, by lowercase address. */
  tokens: Map<string, { id: number; symbol: string; decimals: number; type: TokenType }>
  /** The model's pools, by lowercase address. */
  pools: Map<string, PricingSetupPool>
  canonical: CanonicalPricingSettings
}

/** The first second of the period of `seconds` holding `time`. */
export const periodOf = (time: bigint, seconds: number) => Number(time - (time % BigInt(seconds)))

/** Is `pool` one of the model's pricing pools at `block`? */
export function isPricingPoolAt(setup: ModelPricingSetup, pool: string, block: bigint): boolean {
  const configs = setup.pools.get(pool)?.configs
  return configs !== undefined && effectivePricingConfig(configs, block)?.pricingPool === true
}

/**
 * The tokens the model's pricing pools price (their base tokens, whatever the
 * block): each gets its canonical prices computed for every priced block,
 * with or without swaps of its own in them.
 */
export const pricingTokensOf = (setup: ModelPricingSetup) =>
  [...setup.pools.values()]
    .filter((pool) => pool.configs.some((config) => config.pricingPool))
    .map((pool) => pool.baseToken)

/** The addresses of the model's pools whose base token is `token`. */
export const poolsOf = (setup: ModelPricingSetup, token: string) =>
  [...setup.pools.values()].filter((pool) => pool.baseToken === token).map((pool) => pool.address)

/** The first second of the trailing window of the period holding `time`. */
export const windowOpens = (setup: ModelPricingSetup, time: bigint) =>
  periodOf(time, setup.canonical.periodSeconds) -
  (setup.canonical.trailingPeriods - 1) * setup.canonical.periodSeconds

/** The method that values `swap` for the model ({@link decidePricingMethod}; `global` in a pool it does not track). */
export function decideSwapMethod(
  setup: ModelPricingSetup,
  swap: Pick<PricingSwap, 'pool' | 'blockNumber'>,
): PricingDecision {
  const pool = setup.pools.get(swap.pool)
  if (pool === undefined) return { method: 'global', tier: 'global' }
  return decidePricingMethod({ configs: pool.configs, pool, block: swap.blockNumber })
}
