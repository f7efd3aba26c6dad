import type { Address, Hash, Hex } from 'viem'
import { describeValue, InvalidStoredBlockError } from './errors'
import type { SourceBlock, SourceLog, SourceTransaction } from './types'

export type ParseStoredBlockParameters = [
  /** The file's content: its text, or the value `JSON.parse` made of it. */
  json: unknown,
  /** The file's path, for error messages. */
  file: string,
]
export type ParseStoredBlockReturnType = SourceBlock
export type ParseStoredBlockErrorType = InvalidStoredBlockError

const QUANTITY = /^0x[0-9a-fA-F]+$/
const HASH = /^0x[0-9a-fA-F]{64}$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const DATA = /^0x(?:[0-9a-fA-F]{2})*$/

type Json = Record<string, unknown>

/**
 * Parses and checks one stored block file: the block object that
 * `eth_getBlockByNumber(n, true)` returns, with a `receipts` array as
 * `eth_getBlockReceipts(n)` returns it (hex quantities, full transaction
 * objects). It accepts the shapes node providers' streams write:
 *
 * - the block object with a `receipts` field;
 * - `{ "block": {…}, "receipts": […] }` (QuickNode's block-with-receipts);
 * - either of those as the only element of an array, or of a stream
 *   payload's `data` array (`{ "metadata": {…}, "data": [ … ] }`).
 *
 * Every receipt must match the transaction at its position, and every log its
 * receipt and the block. The first problem found throws an
 * {@link InvalidStoredBlockError} naming the file and the field.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises'
 *
 * const file = 'blocks/58584385.json'
 * const block = parseStoredBlock(await readFile(file, 'utf8'), file)
 * block.number // 58584385n
 * block.logs[0] // { address: '0x3988…', topics: […], data: '0x…', logIndex: 0, … }
 * ```
 */
