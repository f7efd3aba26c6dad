import { HttpRequestError, RpcRequestError, TimeoutError } from 'viem'
import { expect, test } from 'vitest'
import { classifyRpcError } from './classifyRpcError'

const url = 'http://127.0.0.1:8545/'
const body = { method: 'eth_getLogs' }
const connectionError = (code: string, message: string) =>
  new HttpRequestError({
    url,
    body,
    cause: Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(message), { code }),
    }),
  })

test('default: HTTP statuses — 429, 408 and 5xx are retried, other 4xx are not', () => {
  const statuses = [429, 408, 500, 502, 503, 504, 400, 401, 403, 404, 413]
  expect(
    Object.fromEntries(
      statuses.map((status) => [
        status,
        classifyRpcError({ error: new HttpRequestError({ url, body, status, details: '"nope"' }) }).kind,
      ]),
    ),
  ).toMatchInlineSnapshot(`
    {
      "400": "fatal",
      "401": "fatal",
      "403": "fatal",
      "404": "fatal",
      "408": "retryable",
      "413": "fatal",
      "429": "retryable",
      "500": "retryable",
      "502": "retryable",
      "503": "retryable",
      "504": "retryable",
    }
  `)
})

test('behavior: Retry-After is read, in seconds or as a date, at most a minute', () => {
  const withRetryAfter = (value: string) =>
    classifyRpcError({
      error: new RpcRequestError({
        url,
        body,
        status: 429,
        headers: new Headers({ 'retry-after': value }),
        error: { code: -32005, message: 'rate limited' },
      }),
    })
  expect(withRetryAfter('2')).toMatchInlineSnapshot(`
    {
      "kind": "retryable",
      "reason": "the server answered HTTP status 429 (Too Many Requests), JSON-RPC error -32005: "rate limited"",
      "retryAfterMs": 2000,
      "status": 429,
    }
  `)
  expect(withRetryAfter('3600').retryAfterMs).toBe(60_000)
  expect(withRetryAfter(new Date(Date.now() + 5_000).toUTCString()).retryAfterMs).toBeGreaterThan(3_000)
})

test('behavior: timeouts, dropped connections and broken answers are retried', () => {
  expect(classifyRpcError({ error: new TimeoutError({ url, body }), timeoutMs: 500 })).toEqual({
    kind: 'retryable',
    reason: 'no answer came within 500 ms',
  })
  expect(classifyRpcError({ error: connectionError('ECONNRESET', 'read ECONNRESET') })).toEqual({
    kind: 'retryable',
    reason: 'the connection failed (ECONNRESET: read ECONNRESET)',
  })
  expect(
    classifyRpcError({ error: connectionError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1') }).kind,
  ).toBe('retryable')
  expect(
    classifyRpcError({
      error: new HttpRequestError({ url, body, cause: new SyntaxError('Unexpected end of JSON input') }),
    }),
  ).toEqual({ kind: 'retryable', reason: 'the answer was not valid JSON (Unexpected end of JSON input)' })
})

test('behavior: JSON-RPC errors of one call', () => {
  const kind = (code: number, message: string, splittable = false) =>
    classifyRpcError({ error: { code, message }, splittable }).kind
  // rate limits and transient node errors
  expect(kind(429, 'Too Many Requests')).toBe('retryable')
  expect(kind(-32005, 'daily request count exceeded, request rate limited')).toBe('retryable')
  expect(kind(-32603, 'internal error')).toBe('retryable')
  expect(kind(-32000, 'header not found')).toBe('retryable')
  expect(kind(-32000, 'backend service temporarily unavailable')).toBe('retryable')
  // the same request would fail again
  expect(kind(-32602, 'invalid argument 0: hex string has odd length')).toBe('fatal')
  expect(kind(-32601, 'the method eth_getBlockReceipts does not exist/is not available')).toBe('fatal')
  expect(kind(-32000, 'execution reverted')).toBe('fatal')
  expect(kind(3, 'execution reverted: STF')).toBe('fatal')
})

const kind = (code: number, message: string, splittable: boolean) =>
  classifyRpcError({ error: { code, message }, splittable }).kind

test('behavior: getLogs ranges refused as too large, in the words of several providers', () => {
  const messages = [
    [-32005, 'query returned more than 10000 results'],
    [-32602, 'requested too many blocks from 0 to 5000, maximum is set to 2048'],
    [-32000, 'block range is too wide'],
    [-32600, 'eth_getLogs is limited to a 10,000 range'],
    [-32602, 'Log response size exceeded. this block range should work: [0x3a2f80, 0x3a3768]'],
    [-32000, 'exceed maximum block range: 2000'],
    [-32005, 'limit exceeded'],
  ] as const
  const kinds = messages.map(([code, message]) =>
    classifyRpcError({ error: { code, message }, splittable: true }),
  )
  expect(kinds.map((result) => result.kind)).toEqual(Array(messages.length).fill('rangeTooLarge'))
  expect(kinds[4]!.suggestedTo).toBe(0x3a3768n)
  // a rate limit is not a range to split
  expect(kind(-32005, 'daily request count exceeded, request rate limited', true)).toBe('retryable')
  // a single block cannot be split: refused for good
  expect(
    classifyRpcError({ error: { code: -32005, message: 'query returned more than 10000 results' } }),
  ).toMatchInlineSnapshot(`
    {
      "code": -32005,
      "kind": "fatal",
      "reason": "the node answered JSON-RPC error -32005 (limit exceeded): "query returned more than 10000 results" (even for a single block)",
    }
  `)
})

test('error: anything else is not retried', () => {
  expect(classifyRpcError({ error: new Error('boom') })).toEqual({
    kind: 'fatal',
    reason: 'it failed unexpectedly (boom)',
  })
})
