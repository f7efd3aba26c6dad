import type { Address, Hash, Hex } from 'viem'
import type { SourceBlock, SourceLog, SourceTransaction } from '../block/types'
import {
  type CreateRpcClientParameters,
  createRpcClient,
  type RpcClientStats,
  type RpcRetryEvent,
} from './createRpcClient'
import {
  ChainChangedError,
  InvalidBlockRangeError,
  InvalidRpcResponseError,
  InvalidSourceOptionError,
  LogRangeTooLargeError,
  RpcRequestFailedError,
} from './errors'
import type { BlockHeader, BlockSource, GetBlocksParameters } from './types'

/**
 * How the RPC source learns the sender (`from`), recipient (`to`) and position
 * of each transaction that emitted a tracked log — `eth_getLogs` gives only its
 * hash and index:
 *
 * - `receipts` (default): `eth_getBlockReceipts(n)` for each block with tracked
 *   logs — one call per block; the fastest measured (see the README). A node
 *   that does not know the method gets `blocks` instead, from then on;
 * - `blocks`: `eth_getBlockByNumber(n, true)` for each block with tracked logs;
 * - `byHash`: `eth_getTransactionByHash` for each transaction with tracked logs —
 *   the least data when few of a block's transactions matter, but one call per
 *   transaction.
 */
export type RpcTransactionsMethod = 'receipts' | 'blocks' | 'byHash'

export type CreateRpcSourceParameters = {
  /** The node's HTTP(S) JSON-RPC URL. It may carry an API key: messages show it redacted. */
  url: string
  /** The most JSON-RPC calls in one HTTP request (default 100). */
  batchSize?: number | undefined
  /** JSON-RPC calls per second, each call of a batch counting (default: no limit). */
  requestsPerSecond?: number | undefined
  /** Retries of a call after a temporary failure (default 6). */
  maxRetries?: number | undefined
  /** How long one HTTP request may take (default 30,000 ms). */
  timeoutMs?: number | undefined
  /** The blocks of the first `eth_getLogs` (default 2,000); a range the node refuses is split in two. */
  logRangeSize?: number | undefined
  /**
   * The most blocks in one `eth_getLogs` (default 100,000). The range grows
   * (doubles) after each answered full range, up to this, and never again
   * past a size the node refused: few requests over a sparse history.
   */
  maxLogRangeSize?: number | undefined
  /** The most HTTP requests in flight at once (default 4). */
  maxConcurrentRequests?: number | undefined
  /** How the transactions of tracked logs are fetched (default `receipts`). */
  transactions?: RpcTransactionsMethod | undefined
  /**
   * Whether a range's logs are read from its blocks' receipts instead of
   * `eth_getLogs` (with `transactions: 'receipts'`): `auto` (default) when the
   * previous range had tracked logs in at least half of its blocks — their
   * receipts are fetched anyway, so the `eth_getLogs` call and its answer are
   * saved; `never`; or `always`.
   */
  logsFromReceipts?: 'auto' | 'always' | 'never' | undefined
  /** The delay before the first retry, doubled on each retry, with jitter (default 200 ms; at most 10 s). */
  retryDelayMs?: number | undefined
  /** Extra HTTP headers (an API key header, …). */
  headers?: Record<string, string> | undefined
  /** Told before every retry: what failed and how long the source waits. */
  onRetry?: ((event: RpcRetryEvent) => void) | undefined
}

export type RpcSource = BlockSource & {
  /** The URL, redacted: safe to show. */
  url: string
  /** Requests, calls and retries so far. */
  stats(): RpcClientStats
  close(): Promise<void>
}

export type CreateRpcSourceReturnType = RpcSource
export type CreateRpcSourceErrorType = InvalidSourceOptionError

type TransactionInfo = SourceTransaction & { blockHash: Hash }
type RpcLog = {
  address: string
  topics: string[]
  data: string
  blockNumber: string
  blockHash: string
  transactionHash: string
  transactionIndex: string
  logIndex: string
}
type RpcHeader = { number: string; hash: string; parentHash: string; timestamp: string }
type RpcTransaction = {
  hash: string
  from: string
  to: string | null
  transactionIndex: string
  blockHash: string
}
type RpcReceipt = {
  transactionHash: string
  from: string
  to: string | null
  transactionIndex: string
  blockHash: string
  logs: RpcLog[]
}

