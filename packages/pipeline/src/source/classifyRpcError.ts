import { STATUS_CODES } from 'node:http'
import { HttpRequestError, RpcRequestError, TimeoutError } from 'viem'

/** A JSON-RPC error object, as a node puts it in an answer. */
export type JsonRpcErrorObject = { code: number; message: string; data?: unknown }

export type ClassifyRpcErrorParameters = {
  /** What failed: an error thrown by the HTTP request, or the `error` of one answer of a batch. */
  error: unknown
  /** Whether the call is an `eth_getLogs` over more than one block, which can be split on "range too large". */
  splittable?: boolean | undefined
  /** The request timeout, for the message. */
  timeoutMs?: number | undefined
}

export type ClassifyRpcErrorReturnType = {
  /**
   * `retryable`: usually temporary (HTTP 429 and 5xx, timeouts, dropped connections, rate
   * limits); `rangeTooLarge`: an `eth_getLogs` range the node refuses to serve at once;
   * `fatal`: the same request would fail again (invalid params, unknown method, HTTP 4xx).
   */
  kind: 'retryable' | 'rangeTooLarge' | 'fatal'
  /** What happened, as the end of a sentence (not redacted). */
  reason: string
  status?: number | undefined
  code?: number | undefined
  /** The server's `Retry-After`, in milliseconds. */
  retryAfterMs?: number | undefined
  /** With `rangeTooLarge`: the last block of a range the node said it would serve, if it said so. */
  suggestedTo?: bigint | undefined
}

/** Messages of nodes and providers that refuse an `eth_getLogs` range as too large. */
const RANGE_TOO_LARGE =
  /query returned more than|more than [\d,]+ (results|logs)|block range|range (is )?too (large|wide|big)|too many (blocks|results|logs)|response size (exceeded|too large|is larger)|log response size|exceed(s|ed)? (the )?max(imum)? (block )?range|range limit|limited to (a |an )?[\d,]+|result (limit|window)|returned too many/i

/** Messages that say "try again later", whatever their code. */
const TRANSIENT =
  /rate.?limit|too many requests|request rate|exceeded .*(capacity|quota|rate)|capacity exceeded|try again|timed? ?out|temporar|unavailable|header not found|busy|overload|backend|upstream/i

const RETRYABLE_CODES = new Set([429, -32005, -32603, -32002])
const CODE_NAMES: Record<number, string> = {
  [-32700]: 'parse error',
  [-32600]: 'invalid request',
  [-32601]: 'the method is not supported',
  [-32602]: 'invalid params',
  [-32603]: 'internal error',
  [-32005]: 'limit exceeded',
  [-32002]: 'resource unavailable',
  429: 'too many requests',
}

/**
 * Sorts a failed JSON-RPC call into what to do with it: retry (with backoff),
 * split (an `eth_getLogs` range too large for the node), or give up at once.
 *
 * @example
 * ```ts
 * classifyRpcError({ error: { code: -32005, message: 'query returned more than 10000 results' }, splittable: true })
 * // { kind: 'rangeTooLarge', code: -32005, reason: 'the node answered JSON-RPC error -32005 (limit exceeded): "query returned more than 10000 results"' }
 * ```
 */
