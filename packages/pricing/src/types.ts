import type { PricingDecision } from './decidePricingMethod'

/** A token's type in the shared database (`wrapped_native` is WAVAX; `stable` a USD stablecoin). */
export type TokenType = 'erc20' | 'wrapped_native' | 'stable' | 'lp_receipt'

/** A pool swap as the model database holds it, oriented by the pool's base and quote tokens. */
export type PricingSwap = {
  id: string
  blockNumber: bigint
  /** Seconds since the Unix epoch. */
  blockTimestamp: bigint | number
  pool: string
  /** Which way it went (not needed to value it). */
  direction?: 'buy' | 'sell' | undefined
  baseToken: string
  quoteToken: string
  /** Base units of the base token (non-negative). */
  baseAmount: bigint
  /** Base units of the quote token (non-negative). */
  quoteAmount: bigint
}

/** A trade: one wallet's pool swaps in one transaction. */
export type PricingTrade = {
  id: string
  /** The ids of its pool swaps, in order. */
  route: readonly string[]
  /**
   * The ids of its swaps in pools of its base token (the model's asset), in
   * order: its value is the sum of theirs — a hop through another pool on
   * the way is not counted again. Absent: every swap of the route counts.
   */
  assetLegs?: readonly string[] | undefined
}

/** The AVAX/USD price as of a block (the Chainlink answer, scaled). */
export type AvaxUsdAtBlock = {
  /** USD per AVAX, a decimal string (`'25.12345678'`). */
  price: string
  /** The block it was read at (at or before the swap's block). */
  blockNumber: bigint
  /** True when the answer was older than the feed's heartbeat allows. */
  stale: boolean
  /** How old the answer was at that block, in seconds. */
  ageSeconds: number
}

/** A token's canonical price for the period holding a swap. */
export type CanonicalPriceAtPeriod = {
  /** USD per whole base token, a decimal string. */
  priceUsd: string
  /** AVAX per whole base token, a decimal string. */
  priceAvax: string
  /** The period's first second (Unix seconds), at or before the swap's timestamp. */
  periodStart: number
}

/** The denominations every valued event gets one detail row in. */
export type Denomination = 'USD' | 'AVAX'

/** How a swap was valued (`ERROR`: it could not be). */
export type SwapValuationMethod = 'DIRECT_AVAX' | 'DIRECT_USD' | 'GLOBAL' | 'ERROR'

/** Why a swap could not be valued, as a code (the `reason` says it in a sentence). */
export type SwapValuationErrorCode =
  | 'zero_base_amount'
  | 'quote_not_wavax'
  | 'quote_not_stable'
  | 'no_avax_usd_price'
  | 'invalid_avax_usd_price'
  | 'no_canonical_price'

/** What every swap detail row records: the denomination and what decided the method. */
type SwapValuationBase = {
  denomination: Denomination
  tier: PricingDecision['tier']
  configId?: number
  contractId?: number
}

/**
 * One pricing detail row of a swap. A valued row has its value (in the
 * denomination) and price (denomination per whole base token); an `ERROR` row
 * has neither, but a code and a whole-sentence reason. `stale` is present on
 * rows that used the AVAX/USD price (true when that price was stale).
 */
export type SwapValuation =
  | (SwapValuationBase & {
      method: Exclude<SwapValuationMethod, 'ERROR'>
      /** A decimal string, rounded half-even to 30 fractional digits. */
      value: string
      /** A decimal string, rounded half-even to 30 fractional digits. */
      price: string
      stale?: boolean
    })
  | (SwapValuationBase & {
      method: 'ERROR'
      code: SwapValuationErrorCode
      reason: string
    })

/** A swap's two detail rows. */
export type SwapValues = { usd: SwapValuation; avax: SwapValuation }
