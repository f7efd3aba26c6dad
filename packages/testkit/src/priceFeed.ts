import type { Address, BlockNumber, BlockTag, Hash } from 'viem'
import { testAggregatorAbi, write } from './contracts'
import { anvilAccounts, type TestkitClient } from './createTestkitClient'

export type UpdateAnswerParameters = {
  aggregator: Address
  /** The new answer in the feed's decimals (8 for AVAX/USD: `26_50000000n` is 26.5 USD). */
  answer: bigint
  /**
   * `updatedAt` (and `startedAt`) of the new round; default the block's timestamp. An
   * older value makes a stale feed.
   */
  updatedAt?: bigint | undefined
  from?: Address | undefined
}

/**
 * Sets a new answer on a `TestAggregator` — a new round, with `NewRound` then
 * `AnswerUpdated(current, roundId, updatedAt)`.
 *
 * @example
 * ```ts
 * // an answer last updated two hours before the block it lands in
 * const block = await client.getBlock()
 * await updateAnswer(client, { aggregator, answer: 25_00000000n, updatedAt: block.timestamp - 7200n })
 * ```
 */
export function updateAnswer(client: TestkitClient, parameters: UpdateAnswerParameters): Promise<Hash> {
  const from = parameters.from ?? anvilAccounts[0]
  return parameters.updatedAt === undefined
    ? write(client, {
        address: parameters.aggregator,
        abi: testAggregatorAbi,
        functionName: 'updateAnswer',
        args: [parameters.answer],
        from,
      })
    : write(client, {
        address: parameters.aggregator,
        abi: testAggregatorAbi,
        functionName: 'updateAnswerWithTimestamp',
        args: [parameters.answer, parameters.updatedAt],
        from,
      })
}

export type RoundData = {
  roundId: bigint
  answer: bigint
  startedAt: bigint
  updatedAt: bigint
  answeredInRound: bigint
}

/** `latestRoundData()` of a Chainlink-style feed, at a block (default latest). */
export async function readLatestRoundData(
  client: TestkitClient,
  parameters: { aggregator: Address; blockNumber?: BlockNumber | undefined; blockTag?: BlockTag | undefined },
): Promise<RoundData> {
  const [roundId, answer, startedAt, updatedAt, answeredInRound] = await client.readContract({
    address: parameters.aggregator,
    abi: testAggregatorAbi,
    functionName: 'latestRoundData',
    ...(parameters.blockNumber === undefined
      ? { blockTag: parameters.blockTag ?? 'latest' }
      : { blockNumber: parameters.blockNumber }),
  })
  return { roundId, answer, startedAt, updatedAt, answeredInRound }
}
