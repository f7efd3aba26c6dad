import type { AvaxUsdPrice, FeedRound } from './avaxUsd'
import type { ModelPricingSetup } from './modelPricingSetup'
import { scaleFeedAnswer } from './scaleFeedAnswer'

/**
 * AVAX/USD as of a block from the feed's round then (DESIGN.md, "Pricing"):
 * the answer scaled by the feed's decimals, `stale` when the round is older
 * than the feed's heartbeat allows at the block's time.
 *
 * @example
 * ```ts
 * avaxUsdAt({ number: 100n, timestamp: 1_000n }, { answer: 2_512_345_678n, roundId: 7n, updatedAt: 990n }, feed)
 * // { price: '25.12345678', blockNumber: 100n, stale: false, ageSeconds: 10, answer: 2512345678n, roundId: 7n, updatedAt: 990n }
 * ```
 */
export function avaxUsdAt(
  block: { number: bigint; timestamp: bigint },
  round: FeedRound,
  feed: NonNullable<ModelPricingSetup['feed']>,
): AvaxUsdPrice {
  const ageSeconds = Number(block.timestamp - round.updatedAt)
  return {
    price: scaleFeedAnswer(round.answer, feed.decimals),
    blockNumber: block.number,
    stale: ageSeconds > feed.heartbeatSeconds,
    ageSeconds,
    answer: round.answer,
    roundId: round.roundId,
    updatedAt: round.updatedAt,
  }
}
