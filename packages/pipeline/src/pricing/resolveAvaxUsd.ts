import {
  type AvaxUsdPrice,
  avaxUsdAt,
  type FeedAnswerEvent,
  type FeedRound,
  type ModelPricingSetup,
  type ReadFeedRound,
} from '@idx/pricing'
import type { AvaxUsdPriceRow, SharedDb, StoredAvaxUsdPrice } from '@idx/shared-db'
import { findAvaxUsdPrices, storeAvaxUsdPrices } from '@idx/shared-db'

export type ResolveAvaxUsdParameters = {
  shared: Pick<SharedDb, 'query'>
  setup: Pick<ModelPricingSetup, 'chainId' | 'feed'>
  /** The blocks that need a price (number and time), any order. */
  blocks: readonly { number: bigint; timestamp: bigint }[]
  /**
   * The feed's `AnswerUpdated` events of every block `events.from`..`events.to`
   * (the blocks being processed). Only events of the feed's own address count.
   * `before`: the feed's answer as of `from - 1`, when known for certain (the
   * model's recorded answers up to there are complete); else it is read.
   */
  events?:
    | { from: bigint; to: bigint; answers: readonly FeedAnswerEvent[]; before?: FeedRound | undefined }
    | undefined
  /** Reads the feed at a block (through an RPC source); without it only stored prices and events are used. */
  readRound?: ReadFeedRound | undefined
}

export type ResolveAvaxUsdReturnType = {
  /** The price at each block that has one. */
  prices: Map<bigint, AvaxUsdPrice>
  /** Why each block without a price has none. */
  missing: Map<bigint, string>
  /** Prices read or derived now (not yet in the shared database): what {@link storeResolvedAvaxUsd} stores. */
  fresh: AvaxUsdPriceRow[]
  /** How many blocks came from the shared database, from events, from reads. */
  counts: { stored: number; events: number; reads: number }
}

/**
 * AVAX/USD as of each block: the Chainlink feed's answer after the block
 * (DESIGN.md, "Pricing"), `stale` when older than the feed's heartbeat.
 *
 * Stored prices are reused. The others come from the feed's `AnswerUpdated`
 * events in the blocks being processed (an answer holds until the next one),
 * starting from one `latestRoundData` read before the first event; the last
 * block is read too and must agree with the events — when it does not (the
 * configured address is a proxy, whose aggregator emits the events, or the
 * events are incomplete), every block is read on its own. A block whose price
 * cannot be read is missing, with the reason — never a placeholder.
 */
export async function resolveAvaxUsd(
  parameters: ResolveAvaxUsdParameters,
): Promise<ResolveAvaxUsdReturnType> {
  const { setup, readRound } = parameters
  const blocks = [...new Map(parameters.blocks.map((b) => [b.number, b])).values()].sort((a, b) =>
    a.number < b.number ? -1 : a.number > b.number ? 1 : 0,
  )
  const result: ResolveAvaxUsdReturnType = {
    prices: new Map(),
    missing: new Map(),
    fresh: [],
    counts: { stored: 0, events: 0, reads: 0 },
  }
  const feed = setup.feed
  if (feed === undefined) {
    for (const block of blocks)
      result.missing.set(block.number, 'The shared configuration names no avax_usd price feed.')
    return result
  }
  const stored = await findAvaxUsdPrices(parameters.shared, {
    chainId: setup.chainId,
    blocks: blocks.map((b) => b.number),
  })
  const accept = (block: { number: bigint; timestamp: bigint }, round: FeedRound, fresh: boolean) => {
    const price = avaxUsdAt(block, round, feed)
    result.prices.set(block.number, price)
    if (fresh)
      result.fresh.push({
        chainId: setup.chainId,
        blockNumber: block.number,
        answer: round.answer,
        decimals: feed.decimals,
        roundId: round.roundId,
        answeredAt: round.updatedAt,
        blockTime: block.timestamp,
        stale: price.stale,
      })
  }
  const fromStored = (block: { number: bigint; timestamp: bigint }, row: StoredAvaxUsdPrice) =>
    accept(block, { answer: row.answer, roundId: row.roundId, updatedAt: row.answeredAt }, false)

  const todo: { number: bigint; timestamp: bigint }[] = []
  for (const block of blocks) {
    const row = stored.get(block.number)
    if (row === undefined) todo.push(block)
    else {
      fromStored(block, row)
      result.counts.stored++
    }
  }
  if (todo.length === 0) return result

  const read = async (block: { number: bigint }): Promise<FeedRound | string> => {
    if (readRound === undefined)
      return (
        `No AVAX/USD price is stored for block ${block.number} and the model has no RPC source to read ` +
        `the feed ${feed.address} (run idx pricing avax over this block).`
      )
    try {
      result.counts.reads++
      return (
        (await readRound({ feed: feed.address, blockNumber: block.number })) ??
        `The feed ${feed.address} had no answer yet at block ${block.number}.`
      )
    } catch (error) {
      return `Reading the feed ${feed.address} at block ${block.number} failed: ${(error as Error).message}`
    }
  }
  const settle = (block: { number: bigint; timestamp: bigint }, round: FeedRound | string | undefined) => {
    if (round === undefined) return
    if (typeof round === 'string') result.missing.set(block.number, round)
    else accept(block, round, true)
  }

  const events = parameters.events
  const covered =
    events === undefined ? [] : todo.filter((b) => b.number >= events.from && b.number <= events.to)
  const uncovered =
    events === undefined ? todo : todo.filter((b) => b.number < events.from || b.number > events.to)

  if (covered.length > 0 && events !== undefined) {
    const answers = events.answers
      .filter((a) => a.aggregator.toLowerCase() === feed.address)
      .sort((a, b) =>
        a.blockNumber < b.blockNumber ? -1 : a.blockNumber > b.blockNumber ? 1 : a.logIndex - b.logIndex,
      )
    const first = covered[0]!
    const last = covered[covered.length - 1]!
    // The state before the first event holds from the start of the blocks to it: one read.
    let base: FeedRound | string | undefined
    if (answers.length === 0 || first.number < answers[0]!.blockNumber)
      base = events.before ?? (await read(first))
    const roundAt = (number: bigint): FeedRound | string | undefined => {
      let found: FeedAnswerEvent | undefined
      for (const answer of answers) {
        if (answer.blockNumber > number) break
        found = answer
      }
      return found ?? base
    }
    // The events must account for every change up to the last block.
    const expected = roundAt(last.number)
    let consistent = typeof expected !== 'string' && expected !== undefined
    if (consistent && (last !== first || answers.length > 0)) {
      const check = await read(last)
      consistent =
        typeof check !== 'string' && check !== undefined && check.roundId === (expected as FeedRound).roundId
    }
    if (consistent || readRound === undefined) {
      for (const block of covered) {
        const round = roundAt(block.number)
        if (typeof round !== 'string' && round !== undefined) result.counts.events++
        settle(block, round ?? `No AVAX/USD answer is known at block ${block.number}.`)
      }
    } else uncovered.push(...covered)
  }
  const rounds = await Promise.all(uncovered.map((block) => read(block)))
  for (const [i, block] of uncovered.entries()) settle(block, rounds[i])
  return result
}

/** Stores the prices {@link resolveAvaxUsd} read or derived (the shared database keeps them per block). */
export async function storeResolvedAvaxUsd(
  shared: Pick<SharedDb, 'query'>,
  resolved: Pick<ResolveAvaxUsdReturnType, 'fresh'>,
): Promise<void> {
  await storeAvaxUsdPrices(shared, resolved.fresh)
}
