import { afterAll, beforeAll, expect, test } from 'vitest'
import { chainBlocks, startTestChain, type TestChain } from './_test/chain'
import { type FaultProxy, type FaultProxyParameters, startFaultProxy } from './_test/faultProxy'
import { createRpcClient, type RpcRetryEvent } from './createRpcClient'
import { createRpcSource } from './createRpcSource'
import { RpcRequestFailedError, SourceClosedError } from './errors'

let chain: TestChain
const proxies: FaultProxy[] = []

beforeAll(async () => {
  chain = await startTestChain({ blocks: 12, seed: 3 })
})
afterAll(async () => {
  for (const proxy of proxies) await proxy.close()
  await chain?.stop()
})

const proxy = async (parameters: Omit<FaultProxyParameters, 'target'>) => {
  const started = await startFaultProxy({ target: chain.anvil.rpcUrl, ...parameters })
  proxies.push(started)
  return started
}
const port = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')

test('behavior: survives 429s, 500s, dropped connections, truncated and slow answers — same blocks', async () => {
  const { from, to, addresses } = chain
  const faulty = await proxy({
    seed: 42,
    faults: { status429: 0.1, status500: 0.1, drop: 0.1, truncate: 0.05, slow: 0.05, callError429: 0.02 },
    slowMs: 1_500,
  })
  const retries: RpcRetryEvent[] = []
  const source = createRpcSource({
    url: faulty.url,
    batchSize: 10,
    logRangeSize: 5,
    timeoutMs: 500,
    retryDelayMs: 5,
    maxRetries: 12,
    onRetry: (event) => retries.push(event),
  })
  const expected = await chainBlocks(chain.client, { from, to, addresses })
  const kinds = ['status429', 'status500', 'drop', 'truncate', 'slow', 'callError429'] as const
  // Fetch the range again until every kind of fault has been met (a few rounds).
  for (let round = 0; round < 10 && kinds.some((kind) => faulty.injected[kind] === 0); round++)
    expect(await source.getBlocks({ from, to, addresses })).toEqual(expected)

  for (const kind of kinds) expect(faulty.injected[kind], kind).toBeGreaterThan(0)
  const reasons = retries.map((event) => port(event.reason))
  expect(reasons).toContain(
    'the server answered HTTP status 500 (Internal Server Error), "Internal Server Error"',
  )
  expect(reasons).toContain(
    'the server answered HTTP status 429 (Too Many Requests), JSON-RPC error 429: "Too Many Requests"',
  )
  expect(reasons).toContain('no answer came within 500 ms')
  expect(reasons).toContain(
    'the node answered JSON-RPC error 429 (too many requests): "Too many requests, please slow down"',
  )
  expect(reasons.some((reason) => reason.startsWith('the connection failed ('))).toBe(true)
  expect(source.stats().retries).toBeGreaterThanOrEqual(retries.length)
  await source.close()
})

test('behavior: the rate limit holds over every window', async () => {
  const { from, to, addresses } = chain
  const counting = await proxy({})
  const requestsPerSecond = 80
  const source = createRpcSource({ url: counting.url, requestsPerSecond, batchSize: 10 })
  // three rounds of a header and receipts per block, and a getLogs
  for (let round = 0; round < 3; round++) await source.getBlocks({ from, to, addresses })
  const arrivals = counting.requests.flatMap((request) => request.calls.map(() => request.at))
  expect(arrivals.length).toBeGreaterThan(120)
  // Over any window of w ms, at most the bucket (10 calls, a batch) plus w × rate — plus one
  // batch of slack, because arrivals are timed at the proxy: a batch held up in transit (a
  // loaded machine) lands next to the one after it. Without the limit, a window holds hundreds.
  for (const windowMs of [250, 500, 1_000]) {
    let most = 0
    for (const start of arrivals) {
      const inWindow = arrivals.filter((at) => at >= start && at < start + windowMs).length
      most = Math.max(most, inWindow)
    }
    expect(most, `${windowMs} ms`).toBeLessThanOrEqual(20 + (requestsPerSecond * windowMs) / 1000)
  }
  expect(Math.max(...counting.requests.map((request) => request.calls.length))).toBeLessThanOrEqual(10)
  await source.close()
})

