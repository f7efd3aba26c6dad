import * as decimal from './decimal'
import { AvaxUsdFileError } from './errors'

/** One AVAX/USD answer of a file, with where it was written (`line 4`, `row 3`). */
export type AvaxUsdFileRow = {
  /** `line N` (CSV, 1-based, the header is line 1) or `row N` (JSON, 1-based). */
  where: string
  /** The block it is the answer as of (a row keyed by block). */
  block?: bigint | undefined
  /** When the feed gave it, Unix seconds (a row keyed by time: it holds until the next row). */
  time?: bigint | undefined
  /** The feed's raw answer (`price × 10^decimals`). */
  answer: bigint
  roundId: bigint
  /** When the feed gave the answer (Unix seconds); absent: the block's time. */
  answeredAt?: bigint | undefined
  /** The block's time (Unix seconds); absent: read from a model's processed blocks. */
  blockTime?: bigint | undefined
}

export type ParseAvaxUsdFileParameters = {
  text: string
  /** The file's name, as messages show it. */
  file: string
  /** `csv` or `json`; default: from the file name's extension. */
  format?: 'csv' | 'json' | undefined
  /** The feed's decimals (a `price` column is turned into the raw answer exactly). */
  decimals: number
}

export type ParseAvaxUsdFileReturnType = {
  /** Rows keyed by block number, or by the time the feed gave the answer. */
  keyedBy: 'block' | 'time'
  /** In block (time) order. */
  rows: AvaxUsdFileRow[]
}

const COLUMNS = ['block', 'timestamp', 'answer', 'price', 'round_id', 'answered_at', 'block_time'] as const
type Column = (typeof COLUMNS)[number]

/**
 * Reads a file of AVAX/USD answers (`idx pricing avax import FILE`): CSV with
 * a header line, or JSON — a list of objects with those keys. Each row
 * names a block (`block`) or the time the feed gave the answer (`timestamp`:
 * Unix seconds or ISO 8601), and the answer: `answer`, the feed's raw integer,
 * or `price`, USD per AVAX with at most the feed's decimals. Optional:
 * `round_id`, and for block rows `answered_at` and `block_time` (Unix seconds
 * or ISO 8601). Every problem is a whole sentence naming the file, the line
 * (or row) and the value; nothing is returned unless every row is right.
 *
 * @example
 * ```ts
 * parseAvaxUsdFile({ text: 'block,price\n58220057,25.1\n', file: 'avax.csv', decimals: 8 })
 * // { keyedBy: 'block', rows: [{ where: 'line 2', block: 58220057n, answer: 2510000000n, roundId: 0n }] }
 * ```
 */