export function classifyRpcError({
  error,
  splittable = false,
  timeoutMs,
}: ClassifyRpcErrorParameters): ClassifyRpcErrorReturnType {
  if (isJsonRpcErrorObject(error)) return classifyErrorObject(error, splittable)

  if (error instanceof TimeoutError)
    return {
      kind: 'retryable',
      reason: timeoutMs === undefined ? 'it timed out' : `no answer came within ${timeoutMs} ms`,
    }

  if (error instanceof RpcRequestError || error instanceof HttpRequestError) {
    const status = error.status
    const retryAfterMs = parseRetryAfter(error.headers?.get('retry-after'))
    if (status === undefined)
      return error instanceof RpcRequestError
        ? classifyErrorObject({ code: error.code, message: error.details }, splittable)
        : classifyConnectionError(error.cause)
    const statusText = `HTTP status ${status}${STATUS_CODES[status] ? ` (${STATUS_CODES[status]})` : ''}`
    const detail =
      error instanceof RpcRequestError
        ? `JSON-RPC error ${error.code}: ${quote(error.details)}`
        : error.details
          ? quote(unwrapJsonString(error.details))
          : ''
    const reason = `the server answered ${statusText}${detail === '' ? '' : `, ${detail}`}`
    if (status === 429 || status === 408 || status >= 500)
      return { kind: 'retryable', reason, status, retryAfterMs }
    if (status === 413)
      return { kind: 'fatal', reason: `${reason} (the batch is too large for it: lower batchSize)`, status }
    return { kind: 'fatal', reason, status }
  }

  return {
    kind: 'fatal',
    reason: `it failed unexpectedly (${error instanceof Error ? error.message : String(error)})`,
  }
}

function classifyErrorObject(error: JsonRpcErrorObject, splittable: boolean): ClassifyRpcErrorReturnType {
  const { code, message } = error
  const name = CODE_NAMES[code]
  const reason = `the node answered JSON-RPC error ${code}${name ? ` (${name})` : ''}: ${quote(message)}`
  const rangeMessage = RANGE_TOO_LARGE.test(message)
  // -32005 is "limit exceeded": a range too large (Infura's 10,000 results) unless it says rate.
  if (splittable && (rangeMessage || (code === -32005 && !TRANSIENT.test(message))))
    return { kind: 'rangeTooLarge', reason, code, suggestedTo: parseSuggestedTo(message) }
  if (rangeMessage) return { kind: 'fatal', reason: `${reason} (even for a single block)`, code }
  if (RETRYABLE_CODES.has(code) || TRANSIENT.test(message)) return { kind: 'retryable', reason, code }
  return { kind: 'fatal', reason, code }
}

/** A failure below HTTP: a refused or reset connection, a truncated or non-JSON answer. */
function classifyConnectionError(cause: unknown): ClassifyRpcErrorReturnType {
  const chain: unknown[] = []
  for (let at = cause; at !== undefined && at !== null && chain.length < 5; at = (at as Error).cause)
    chain.push(at)
  if (chain.some((error) => error instanceof SyntaxError))
    return { kind: 'retryable', reason: `the answer was not valid JSON (${messageOf(chain.at(-1))})` }
  const coded = chain.find((error) => typeof (error as { code?: unknown })?.code === 'string') as
    | { code: string; message?: string }
    | undefined
  if (coded)
    return { kind: 'retryable', reason: `the connection failed (${coded.code}: ${messageOf(coded)})` }
  return { kind: 'retryable', reason: `the request failed before an answer (${messageOf(chain.at(-1))})` }
}

/** viem gives a non-JSON error body as a JSON string (`"invalid API key"` with its quotes). */
function unwrapJsonString(text: string): string {
  if (!text.startsWith('"')) return text
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'string' ? value : text
  } catch {
    return text
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return `"${line.length > 200 ? `${line.slice(0, 197)}…` : line}"`
}

function isJsonRpcErrorObject(value: unknown): value is JsonRpcErrorObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as JsonRpcErrorObject).code === 'number' &&
    typeof (value as JsonRpcErrorObject).message === 'string'
  )
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds (at most a minute). */
function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) return undefined
  const seconds = Number(value)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now()
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 60_000) : undefined
}

/** Alchemy-style hints: "this block range should work: [0x3a2f80, 0x3a3768]". */
function parseSuggestedTo(message: string): bigint | undefined {
  const match = /\[\s*(0x[0-9a-f]+|\d+)\s*,\s*(0x[0-9a-f]+|\d+)\s*\]/i.exec(message)
  return match ? BigInt(match[2]!) : undefined
}
