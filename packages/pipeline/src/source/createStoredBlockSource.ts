import { readdir } from 'node:fs/promises'
import type { Address, Hash } from 'viem'
import { StoredBlockNotFoundError } from '../block/errors'
import { readStoredBlock } from '../block/readStoredBlock'
import type { SourceBlock, SourceTransaction } from '../block/types'
import { InvalidBlockRangeError, InvalidSourceOptionError, StoredBlocksFolderError } from './errors'
import type { BlockSource, GetBlocksParameters } from './types'

export type CreateStoredBlockSourceParameters = {
  /** The stored-blocks folder: one `<number>.json` file per block (see `storedBlockPath`). */
  dir: string
  /** Files read at once (default 16). */
  concurrency?: number | undefined
}

export type CreateStoredBlockSourceReturnType = BlockSource
export type CreateStoredBlockSourceErrorType = InvalidSourceOptionError

const BLOCK_FILE = /^(0|[1-9]\d*)\.json$/

/**
 * A {@link BlockSource} over a folder of stored block files — the
 * block-with-receipts JSON that node providers' streams write, one file per
 * block, read with `readStoredBlock`. It yields what the RPC source yields for
 * the same chain: each block's header, the logs of the tracked addresses only,
 * and the transactions those logs belong to. `getHead` is the highest block
 * file present (the folder is listed on each call, so files written meanwhile
 * count); a missing file inside a range is a `StoredBlockNotFoundError`.
 *
 * @example
 * ```ts
 * const source = createStoredBlockSource({ dir: 'blocks' })
 * const blocks = await source.getBlocks({ from: 63269916n, to: 63269916n, addresses: [BLUB_WAVAX_LB] })
 * ```
 */
export function createStoredBlockSource(
  parameters: CreateStoredBlockSourceParameters,
): CreateStoredBlockSourceReturnType {
  const { dir } = parameters
  const concurrency = parameters.concurrency ?? 16
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new InvalidSourceOptionError({
      option: 'concurrency',
      value: concurrency,
      expected: 'a whole number, 1 or more',
    })

  return {
    async getHead() {
      let names: string[]
      try {
        names = await readdir(dir)
      } catch (error) {
        throw new StoredBlocksFolderError({ dir, problem: 'could not be read', cause: error })
      }
      let head: bigint | undefined
      for (const name of names) {
        const match = BLOCK_FILE.exec(name)
        if (match === null) continue
        const number = BigInt(match[1]!)
        if (head === undefined || number > head) head = number
      }
      if (head === undefined)
        throw new StoredBlocksFolderError({ dir, problem: 'holds no block file (named "<number>.json")' })
      return head
    },

    async getHeader(number) {
      try {
        const { hash, parentHash, timestamp } = await readStoredBlock(dir, number)
        return { number, hash, parentHash, timestamp }
      } catch (error) {
        if (error instanceof StoredBlockNotFoundError) return undefined
        throw error
      }
    },

    async getBlocks({ from, to, addresses }: GetBlocksParameters) {
      if (from < 0n)
        throw new InvalidBlockRangeError({ from, to, problem: 'a block number cannot be negative' })
      if (from > to)
        throw new InvalidBlockRangeError({ from, to, problem: 'its first block is after its last block' })
      const tracked = new Set(addresses.map((address) => address.toLowerCase() as Address))
      const count = Number(to - from + 1n)
      const blocks: SourceBlock[] = new Array(count)
      let next = 0
      await Promise.all(
        Array.from({ length: Math.min(concurrency, count) }, async () => {
          while (next < count) {
            const index = next++
            blocks[index] = onlyTracked(await readStoredBlock(dir, from + BigInt(index)), tracked)
          }
        }),
      )
      return blocks
    },
  }
}

/** The block with the logs of `tracked` only, and the transactions those logs belong to. */
function onlyTracked(block: SourceBlock, tracked: ReadonlySet<Address>): SourceBlock {
  const logs = block.logs.filter((log) => tracked.has(log.address))
  const hashes = new Set<Hash>(logs.map((log) => log.transactionHash))
  const transactions: SourceTransaction[] = block.transactions.filter((transaction) =>
    hashes.has(transaction.hash),
  )
  return { ...block, transactions, logs }
}
