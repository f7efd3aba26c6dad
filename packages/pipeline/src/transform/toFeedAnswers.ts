import type { SourceBlock } from '../block/types'
import type { DecodedEvent } from '../decode/types'
import { createEvent, eventBase } from './shared'
import type { FeedAnswer } from './types'

export type ToFeedAnswersParameters = {
  chainId: number
  block: Pick<SourceBlock, 'number' | 'timestamp'>
  /** Decoded events of the block (`decodeBlockLogs(…).events`); others than aggregator answers are ignored. */
  events: readonly DecodedEvent[]
}
export type ToFeedAnswersReturnType = FeedAnswer[]

/**
 * The new answers of Chainlink aggregators: each `AnswerUpdated`, with the raw
 * integer answer (scale it with the feed's decimals; 8 for AVAX/USD). Track
 * the aggregator behind a feed's proxy: the proxy emits no events.
 *
 * @example
 * ```ts
 * const { events } = decodeBlockLogs(block, trackedContracts)
 * toFeedAnswers({ chainId: 43114, block, events })
 * // [{ kind: 'feed_answer', answer: 2_512_345_678n, roundId: 7n, updatedAt: 1_733_000_000n, … }]
 * ```
 */
export function toFeedAnswers({ chainId, block, events }: ToFeedAnswersParameters): ToFeedAnswersReturnType {
  const answers: FeedAnswer[] = []
  for (const event of events) {
    if (event.contractType !== 'chainlink_aggregator' || event.eventName !== 'AnswerUpdated') continue
    const { current, roundId, updatedAt } = event.args
    answers.push(
      createEvent<FeedAnswer>(eventBase(chainId, block, event.log, 'feed_answer'), {
        kind: 'feed_answer',
        aggregator: event.contract.address,
        answer: current,
        roundId,
        updatedAt,
      }),
    )
  }
  return answers
}