test('error: a refused request (HTTP 401) fails at once, with the URL redacted', async () => {
  const refusing = await proxy({ refuse: { status: 401, body: 'invalid API key' } })
  const url = `${refusing.url}v2/Zx9uT2w7QpL4mN8kR3sV?apikey=s3cr3t-k3y-777`
  const source = createRpcSource({ url, retryDelayMs: 1 })
  const error = await source.getBlocks({ from: 1n, to: 3n, addresses: chain.addresses }).catch((e) => e)
  expect(error).toBeInstanceOf(RpcRequestFailedError)
  expect(error).toMatchObject({ retryable: false, attempts: 1, status: 401 })
  expect(port(error.message)).toMatchInlineSnapshot(`
    "The JSON-RPC request eth_getBlockByNumber for block "1" to "http://127.0.0.1:PORT/v2/***?apikey=***" was refused: the server answered HTTP status 401 (Unauthorized), "invalid API key".
    It was not retried: the same request would fail again."
  `)
  expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toMatch(
    /Zx9uT2w7QpL4mN8kR3sV|s3cr3t-k3y-777/,
  )
  expect(refusing.requests).toHaveLength(1) // one batch, not retried
  await source.close()
})

test('error: invalid params from the node fail at once, naming the method and the blocks', async () => {
  const refusing = await proxy({
    callError: {
      method: 'eth_getLogs',
      error: { code: -32602, message: 'invalid argument 0: hex string has odd length' },
    },
  })
  const source = createRpcSource({ url: refusing.url, retryDelayMs: 1 })
  const error = await source.getBlocks({ from: 1n, to: 3n, addresses: chain.addresses }).catch((e) => e)
  expect(error).toMatchObject({ retryable: false, attempts: 1, code: -32602, method: 'eth_getLogs' })
  expect(port(error.shortMessage)).toMatchInlineSnapshot(
    `"The JSON-RPC request eth_getLogs for blocks "1" to "3" to "http://127.0.0.1:PORT/" was refused: the node answered JSON-RPC error -32602 (invalid params): "invalid argument 0: hex string has odd length"."`,
  )
  const getLogsCalls = refusing.requests
    .flatMap((request) => request.calls)
    .filter((c) => c.method === 'eth_getLogs')
  expect(getLogsCalls).toHaveLength(1)
  await source.close()
})

test('error: retries run out', async () => {
  const failing = await proxy({ faults: { status500: 1 } })
  const retries: RpcRetryEvent[] = []
  const client = createRpcClient({
    url: failing.url,
    batchSize: 10,
    maxConcurrentRequests: 1,
    maxRetries: 3,
    retryDelayMs: 1,
    maxRetryDelayMs: 10,
    timeoutMs: 1_000,
    onRetry: (event) => retries.push(event),
  })
  const error = await client
    .request<never>({ method: 'eth_getLogs', params: [{}], subject: 'blocks "5" to "9"' })
    .catch((e: Error) => e)
  expect(port(error.message)).toMatchInlineSnapshot(`
    "The JSON-RPC request eth_getLogs for blocks "5" to "9" to "http://127.0.0.1:PORT/" failed after 4 attempts: the server answered HTTP status 500 (Internal Server Error), "Internal Server Error".
    Every attempt failed with an error that is usually temporary; check the node, or raise maxRetries."
  `)
  expect(retries.map((event) => event.attempt)).toEqual([1, 2, 3])
  expect(failing.requests).toHaveLength(4)
  expect(client.stats()).toEqual({ requests: 4, calls: 4, retries: 3, methods: { eth_getLogs: 4 } })
  client.close()
})

test('behavior: calls made together share a batch; close rejects what is pending', async () => {
  const counting = await proxy({ faults: { status500: 1 } })
  const client = createRpcClient({
    url: counting.url,
    batchSize: 50,
    maxConcurrentRequests: 4,
    maxRetries: 5,
    retryDelayMs: 60_000,
    maxRetryDelayMs: 60_000,
    timeoutMs: 1_000,
  })
  const calls = Array.from({ length: 30 }, (_, i) =>
    client.request({
      method: 'eth_getBlockByNumber',
      params: [`0x${i.toString(16)}`, false],
      subject: `block "${i}"`,
    }),
  )
  // The proxy has received the batch once it records a request: poll for it, then check it held every call.
  for (const deadline = Date.now() + 10_000; counting.requests.length === 0 && Date.now() < deadline; )
    await new Promise((resolve) => setTimeout(resolve, 5))
  expect(counting.requests.map((request) => request.calls.length)).toEqual([30])
  client.close() // the calls wait for a retry a minute away
  const results = await Promise.allSettled(calls)
  expect(
    results.every((result) => result.status === 'rejected' && result.reason instanceof SourceClosedError),
  ).toBe(true)
  expect(port((results[0] as PromiseRejectedResult).reason.message)).toMatchInlineSnapshot(
    `"The block source for "http://127.0.0.1:PORT/" was closed before eth_getBlockByNumber for block "0" completed."`,
  )
})
