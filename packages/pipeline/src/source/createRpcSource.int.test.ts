import { getAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chainBlocks, startTestChain, type TestChain } from './_test/chain'
import { type FaultProxy, startFaultProxy } from './_test/faultProxy'
import { createRpcSource } from './createRpcSource'
import { InvalidBlockRangeError, InvalidSourceOptionError, RpcRequestFailedError } from './errors'

let chain: TestChain
const proxies: FaultProxy[] = []

beforeAll(async () => {
  chain = await startTestChain({ blocks: 12 })
})
afterAll(async () => {
  for (const proxy of proxies) await proxy.close()
  await chain?.stop()
})

const proxy = async (parameters: Omit<Parameters<typeof startFaultProxy>[0], 'target'>) => {
  const started = await startFaultProxy({ target: chain.anvil.rpcUrl, ...parameters })
  proxies.push(started)
  return started
}

test('default: getBlocks equals what the chain says — every header, log and transaction', async () => {
  const { from, to, addresses } = chain
  const source = createRpcSource({ url: chain.anvil.rpcUrl })
  const blocks = await source.getBlocks({ from, to, addresses })
  const expected = await chainBlocks(chain.client, { from, to, addresses })
  expect(blocks).toEqual(expected)
  // A real range: trades, transfers, price updates, contract creations (to: null), quiet blocks.
  expect(blocks).toHaveLength(Number(to - from + 1n))
  expect(blocks.reduce((sum, block) => sum + block.logs.length, 0)).toBeGreaterThan(300)
  expect(blocks.some((block) => block.transactions.some((transaction) => transaction.to === null))).toBe(true)
  for (const number of chain.quietBlocks) {
    const block = blocks.find((candidate) => candidate.number === number)!
    expect(block).toMatchObject({ logs: [], transactions: [] })
  }
  for (const [i, block] of blocks.entries()) if (i > 0) expect(block.parentHash).toBe(blocks[i - 1]!.hash)
  await source.close()
})

describe('behavior: every way of fetching yields the same blocks', () => {
  for (const transactions of ['receipts', 'blocks', 'byHash'] as const)
    for (const logsFromReceipts of ['never', 'always', 'auto'] as const)
      test(`transactions: ${transactions}, logsFromReceipts: ${logsFromReceipts}`, async () => {
        const { from, to, addresses } = chain
        const source = createRpcSource({
          url: chain.anvil.rpcUrl,
          transactions,
          logsFromReceipts,
          logRangeSize: 7,
          batchSize: 13,
        })
        const expected = await chainBlocks(chain.client, { from, to, addresses })
        // twice: `auto` reads logs from receipts once it has seen a dense range
        expect(await source.getBlocks({ from, to, addresses })).toEqual(expected)
        expect(await source.getBlocks({ from, to, addresses })).toEqual(expected)
        await source.close()
      })
})

test('behavior: blocks without tracked logs still come with their headers', async () => {
  const { from, to, market } = chain
  const source = createRpcSource({ url: chain.anvil.rpcUrl })
  // only the price feed: most blocks have none of its logs
  const feedOnly = await source.getBlocks({ from, to, addresses: [market.aggregator] })
  expect(feedOnly).toEqual(await chainBlocks(chain.client, { from, to, addresses: [market.aggregator] }))
  expect(feedOnly.filter((block) => block.logs.length === 0).length).toBeGreaterThan(feedOnly.length / 2)
  // no address at all: headers only
  const headersOnly = await source.getBlocks({ from, to, addresses: [] })
  expect(headersOnly).toEqual(await chainBlocks(chain.client, { from, to, addresses: [] }))
  expect(source.stats().calls).toBeGreaterThan(0)
  await source.close()
})

test('behavior: addresses in any case and repeated give the same blocks', async () => {
  const { from, to, addresses } = chain
  const source = createRpcSource({ url: chain.anvil.rpcUrl })
  const mixed = [...addresses.map((address) => getAddress(address)), ...addresses.map((a) => a.toUpperCase())]
  expect(await source.getBlocks({ from, to, addresses: mixed as `0x${string}`[] })).toEqual(
    await source.getBlocks({ from, to, addresses }),
  )
  await source.close()
})

test('behavior: a getLogs range the node refuses is split until it is served', async () => {
  const { from, to, addresses } = chain
  const refusing = await proxy({ maxLogRange: 5 })
  const source = createRpcSource({ url: refusing.url, logRangeSize: 1_000 })
  expect(await source.getBlocks({ from, to, addresses })).toEqual(
    await chainBlocks(chain.client, { from, to, addresses }),
  )
  const ranges = refusing.requests
    .flatMap((request) => request.calls)
    .filter((call) => call.method === 'eth_getLogs')
    .map((call) => {
      const { fromBlock, toBlock } = call.params[0] as { fromBlock: string; toBlock: string }
      return Number(BigInt(toBlock) - BigInt(fromBlock)) + 1
    })
  expect(ranges[0]).toBe(Number(to - from + 1n)) // asked whole, refused
  expect(ranges.filter((size) => size <= 5).length).toBeGreaterThan(0)
  await source.close()
})

