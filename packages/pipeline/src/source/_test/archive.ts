// Test-only: an archive of stored block files made from a chain the test ran
// on anvil — what a node provider's block stream writes: for each block,
// eth_getBlockByNumber(n, true) with its eth_getBlockReceipts(n) — one file per
// block or per range of blocks, JSON or JSON Lines, gzip or not.

import { gzipSync } from 'node:zlib'
import { parseBlockFilePattern } from '@idx/config'
import { type Client, numberToHex } from 'viem'

/** One block as a provider's stream stores it: the block object with its `receipts`. */
export async function readBlockWithReceipts(client: Pick<Client, 'request'>, number: bigint) {
  const block = (await client.request({
    method: 'eth_getBlockByNumber',
    params: [numberToHex(number), true],
  } as never)) as Record<string, unknown>
  const receipts = await client.request({
    method: 'eth_getBlockReceipts',
    params: [numberToHex(number)],
  } as never)
  return { ...block, receipts }
}

export type ArchiveFile = { name: string; bytes: Uint8Array; from: bigint; to: bigint }

/**
 * The files of blocks `from`..`to` named by `pattern` (`{number}`, or
 * `{from}`/`{to}` with `size` blocks a file), gzipped when the pattern ends
 * in `.gz` (or `gzip: true`), leaving out the files of the ranges in `skip`.
 */
export async function archiveFiles(
  client: Pick<Client, 'request'>,
  parameters: {
    from: bigint
    to: bigint
    pattern: string
    size?: number
    gzip?: boolean
    skip?: readonly bigint[]
  },
): Promise<ArchiveFile[]> {
  const pattern = parseBlockFilePattern(parameters.pattern)
  const size = BigInt(pattern.kind === 'block' ? 1 : (parameters.size ?? 5))
  const files: ArchiveFile[] = []
  for (let start = parameters.from; start <= parameters.to; start += size) {
    const end = start + size - 1n > parameters.to ? parameters.to : start + size - 1n
    if (parameters.skip?.some((block) => block >= start && block <= end)) continue
    const blocks = []
    for (let n = start; n <= end; n++) blocks.push(await readBlockWithReceipts(client, n))
    const text =
      pattern.format === 'jsonl'
        ? `${blocks.map((block) => JSON.stringify(block)).join('\n')}\n`
        : JSON.stringify(pattern.kind === 'block' ? blocks[0] : blocks)
    const bytes = new TextEncoder().encode(text)
    files.push({
      name: pattern.name(start, end),
      bytes: (parameters.gzip ?? pattern.gzip) ? gzipSync(bytes) : bytes,
      from: start,
      to: end,
    })
  }
  return files
}