export function parseAvaxUsdFile(parameters: ParseAvaxUsdFileParameters): ParseAvaxUsdFileReturnType {
  const { text, file } = parameters
  const format = parameters.format ?? formatOf(file)
  const records = format === 'csv' ? csvRecords(text, file) : jsonRecords(text, file)
  if (records.length === 0)
    throw new AvaxUsdFileError(`The AVAX/USD file "${file}" holds no answer.`, {
      details: [EXPECTED],
    })
  // Every column any row has (JSON rows may leave optional keys out).
  const columns = new Set(records.flatMap((record) => record.columns))
  const keyedBy = columns.has('block') ? 'block' : 'time'
  for (const [a, b] of [
    ['block', 'timestamp'],
    ['answer', 'price'],
  ] as const) {
    if (columns.has(a) && columns.has(b))
      throw new AvaxUsdFileError(
        `The AVAX/USD file "${file}" has both "${a}" and "${b}" values: give one of them.`,
      )
    if (!columns.has(a) && !columns.has(b))
      throw new AvaxUsdFileError(
        `The AVAX/USD file "${file}" has no "${a}" or "${b}" column (${describeColumns([...columns])}).`,
        { details: [EXPECTED] },
      )
  }
  if (keyedBy === 'time')
    for (const column of ['answered_at', 'block_time'] as const)
      if (columns.has(column))
        throw new AvaxUsdFileError(
          `The AVAX/USD file "${file}" has a "${column}" column, but its rows are keyed by "timestamp" (the time the feed gave the answer): "${column}" goes with a "block" column.`,
        )

  const rows: AvaxUsdFileRow[] = []
  const seen = new Map<bigint, string>()
  for (const record of records) {
    const at = (what: string) => `${capitalize(record.where)} of "${file}": ${what}`
    const value = (column: Column) => record.values.get(column)
    const row: AvaxUsdFileRow = {
      where: record.where,
      answer: columns.has('answer')
        ? integer(value('answer'), at, 'the answer', 'a positive integer (the feed\u2019s raw answer)', 1n)
        : priceAnswer(value('price'), at, parameters.decimals),
      roundId:
        value('round_id') === undefined
          ? 0n
          : integer(value('round_id'), at, 'the round id', 'an integer, 0 or more', 0n),
    }
    if (keyedBy === 'block') {
      row.block = integer(value('block'), at, 'the block', 'a block number', 0n)
      if (value('answered_at') !== undefined) row.answeredAt = time(value('answered_at'), at, 'answered_at')
      if (value('block_time') !== undefined) row.blockTime = time(value('block_time'), at, 'block_time')
      if (row.answeredAt !== undefined && row.blockTime !== undefined && row.answeredAt > row.blockTime)
        throw new AvaxUsdFileError(
          at(
            `answered_at (${value('answered_at')}) is after block_time (${value('block_time')}): an answer as of a block was given before it.`,
          ),
        )
    } else row.time = time(value('timestamp'), at, 'the timestamp')
    const key = row.block ?? row.time!
    const first = seen.get(key)
    if (first !== undefined)
      throw new AvaxUsdFileError(
        at(
          `${keyedBy === 'block' ? `block ${key}` : `the timestamp ${value('timestamp')}`} is listed again (first on ${first}).`,
        ),
      )
    seen.set(key, record.where)
    rows.push(row)
  }
  rows.sort((a, b) => {
    const x = a.block ?? a.time!
    const y = b.block ?? b.time!
    return x < y ? -1 : x > y ? 1 : 0
  })
  return { keyedBy, rows }
}

const EXPECTED =
  'Expected columns: "block" (or "timestamp"), and "answer" (the raw answer) or "price" (USD per AVAX); optional "round_id", "answered_at", "block_time".'

type RawRecord = { where: string; columns: Column[]; values: Map<Column, string> }

function formatOf(file: string): 'csv' | 'json' {
  const lower = file.toLowerCase()
  if (lower.endsWith('.csv')) return 'csv'
  if (lower.endsWith('.json')) return 'json'
  throw new AvaxUsdFileError(`The AVAX/USD file "${file}" is neither CSV (.csv) nor JSON (.json).`)
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
const describeColumns = (columns: readonly string[]) =>
  columns.length === 0 ? 'it has none' : `its columns: ${columns.join(', ')}`

function checkColumns(names: string[], file: string, where: string): Column[] {
  const seen = new Set<string>()
  for (const name of names) {
    if (!(COLUMNS as readonly string[]).includes(name))
      throw new AvaxUsdFileError(
        `${where} of "${file}" has the unknown column ${JSON.stringify(name)}; the columns are ${COLUMNS.join(', ')}.`,
      )
    if (seen.has(name)) throw new AvaxUsdFileError(`${where} of "${file}" has the column "${name}" twice.`)
    seen.add(name)
  }
  return names as Column[]
}

function csvRecords(text: string, file: string): RawRecord[] {
  const lines = text.split(/\r?\n/)
  const unquote = (field: string) =>
    field
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
  let header: Column[] | undefined
  const records: RawRecord[] = []
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const fields = line.split(',').map(unquote)
    const where = `line ${index + 1}`
    if (header === undefined) {
      header = checkColumns(
        fields.map((field) => field.toLowerCase()),
        file,
        `The header (${where})`,
      )
      continue
    }
    if (fields.length !== header.length)
      throw new AvaxUsdFileError(
        `${capitalize(where)} of "${file}" has ${fields.length} field${fields.length === 1 ? '' : 's'}, but the header has ${header.length} (${header.join(', ')}).`,
      )
    const values = new Map<Column, string>()
    header.forEach((column, i) => {
      if (fields[i] !== '') values.set(column, fields[i]!)
    })
    records.push({ where, columns: header, values })
  }
  return records
}

