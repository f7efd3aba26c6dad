import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { BaseError } from '@idx/config'
import { numberToHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { StoredBlockNotFoundError } from '../block/errors'
import { storedBlockPath } from '../block/storedBlockPath'
import type { SourceBlock } from '../block/types'
import { type ArchiveFile, archiveFiles } from './_test/archive'
import { startTestChain, type TestChain } from './_test/chain'
import { createFolderBlockFiles } from './createFolderBlockFiles'
import { createRpcSource, type RpcSource } from './createRpcSource'
import { createStoredBlockSource } from './createStoredBlockSource'
import { StoredBlocksFolderError } from './errors'
import type { BlockSource } from './types'

let chain: TestChain
let rpc: RpcSource
let dir: string

beforeAll(async () => {
  chain = await startTestChain({ blocks: 10, seed: 5 })
  rpc = createRpcSource({ url: chain.anvil.rpcUrl })
  dir = await mkdtemp(join(tmpdir(), 'idx-stored-blocks-'))
  // The files a provider's block stream writes: eth_getBlockByNumber(n, true) with eth_getBlockReceipts(n).
  for (let number = chain.from; number <= chain.to; number++) {
    const block = (await chain.client.request({
      method: 'eth_getBlockByNumber',
      params: [numberToHex(number), true],
    } as never)) as Record<string, unknown>
    const receipts = await chain.client.request({
      method: 'eth_getBlockReceipts',
      params: [numberToHex(number)],
    } as never)
    await writeFile(storedBlockPath(dir, number), JSON.stringify({ ...block, receipts }))
  }
  await writeFile(join(dir, 'README.txt'), 'not a block')
})
afterAll(async () => {
  await rpc?.close()
  await chain?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

test('default: the stored blocks equal what the RPC source yields', async () => {
  const { from, to, addresses } = chain
  const stored = createStoredBlockSource({ dir })
  const blocks = await stored.getBlocks({ from, to, addresses })
  expect(blocks).toEqual(await rpc.getBlocks({ from, to, addresses }))
  expect(blocks.reduce((sum, block) => sum + block.logs.length, 0)).toBeGreaterThan(200)
})

test('behavior: only the logs of the addresses asked for, and their transactions', async () => {
  const { from, to, market } = chain
  const stored = createStoredBlockSource({ dir, concurrency: 3 })
  for (const addresses of [
    [market.aggregator],
    [market.pairs.blubWavax.address.toUpperCase() as `0x${string}`],
    [],
  ]) {
    const blocks = await stored.getBlocks({ from, to, addresses })
    expect(blocks).toEqual(await rpc.getBlocks({ from, to, addresses }))
    expect(blocks).toHaveLength(Number(to - from + 1n))
  }
})

test('behavior: getHead is the highest block file; getHeader reads one', async () => {
  const stored = createStoredBlockSource({ dir })
  expect(await stored.getHead()).toBe(chain.to)
  expect(await stored.getHeader(chain.to)).toEqual(await rpc.getHeader(chain.to))
  expect(await stored.getHeader(chain.to + 1n)).toBeUndefined()
})

test('error: a block missing from the folder', async () => {
  const stored = createStoredBlockSource({ dir })
  const error = await stored.getBlocks({ from: chain.to, to: chain.to + 1n, addresses: [] }).catch((e) => e)
  expect(error).toBeInstanceOf(StoredBlockNotFoundError)
  expect(error.message.replace(dir, '<dir>')).toBe(
    `Block "${chain.to + 1n}" has no stored block file: "<dir>/${chain.to + 1n}.json" does not exist.`,
  )
})

test('error: an empty or missing folder', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'idx-stored-blocks-empty-'))
  try {
    const error = await createStoredBlockSource({ dir: empty })
      .getHead()
      .catch((e) => e)
    expect(error).toBeInstanceOf(StoredBlocksFolderError)
    expect(error.message.replace(empty, '<dir>')).toMatchInlineSnapshot(
      `"The stored-blocks folder "<dir>" holds no block file (named "<number>.json")."`,
    )
  } finally {
    await rm(empty, { recursive: true, force: true })
  }
  const missing = join(dir, 'no-such-folder')
  const error = await createStoredBlockSource({ dir: missing })
    .getHead()
    .catch((e) => e)
  expect(error.shortMessage.replace(missing, '<dir>')).toMatchInlineSnapshot(
    `"The stored-blocks folder "<dir>" could not be read."`,
  )
})

