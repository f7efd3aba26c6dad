import { setTimeout as sleep } from 'node:timers/promises'
import {
  deleteBlocksFrom,
  doneBlockNumbers,
  getProcessedHeader,
  lastProcessedBlock,
  type ModelDb,
} from '@idx/model-db'
import { deleteAvaxUsdPricesFrom } from '@idx/shared-db'
import type { BlockSource } from '../source/types'
import { toBatchRange } from './batchRange'
import { BlockProcessingError, ConfigurationChangedError } from './errors'
import type { IndexerModel } from './loadIndexerModel'
import { processBatch, type Timings } from './processBatch'

export type Reorg = {
  /** The first orphaned block (all blocks from it on were rolled back). */
  from: bigint
  /** How many processed blocks were orphaned (rolled back). */
  depth: number
}

export type FollowParameters = {
  model: IndexerModel
  db: Pick<ModelDb, 'query' | 'transaction'>
  source: BlockSource
  /** Where to start when nothing is processed yet (default: the model's start block). */
  startBlock?: bigint | undefined
  /** How long to wait for new blocks. Default 2 s. */
  pollMs?: number | undefined
  /** Most blocks per fetch and write. Default 100. */
  batchSize?: number | undefined
  /**
   * The unfinalized tail: how far back a reorg may reach before following
   * gives up, and how many of the latest headers the follower keeps to find
   * where the chain forked. Default 1,000 blocks — Avalanche C-Chain
   * finalises a block within seconds (no reorg past an accepted block), so
   * this is a wide margin for nodes that serve blocks before acceptance.
   */
  maxReorgDepth?: number | undefined
  /** Stops following. */
  signal?: AbortSignal | undefined
  /** Called after each written batch. */
  onBlocks?:
    | ((event: { from: bigint; to: bigint; head: bigint; logs: number; failed: number }) => void)
    | undefined
  onReorg?: ((reorg: Reorg) => void) | undefined
  /** Stop once this block is processed (tests, catch-up runs). */
  until?: bigint | undefined
  /**
   * Reloads the model when an import changed its configuration: following
   * goes on with the new one. Without it, a {@link ConfigurationChangedError}
   * stops following (no block of the batch is written).
   */
  reloadModel?: (() => Promise<IndexerModel>) | undefined
  /** Called when the model was reloaded. */
  onReload?:
    | ((event: { model: string; from: number; to: number; block: bigint | undefined }) => void)
    | undefined
}

/**
 * Follows the chain head: polls for new blocks, checks each new block's
 * parent hash against the stored previous block, and when they differ (the
 * chain reorganised) rolls back the orphaned blocks' rows — down to the
 * newest stored block the chain still has — and processes the new branch.
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * process.on('SIGINT', () => controller.abort())
 * await follow({ model, db, source, signal: controller.signal })
 * ```
 */