function jsonRecords(text: string, file: string): RawRecord[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new AvaxUsdFileError(`The AVAX/USD file "${file}" is not valid JSON: ${(error as Error).message}.`)
  }
  if (!Array.isArray(data))
    throw new AvaxUsdFileError(
      `The AVAX/USD file "${file}" must hold a JSON list of objects (one per answer), not ${data === null ? 'null' : typeof data}.`,
    )
  return data.map((item, index) => {
    const where = `row ${index + 1}`
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new AvaxUsdFileError(
        `${capitalize(where)} of "${file}" is not an object: ${JSON.stringify(item)}.`,
      )
    const keys = checkColumns(
      Object.keys(item).map((key) => key.toLowerCase()),
      file,
      capitalize(where),
    )
    const values = new Map<Column, string>()
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (value === null) continue
      if (typeof value !== 'string' && typeof value !== 'number')
        throw new AvaxUsdFileError(
          `${capitalize(where)} of "${file}": "${key}" is ${JSON.stringify(value)}, neither a number nor a string.`,
        )
      if (typeof value === 'number' && !Number.isSafeInteger(value) && key.toLowerCase() !== 'price')
        throw new AvaxUsdFileError(
          `${capitalize(where)} of "${file}": "${key}" is ${value}, not an integer JSON can hold exactly; write it as a string.`,
        )
      values.set(key.toLowerCase() as Column, String(value))
    }
    return { where, columns: keys, values }
  })
}

function integer(
  value: string | undefined,
  at: (what: string) => string,
  what: string,
  expected: string,
  min: bigint,
): bigint {
  if (value === undefined) throw new AvaxUsdFileError(at(`${what} is missing; expected ${expected}.`))
  if (!/^[0-9]+$/.test(value) || BigInt(value) < min)
    throw new AvaxUsdFileError(at(`${what} ${JSON.stringify(value)} is not ${expected}.`))
  return BigInt(value)
}

/** A `price` column: USD per AVAX, turned into the feed's raw answer exactly. */
function priceAnswer(value: string | undefined, at: (what: string) => string, decimals: number): bigint {
  if (value === undefined) throw new AvaxUsdFileError(at('the price is missing; expected USD per AVAX.'))
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value))
    throw new AvaxUsdFileError(
      at(`the price ${JSON.stringify(value)} is not a decimal number (USD per AVAX).`),
    )
  const parsed = decimal.parse(value)
  if (parsed.scale > decimals && parsed.mantissa % 10n ** BigInt(parsed.scale - decimals) !== 0n)
    throw new AvaxUsdFileError(
      at(
        `the price ${JSON.stringify(value)} has more than ${decimals} decimals, the feed's: give its answer instead.`,
      ),
    )
  const answer =
    parsed.scale > decimals
      ? parsed.mantissa / 10n ** BigInt(parsed.scale - decimals)
      : parsed.mantissa * 10n ** BigInt(decimals - parsed.scale)
  if (answer <= 0n) throw new AvaxUsdFileError(at(`the price ${JSON.stringify(value)} is not above zero.`))
  return answer
}

/** Unix seconds or an ISO 8601 date and time. */
function time(value: string | undefined, at: (what: string) => string, what: string): bigint {
  if (value === undefined)
    throw new AvaxUsdFileError(at(`${what} is missing; expected Unix seconds or an ISO 8601 time.`))
  if (/^[0-9]+$/.test(value)) return BigInt(value)
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(ms))
    throw new AvaxUsdFileError(
      at(
        `${what} ${JSON.stringify(value)} is neither Unix seconds nor an ISO 8601 time (2025-03-01T12:00:00Z).`,
      ),
    )
  return BigInt(Math.floor(ms / 1000))
}