/** How many times a range is fetched again when the node's answers disagree about a block (a reorg). */
const CHAIN_CHANGE_ATTEMPTS = 3
/** The share of a range's blocks with tracked logs above which `logsFromReceipts: 'auto'` reads logs from receipts. */
const DENSE = 0.5
/** Ranges of one `getBlocks` fetched at once. */
const RANGES_IN_FLIGHT = 4

/**
 * A {@link BlockSource} over a node's JSON-RPC: per range, `eth_getLogs`
 * filtered to the tracked addresses (split in two whenever the node refuses a
 * range as too large), every block's header through batched
 * `eth_getBlockByNumber(n, false)`, and the transactions of the tracked logs
 * (see {@link RpcTransactionsMethod}). Calls go out in JSON-RPC batches,
 * rate-limited, with retries on temporary failures (see `createRpcClient`).
 * The answers are checked against each other — every log and transaction
 * must belong to the header's block hash — and a range whose block changed
 * between two calls (a reorg) is fetched again.
 *
 * @example
 * ```ts
 * const source = createRpcSource({ url: 'https://api.avax.network/ext/bc/C/rpc', requestsPerSecond: 20 })
 * const head = await source.getHead()
 * const blocks = await source.getBlocks({ from: head - 99n, to: head, addresses: [BLUB, BLUB_WAVAX_PAIR] })
 * await source.close()
 * ```
 */
