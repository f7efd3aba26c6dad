import type { CanonicalPriceSwap } from './computeCanonicalPrices'
import { isPricingPoolAt, type ModelPricingSetup } from './modelPricingSetup'
import type { SwapValues } from './types'
import type { BlockSwap } from './valueDirectSwaps'

/** A swap of a canonical price's window, with its block (the as-of prices walk the window by block). */
export type WindowSwap = CanonicalPriceSwap & { blockNumber: bigint }

/** A swap valued directly in an earlier block (stored, or being written), as a window takes it. */
export type EarlierValuedSwap = {
  id: string
  blockNumber: bigint
  blockTimestamp: bigint
  pool: string
  baseAmount: bigint
  valueUsd: string
  valueAvax: string
}

export type CanonicalWindowParameters = {
  setup: ModelPricingSetup
  token: string
  /** The token's pool swaps valued directly outside the blocks being priced, in block order. */
  earlier: readonly EarlierValuedSwap[]
  /** The blocks being priced, with their swaps. */
  blocks: readonly { poolSwaps: readonly BlockSwap[] }[]
  /** The direct values of the blocks' swaps (`valueDirectSwaps`). */
  values: ReadonlyMap<string, SwapValues>
}

/**
 * The swaps a token's canonical prices are computed from: those of the
 * model's pricing pools (at their block) valued directly in both
 * denominations — the earlier ones first, then the priced blocks' own.
 */
export function canonicalWindow({
  setup,
  token,
  earlier,
  blocks,
  values,
}: CanonicalWindowParameters): WindowSwap[] {
  const decimals = setup.tokens.get(token)?.decimals ?? 18
  const toWindowSwap = (
    s: Pick<EarlierValuedSwap, 'id' | 'blockNumber' | 'blockTimestamp' | 'baseAmount'>,
    valueUsd: string,
    valueAvax: string,
  ): WindowSwap => ({
    id: s.id,
    token,
    blockTimestamp: s.blockTimestamp,
    baseAmount: s.baseAmount,
    baseDecimals: decimals,
    valueUsd,
    valueAvax,
    blockNumber: s.blockNumber,
  })
  const window: WindowSwap[] = []
  for (const s of earlier)
    if (isPricingPoolAt(setup, s.pool, s.blockNumber)) window.push(toWindowSwap(s, s.valueUsd, s.valueAvax))
  for (const block of blocks)
    for (const swap of block.poolSwaps) {
      if (swap.baseToken !== token || !isPricingPoolAt(setup, swap.pool, swap.blockNumber)) continue
      const v = values.get(swap.id)
      if (v === undefined || v.usd.method === 'ERROR' || v.avax.method === 'ERROR') continue
      if (v.usd.method === 'GLOBAL' || v.avax.method === 'GLOBAL') continue
      window.push(toWindowSwap(swap, v.usd.value, v.avax.value))
    }
  return window
}
