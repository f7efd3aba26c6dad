import { type ModelDb, processedRange } from '@idx/model-db'
import type { IndexerModel } from './loadIndexerModel'
import { type UpdatePricingProgress, updatePricing } from './updatePricing'

export type RepriceFromParameters = {
  model: Pick<IndexerModel, 'pricing' | 'trackedContracts'>
  db: Pick<ModelDb, 'query' | 'transaction'>
  /** The first block whose stored swaps changed after later blocks were priced. */
  from: bigint
}

/**
 * Prices the stored blocks from `from` through the last done block again, in
 * block order, when a done block lies after `from`: what a block processed
 * after later ones calls for (`idx process block`, `idx process retry-failed`)
 * — the later blocks' canonical prices, and the GLOBAL values taken from them,
 * were computed without its swaps.
 *
 * @returns what `updatePricing` did, or `undefined` when no done block lies after `from`.
 *
 * @example
 * ```ts
 * await processBatch({ model, db, blocks }) // block 61090576, failed before
 * await repriceFrom({ model, db, from: 61_090_576n })
 * ```
 */
export async function repriceFrom(
  parameters: RepriceFromParameters,
): Promise<UpdatePricingProgress | undefined> {
  const range = await processedRange(parameters.db)
  if (range === undefined || range.to <= parameters.from) return undefined
  return updatePricing({ ...parameters, to: range.to })
}