export function createRpcSource(parameters: CreateRpcSourceParameters): CreateRpcSourceReturnType {
  const options = {
    batchSize: integerOption('batchSize', parameters.batchSize, 100, 1),
    maxRetries: integerOption('maxRetries', parameters.maxRetries, 6, 0),
    timeoutMs: integerOption('timeoutMs', parameters.timeoutMs, 30_000, 1),
    logRangeSize: integerOption('logRangeSize', parameters.logRangeSize, 2_000, 1),
    maxLogRangeSize: integerOption('maxLogRangeSize', parameters.maxLogRangeSize, 100_000, 1),
    maxConcurrentRequests: integerOption('maxConcurrentRequests', parameters.maxConcurrentRequests, 4, 1),
    retryDelayMs: integerOption('retryDelayMs', parameters.retryDelayMs, 200, 0),
  }
  const { requestsPerSecond } = parameters
  if (requestsPerSecond !== undefined && !(requestsPerSecond > 0 && Number.isFinite(requestsPerSecond)))
    throw new InvalidSourceOptionError({
      option: 'requestsPerSecond',
      value: requestsPerSecond,
      expected: 'a positive number',
    })
  const transactions = parameters.transactions ?? 'receipts'
  const logsFromReceipts = parameters.logsFromReceipts ?? 'auto'
  if (!['auto', 'always', 'never'].includes(logsFromReceipts))
    throw new InvalidSourceOptionError({
      option: 'logsFromReceipts',
      value: logsFromReceipts,
      expected: '"auto", "always" or "never"',
    })
  if (!['receipts', 'blocks', 'byHash'].includes(transactions))
    throw new InvalidSourceOptionError({
      option: 'transactions',
      value: transactions,
      expected: '"receipts", "blocks" or "byHash"',
    })
  if (!/^https?:\/\//i.test(parameters.url))
    throw new InvalidSourceOptionError({
      option: 'url',
      value: parameters.url.split(':')[0],
      expected: 'an http:// or https:// URL (the scheme shown)',
    })

  const clientParameters: CreateRpcClientParameters = {
    url: parameters.url,
    batchSize: options.batchSize,
    maxConcurrentRequests: options.maxConcurrentRequests,
    requestsPerSecond,
    maxRetries: options.maxRetries,
    retryDelayMs: options.retryDelayMs,
    maxRetryDelayMs: 10_000,
    timeoutMs: options.timeoutMs,
    headers: parameters.headers,
    onRetry: parameters.onRetry,
  }
  const client = createRpcClient(clientParameters)
  const { url } = client
  /** The `eth_getLogs` range, shrunk to what worked whenever the node refused a larger one. */
  let logRangeSize = BigInt(options.logRangeSize)
  /** The most the range may grow to: the option, lowered below every size the node refused. */
  let logRangeCeiling = BigInt(Math.max(options.maxLogRangeSize, options.logRangeSize))
  /** After an answered range of the current size: try twice the size next time. */
  const growLogRange = (size: bigint) => {
    if (size < logRangeSize) return
    const grown = logRangeSize * 2n
    logRangeSize = grown < logRangeCeiling ? grown : logRangeCeiling
  }
  /** Whether the last range fetched had tracked logs in most of its blocks. */
  let dense = false
  /** Cleared when the node does not know `eth_getBlockReceipts`: then full blocks serve instead. */
  let receiptsSupported = true
  let transactionsMethod: RpcTransactionsMethod = transactions
  const readLogsFromReceipts = () =>
    receiptsSupported &&
    (logsFromReceipts === 'always' ||
      (logsFromReceipts === 'auto' && transactionsMethod === 'receipts' && dense))

  const invalid = (method: string, subject: string, problem: string) =>
    new InvalidRpcResponseError({ method, subject, url, problem })

  const fetchHeader = async (number: bigint, allowNull: boolean): Promise<BlockHeader | undefined> => {
    const subject = `block "${number}"`
    const raw = await client.request<RpcHeader | null>({
      method: 'eth_getBlockByNumber',
      params: [toHex(number), false],
      subject,
      allowNull,
    })
    if (raw === null) return undefined
    const header = {
      number: BigInt(raw.number),
      hash: raw.hash.toLowerCase() as Hash,
      parentHash: raw.parentHash.toLowerCase() as Hash,
      timestamp: BigInt(raw.timestamp),
    }
    if (header.number !== number)
      throw invalid('eth_getBlockByNumber', subject, `it is block "${header.number}"`)
    return header
  }

  const fetchLogs = async (from: bigint, to: bigint, addresses: readonly Address[]): Promise<RpcLog[]> => {
    try {
      const logs = await client.request<RpcLog[]>({
        method: 'eth_getLogs',
        params: [{ fromBlock: toHex(from), toBlock: toHex(to), address: addresses }],
        subject: blocksSubject(from, to),
        splittable: to > from,
      })
      growLogRange(to - from + 1n)
      return logs
    } catch (error) {
      if (!(error instanceof LogRangeTooLargeError) || to === from) throw error
      if (to - from < logRangeCeiling) logRangeCeiling = to - from
      // Split where the node said a range would work, else in halves.
      const suggested = error.suggestedTo
      const middle =
        suggested !== undefined && suggested >= from && suggested < to ? suggested : from + (to - from) / 2n
      const size = middle - from + 1n
      if (size < logRangeSize) logRangeSize = size
      const [first, second] = await Promise.all([
        fetchLogs(from, middle, addresses),
        fetchLogs(middle + 1n, to, addresses),
      ])
      return first.concat(second)
    }
  }

  const fetchReceipts = (number: bigint) =>
    client.request<RpcReceipt[]>({
      method: 'eth_getBlockReceipts',
      params: [toHex(number)],
      subject: `block "${number}"`,
    })

  const fetchTransactions = async (
    blockNumbers: readonly bigint[],
    hashes: readonly Hash[],
  ): Promise<Map<Hash, TransactionInfo>> => {
    const found = new Map<Hash, TransactionInfo>()
    const keep = (raw: RpcTransaction | RpcReceipt, hash: string) => {
      const info = toTransactionInfo(raw, hash)
      found.set(info.hash, info)
    }
    if (transactionsMethod === 'byHash') {
      const all = await Promise.all(
        hashes.map((hash) =>
          client.request<RpcTransaction>({
            method: 'eth_getTransactionByHash',
            params: [hash],
            subject: `transaction "${hash}"`,
          }),
        ),
      )
      for (const transaction of all) keep(transaction, transaction.hash)
      return found
    }
    if (transactionsMethod === 'blocks') {
      const blocks = await Promise.all(
        blockNumbers.map((number) =>
          client.request<{ transactions: RpcTransaction[] }>({
            method: 'eth_getBlockByNumber',
            params: [toHex(number), true],
            subject: `block "${number}"`,
          }),
        ),
      )
      for (const block of blocks)
        for (const transaction of block.transactions) keep(transaction, transaction.hash)
      return found
    }
    const receipts = await Promise.all(blockNumbers.map(fetchReceipts))
    for (const list of receipts) for (const receipt of list) keep(receipt, receipt.transactionHash)
    return found
  }

  /** One range: its logs, then their transactions, beside its headers; checked against each other. */
  const fetchRange = async (
    from: bigint,
    to: bigint,
    addresses: readonly Address[],
    withLogs: boolean,
  ): Promise<SourceBlock[]> => {
    const numbers: bigint[] = []
    for (let n = from; n <= to; n++) numbers.push(n)
    const fetchHeaders = (list: readonly bigint[]) =>
      Promise.all(list.map((n) => fetchHeader(n, false) as Promise<BlockHeader>))
    // Every header beside the logs, unless only the blocks with logs are wanted and few blocks
    // have them (then their headers come with their transactions, once the logs are known).
    const allHeaders = !withLogs || readLogsFromReceipts()
    let activeHeaders: Promise<BlockHeader[]> | undefined

    const [fetchedHeaders, { logsByBlock, transactionInfo }] = await Promise.all([
      allHeaders ? fetchHeaders(numbers) : Promise.resolve([]),
      (async () => {
        const logsByBlock = new Map<bigint, RpcLog[]>()
        const addLog = (number: bigint, log: RpcLog) => {
          const list = logsByBlock.get(number)
          if (list === undefined) logsByBlock.set(number, [log])
          else list.push(log)
        }
        if (addresses.length === 0) return { logsByBlock, transactionInfo: new Map<Hash, TransactionInfo>() }

        if (readLogsFromReceipts()) {
          // Every block's receipts: the tracked logs and their transactions in one call per block.
          const tracked = new Set<string>(addresses)
          const transactionInfo = new Map<Hash, TransactionInfo>()
          const receipts = await Promise.all(numbers.map(fetchReceipts))
          receipts.forEach((list, i) => {
            for (const receipt of list) {
              let kept = false
              for (const log of receipt.logs)
                if (tracked.has(log.address.toLowerCase())) {
                  addLog(numbers[i]!, log)
                  kept = true
                }
              if (kept) {
                const info = toTransactionInfo(receipt, receipt.transactionHash)
                transactionInfo.set(info.hash, info)
              }
            }
          })
          return { logsByBlock, transactionInfo }
        }

        const logs = await fetchLogs(from, to, addresses)
        const hashes = new Set<Hash>()
        for (const log of logs) {
          addLog(BigInt(log.blockNumber), log)
          hashes.add(log.transactionHash.toLowerCase() as Hash)
        }
        if (!allHeaders) {
          activeHeaders = fetchHeaders([...logsByBlock.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
          activeHeaders.catch(() => {}) // awaited below
        }
        const transactionInfo =
          logs.length === 0
            ? new Map<Hash, TransactionInfo>()
            : await fetchTransactions([...logsByBlock.keys()], [...hashes])
        return { logsByBlock, transactionInfo }
      })(),
    ])

    for (const number of logsByBlock.keys())
      if (number < from || number > to)
        throw invalid('eth_getLogs', blocksSubject(from, to), `it holds a log of block "${number}"`)
    if (addresses.length > 0) dense = logsByBlock.size >= DENSE * numbers.length
    const headers = allHeaders
      ? withLogs
        ? fetchedHeaders.filter((header) => logsByBlock.has(header.number))
        : fetchedHeaders
      : await (activeHeaders ?? Promise.resolve([]))

    return headers.map((header) => {
      const raws = logsByBlock.get(header.number) ?? []
      const logs: SourceLog[] = raws.map((raw) => {
        if (raw.blockHash.toLowerCase() !== header.hash)
          throw new ChainChangedError({
            blockNumber: header.number,
            url,
            problem: `its logs are of block hash "${raw.blockHash.toLowerCase()}", its header of "${header.hash}"`,
          })
        return {
          address: raw.address.toLowerCase() as Address,
          topics: raw.topics.map((topic) => topic.toLowerCase() as Hex),
          data: raw.data.toLowerCase() as Hex,
          logIndex: Number(raw.logIndex),
          transactionHash: raw.transactionHash.toLowerCase() as Hash,
          transactionIndex: Number(raw.transactionIndex),
          blockNumber: header.number,
        }
      })
      logs.sort((a, b) => a.logIndex - b.logIndex)
      const transactions = new Map<Hash, SourceTransaction>()
      for (const log of logs) {
        if (transactions.has(log.transactionHash)) continue
        const info = transactionInfo.get(log.transactionHash)
        if (info === undefined || info.blockHash !== header.hash || info.index !== log.transactionIndex)
          throw new ChainChangedError({
            blockNumber: header.number,
            url,
            problem:
              info === undefined
                ? `the transaction "${log.transactionHash}" of its log "${log.logIndex}" is not in it`
                : `the transaction "${log.transactionHash}" is at index "${info.index}" of block hash "${info.blockHash}", its log says index "${log.transactionIndex}" of "${header.hash}"`,
          })
        transactions.set(log.transactionHash, {
          hash: info.hash,
          from: info.from,
          to: info.to,
          index: info.index,
        })
      }
      return {
        number: header.number,
        hash: header.hash,
        parentHash: header.parentHash,
        timestamp: header.timestamp,
        transactions: [...transactions.values()].sort((a, b) => a.index - b.index),
        logs,
      }
    })
  }

  const fetchRangeChecked = async (
    from: bigint,
    to: bigint,
    addresses: readonly Address[],
    withLogs: boolean,
  ) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetchRange(from, to, addresses, withLogs)
      } catch (error) {
        if (receiptsSupported && isUnsupportedReceipts(error)) {
          // An older node or a provider without eth_getBlockReceipts: use full blocks from now on.
          receiptsSupported = false
          if (transactionsMethod === 'receipts') transactionsMethod = 'blocks'
          attempt--
          continue
        }
        if (!(error instanceof ChainChangedError) || attempt >= CHAIN_CHANGE_ATTEMPTS) throw error
      }
    }
  }

  return {
    url,
    stats: () => client.stats(),
    async getHead() {
      const head = await client.request<Hex>({
        method: 'eth_blockNumber',
        params: [],
        subject: 'the head block',
      })
      return BigInt(head)
    },
    getHeader: (number) => fetchHeader(number, true),
    async getBlocks({ from, to, addresses, blocks = 'all' }: GetBlocksParameters) {
      if (from < 0n)
        throw new InvalidBlockRangeError({ from, to, problem: 'a block number cannot be negative' })
      if (from > to)
        throw new InvalidBlockRangeError({ from, to, problem: 'its first block is after its last block' })
      const tracked = [...new Set(addresses.map((address) => address.toLowerCase() as Address))].sort()
      const withLogs = blocks === 'withLogs'
      if (withLogs && tracked.length === 0) return []
      // Ranges are cut as they are taken, so a range grown by an answered one applies at once.
      const results: SourceBlock[][] = []
      let start = from
      await Promise.all(
        Array.from({ length: RANGES_IN_FLIGHT }, async () => {
          while (start <= to) {
            const index = results.length
            const first = start
            const last = first + logRangeSize - 1n < to ? first + logRangeSize - 1n : to
            start = last + 1n
            results.push([])
            results[index] = await fetchRangeChecked(first, last, tracked, withLogs)
          }
        }),
      )
      return results.flat()
    },
    async close() {
      client.close()
    },
  }
}

