import { type ModelDb, readBlocksForPricing, writePricing } from '@idx/model-db'
import { type PendingPricing, pendingPricing, storeResolvedAvaxUsd } from '@idx/pricing'
import type { IndexerModel } from './loadIndexerModel'
import { priceRecords } from './priceRecords'

export type UpdatePricingParameters = {
  model: Pick<IndexerModel, 'pricing' | 'trackedContracts'>
  db: Pick<ModelDb, 'query' | 'transaction'>
  /** The first block, inclusive. */
  from: bigint
  /** The last block, inclusive. */
  to: bigint
  /** Blocks per read and per write transaction. Default 1,000 (measured: a little faster than 500 or 2,000 with the next chunk read and the last one written meanwhile). */
  chunkSize?: number | undefined
  onProgress?: ((progress: UpdatePricingProgress) => void) | undefined
}

export type UpdatePricingProgress = {
  /** The last block priced so far. */
  lastBlock: bigint
  /** Blocks with swaps priced again. */
  blocks: number
  swaps: number
  /** Swap detail rows that were ERROR before and are valued now. */
  fixed: number
  /** Swap detail rows still ERROR. */
  errors: number
  canonicalPrices: number
}

/**
 * Prices the stored blocks `from`..`to` again, in block order, one chunk per
 * transaction: AVAX/USD stored since (`idx pricing avax`) or readable now is
 * used, canonical prices are recomputed, and every swap and trade valuation of
 * those blocks is replaced. Running it twice leaves the same rows; a swap that
 * was ERROR for want of a price is valued once the price exists.
 *
 * @example
 * ```ts
 * const result = await updatePricing({ model, db, from: 58_219_691n, to: 58_230_000n })
 * console.log(`${result.fixed} detail rows valued now`)
 * ```
 */
export async function updatePricing(parameters: UpdatePricingParameters): Promise<UpdatePricingProgress> {
  const { model, db, from, to } = parameters
  const chunk = BigInt(parameters.chunkSize ?? 1_000)
  const progress: UpdatePricingProgress = {
    lastBlock: from - 1n,
    blocks: 0,
    swaps: 0,
    fixed: 0,
    errors: 0,
    canonicalPrices: 0,
  }
  const rangeOf = (start: bigint) => ({ from: start, to: start + chunk - 1n < to ? start + chunk - 1n : to })
  // The next chunk's swaps and trades are read while this one is priced and written (the read
  // does not depend on valuations, so it may run ahead).
  const read = (start: bigint) => {
    const reading = readBlocksForPricing(db, rangeOf(start))
    reading.catch(() => {}) // awaited below; a failure is thrown there, not left unhandled
    return reading
  }
  let next = from <= to ? read(from) : undefined
  // Chunk k is written while chunk k + 1 is priced (its pricing reads chunk k from memory,
  // `pending`); writes stay in order, one at a time.
  let writing: Promise<void> | undefined
  let pending: PendingPricing | undefined
  // Progress is reported once a chunk's rows are written.
  let unreported: UpdatePricingProgress | undefined
  const written = async () => {
    await writing
    if (unreported !== undefined) parameters.onProgress?.(unreported)
    unreported = undefined
  }
  try {
    for (let start = from; start <= to; start += chunk) {
      const end = rangeOf(start).to
      const blocks = await next!
      next = end < to ? read(end + 1n) : undefined
      if (blocks.length > 0) {
        const [before] = await db.query<{ n: string }>(
          `select count(*)::text as n from swap_valuation where block_number between $1 and $2 and method = 'ERROR'`,
          [start.toString(), end.toString()],
        )
        const { pricing, avaxUsd } = await priceRecords(model, db, blocks, pending)
        await storeResolvedAvaxUsd(model.pricing.shared, avaxUsd)
        await written()
        writing = writePricing(db, pricing)
        writing.catch(() => {}) // awaited before the next write and at the end
        pending = pendingPricing({ from: start, to: end }, blocks, pricing)
        const errors = pricing.swapValuations.filter((row) => row.method === 'ERROR').length
        progress.blocks += blocks.length
        progress.swaps += blocks.reduce((sum, block) => sum + block.poolSwaps.length, 0)
        progress.fixed += Math.max(0, Number(before?.n ?? 0) - errors)
        progress.errors += errors
        progress.canonicalPrices += pricing.canonicalPrices.length
      }
      progress.lastBlock = end
      unreported = { ...progress }
      if (blocks.length === 0) await written() // nothing to price meanwhile
    }
  } finally {
    await written()
  }
  return progress
}