export async function follow(
  parameters: FollowParameters,
): Promise<{ timings: Timings; model: IndexerModel }> {
  const { db, source, signal } = parameters
  let model = parameters.model
  const timings: Timings = { fetchMs: 0, transformMs: 0, priceMs: 0, writeMs: 0 }
  const batchSize = BigInt(parameters.batchSize ?? 100)
  /** The hashes of the tail's blocks this follower processed (empty blocks have no row to hold them). */
  const tail = new Map<bigint, string>()
  const depth = BigInt(parameters.maxReorgDepth ?? 1_000)
  while (!signal?.aborted) {
    // The last block processed: a block's row, or the end of a range a backfill processed.
    const stored = await lastProcessedBlock(db)
    // Its hash: stored with it, or kept by this follower (a range ending in an empty block has none).
    const last =
      stored === undefined
        ? undefined
        : { number: stored.number, hash: stored.hash ?? tail.get(stored.number) }
    if (parameters.until !== undefined && last !== undefined && last.number >= parameters.until) break
    const head = await source.getHead()
    const next = last === undefined ? (parameters.startBlock ?? model.model.startBlock) : last.number + 1n
    if (next > head) {
      if (
        last?.hash !== undefined &&
        (await rollBackIfOrphaned(parameters, { ...last, hash: last.hash }, tail))
      )
        continue
      await sleep(parameters.pollMs ?? 2_000, undefined, { signal }).catch(() => {})
      continue
    }
    let to = next + batchSize - 1n
    if (to > head) to = head
    if (parameters.until !== undefined && to > parameters.until) to = parameters.until
    const started = performance.now()
    const blocks = await source.getBlocks({ from: next, to, addresses: model.addresses })
    timings.fetchMs += performance.now() - started
    // The new blocks must extend what is stored, and each other.
    let expected = last?.hash
    const linked = blocks.every((block) => {
      const ok = expected === undefined || block.parentHash === expected
      expected = block.hash
      return ok
    })
    if (!linked) {
      if (
        last?.hash !== undefined &&
        (await rollBackIfOrphaned(parameters, { ...last, hash: last.hash }, tail))
      )
        continue
      // The source moved while we fetched (or lags behind what is stored): wait, then fetch again.
      await sleep(parameters.pollMs ?? 2_000, undefined, { signal }).catch(() => {})
      continue
    }
    let result: Awaited<ReturnType<typeof processBatch>>
    try {
      // Rows for the blocks with logs, a range for all; the range's end keeps the hash of `to` (the
      // follower fetched every header), so a follower started again can check what comes next.
      result = await processBatch({ model, db, blocks, range: toBatchRange(next, to, blocks) }, timings)
    } catch (error) {
      if (!(error instanceof ConfigurationChangedError) || parameters.reloadModel === undefined) throw error
      const from = model.model.generation
      model = await parameters.reloadModel()
      if (model.model.generation < error.to) throw error
      parameters.onReload?.({ model: error.model, from, to: model.model.generation, block: error.block })
      continue // fetch the batch again, for the new configuration's contracts
    }
    for (const block of blocks) tail.set(block.number, block.hash)
    for (const number of tail.keys()) if (number <= to - depth) tail.delete(number)
    parameters.onBlocks?.({ from: next, to, head, logs: result.logs, failed: result.failed.length })
  }
  return { timings, model }
}

/**
 * If the chain no longer has the stored block `last`, finds the newest stored
 * block it still has and deletes everything after it (and the AVAX/USD prices
 * stored for those block numbers). Returns whether it rolled back.
 */
async function rollBackIfOrphaned(
  parameters: FollowParameters,
  last: { number: bigint; hash: string },
  tail: ReadonlyMap<bigint, string>,
): Promise<boolean> {
  const { db, source } = parameters
  const onChain = await source.getHeader(last.number)
  if (onChain === undefined || onChain.hash === last.hash) return false
  const floor = last.number - BigInt(parameters.maxReorgDepth ?? 1_000)
  const done = await doneBlockNumbers(db, { from: floor > 0n ? floor : 0n, to: last.number })
  let n = last.number - 1n
  for (; n >= 0n && n > floor; n--) {
    // A block's hash: kept from this run, or its row (a block with logs). An empty block
    // processed before this run has neither: the walk goes on to one that has.
    const stored = tail.get(n) ?? (await getProcessedHeader(db, n))?.hash
    if (stored === undefined) {
      if (done.has(n)) continue
      break // nothing processed below: roll back to here
    }
    const chain = await source.getHeader(n)
    if (chain !== undefined && chain.hash === stored) break
  }
  if (n <= floor)
    throw new BlockProcessingError(
      `The chain reorganised deeper than ${parameters.maxReorgDepth ?? 1_000} blocks below block ${last.number}.`,
      { details: ['Check the source; to start over from an earlier block, reset the model database.'] },
    )
  await deleteBlocksFrom(db, n + 1n)
  const depth = Number(last.number - n)
  // AVAX/USD stored for the orphaned blocks is not the new blocks' (the shared database keeps it by number).
  await deleteAvaxUsdPricesFrom(parameters.model.pricing.shared, {
    chainId: parameters.model.chainId,
    from: n + 1n,
  })
  parameters.onReorg?.({ from: n + 1n, depth })
  return true
}