test('behavior: a suggested range ("this block range should work: [a, b]") is followed', async () => {
  const { from, to, addresses } = chain
  const refusing = await proxy({
    maxLogRange: 8,
    logRangeError: {
      code: -32602,
      message: `Log response size exceeded. Based on your parameters, this block range should work: [0x${from.toString(16)}, 0x${(from + 7n).toString(16)}]`,
    },
  })
  const source = createRpcSource({ url: refusing.url, logRangeSize: 1_000 })
  expect(await source.getBlocks({ from, to, addresses })).toEqual(
    await chainBlocks(chain.client, { from, to, addresses }),
  )
  const second = refusing.requests
    .flatMap((request) => request.calls)
    .filter((call) => call.method === 'eth_getLogs')[1]!.params[0] as { fromBlock: string; toBlock: string }
  expect([BigInt(second.fromBlock), BigInt(second.toBlock)]).toEqual([from, from + 7n])
  await source.close()
})

test('behavior: a node without eth_getBlockReceipts gets full blocks instead', async () => {
  const { from, to, addresses } = chain
  const older = await proxy({
    callError: {
      method: 'eth_getBlockReceipts',
      error: { code: -32601, message: 'the method eth_getBlockReceipts does not exist/is not available' },
    },
  })
  const source = createRpcSource({ url: older.url, logsFromReceipts: 'always' })
  const expected = await chainBlocks(chain.client, { from, to, addresses })
  expect(await source.getBlocks({ from, to, addresses })).toEqual(expected)
  expect(await source.getBlocks({ from, to, addresses })).toEqual(expected)
  const methods = older.requests.flatMap((request) => request.calls.map((call) => call.method))
  expect(methods.filter((method) => method === 'eth_getBlockReceipts').length).toBe(Number(to - from + 1n)) // the first try only
  expect(methods).toContain('eth_getLogs')
  await source.close()
})

test('behavior: getHead and getHeader', async () => {
  const source = createRpcSource({ url: chain.anvil.rpcUrl })
  const head = await source.getHead()
  expect(head).toBe(await chain.client.getBlockNumber())
  const block = await chain.client.getBlock({ blockNumber: head })
  expect(await source.getHeader(head)).toEqual({
    number: head,
    hash: block.hash,
    parentHash: block.parentHash,
    timestamp: block.timestamp,
  })
  expect(await source.getHeader(head + 1n)).toBeUndefined()
  await source.close()
})

test('error: a range the node does not have yet fails after the retries, naming it', async () => {
  const head = await chain.client.getBlockNumber()
  const source = createRpcSource({ url: chain.anvil.rpcUrl, maxRetries: 2, retryDelayMs: 1 })
  const error = await source
    .getBlocks({ from: head, to: head + 1n, addresses: chain.addresses })
    .catch((e) => e)
  expect(error).toBeInstanceOf(RpcRequestFailedError)
  expect(error.message.replace(/:\d+\//, ':PORT/')).toMatchInlineSnapshot(`
    "The JSON-RPC request eth_getBlockByNumber for block "${head + 1n}" to "http://127.0.0.1:PORT/" failed after 3 attempts: the node answered null (it does not have it yet).
    Every attempt failed with an error that is usually temporary; check the node, or raise maxRetries."
  `)
  await source.close()
})

test('error: an invalid range', async () => {
  const source = createRpcSource({ url: chain.anvil.rpcUrl })
  await expect(
    source.getBlocks({ from: 10n, to: 9n, addresses: [] }),
  ).rejects.toThrowErrorMatchingInlineSnapshot(
    `[InvalidBlockRangeError: The block range "10" to "9" is invalid: its first block is after its last block.]`,
  )
  await expect(source.getBlocks({ from: -1n, to: 9n, addresses: [] })).rejects.toBeInstanceOf(
    InvalidBlockRangeError,
  )
  await source.close()
})

test('error: invalid options', () => {
  const url = chain.anvil.rpcUrl
  expect(() => createRpcSource({ url, batchSize: 0 })).toThrowErrorMatchingInlineSnapshot(
    `[InvalidSourceOptionError: The block source option "batchSize" must be a whole number, 1 or more, got "0".]`,
  )
  expect(() => createRpcSource({ url, requestsPerSecond: -5 })).toThrowErrorMatchingInlineSnapshot(
    `[InvalidSourceOptionError: The block source option "requestsPerSecond" must be a positive number, got "-5".]`,
  )
  expect(() =>
    createRpcSource({ url: 'wss://node.example.com/key123456789012' }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[InvalidSourceOptionError: The block source option "url" must be an http:// or https:// URL (the scheme shown), got "wss".]`,
  )
  expect(() => createRpcSource({ url, transactions: 'traces' as never })).toThrow(InvalidSourceOptionError)
})