describe('range files', () => {
  const ORIGINAL = 'avalanche-mainnet_block_with_receipts_{from:012}-{to:012}.json'
  /** A folder holding `files`; removed after the test file. */
  const folders: string[] = []
  const folderOf = async (files: readonly ArchiveFile[]) => {
    const folder = await mkdtemp(join(tmpdir(), 'idx-stored-ranges-'))
    folders.push(folder)
    for (const file of files) await writeFile(join(folder, file.name), file.bytes)
    await writeFile(join(folder, 'README.txt'), 'not a block file')
    return folder
  }
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true })
  })

  test.each([
    [`${ORIGINAL}.gz`, 4],
    [ORIGINAL, 3],
    ['{from}-{to}.jsonl.gz', 5],
    ['{from}-{to}.ndjson', 100],
    ['{number}.json.gz', 1],
  ])('default: files named %s (%i blocks each) yield what the RPC source yields', async (pattern, size) => {
    const { from, to, addresses } = chain
    const folder = await folderOf(await archiveFiles(chain.client, { from, to, pattern, size }))
    const stored = createStoredBlockSource({ dir: folder, files: pattern })
    expect(await stored.getHead()).toBe(chain.to)
    expect(await stored.present(from, to)).toEqual([{ from, to }])
    // In batches of 2 (files are cut by batches) and whole.
    const batches: SourceBlock[] = []
    for (let n = from; n <= to; n += 2n)
      batches.push(...(await stored.getBlocks({ from: n, to: n + 1n > to ? to : n + 1n, addresses })))
    const expected = await rpc.getBlocks({ from, to, addresses })
    expect(batches).toEqual(expected)
    expect(await stored.getBlocks({ from, to, addresses })).toEqual(expected)
    expect(await stored.getHeader(from + 1n)).toEqual(await rpc.getHeader(from + 1n))
  })

  test('behavior: gzip is recognised by its first bytes, whatever the name says', async () => {
    const { from, to, addresses } = chain
    const files = await archiveFiles(chain.client, { from, to, pattern: '{from}-{to}.json', gzip: true })
    const stored = createStoredBlockSource({ dir: await folderOf(files), files: '{from}-{to}.json' })
    expect(await stored.getBlocks({ from, to, addresses })).toEqual(
      await rpc.getBlocks({ from, to, addresses }),
    )
  })

  test('behavior: a sparse archive says which runs it holds; a block it lacks is named', async () => {
    const { from, to } = chain
    // Files of 3 blocks; the ones holding from+3 and from+9 are left out.
    const files = await archiveFiles(chain.client, {
      from,
      to,
      pattern: ORIGINAL,
      size: 3,
      skip: [from + 3n, from + 9n],
    })
    const folder = await folderOf(files)
    const stored = createStoredBlockSource({ dir: folder, files: ORIGINAL })
    const kept = files.map((file) => ({ from: file.from, to: file.to }))
    expect(kept.length).toBeGreaterThan(2)
    // The runs are the kept files, merged where they touch.
    const runs = await stored.present(from, to)
    expect(runs.flatMap((run) => range(run.from, run.to))).toEqual(
      kept.flatMap((file) => range(file.from, file.to)),
    )
    expect(runs.length).toBeLessThan(kept.length)
    const error = await stored.getBlocks({ from, to, addresses: [] }).catch((e) => e)
    expect(error).toBeInstanceOf(StoredBlockNotFoundError)
    expect(error.message.replace(folder, '<dir>')).toBe(
      `Block "${from + 3n}" has no stored block file: no file of the folder "<dir>" named like "${ORIGINAL}" holds it.`,
    )
    expect(await stored.getHeader(from + 3n)).toBeUndefined()
  })

  test('behavior: a file read for one batch serves the next ones; the following files are read ahead', async () => {
    const { from, to, addresses } = chain
    const files = await archiveFiles(chain.client, { from, to, pattern: '{from}-{to}.json.gz', size: 4 })
    const folder = createFolderBlockFiles(await folderOf(files))
    const reads: string[] = []
    const counting = {
      ...folder,
      read: (name: string) => {
        reads.push(name)
        return folder.read(name)
      },
    }
    const stored = createStoredBlockSource({ store: counting, files: '{from}-{to}.json.gz', prefetch: 2 })
    await stored.getBlocks({ from, to: from, addresses })
    // The first file, then the two after it, read ahead.
    expect(reads).toEqual(files.slice(0, 3).map((file) => file.name))
    for (let n = from + 1n; n <= from + 7n; n++) await stored.getBlocks({ from: n, to: n, addresses })
    expect(reads).toEqual(files.slice(0, 4).map((file) => file.name)) // each file read once
  })

  describe('error', () => {
    const stored = async (mutate: (files: ArchiveFile[]) => void, pattern = '{from}-{to}.json.gz') => {
      const files = await archiveFiles(chain.client, { from: chain.from, to: chain.to, pattern, size: 4 })
      mutate(files)
      const folder = await folderOf(files)
      return { folder, source: createStoredBlockSource({ dir: folder, files: pattern }), files }
    }
    const messageOf = async (source: BlockSource, folder: string) => {
      const error = await source
        .getBlocks({ from: chain.from, to: chain.to, addresses: chain.addresses })
        .catch((e) => e)
      expect(error).toBeInstanceOf(BaseError)
      return (error as BaseError).shortMessage.replaceAll(folder, '<dir>')
    }

    test('a truncated gzip file', async () => {
      const { folder, source, files } = await stored((files) => {
        files[1]!.bytes = files[1]!.bytes.slice(0, files[1]!.bytes.length - 20)
      })
      expect(await messageOf(source, folder)).toBe(
        `The stored block file "<dir>/${files[1]!.name}" is not a whole gzip file (unexpected end of file).`,
      )
    })

    test('a corrupt file (not JSON)', async () => {
      const { folder, source, files } = await stored((files) => {
        files[0]!.bytes = gzipSync('{"number": "0x1", oops')
      })
      expect(await messageOf(source, folder)).toMatch(
        new RegExp(
          `^The stored block file "<dir>/${files[0]!.name.replaceAll('.', '\\.')}" is not valid JSON: `,
        ),
      )
    })

    test('a JSON Lines file cut short', async () => {
      const { folder, source, files } = await stored((files) => {
        const text = gunzipSync(files[0]!.bytes).toString()
        files[0]!.bytes = gzipSync(text.slice(0, text.length - 100))
      }, '{from}-{to}.jsonl.gz')
      expect(await messageOf(source, folder)).toMatch(
        `The stored block file "<dir>/${files[0]!.name}" is not valid JSON Lines at line 4 (its last line: was the file cut short?)`,
      )
    })

    test('a file that lacks a block of its name', async () => {
      const { folder, source, files } = await stored((files) => {
        const blocks = JSON.parse(gunzipSync(files[1]!.bytes).toString()) as unknown[]
        files[1]!.bytes = gzipSync(JSON.stringify(blocks.slice(0, 3)))
      })
      expect(await messageOf(source, folder)).toBe(
        `The stored block file "<dir>/${files[1]!.name}" lacks block "${files[1]!.to}", although its name says it holds blocks "${files[1]!.from}" to "${files[1]!.to}".`,
      )
    })

    test('a file that holds a block outside its name', async () => {
      const { folder, source, files } = await stored((files) => {
        const first = JSON.parse(gunzipSync(files[0]!.bytes).toString()) as unknown[]
        const second = JSON.parse(gunzipSync(files[1]!.bytes).toString()) as unknown[]
        files[1]!.bytes = gzipSync(JSON.stringify([first[0], ...second]))
      })
      expect(await messageOf(source, folder)).toBe(
        `The stored block file "<dir>/${files[1]!.name}" holds block "${files[0]!.from}", outside the blocks "${files[1]!.from}" to "${files[1]!.to}" its name says.`,
      )
    })

    test('two files that hold the same block', async () => {
      const { folder, source, files } = await stored((files) => {
        files.push({ ...files[0]!, name: `${files[0]!.from + 2n}-${files[0]!.to + 2n}.json.gz` })
      })
      expect(await messageOf(source, folder)).toBe(
        `The stored block files "<dir>/${files[0]!.name}" and "<dir>/${files.at(-1)!.name}" both hold block "${files[0]!.from + 2n}".`,
      )
    })
  })
})

const range = (from: bigint, to: bigint) =>
  Array.from({ length: Number(to - from + 1n) }, (_, i) => from + BigInt(i))
