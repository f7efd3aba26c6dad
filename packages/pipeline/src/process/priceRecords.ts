import { type BlockRecord, latestFeedAnswerBefore, type ModelDb, type PricingRecord } from '@idx/model-db'
import type { PendingPricing, PricingBlock } from '@idx/pricing'
import { priceBlocks, type ResolveAvaxUsdReturnType, resolveAvaxUsd } from '@idx/pricing'
import type { IndexerModel } from './loadIndexerModel'

export type PriceRecordsReturnType = {
  pricing: PricingRecord
  /** AVAX/USD prices read or derived for these blocks, to store in the shared database. */
  avaxUsd: ResolveAvaxUsdReturnType
}

/**
 * Prices consecutive block records of a model: AVAX/USD at each block with
 * swaps (stored, from the feed's events in these blocks when the model tracks
 * the feed, or read), then every swap, trade and the canonical prices.
 */
export async function priceRecords(
  model: Pick<IndexerModel, 'pricing' | 'trackedContracts'>,
  db: Pick<ModelDb, 'query'>,
  records: readonly (PricingBlock & { feedAnswers?: BlockRecord['feedAnswers'] | undefined })[],
  /** The previous blocks' pricing while it is being written (see `priceBlocks`). */
  pending?: PendingPricing,
  /**
   * The first block of the run the records are the blocks with logs of (a
   * batch's processed range): the feed's events are complete from there, as
   * a block without logs holds no `AnswerUpdated`.
   */
  coveredFrom?: bigint,
): Promise<PriceRecordsReturnType> {
  const { setup, shared, readFeedRound } = model.pricing
  const withSwaps = records.filter((record) => record.poolSwaps.length > 0)
  const feed = setup.feed?.address
  // Events count only for blocks whose feed logs were fetched: records from a source, not re-read rows.
  const tracksFeed =
    feed !== undefined &&
    model.trackedContracts.has(feed as `0x${string}`) &&
    records.every((record) => record.feedAnswers !== undefined)
  const first = coveredFrom !== undefined && records.length > 0 ? coveredFrom : records[0]?.header.number
  const last = records.at(-1)?.header.number
  const events =
    tracksFeed && first !== undefined && last !== undefined && withSwaps.length > 0
      ? {
          from: first,
          to: last,
          answers: records.flatMap((record) => record.feedAnswers ?? []),
          // The answer before these blocks, from the model's own complete record of the feed's events.
          before: await latestFeedAnswerBefore(db, { aggregator: feed, before: first }),
        }
      : undefined
  const avaxUsd = await resolveAvaxUsd({
    shared,
    setup,
    blocks: withSwaps.map((record) => record.header),
    events,
    readRound: readFeedRound,
  })
  const pricing = await priceBlocks({
    setup,
    blocks: records,
    avaxUsd: avaxUsd.prices,
    avaxUsdMissing: avaxUsd.missing,
    db,
    pending,
  })
  return { pricing, avaxUsd }
}
