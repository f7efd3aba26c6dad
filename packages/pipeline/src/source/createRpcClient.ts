import { getHttpRpcClient } from 'viem/utils'
import { type ClassifyRpcErrorReturnType, classifyRpcError } from './classifyRpcError'
import { createTokenBucket } from './createTokenBucket'
import { createUrlRedactor } from './createUrlRedactor'
import { LogRangeTooLargeError, RpcRequestFailedError, SourceClosedError } from './errors'
import { retryDelay } from './retryDelay'

/** One JSON-RPC call, with what it is about (for messages). */
export type RpcCall = {
  method: string
  params: readonly unknown[]
  /** What is asked for, as a message names it: `blocks "1" to "9"`, `block "5"`. */
  subject: string
  /** An `eth_getLogs` over several blocks: a "range too large" answer rejects at once with a `LogRangeTooLargeError`. */
  splittable?: boolean | undefined
  /** A `null` result is an answer; otherwise it is retried ("the node does not have it yet") like a temporary error. */
  allowNull?: boolean | undefined
}

/** What `onRetry` hears before each retry of a batch (or of the calls of a batch that failed). */
export type RpcRetryEvent = {
  /** The retry about to be made: 1 for the first. */
  attempt: number
  maxRetries: number
  delayMs: number
  /** Why, as the end of a sentence, redacted (`the server answered HTTP status 429 (Too Many Requests)`). */
  reason: string
  /** The methods of the calls retried, and how many calls. */
  methods: readonly string[]
  calls: number
  /** The URL, redacted. */
  url: string
}

/** Counters since the client was made. */
export type RpcClientStats = {
  /** HTTP requests sent (each a batch of calls). */
  requests: number
  /** JSON-RPC calls sent, retries included. */
  calls: number
  /** Calls sent again after a temporary failure. */
  retries: number
  /** Calls sent per JSON-RPC method, retries included (`eth_getLogs`: the log ranges asked). */
  methods: Record<string, number>
}

export type CreateRpcClientParameters = {
  url: string
  /** The most calls in one HTTP request. */
  batchSize: number
  /** The most HTTP requests in flight at once. */
  maxConcurrentRequests: number
  /** JSON-RPC calls per second (each call of a batch counts); `undefined` for no limit. */
  requestsPerSecond?: number | undefined
  maxRetries: number
  /** The delay before the first retry (doubling each time, with jitter). */
  retryDelayMs: number
  maxRetryDelayMs: number
  timeoutMs: number
  /** Extra HTTP headers (an API key header, …). */
  headers?: Record<string, string> | undefined
  onRetry?: ((event: RpcRetryEvent) => void) | undefined
}

export type RpcClient = {
  /** The URL, redacted: safe to show. */
  url: string
  /** Sends one call (batched with the calls made around it); resolves with its result. */
  request<result>(call: RpcCall): Promise<result>
  stats(): RpcClientStats
  /** Rejects every pending call with a `SourceClosedError` and aborts requests in flight. */
  close(): void
}

export type CreateRpcClientReturnType = RpcClient

/** One answer of a batch. */
type RpcAnswer = { id?: unknown; result?: unknown; error?: unknown }

type Pending = {
  call: RpcCall
  attempts: number
  resolve(result: unknown): void
  reject(error: Error): void
}

/**
 * A JSON-RPC client for block sources, on viem's HTTP transport
 * (`getHttpRpcClient`): calls made together go out as JSON-RPC batches of up
 * to `batchSize`, at most `maxConcurrentRequests` HTTP requests at a time and
 * `requestsPerSecond` calls per second (a token bucket). Temporary failures —
 * HTTP 429 and 5xx, timeouts, dropped connections, rate-limit errors inside a
 * batch, a block the node does not have yet — are retried with exponential
 * backoff and jitter (honouring `Retry-After`); others reject at once. Every
 * error names the method, what it asked for and the URL, redacted.
 *
 * @example
 * ```ts
 * const client = createRpcClient({ url, batchSize: 100, maxConcurrentRequests: 4, maxRetries: 6,
 *   retryDelayMs: 200, maxRetryDelayMs: 10_000, timeoutMs: 30_000 })
 * const head = await client.request<Hex>({ method: 'eth_blockNumber', params: [], subject: 'the head block' })
 * ```
 */
