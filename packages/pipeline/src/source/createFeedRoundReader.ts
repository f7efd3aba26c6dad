import type { FeedRound, ReadFeedRound } from '@idx/pricing'
import { type Address, type PublicClient, parseAbi, BaseError as ViemBaseError } from 'viem'

const feedAbi = parseAbi([
  'function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
  'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
])

export type CreateFeedRoundReaderParameters = {
  /** A viem client of the model's RPC source. */
  client: Pick<PublicClient, 'getLogs' | 'readContract'>
  /** The source's name, for messages. */
  sourceName: string
  /** The first look-back window of `eth_getLogs`, doubled until an update is found (default 10,000 blocks). */
  lookbackBlocks?: number | undefined
}

/** What is known of one feed: its last update at or before `checkedTo` (none: `round` undefined). */
type Known = { checkedTo: bigint; round: (FeedRound & { blockNumber: bigint }) | undefined }

/**
 * Reads a Chainlink feed's answer as of a block from its `AnswerUpdated`
 * events — the answer as of block B is the last update at or before B — so
 * a node that keeps logs but not old state (most nodes are not archive
 * nodes) values old swaps. The last update before a block is found with
 * `eth_getLogs` over windows that double (from 10,000 blocks) back to block
 * 0, and what was found is kept: a later block costs one `eth_getLogs` over
 * the blocks since.
 *
 * A feed address that emits no `AnswerUpdated` (a proxy: its aggregator
 * emits them) is read with `latestRoundData` at the block instead, which
 * needs the node to hold that block's state; where it does not, the read
 * fails with "the node has no state for block N: configure the aggregator
 * address, or use an archive node".
 */
export function createFeedRoundReader(parameters: CreateFeedRoundReaderParameters): ReadFeedRound {
  const { client, sourceName } = parameters
  const firstWindow = BigInt(parameters.lookbackBlocks ?? 10_000)
  const known = new Map<string, Known>()

  const lastUpdate = async (feed: Address, from: bigint, to: bigint) => {
    const logs = await client.getLogs({
      address: feed,
      event: feedAbi[1],
      fromBlock: from,
      toBlock: to,
      strict: true,
    })
    const last = logs.at(-1) // eth_getLogs answers in block and log order
    if (last === undefined) return undefined
    return {
      blockNumber: last.blockNumber,
      answer: last.args.current,
      roundId: last.args.roundId,
      updatedAt: last.args.updatedAt,
    }
  }

  const fromEvents = async (feed: Address, block: bigint): Promise<Known> => {
    const cached = known.get(feed)
    if (cached !== undefined && block > cached.checkedTo) {
      // Only the blocks since the last look.
      const update = await lastUpdate(feed, cached.checkedTo + 1n, block)
      const next = { checkedTo: block, round: update ?? cached.round }
      known.set(feed, next)
      return next
    }
    // The last update up to `checkedTo` is at or before `block`: nothing changed between.
    if (cached !== undefined && (cached.round === undefined || cached.round.blockNumber <= block))
      return cached
    let to = block
    for (let window = firstWindow; ; window *= 2n) {
      const from = to - window + 1n > 0n ? to - window + 1n : 0n
      const update = await lastUpdate(feed, from, to)
      if (update !== undefined || from === 0n) {
        const found = { checkedTo: block, round: update }
        if (cached === undefined) known.set(feed, found) // else the cache knows later blocks: keep it
        return found
      }
      to = from - 1n
    }
  }

  return async ({ feed, blockNumber }) => {
    const address = feed as Address
    const { round } = await fromEvents(address, blockNumber)
    if (round !== undefined)
      return { answer: round.answer, roundId: round.roundId, updatedAt: round.updatedAt }
    return readState(client, sourceName, address, blockNumber)
  }
}

/** `latestRoundData` at the block: for a feed address that emits no events (a proxy). */
async function readState(
  client: Pick<PublicClient, 'readContract'>,
  sourceName: string,
  feed: Address,
  blockNumber: bigint,
): Promise<FeedRound | undefined> {
  try {
    const [roundId, answer, , updatedAt] = await client.readContract({
      address: feed,
      abi: feedAbi,
      functionName: 'latestRoundData',
      blockNumber,
    })
    return { roundId, answer, updatedAt }
  } catch (error) {
    const message = error instanceof ViemBaseError ? error.shortMessage : ''
    const details = error instanceof ViemBaseError ? error.details : ''
    // A feed with no round yet reverts ("No data present"), and before it is deployed it returns
    // nothing: that is no answer at that block, not a failed read.
    if (/revert|returned no data/i.test(message)) return undefined
    // A node that pruned the block's state: Avalanche's "Invalid parameters were provided to the RPC
    // method", geth's "missing trie node", others' "header not found" / "state … not available".
    if (
      /invalid param|missing trie node|header not found|state.{0,40}(not available|pruned|unavailable)/i.test(
        `${message} ${details}`,
      )
    )
      throw new Error(
        `latestRoundData through the source "${sourceName}": the node has no state for block ${blockNumber}: configure the aggregator address (the feed's AnswerUpdated events are read from it), or use an archive node.`,
      )
    // viem's full message names the URL, which may carry a key: keep the short message only.
    throw new Error(`latestRoundData through the source "${sourceName}": ${message || 'the call failed'}`)
  }
}
