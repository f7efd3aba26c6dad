import type { ModelPricingSetup, ReadFeedRound } from '@idx/pricing'
import type { SharedDb } from '@idx/shared-db'
import type { Address } from 'viem'
import { createTrackedContracts } from '../decode/createTrackedContracts'
import { resolveAvaxUsd, storeResolvedAvaxUsd } from '../pricing/resolveAvaxUsd'
import type { BlockSource } from '../source/types'
import { transformBlock } from '../transform/transformBlock'
import { ModelSetupError } from './errors'

export type BackfillAvaxUsdParameters = {
  shared: Pick<SharedDb, 'query'>
  setup: Pick<ModelPricingSetup, 'chainId' | 'feed'>
  /** Where block headers and the feed's logs come from. */
  source: BlockSource
  /** Reads the feed at a block (an RPC source's `readFeedRound`); without it only the feed's events count. */
  readFeedRound?: ReadFeedRound | undefined
  from: bigint
  to: bigint
  /** Blocks per fetch. Default 500. */
  chunkSize?: number | undefined
  onProgress?: ((progress: BackfillAvaxUsdProgress) => void) | undefined
}

export type BackfillAvaxUsdProgress = {
  lastBlock: bigint
  /** Blocks that already had a stored price. */
  reused: number
  /** Blocks stored now. */
  stored: number
  /** Blocks with no price, and why (the first few). */
  missing: number
  reasons: string[]
  /** The blocks with no price, as runs of consecutive blocks (both ends included), in block order. */
  missingBlocks: { from: bigint; to: bigint }[]
  /** Blocks stored now whose answer was stale. */
  stale: number
  /** `latestRoundData` reads made. */
  reads: number
}

/**
 * Stores the AVAX/USD price of every block `from`..`to` in the shared
 * database (`idx pricing avax`): stored prices are reused; the others come
 * from the feed's `AnswerUpdated` events in each chunk and reads at the
 * chunk's ends (every block read on its own when the events do not account for
 * the answers — a proxy's address). A block whose price cannot be read gets no
 * row.
 */
export async function backfillAvaxUsd(
  parameters: BackfillAvaxUsdParameters,
): Promise<BackfillAvaxUsdProgress> {
  const { setup, source, from, to } = parameters
  const feed = setup.feed
  if (feed === undefined)
    throw new ModelSetupError(
      'The shared database has no avax_usd price feed: add one to the shared file and import it.',
    )
  const chunk = BigInt(parameters.chunkSize ?? 500)
  const tracked = createTrackedContracts([{ address: feed.address as Address, type: 'chainlink_aggregator' }])
  const progress: BackfillAvaxUsdProgress = {
    lastBlock: from - 1n,
    reused: 0,
    stored: 0,
    missing: 0,
    reasons: [],
    missingBlocks: [],
    stale: 0,
    reads: 0,
  }
  for (let start = from; start <= to; start += chunk) {
    const end = start + chunk - 1n < to ? start + chunk - 1n : to
    const blocks = await source.getBlocks({ from: start, to: end, addresses: [feed.address as Address] })
    const answers = blocks.flatMap(
      (block) => transformBlock({ chainId: setup.chainId, block, trackedContracts: tracked }).feedAnswers,
    )
    const resolved = await resolveAvaxUsd({
      shared: parameters.shared,
      setup,
      blocks,
      events: { from: start, to: end, answers },
      readRound: parameters.readFeedRound,
    })
    await storeResolvedAvaxUsd(parameters.shared, resolved)
    progress.reused += resolved.counts.stored
    progress.stored += resolved.fresh.length
    progress.stale += resolved.fresh.filter((row) => row.stale).length
    progress.reads += resolved.counts.reads
    progress.missing += resolved.missing.size
    for (const reason of resolved.missing.values())
      if (progress.reasons.length < 3 && !progress.reasons.includes(reason)) progress.reasons.push(reason)
    const missing = [...resolved.missing.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const block of missing) {
      const run = progress.missingBlocks.at(-1)
      if (run !== undefined && run.to + 1n === block) run.to = block
      else progress.missingBlocks.push({ from: block, to: block })
    }
    progress.lastBlock = end
    parameters.onProgress?.({
      ...progress,
      reasons: [...progress.reasons],
      missingBlocks: progress.missingBlocks.map((run) => ({ ...run })),
    })
  }
  return progress
}