export function createRpcClient(parameters: CreateRpcClientParameters): CreateRpcClientReturnType {
  const { maxConcurrentRequests, maxRetries, retryDelayMs, maxRetryDelayMs, timeoutMs, onRetry } = parameters
  const { url, redact } = createUrlRedactor(parameters.url)
  const rate = parameters.requestsPerSecond
  // A batch must fit in the bucket: with a rate below the batch size, batches shrink to the rate.
  const batchSize =
    rate === undefined ? parameters.batchSize : Math.max(1, Math.min(parameters.batchSize, Math.floor(rate)))
  const bucket =
    rate === undefined ? undefined : createTokenBucket({ ratePerSecond: rate, capacity: batchSize })
  const abort = new AbortController()
  const http = getHttpRpcClient(parameters.url, {
    timeout: timeoutMs,
    // getLogs answers can be large; the range size bounds them.
    maxResponseBodySize: false,
    fetchOptions: { signal: abort.signal, ...(parameters.headers ? { headers: parameters.headers } : {}) },
  })

  const queue: Pending[] = []
  const timers = new Map<NodeJS.Timeout, Pending[]>()
  const stats: RpcClientStats = { requests: 0, calls: 0, retries: 0, methods: {} }
  let active = 0
  let pumpScheduled = false
  let closed = false
  let nextId = 1

  const schedulePump = () => {
    if (pumpScheduled || closed) return
    pumpScheduled = true
    // Wait for the calls made in the same turn, so that they share a batch.
    setImmediate(pump)
  }
  const pump = () => {
    pumpScheduled = false
    while (!closed && active < maxConcurrentRequests && queue.length > 0) {
      const batch = queue.splice(0, batchSize)
      active++
      send(batch)
        .catch((error: unknown) => {
          // A bug of ours, not the node's: reject the batch rather than leave its calls hanging
          // (rejecting a call already settled does nothing).
          fail(batch, {
            kind: 'fatal',
            reason: `it failed unexpectedly (${(error as Error)?.message ?? error})`,
          })
        })
        .finally(() => {
          active--
          if (queue.length > 0) schedulePump()
        })
    }
  }

  const closedError = (call: RpcCall) =>
    new SourceClosedError({ method: call.method, subject: call.subject, url })

  const reject = (pending: Pending, failure: ClassifyRpcErrorReturnType) => {
    const { call } = pending
    const reason = redact(failure.reason)
    pending.reject(
      failure.kind === 'rangeTooLarge'
        ? new LogRangeTooLargeError({
            method: call.method,
            subject: call.subject,
            url,
            reason,
            suggestedTo: failure.suggestedTo,
          })
        : new RpcRequestFailedError({
            method: call.method,
            subject: call.subject,
            url,
            attempts: pending.attempts,
            retryable: failure.kind === 'retryable',
            reason,
            status: failure.status,
            code: failure.code,
          }),
    )
  }

  /** Retries the calls that may be retried (after one shared, jittered delay); rejects the rest. */
  const fail = (failed: readonly Pending[], failure: ClassifyRpcErrorReturnType) => {
    const again: Pending[] = []
    for (const pending of failed) {
      if (closed) pending.reject(closedError(pending.call))
      else if (failure.kind === 'retryable' && pending.attempts <= maxRetries) again.push(pending)
      else reject(pending, failure)
    }
    if (again.length === 0) return
    const attempt = Math.max(...again.map((pending) => pending.attempts))
    const delayMs = Math.max(
      retryDelay({ attempt, baseMs: retryDelayMs, maxMs: maxRetryDelayMs }),
      failure.retryAfterMs ?? 0,
    )
    stats.retries += again.length
    onRetry?.({
      attempt,
      maxRetries,
      delayMs,
      reason: redact(failure.reason),
      methods: [...new Set(again.map((pending) => pending.call.method))],
      calls: again.length,
      url,
    })
    const timer = setTimeout(() => {
      timers.delete(timer)
      queue.push(...again)
      schedulePump()
    }, delayMs)
    timers.set(timer, again)
  }

  const send = async (batch: Pending[]) => {
    if (bucket) await bucket.take(batch.length)
    if (closed) {
      for (const pending of batch) pending.reject(closedError(pending.call))
      return
    }
    const ids = new Map<number, Pending>()
    const body = batch.map((pending) => {
      const id = nextId++
      ids.set(id, pending)
      pending.attempts++
      return {
        jsonrpc: '2.0' as const,
        id,
        method: pending.call.method,
        params: pending.call.params as unknown[],
      }
    })
    stats.requests++
    stats.calls += batch.length
    for (const { call } of batch) stats.methods[call.method] = (stats.methods[call.method] ?? 0) + 1

    let answers: RpcAnswer[]
    try {
      answers = (await http.request({ body })) as RpcAnswer[]
    } catch (error) {
      if (closed) for (const pending of batch) pending.reject(closedError(pending.call))
      else fail(batch, classifyRpcError({ error, timeoutMs }))
      return
    }

    const failures = new Map<string, { failure: ClassifyRpcErrorReturnType; calls: Pending[] }>()
    const failOne = (pending: Pending, failure: ClassifyRpcErrorReturnType) => {
      const key = `${failure.kind}:${failure.reason}`
      const group = failures.get(key) ?? { failure, calls: [] }
      group.calls.push(pending)
      failures.set(key, group)
    }
    const answered = new Set<Pending>()
    for (const answer of answers) {
      const pending = typeof answer?.id === 'number' ? ids.get(answer.id) : undefined
      if (pending === undefined || answered.has(pending)) continue
      answered.add(pending)
      if (answer.error)
        failOne(
          pending,
          classifyRpcError({ error: answer.error, splittable: pending.call.splittable, timeoutMs }),
        )
      else if (answer.result === null && !pending.call.allowNull)
        failOne(pending, { kind: 'retryable', reason: 'the node answered null (it does not have it yet)' })
      else pending.resolve(answer.result)
    }
    // A server that rejects a whole batch answers one error without an id (viem repeats it per call).
    const batchError = answers.find((answer) => answer?.error && typeof answer.id !== 'number')?.error
    for (const pending of batch) {
      if (answered.has(pending)) continue
      failOne(
        pending,
        batchError
          ? classifyRpcError({ error: batchError, timeoutMs })
          : { kind: 'retryable', reason: 'the answer to its batch left it out' },
      )
    }
    for (const { failure, calls } of failures.values()) fail(calls, failure)
  }

  return {
    url,
    request<result>(call: RpcCall) {
      return new Promise<result>((resolve, reject) => {
        if (closed) return reject(closedError(call))
        queue.push({ call, attempts: 0, resolve: resolve as (result: unknown) => void, reject })
        schedulePump()
      })
    },
    stats: () => ({ ...stats, methods: { ...stats.methods } }),
    close() {
      if (closed) return
      closed = true
      abort.abort()
      for (const [timer, calls] of timers) {
        clearTimeout(timer)
        for (const pending of calls) pending.reject(closedError(pending.call))
      }
      timers.clear()
      for (const pending of queue.splice(0)) pending.reject(closedError(pending.call))
    },
  }
}
