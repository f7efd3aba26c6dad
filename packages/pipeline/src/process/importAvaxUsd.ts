import type { ModelDb } from '@idx/model-db'
import { AvaxUsdFileError, type AvaxUsdFileRow, isoTime, type ParseAvaxUsdFileReturnType } from '@idx/pricing'
import {
  type AvaxUsdFeed,
  type AvaxUsdPriceRow,
  findAvaxUsdPrices,
  type SharedDb,
  storeAvaxUsdPrices,
} from '@idx/shared-db'
import { ModelSetupError } from './errors'

export type ImportAvaxUsdParameters = {
  shared: Pick<SharedDb, 'query'>
  /** The chain and its AVAX/USD feed (`findAvaxUsdFeed`). */
  setup: AvaxUsdFeed
  /** The file's name, as messages show it. */
  file: string
  /** Its rows (`parseAvaxUsdFile`). */
  parsed: ParseAvaxUsdFileReturnType
  /**
   * A model whose processed blocks give the blocks' times (rows without
   * `block_time`) and — for rows keyed by time — the blocks to price.
   */
  model?: { name: string; db: Pick<ModelDb, 'query'> } | undefined
  /** Store the file's answer where another one is stored for a block (default: refuse). */
  replace?: boolean | undefined
}

export type ImportAvaxUsdReturnType = {
  /** Blocks given a price they did not have. */
  stored: number
  /** Blocks whose stored price was the file's already. */
  unchanged: number
  /** Blocks whose stored price was replaced (`replace`). */
  replaced: number
  /** Of those stored or replaced, how many are stale (older than the feed's heartbeat at the block). */
  stale: number
  /** The first and last block priced, if any. */
  blocks: { from: bigint; to: bigint } | undefined
}

/**
 * Stores AVAX/USD prices from a file (`idx pricing avax import FILE`), for
 * blocks that cannot be read from a node: each row's answer as of its block,
 * or — rows keyed by the time the feed gave each answer — the latest answer at
 * or before each processed block of the model between the first and the last
 * row's time. A block's time comes from the row (`block_time`) or from the
 * model's processed blocks; `stale` is judged with the feed's heartbeat.
 *
 * All or nothing: every row is checked before one statement stores them all.
 * A block that has another price stored is refused unless `replace`; importing
 * the same file again changes nothing. `idx pricing update` then values the
 * swaps that were ERROR for want of AVAX/USD.
 *
 * @example
 * ```ts
 * const parsed = parseAvaxUsdFile({ text, file: 'avax.csv', decimals: 8 })
 * await importAvaxUsd({ shared, setup: await findAvaxUsdFeed(shared.client), file: 'avax.csv', parsed, model: { name: 'blub_test', db } })
 * ```
 */
export async function importAvaxUsd(parameters: ImportAvaxUsdParameters): Promise<ImportAvaxUsdReturnType> {
  const { shared, setup, file, parsed, model } = parameters
  const feed = setup.feed
  if (feed === undefined)
    throw new ModelSetupError(
      'The shared database has no avax_usd price feed: add one to the shared file and import it.',
    )
  const priced =
    parsed.keyedBy === 'block'
      ? await byBlock(parsed.rows, file, model)
      : await byTime(parsed.rows, file, model)
  const rows: (AvaxUsdPriceRow & { where: string })[] = priced.map(({ row, blockTime, block }) => {
    const answeredAt = row.answeredAt ?? row.time ?? blockTime
    return {
      where: row.where,
      chainId: setup.chainId,
      blockNumber: block,
      answer: row.answer,
      decimals: feed.decimals,
      roundId: row.roundId,
      answeredAt,
      blockTime,
      stale: blockTime - answeredAt > BigInt(feed.heartbeatSeconds),
    }
  })

  const stored = await findAvaxUsdPrices(shared, {
    chainId: setup.chainId,
    blocks: rows.map((r) => r.blockNumber),
  })
  const fresh: AvaxUsdPriceRow[] = []
  const conflicts: string[] = []
  let unchanged = 0
  let replaced = 0
  for (const row of rows) {
    const old = stored.get(row.blockNumber)
    if (old === undefined) {
      fresh.push(row)
      continue
    }
    if (old.answer === row.answer && old.roundId === row.roundId && old.answeredAt === row.answeredAt) {
      unchanged++
      continue
    }
    conflicts.push(
      `Block ${row.blockNumber} has the answer ${old.answer} (round ${old.roundId}, answered ${isoTime(old.answeredAt)}) stored; ` +
        `${row.where} of "${file}" gives ${row.answer} (round ${row.roundId}, answered ${isoTime(row.answeredAt)}).`,
    )
    replaced++
    fresh.push(row)
  }
  if (conflicts.length > 0 && parameters.replace !== true)
    throw new AvaxUsdFileError(
      `${conflicts.length === 1 ? 'One block has' : `${conflicts.length} blocks have`} another AVAX/USD price stored than "${file}" gives; nothing was stored.`,
      {
        details: [
          ...conflicts.slice(0, 5),
          ...(conflicts.length > 5 ? [`… and ${conflicts.length - 5} more.`] : []),
          'Import with --replace to store the file’s answers instead.',
        ],
      },
    )
  await storeAvaxUsdPrices(shared, fresh)
  const numbers = rows.map((row) => row.blockNumber)
  return {
    stored: fresh.length - replaced,
    unchanged,
    replaced,
    stale: fresh.filter((row) => row.stale).length,
    blocks: numbers.length === 0 ? undefined : { from: numbers[0]!, to: numbers.at(-1)! },
  }
}

