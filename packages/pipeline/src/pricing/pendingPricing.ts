import type {
  CanonicalPeriods,
  CanonicalPriceRow,
  DirectlyValuedSwap,
  PricingRecord,
  SwapValuationRow,
} from '@idx/model-db'
import type { PricingBlock } from './priceBlocks'

/** Priced blocks being written: what later blocks' pricing reads of them. */
export type PendingPricing = {
  /** The blocks' range (its valuations in the database are being replaced). */
  from: bigint
  to: bigint
  /** Its swaps valued directly in both denominations, in block order. */
  swaps: readonly DirectlyValuedSwap[]
  canonicalPrices: readonly CanonicalPriceRow[]
  /** The periods whose stored canonical prices `canonicalPrices` replace. */
  canonicalPeriods: CanonicalPeriods | undefined
}

/**
 * What `priceBlocks` returned for `blocks` (`from`..`to`), as the pricing of
 * the next blocks reads it while it is being written.
 */
export function pendingPricing(
  range: { from: bigint; to: bigint },
  blocks: readonly PricingBlock[],
  record: PricingRecord,
): PendingPricing {
  const direct = (method: SwapValuationRow['method']) => method === 'DIRECT_AVAX' || method === 'DIRECT_USD'
  // A block's valuation rows by their swap's log index (both denominations valued directly).
  const directValues = new Map<bigint, Map<number, { usd?: string; avax?: string; failed?: true }>>()
  for (const row of record.swapValuations) {
    let block = directValues.get(row.blockNumber)
    if (block === undefined) {
      block = new Map()
      directValues.set(row.blockNumber, block)
    }
    let entry = block.get(row.logIndex)
    if (entry === undefined) {
      entry = {}
      block.set(row.logIndex, entry)
    }
    if (!direct(row.method) || row.value === null) entry.failed = true
    else if (row.denomination === 'USD') entry.usd = row.value
    else entry.avax = row.value
  }
  const swaps: DirectlyValuedSwap[] = []
  for (const block of blocks) {
    const values = directValues.get(block.header.number)
    if (values === undefined) continue
    for (const swap of block.poolSwaps) {
      const entry = values.get(swap.logIndex)
      if (entry === undefined || entry.failed || entry.usd === undefined || entry.avax === undefined) continue
      swaps.push({
        id: swap.id,
        blockNumber: swap.blockNumber,
        blockTimestamp: swap.blockTimestamp,
        pool: swap.pool,
        baseToken: swap.baseToken,
        baseAmount: swap.baseAmount,
        valueUsd: entry.usd,
        valueAvax: entry.avax,
      })
    }
  }
  return {
    from: range.from,
    to: range.to,
    swaps,
    canonicalPrices: record.canonicalPrices,
    canonicalPeriods: record.canonicalPeriods,
  }
}
