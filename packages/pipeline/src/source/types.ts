import type { Address, Hash } from 'viem'
import type { SourceBlock } from '../block/types'

/** A block header: what chain-following and reorg checks compare. */
export type BlockHeader = { number: bigint; hash: Hash; parentHash: Hash; timestamp: bigint }

/** Where blocks come from: a JSON-RPC node, or a folder of stored block files. */
export type BlockSource = {
  /** The newest block number the source can serve. */
  getHead(): Promise<bigint>
  /**
   * Blocks `from`..`to` inclusive, in order, each with its header — every
   * block of the range, even those without logs — and the logs of `addresses`
   * only (lowercase), plus the transactions those logs belong to.
   */
  getBlocks(parameters: { from: bigint; to: bigint; addresses: readonly Address[] }): Promise<SourceBlock[]>
  /** The header of one block, or `undefined` if the source does not have it yet. */
  getHeader(number: bigint): Promise<BlockHeader | undefined>
  close?(): Promise<void>
}