type Priced = { row: AvaxUsdFileRow; block: bigint; blockTime: bigint }

/** Rows keyed by block: their time from the row, else from the model's processed block. */
async function byBlock(
  rows: readonly AvaxUsdFileRow[],
  file: string,
  model: ImportAvaxUsdParameters['model'],
): Promise<Priced[]> {
  const times = new Map<bigint, bigint>()
  if (model !== undefined) {
    const found = await model.db.query<{ number: string; time: string }>(
      `select number::text, extract(epoch from timestamp)::bigint::text as time from processed_block
        where status = 'done' and number = any($1::bigint[])`,
      [rows.map((row) => row.block!.toString())],
    )
    for (const row of found) times.set(BigInt(row.number), BigInt(row.time))
  }
  return rows.map((row) => {
    const block = row.block!
    const processed = times.get(block)
    if (row.blockTime !== undefined && processed !== undefined && row.blockTime !== processed)
      throw new AvaxUsdFileError(
        `${capitalize(row.where)} of "${file}" gives block ${block} the time ${isoTime(row.blockTime)}, but model "${model!.name}" processed it at ${isoTime(processed)}.`,
      )
    const blockTime = row.blockTime ?? processed
    if (blockTime === undefined)
      throw new AvaxUsdFileError(
        `${capitalize(row.where)} of "${file}": block ${block} has no block_time, and ` +
          (model === undefined
            ? 'no model was named to read its time from (--model).'
            : `model "${model.name}" has not processed it.`),
      )
    if (row.answeredAt !== undefined && row.answeredAt > blockTime)
      throw new AvaxUsdFileError(
        `${capitalize(row.where)} of "${file}": block ${block} was answered at ${isoTime(row.answeredAt)}, after its own time ${isoTime(blockTime)}.`,
      )
    return { row, block, blockTime }
  })
}

/** Rows keyed by time: each processed block of the model between the first and last row takes the latest answer up to it. */
async function byTime(
  rows: readonly AvaxUsdFileRow[],
  file: string,
  model: ImportAvaxUsdParameters['model'],
): Promise<Priced[]> {
  if (model === undefined)
    throw new AvaxUsdFileError(
      `The AVAX/USD file "${file}" gives answers by time (a "timestamp" column): name the model whose processed blocks they price (--model).`,
    )
  const first = rows[0]!.time!
  const last = rows.at(-1)!.time!
  const blocks = await model.db.query<{ number: string; time: string }>(
    `select number::text, extract(epoch from timestamp)::bigint::text as time from processed_block p
      where p.status = 'done' and p.timestamp >= (to_timestamp($1::double precision) at time zone 'UTC')
        and p.timestamp <= (to_timestamp($2::double precision) at time zone 'UTC')
      order by p.number`,
    [first.toString(), last.toString()],
  )
  const priced: Priced[] = []
  let next = 0
  for (const { number, time } of blocks) {
    const blockTime = BigInt(time)
    while (next < rows.length && rows[next]!.time! <= blockTime) next++
    priced.push({ row: rows[next - 1]!, block: BigInt(number), blockTime })
  }
  return priced
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
