import type { QueryFn } from '@idx/database'
import type { ModelDb } from './client'
import { PRICING_WRITE_LOCK } from './writeLock'

type Db = Pick<ModelDb, 'query'>

/** A run of consecutive done blocks, both ends inclusive, with the chain's hash at `to` where known. */
export type ProcessedRangeRow = { from: bigint; to: bigint; toHash: string | null }

/**
 * Records, inside the caller's write transaction, that every block of
 * `from`..`to` is done — the blocks with tracked logs have their
 * `processed_block` row, the empty ones only this range. The range is merged
 * with the ranges it touches or overlaps, so a history processed batch after
 * batch is one row. `toHash` is the chain's hash at `to` when the source gave
 * it (a backfill of finalized blocks fetches no header of an empty block).
 */
export async function writeRangeIn(
  query: QueryFn,
  range: { from: bigint; to: bigint; toHash?: string | undefined },
): Promise<void> {
  if (range.to < range.from) return
  // Writers of adjacent ranges (several workers or processes) take turns, so that each sees the
  // others' committed ranges and merges with them (the lock the pricing writes hold: no new order).
  await query(PRICING_WRITE_LOCK)
  const touching = await query<{ from_block: string; to_block: string; to_hash: string | null }>(
    `delete from processed_range where from_block <= $2::bigint + 1 and to_block >= $1::bigint - 1
      returning from_block::text, to_block::text, to_hash`,
    [range.from.toString(), range.to.toString()],
  )
  let from = range.from
  let to = range.to
  let toHash: string | null = range.toHash ?? null
  for (const row of touching) {
    const rowFrom = BigInt(row.from_block)
    const rowTo = BigInt(row.to_block)
    if (rowFrom < from) from = rowFrom
    if (rowTo > to || (rowTo === to && toHash === null)) {
      to = rowTo
      toHash = row.to_hash
    }
  }
  await query('insert into processed_range (from_block, to_block, to_hash) values ($1, $2, $3)', [
    from.toString(),
    to.toString(),
    toHash,
  ])
}

/**
 * Cuts every range at `number`, inside the caller's transaction: blocks from
 * `number` on are no longer done (a reorg orphaned them). The hash of a cut
 * range's new end is unknown.
 */
export async function truncateRangesIn(query: QueryFn, number: bigint): Promise<void> {
  await query('delete from processed_range where from_block >= $1', [number.toString()])
  await query('update processed_range set to_block = $1::bigint - 1, to_hash = null where to_block >= $1', [
    number.toString(),
  ])
}

/** The ranges that overlap `from`..`to`, in block order (clipped to it). */
export async function processedRanges(
  db: Db,
  range: { from: bigint; to: bigint },
): Promise<ProcessedRangeRow[]> {
  const rows = await db.query<{ f: string; t: string; to_hash: string | null; clipped: boolean }>(
    `select greatest(from_block, $1)::text as f, least(to_block, $2)::text as t, to_hash,
            to_block > $2 as clipped
       from processed_range where from_block <= $2 and to_block >= $1 order by from_block`,
    [range.from.toString(), range.to.toString()],
  )
  return rows.map((row) => ({
    from: BigInt(row.f),
    to: BigInt(row.t),
    toHash: row.clipped ? null : row.to_hash,
  }))
}

/** The newest range end (the last block a run over a range processed), or `undefined`. */
export async function latestRangeEnd(db: Db): Promise<{ number: bigint; hash: string | null } | undefined> {
  const [row] = await db.query<{ n: string; to_hash: string | null }>(
    'select to_block::text as n, to_hash from processed_range order by to_block desc limit 1',
  )
  return row === undefined ? undefined : { number: BigInt(row.n), hash: row.to_hash }
}

/**
 * SQL: how many blocks of `$1`..`$2` are done — covered by a range, or with a
 * done `processed_block` row outside every range (a block written by a path
 * that writes no range). Ranges may overlap: their union counts.
 */
export const DONE_IN_RANGE_SQL = `(
  coalesce((select sum(upper(r) - lower(r)) from unnest(
     (select range_agg(int8range(from_block, to_block, '[]')) from processed_range
       where from_block <= $2 and to_block >= $1) * int8multirange(int8range($1, $2, '[]'))) r), 0)
  + (select count(*) from processed_block p where p.status = 'done' and p.number between $1 and $2
       and not exists (select 1 from processed_range r where p.number between r.from_block and r.to_block))
)`
