import { expect, test } from 'vitest'
import { ALICE, AVAX_USD_AGGREGATOR, CHAIN_ID } from '../_test/avalanche'
import { createTestBlock, testTrackedContracts } from '../_test/blocks'
import { chainlinkAggregatorAbi } from '../abi/abis'
import { decodeBlockLogs } from '../decode/decodeBlockLogs'
import { toFeedAnswers } from './toFeedAnswers'

test('default: AnswerUpdated of the AVAX/USD aggregator (8 decimals)', () => {
  const block = createTestBlock()
  const transaction = block.transaction({ from: ALICE, to: AVAX_USD_AGGREGATOR })
  transaction
    .log(AVAX_USD_AGGREGATOR, chainlinkAggregatorAbi, 'NewRound', {
      roundId: 7n,
      startedBy: ALICE,
      startedAt: 1_733_000_000n,
    })
    .log(AVAX_USD_AGGREGATOR, chainlinkAggregatorAbi, 'AnswerUpdated', {
      current: 2_512_345_678n,
      roundId: 7n,
      updatedAt: 1_733_000_000n,
    })
  const built = block.build()
  expect(
    toFeedAnswers({
      chainId: CHAIN_ID,
      block: built,
      events: decodeBlockLogs(built, testTrackedContracts()).events,
    }),
  ).toEqual([
    {
      id: `43114:${transaction.hash}:1:feed_answer`,
      chainId: 43114,
      blockNumber: 63269916n,
      blockTimestamp: 1_733_000_000n,
      transactionHash: transaction.hash,
      transactionIndex: 0,
      logIndex: 1,
      kind: 'feed_answer',
      aggregator: AVAX_USD_AGGREGATOR,
      answer: 2_512_345_678n,
      roundId: 7n,
      updatedAt: 1_733_000_000n,
    },
  ])
})