/** A node's "no such method" answer to `eth_getBlockReceipts`. */
function isUnsupportedReceipts(error: unknown): boolean {
  return (
    error instanceof RpcRequestFailedError &&
    error.method === 'eth_getBlockReceipts' &&
    !error.retryable &&
    (error.code === -32601 ||
      /method.{0,60}(not|n't).{0,20}(exist|found|support|available)|unsupported method/i.test(
        error.shortMessage,
      ))
  )
}

function toTransactionInfo(raw: RpcTransaction | RpcReceipt, hash: string): TransactionInfo {
  return {
    hash: hash.toLowerCase() as Hash,
    from: raw.from.toLowerCase() as Address,
    to: raw.to === null || raw.to === undefined ? null : (raw.to.toLowerCase() as Address),
    index: Number(raw.transactionIndex),
    blockHash: raw.blockHash.toLowerCase() as Hash,
  }
}

function toHex(value: bigint): Hex {
  return `0x${value.toString(16)}`
}

function blocksSubject(from: bigint, to: bigint): string {
  return from === to ? `block "${from}"` : `blocks "${from}" to "${to}"`
}

function integerOption(option: string, value: number | undefined, fallback: number, minimum: number): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < minimum)
    throw new InvalidSourceOptionError({
      option,
      value,
      expected: minimum === 0 ? 'a whole number, 0 or more' : `a whole number, ${minimum} or more`,
    })
  return value
}
