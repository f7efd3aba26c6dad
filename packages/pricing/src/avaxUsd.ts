import type { AvaxUsdAtBlock } from './types'

/** A Chainlink round as `latestRoundData` returns it (the fields pricing uses). */
export type FeedRound = { answer: bigint; roundId: bigint; updatedAt: bigint }

/**
 * Reads the feed's `latestRoundData` as of a block (state after the block);
 * resolves `undefined` when the feed has no round there. Throws when the read
 * fails — the block then has no price.
 */
export type ReadFeedRound = (parameters: {
  feed: string
  blockNumber: bigint
}) => Promise<FeedRound | undefined>

/** An `AnswerUpdated` event of a feed, as the model database holds it. */
export type FeedAnswerEvent = {
  blockNumber: bigint
  logIndex: number
  aggregator: string
  answer: bigint
  roundId: bigint
  updatedAt: bigint
}

/** AVAX/USD at a block, with the raw round it comes from. */
export type AvaxUsdPrice = AvaxUsdAtBlock & { answer: bigint; roundId: bigint; updatedAt: bigint }
