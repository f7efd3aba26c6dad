import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { numberToHex } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { StoredBlockNotFoundError } from '../block/errors'
import { storedBlockPath } from '../block/storedBlockPath'
import { startTestChain, type TestChain } from './_test/chain'
import { createRpcSource, type RpcSource } from './createRpcSource'
import { createStoredBlockSource } from './createStoredBlockSource'
import { StoredBlocksFolderError } from './errors'

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