export function parseStoredBlock(...[json, file]: ParseStoredBlockParameters): ParseStoredBlockReturnType {
  const fail = (field: string, problem: string): never => {
    throw new InvalidStoredBlockError({ file, field, problem })
  }

  let value = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json)
    } catch (error) {
      fail('', `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`)
    }
  }

  const { block, blockPath, receipts, receiptsPath } = locateBlock(value, fail)

  const field = (path: string, key: string) => (path === '' ? key : `${path}.${key}`)
  const read = <T>(object: Json, path: string, key: string, check: (value: unknown, at: string) => T): T =>
    check(object[key], field(path, key))

  const quantity = (value: unknown, at: string): bigint =>
    typeof value === 'string' && QUANTITY.test(value)
      ? BigInt(value)
      : fail(at, `expected a hex quantity such as "0x1a", got ${describeValue(value)}`)
  const index = (value: unknown, at: string): number => {
    const parsed = quantity(value, at)
    return parsed <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(parsed)
      : fail(at, `expected an index, got ${describeValue(value)}`)
  }
  const hash = (value: unknown, at: string): Hash =>
    typeof value === 'string' && HASH.test(value)
      ? (value.toLowerCase() as Hash)
      : fail(at, `expected a 32-byte hash (0x followed by 64 hex digits), got ${describeValue(value)}`)
  const address = (value: unknown, at: string): Address =>
    typeof value === 'string' && ADDRESS.test(value)
      ? (value.toLowerCase() as Address)
      : fail(at, `expected an address (0x followed by 40 hex digits), got ${describeValue(value)}`)
  const data = (value: unknown, at: string): Hex =>
    typeof value === 'string' && DATA.test(value)
      ? (value.toLowerCase() as Hex)
      : fail(at, `expected hex data (0x followed by whole bytes), got ${describeValue(value)}`)
  const array = (value: unknown, at: string): unknown[] =>
    Array.isArray(value) ? value : fail(at, `expected a list, got ${describeValue(value)}`)
  const object = (value: unknown, at: string): Json =>
    isObject(value) ? value : fail(at, `expected an object, got ${describeValue(value)}`)

  const number = read(block, blockPath, 'number', quantity)
  const blockHash = read(block, blockPath, 'hash', hash)
  const parentHash = read(block, blockPath, 'parentHash', hash)
  const timestamp = read(block, blockPath, 'timestamp', quantity)

  const transactionsPath = field(blockPath, 'transactions')
  const transactions: SourceTransaction[] = array(block.transactions, transactionsPath).map((raw, i) => {
    const at = `${transactionsPath}[${i}]`
    if (typeof raw === 'string')
      fail(
        at,
        'expected a transaction object, got a transaction hash (store blocks fetched with eth_getBlockByNumber(n, true))',
      )
    const transaction = object(raw, at)
    const position = read(transaction, at, 'transactionIndex', index)
    if (position !== i)
      fail(field(at, 'transactionIndex'), `expected "${i}" (its position), got "${position}"`)
    const to = transaction.to
    return {
      hash: read(transaction, at, 'hash', hash),
      from: read(transaction, at, 'from', address),
      to: to === null || to === undefined ? null : address(to, field(at, 'to')),
      index: position,
    }
  })

  const receiptList = array(receipts, receiptsPath)
  if (receiptList.length !== transactions.length)
    fail(
      receiptsPath,
      `expected one receipt per transaction ("${transactions.length}"), got "${receiptList.length}"`,
    )

  const logs: SourceLog[] = []
  receiptList.forEach((raw, i) => {
    const at = `${receiptsPath}[${i}]`
    const receipt = object(raw, at)
    const transaction = transactions[i]!
    const transactionHash = read(receipt, at, 'transactionHash', hash)
    if (transactionHash !== transaction.hash)
      fail(
        field(at, 'transactionHash'),
        `expected "${transaction.hash}" (the hash of ${transactionsPath}[${i}]), got "${transactionHash}"`,
      )
    if (receipt.blockHash !== undefined) {
      const receiptBlockHash = read(receipt, at, 'blockHash', hash)
      if (receiptBlockHash !== blockHash)
        fail(field(at, 'blockHash'), `expected the block's hash "${blockHash}", got "${receiptBlockHash}"`)
    }

    const logsPath = field(at, 'logs')
    array(receipt.logs, logsPath).forEach((rawLog, j) => {
      const logAt = `${logsPath}[${j}]`
      const log = object(rawLog, logAt)
      if (log.removed === true)
        fail(field(logAt, 'removed'), 'the log is marked removed (it was reorganised out)')
      const topicsAt = field(logAt, 'topics')
      const topics = array(log.topics, topicsAt).map((topic, k) => hash(topic, `${topicsAt}[${k}]`))
      if (topics.length > 4) fail(topicsAt, `expected at most 4 topics, got "${topics.length}"`)
      const logIndex = read(log, logAt, 'logIndex', index)
      const previous = logs.at(-1)
      if (previous !== undefined && logIndex <= previous.logIndex)
        fail(
          field(logAt, 'logIndex'),
          `expected a log index above the previous log's "${previous.logIndex}", got "${logIndex}"`,
        )
      const logTransactionHash = read(log, logAt, 'transactionHash', hash)
      if (logTransactionHash !== transactionHash)
        fail(
          field(logAt, 'transactionHash'),
          `expected the receipt's transaction hash "${transactionHash}", got "${logTransactionHash}"`,
        )
      const transactionIndex = read(log, logAt, 'transactionIndex', index)
      if (transactionIndex !== i)
        fail(
          field(logAt, 'transactionIndex'),
          `expected the receipt's position "${i}", got "${transactionIndex}"`,
        )
      const blockNumber = read(log, logAt, 'blockNumber', quantity)
      if (blockNumber !== number)
        fail(field(logAt, 'blockNumber'), `expected the block's number "${number}", got "${blockNumber}"`)
      if (log.blockHash !== undefined) {
        const logBlockHash = read(log, logAt, 'blockHash', hash)
        if (logBlockHash !== blockHash)
          fail(field(logAt, 'blockHash'), `expected the block's hash "${blockHash}", got "${logBlockHash}"`)
      }
      logs.push({
        address: read(log, logAt, 'address', address),
        topics,
        data: read(log, logAt, 'data', data),
        logIndex,
        transactionHash,
        transactionIndex,
        blockNumber,
      })
    })
  })

  return { number, hash: blockHash, parentHash, timestamp, transactions, logs }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Finds the block object and its receipts in the accepted shapes, with their field paths. */
function locateBlock(
  value: unknown,
  fail: (field: string, problem: string) => never,
): { block: Json; blockPath: string; receipts: unknown; receiptsPath: string } {
  let path = ''
  let record = value
  if (isObject(record) && Array.isArray(record.data) && !('number' in record) && !('block' in record)) {
    path = 'data'
    record = record.data
  }
  if (Array.isArray(record)) {
    if (record.length !== 1)
      fail(path, `expected exactly one block, got a list of "${record.length}" (store one block per file)`)
    path = `${path}[0]`
    record = record[0]
  }
  if (!isObject(record)) fail(path, `expected a block object, got ${describeValue(record)}`)
  const join = (key: string) => (path === '' ? key : `${path}.${key}`)
  if ('block' in record) {
    const block = record.block
    if (!isObject(block)) fail(join('block'), `expected a block object, got ${describeValue(block)}`)
    if (!('receipts' in record) && 'receipts' in block)
      return {
        block,
        blockPath: join('block'),
        receipts: block.receipts,
        receiptsPath: join('block.receipts'),
      }
    if (!('receipts' in record))
      fail(
        join('receipts'),
        "expected the block's receipts (the result of eth_getBlockReceipts), got nothing",
      )
    return { block, blockPath: join('block'), receipts: record.receipts, receiptsPath: join('receipts') }
  }
  if (!('receipts' in record))
    fail(join('receipts'), "expected the block's receipts (the result of eth_getBlockReceipts), got nothing")
  return { block: record, blockPath: path, receipts: record.receipts, receiptsPath: join('receipts') }
}
