import type { Address, Hash } from 'viem'
import type { SourceBlock } from '../block/types'

/** The header of one block, as {@link BlockSource.getHeader} returns it. Hashes lowercase. */
export type BlockHeader = {
  number: bigint
  hash: Hash
  parentHash: Hash
  /** Seconds since the Unix epoch. */
  timestamp: bigint
}

/** A run of consecutive blocks, both ends inclusive. */
export type BlockRun = { from: bigint; to: bigint }

/** What {@link BlockSource.getBlocks} is asked for. */
export type GetBlocksParameters = {
  /** The first block, inclusive. */
  from: bigint
  /** The last block, inclusive (at least `from`). */
  to: bigint
  /** The contracts whose logs are wanted (any case); an empty list yields headers only. */
  addresses: readonly Address[]
  /**
   * Which blocks to yield: `all` (default) every block of the range, each
   * with its header; `withLogs` only the blocks holding a log of `addresses`
   * — a source may then skip the headers of the others (the RPC source asks
   * `eth_getLogs` first and fetches headers and transactions for those blocks
   * only), so a backfill's cost follows the activity, not the block count.
   * A source may still yield empty blocks (stored files hold them anyway).
   */
  blocks?: 'all' | 'withLogs' | undefined
}

/**
 * Where blocks come from: JSON-RPC (`createRpcSource`) or a folder of stored
 * block files (`createStoredBlockSource`). Every source yields the same
 * {@link SourceBlock}s for the same chain.
 */
export type BlockSource = {
  /** The newest block number the source can serve. */
  getHead(): Promise<bigint>
  /**
   * Blocks `from`..`to` inclusive, in order, each with its header (hash,
   * parentHash, timestamp) — every block of the range, even without logs,
   * unless `blocks: 'withLogs'` — and
   * the logs of `addresses` only (lowercase), plus the transactions those logs
   * belong to.
   */
  getBlocks(parameters: GetBlocksParameters): Promise<SourceBlock[]>
  /** The header of one block, or `undefined` if the source does not have it yet. */
  getHeader(number: bigint): Promise<BlockHeader | undefined>
  /**
   * The runs of blocks of `from`..`to` the source holds, for a source that may
   * lack some (an archive of stored block files). Absent: the source has every
   * block up to its head.
   */
  present?(from: bigint, to: bigint): Promise<BlockRun[]>
  /** Releases what the source holds (pending retries, connections). */
  close?(): Promise<void>
}
