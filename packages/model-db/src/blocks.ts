import type { ModelDb } from './client'
import { DONE_IN_RANGE_SQL } from './ranges'
import type { BlockHeader } from './writers/types'

type Db = Pick<ModelDb, 'query'>

export type HeaderRow = {
  number: string
  hash: string
  parent_hash: string
  ts: string
  status: 'done' | 'failed'
}

export const HEADER = `number::text, hash, parent_hash, extract(epoch from timestamp)::bigint::text as ts, status::text as status`

export function toHeader(row: HeaderRow): BlockHeader & { status: 'done' | 'failed' } {
  return {
    number: BigInt(row.number),
    hash: row.hash,
    parentHash: row.parent_hash,
    timestamp: BigInt(row.ts),
    status: row.status,
  }
}

/** The stored header of block `number` (done or failed), or `undefined`. */
export async function getProcessedHeader(
  db: Db,
  number: bigint,
): Promise<(BlockHeader & { status: 'done' | 'failed' }) | undefined> {
  const rows = await db.query<HeaderRow>(`select ${HEADER} from processed_block where number = $1`, [
    number.toString(),
  ])
  return rows[0] === undefined ? undefined : toHeader(rows[0])
}

/** The highest processed block (done or failed), or `undefined` when none is. */
export async function latestProcessedHeader(
  db: Db,
): Promise<(BlockHeader & { status: 'done' | 'failed' }) | undefined> {
  const rows = await db.query<HeaderRow>(
    `select ${HEADER} from processed_block order by processed_block.number desc limit 1`,
  )
  return rows[0] === undefined ? undefined : toHeader(rows[0])
}

/**
 * The done block closest below `number` (the block a batch starting at
 * `number` continues from), or `undefined` when no block below it is done.
 */
export async function previousDoneHeader(db: Db, number: bigint): Promise<BlockHeader | undefined> {
  const rows = await db.query<HeaderRow>(
    `select ${HEADER} from processed_block p where p.number < $1 and p.status = 'done'
      order by p.number desc limit 1`,
    [number.toString()],
  )
  if (rows[0] === undefined) return undefined
  const { status: _, ...header } = toHeader(rows[0])
  return header
}

/**
 * The numbers in `[from, to]` already processed successfully — covered by a
 * processed range or with a done `processed_block` row — to skip them when
 * resuming. Meant for a job's blocks (a Set of its numbers).
 */
export async function doneBlockNumbers(db: Db, range: { from: bigint; to: bigint }): Promise<Set<bigint>> {
  const rows = await db.query<{ number: string }>(
    `select number::text from processed_block where status = 'done' and number between $1 and $2
     union
     select generate_series(greatest(from_block, $1), least(to_block, $2))::text
       from processed_range where from_block <= $2 and to_block >= $1`,
    [range.from.toString(), range.to.toString()],
  )
  return new Set(rows.map((row) => BigInt(row.number)))
}

export type RangeProgress = { done: number; failed: number; pending: number }

/** How many blocks of `[from, to]` are done (in a processed range or a done row), failed, or not processed yet. */
export async function rangeProgress(db: Db, range: { from: bigint; to: bigint }): Promise<RangeProgress> {
  const rows = await db.query<{ done: number; failed: number }>(
    `select ${DONE_IN_RANGE_SQL}::int as done,
            (select count(*) from processed_block where status = 'failed' and number between $1 and $2)::int as failed`,
    [range.from.toString(), range.to.toString()],
  )
  const { done = 0, failed = 0 } = rows[0] ?? {}
  return { done, failed, pending: Number(range.to - range.from + 1n) - done - failed }
}

/** Failed blocks with their errors, oldest first. */
export async function failedBlocks(
  db: Db,
  limit = 100,
): Promise<{ number: bigint; error: string; attempts: number }[]> {
  const rows = await db.query<{ number: string; error: string | null; attempts: number }>(
    `select number::text, error, attempts from processed_block where status = 'failed' order by processed_block.number limit $1`,
    [limit],
  )
  return rows.map((row) => ({ number: BigInt(row.number), error: row.error ?? '', attempts: row.attempts }))
}

/** The processed block range of a model database — its rows and ranges — (`undefined` when it has processed nothing). */
export async function processedRange(db: Db): Promise<{ from: bigint; to: bigint } | undefined> {
  const [row] = await db.query<{ lo: string | null; hi: string | null }>(
    `select least((select min(number) from processed_block where status = 'done'),
                  (select min(from_block) from processed_range))::text as lo,
            greatest((select max(number) from processed_block where status = 'done'),
                     (select max(to_block) from processed_range))::text as hi`,
  )
  if (row?.lo == null || row.hi == null) return undefined
  return { from: BigInt(row.lo), to: BigInt(row.hi) }
}

/**
 * The highest block processed — a block's row (done or failed) or the end of
 * a processed range — with its hash where known (a range ending in an empty
 * block of a backfill has none), or `undefined` when nothing is.
 */
export async function lastProcessedBlock(
  db: Db,
): Promise<{ number: bigint; hash: string | undefined } | undefined> {
  const [row] = await db.query<{ n: string | null; hash: string | null }>(
    `select n::text, hash from (
       (select number as n, hash from processed_block order by number desc limit 1)
       union all
       (select to_block as n, to_hash as hash from processed_range order by to_block desc limit 1)
     ) last order by n desc, hash nulls last limit 1`,
  )
  if (row?.n == null) return undefined
  return { number: BigInt(row.n), hash: row.hash ?? undefined }
}
