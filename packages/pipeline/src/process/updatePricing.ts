import { type ModelDb, readBlocksForPricing, writePricing } from '@idx/model-db'
import { type PendingPricing, pendingPricing } from '../pricing/pendingPricing'
import { storeResolvedAvaxUsd } from '../pricing/resolveAvaxUsd'
import type { IndexerModel } from './loadIndexerModel'
import { priceRecords } from './priceRecords'
import { type PricingChunk, pricingChunks } from './pricingChunks'

export type UpdatePricingParameters = {
  model: Pick<IndexerModel, 'pricing' | 'trackedContracts'>
  db: Pick<ModelDb, 'query' | 'transaction'>
  /** The first block, inclusive. */
  from: bigint
  /** The last block, inclusive. */
  to: bigint
  /**
   * Blocks per read and per write transaction. Default 1,000 (measured: a little faster than 500
   * or 2,000 with the next chunk read and the last one written meanwhile); the first and last
   * three chunks are smaller (see `pricingChunks`).
   */
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
  let progress: UpdatePricingProgress = {
    lastBlock: from - 1n,
    blocks: 0,
    swaps: 0,
    fixed: 0,
    errors: 0,
    canonicalPrices: 0,
  }
  const chunks = pricingChunks(from, to, parameters.chunkSize ?? 1_000)
  // The next chunk's swaps and trades are read while this one is priced and written (the read
  // does not depend on valuations, so it may run ahead).
  const read = (chunk: PricingChunk | undefined) => {
    if (chunk === undefined) return undefined
    const reading = readBlocksForPricing(db, chunk)
    reading.catch(() => {}) // awaited below; a failure is thrown there, not left unhandled
    return reading
  }
  let next = read(chunks[0])
  // Chunk k is written while chunk k + 1 is priced (its pricing reads chunk k from memory,
  // `pending`); writes stay in order, one at a time. A chunk counts in the progress (and is
  // reported) once its rows are written.
  let writing: Promise<void> | undefined
  let pending: PendingPricing | undefined
  // Each chunk's counts are a value added to the progress once its rows are written.
  const report = (end: bigint, chunk?: Omit<UpdatePricingProgress, 'lastBlock'>) => {
    progress = chunk === undefined ? { ...progress, lastBlock: end } : addChunk(progress, end, chunk)
    parameters.onProgress?.({ ...progress })
  }
  try {
    for (let index = 0; index < chunks.length; index++) {
      const { from: start, to: end } = chunks[index]!
      const blocks = await next!
      next = read(chunks[index + 1])
      if (blocks.length === 0) {
        await writing // nothing to price meanwhile
        report(end)
        continue
      }
      const { pricing, avaxUsd } = await priceRecords(model, db, blocks, pending)
      await storeResolvedAvaxUsd(model.pricing.shared, avaxUsd)
      await writing
      const errors = pricing.swapValuations.filter((row) => row.method === 'ERROR').length
      const swaps = blocks.reduce((sum, block) => sum + block.poolSwaps.length, 0)
      const withSwaps = blocks.filter((block) => block.poolSwaps.length > 0).length
      writing = writePricing(db, pricing).then(({ replacedErrors }) =>
        report(end, {
          blocks: withSwaps,
          swaps,
          fixed: Math.max(0, replacedErrors - errors),
          errors,
          canonicalPrices: pricing.canonicalPrices.length,
        }),
      )
      writing.catch(() => {}) // awaited before the next write and at the end
      pending = pendingPricing({ from: start, to: end }, blocks, pricing)
    }
  } finally {
    await writing
  }
  return progress
}

/** The progress after a chunk ending at `end` was written (a new value). */
function addChunk(
  progress: UpdatePricingProgress,
  end: bigint,
  chunk: Omit<UpdatePricingProgress, 'lastBlock'>,
): UpdatePricingProgress {
  return {
    lastBlock: end,
    blocks: progress.blocks + chunk.blocks,
    swaps: progress.swaps + chunk.swaps,
    fixed: progress.fixed + chunk.fixed,
    errors: progress.errors + chunk.errors,
    canonicalPrices: progress.canonicalPrices + chunk.canonicalPrices,
  }
}
