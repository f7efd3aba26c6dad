import { type BlockFilePattern, DEFAULT_BLOCK_FILE_PATTERN, parseBlockFilePattern } from '@idx/config'
import type { Address, Hash } from 'viem'
import { StoredBlockNotFoundError } from '../block/errors'
import type { SourceBlock, SourceTransaction } from '../block/types'
import type { BlockFileStore } from './blockFileStore'
import { type BlockFileEntry, type BlockFileIndex, createBlockFileIndex } from './createBlockFileIndex'
import { createFolderBlockFiles } from './createFolderBlockFiles'
import { decodeBlockFile } from './decodeBlockFile'
import { InvalidBlockRangeError, InvalidSourceOptionError, StoredBlocksFolderError } from './errors'
import type { BlockSource, GetBlocksParameters } from './types'

export type CreateStoredBlockSourceParameters = {
  /** How the block files are named (see `parseBlockFilePattern`). Default `{number}.json`. */
  files?: string | undefined
  /** Files read at once (default 16). */
  concurrency?: number | undefined
  /** Files read ahead of the blocks asked for, at most (default 4): bounds the memory they take. */
  prefetch?: number | undefined
} & (
  | {
      /** A local folder of block files. */
      dir: string
      store?: undefined
    }
  | {
      /** Where the block files are: a folder, a bucket (`createS3BlockFiles`). */
      store: BlockFileStore
      dir?: undefined
    }
)

export type CreateStoredBlockSourceReturnType = BlockSource & Required<Pick<BlockSource, 'present' | 'close'>>
export type CreateStoredBlockSourceErrorType = InvalidSourceOptionError

/**
 * A {@link BlockSource} over stored block files — the block-with-receipts
 * JSON that node providers' streams write: one file per block
 * (`<number>.json`, the default) or files holding a range of blocks
 * (`files: 'avalanche-mainnet_block_with_receipts_{from:012}-{to:012}.json.gz'`),
 * JSON or JSON Lines, gzip or not, in a local folder or an S3-compatible
 * bucket. It yields what the RPC source yields for the same chain: each
 * block's header, the logs of the tracked addresses only, and the
 * transactions those logs belong to.
 *
 * The archive is listed once to index which blocks it holds (`present`), and
 * again by `getHead` (files written meanwhile count) and when a block asked
 * for is not indexed. Reading a file starts reading the next `prefetch` ones;
 * the decoded files kept are bounded. A missing block is a
 * `StoredBlockNotFoundError`; a file that cannot be used fails its whole
 * request, naming the file.
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
  const concurrency = positive('concurrency', parameters.concurrency ?? 16)
  const prefetch = positive('prefetch', parameters.prefetch ?? 4)
  const pattern: BlockFilePattern = parseBlockFilePattern(parameters.files ?? DEFAULT_BLOCK_FILE_PATTERN)
  const store = parameters.store ?? createFolderBlockFiles(parameters.dir)
  /** Decoded files, oldest first; bounded (`capacity`). */
  const cache = new Map<string, Promise<SourceBlock[]>>()
  const capacity = concurrency + prefetch
  let index: Promise<BlockFileIndex> | undefined

  const relist = () => {
    const listing = store.list().then((names) => createBlockFileIndex(names, pattern, store.describe))
    index = listing
    listing.catch(() => {
      if (index === listing) index = undefined // the next call lists again
    })
    return listing
  }
  const currentIndex = () => index ?? relist()

  const load = (file: BlockFileEntry): Promise<SourceBlock[]> => {
    const cached = cache.get(file.name)
    if (cached !== undefined) {
      cache.delete(file.name) // most recently used last
      cache.set(file.name, cached)
      return cached
    }
    const reading = store
      .read(file.name)
      .then((bytes) => decodeBlockFile({ bytes, file: store.describe(file.name), pattern, range: file }))
    reading.catch(() => cache.delete(file.name)) // a failed read is tried again next time
    cache.set(file.name, reading)
    while (cache.size > capacity) cache.delete(cache.keys().next().value!)
    return reading
  }

  /** The file holding `block`, listing the archive again once when the index has none. */
  const fileOf = async (block: bigint, relisted: { done: boolean }) => {
    let file = (await currentIndex()).fileOf(block)
    if (file === undefined && !relisted.done) {
      relisted.done = true
      file = (await relist()).fileOf(block)
    }
    if (file === undefined) throw notFound(block)
    return file
  }

  const notFound = (block: bigint) =>
    pattern.kind === 'block'
      ? new StoredBlockNotFoundError({ file: store.describe(pattern.name(block)), blockNumber: block })
      : new StoredBlockNotFoundError({
          blockNumber: block,
          message: `Block "${block}" has no stored block file: no file of the ${store.location} named like "${pattern.text}" holds it.`,
        })

  return {
    async getHead() {
      const { head } = await relist()
      if (head === undefined)
        throw new StoredBlocksFolderError({
          location: store.location,
          problem: `holds no block file (named "${humanPattern(pattern.text)}")`,
        })
      return head
    },

    async present(from, to) {
      return (await currentIndex()).present(from, to)
    },

    async getHeader(number) {
      let file: BlockFileEntry
      try {
        file = await fileOf(number, { done: false })
      } catch (error) {
        if (error instanceof StoredBlockNotFoundError) return undefined
        throw error
      }
      const block = (await load(file)).find((candidate) => candidate.number === number)!
      const { hash, parentHash, timestamp } = block
      return { number, hash, parentHash, timestamp }
    },

    async getBlocks({ from, to, addresses }: GetBlocksParameters) {
      if (from < 0n)
        throw new InvalidBlockRangeError({ from, to, problem: 'a block number cannot be negative' })
      if (from > to)
        throw new InvalidBlockRangeError({ from, to, problem: 'its first block is after its last block' })
      const tracked = new Set(addresses.map((address) => address.toLowerCase() as Address))
      // The files of the range, in order; every block must be in one.
      const files: BlockFileEntry[] = []
      const relisted = { done: false }
      for (let block = from; block <= to; ) {
        const file = await fileOf(block, relisted)
        files.push(file)
        block = file.to + 1n
      }
      const decoded: SourceBlock[][] = new Array(files.length)
      let next = 0
      await Promise.all(
        Array.from({ length: Math.min(concurrency, files.length) }, async () => {
          while (next < files.length) {
            const position = next++
            decoded[position] = await load(files[position]!)
          }
        }),
      )
      // Read ahead: the files after the range, while this batch is processed.
      for (const file of (await currentIndex()).after(files.at(-1)!, prefetch)) load(file).catch(() => {}) // its error, if any, is met when its blocks are asked for
      const blocks: SourceBlock[] = []
      for (const fileBlocks of decoded)
        for (const block of fileBlocks)
          if (block.number >= from && block.number <= to) blocks.push(onlyTracked(block, tracked))
      return blocks
    },

    async close() {
      cache.clear()
      await store.close?.()
    },
  }
}

function positive(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidSourceOptionError({ option, value, expected: 'a whole number, 1 or more' })
  return value
}

/** `{from:012}-{to:012}.json` → `<from>-<to>.json`, for people. */
function humanPattern(text: string): string {
  return text.replace(/\{([a-z]+)(?::0[0-9]+)?\}/g, '<$1>')
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
