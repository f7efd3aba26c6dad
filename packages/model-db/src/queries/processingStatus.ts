import type { ModelDb } from '../client'
import { DONE_IN_RANGE_SQL } from '../ranges'

// What `idx process …` reports about a model database's blocks and jobs:
// reads only, each one named for what it answers.

type Db = Pick<ModelDb, 'query'>

/** Whether the database has the processing tables (`processed_block`, `block_job`): false before it is migrated. */
export async function hasProcessingTables(db: Db): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>(
    `select to_regclass('public.processed_block') is not null and to_regclass('public.block_job') is not null as present`,
  )
  return row?.present === true
}

/** One stored block as `idx process block` reports it: its status, error and what it held. */
export type ProcessedBlockSummary = {
  hash: string
  status: 'done' | 'failed'
  error: string | null
  attempts: number
  counts: {
    logs: number
    transfers: number
    poolSwaps: number
    trades: number
    liquidityEvents: number
    positions: number
    feedAnswers: number
    undecodable: number
  }
}

/** Block `number` as stored (done or failed), with its row counts; `undefined` when it was never processed. */
export async function readProcessedBlock(db: Db, number: bigint): Promise<ProcessedBlockSummary | undefined> {
  const [row] = await db.query<{
    hash: string
    status: 'done' | 'failed'
    error: string | null
    attempts: number
    log_count: number
    transfer_count: number
    swap_count: number
    trade_count: number
    liquidity_count: number
    position_count: number
    feed_answer_count: number
    undecodable_count: number
  }>(
    `select hash, status::text as status, error, attempts, log_count, transfer_count, swap_count, trade_count,
            liquidity_count, position_count, feed_answer_count, undecodable_count
       from processed_block where number = $1`,
    [number.toString()],
  )
  if (row === undefined) return undefined
  return {
    hash: row.hash,
    status: row.status,
    error: row.error,
    attempts: Number(row.attempts),
    counts: {
      logs: Number(row.log_count),
      transfers: Number(row.transfer_count),
      poolSwaps: Number(row.swap_count),
      trades: Number(row.trade_count),
      liquidityEvents: Number(row.liquidity_count),
      positions: Number(row.position_count),
      feedAnswers: Number(row.feed_answer_count),
      undecodable: Number(row.undecodable_count),
    },
  }
}

/** How many blocks of `runs` (inclusive runs of block numbers) have not been processed: neither done (a row or a processed range) nor failed. */
export async function countUnprocessed(
  db: Db,
  runs: readonly { from: bigint; to: bigint }[],
): Promise<number> {
  if (runs.length === 0) return 0
  const [row] = await db.query<{ n: string }>(
    `select coalesce(sum((run.hi - run.lo + 1)
              - ${DONE_IN_RANGE_SQL.replaceAll('$1', 'run.lo').replaceAll('$2', 'run.hi')}
              - (select count(*) from processed_block block
                  where block.status = 'failed' and block.number between run.lo and run.hi)), 0)::text as n
       from unnest($1::bigint[], $2::bigint[]) as run(lo, hi)`,
    [runs.map((run) => run.from.toString()), runs.map((run) => run.to.toString())],
  )
  return Number(row?.n ?? 0)
}

/**
 * The lowest and highest block the database has processed (a row or a
 * processed range) or queued (in a job); each `undefined` when it has neither.
 */
export async function readWorkExtent(
  db: Db,
): Promise<{ first: bigint | undefined; last: bigint | undefined }> {
  const [row] = await db.query<{ first: string | null; last: string | null }>(
    `select least((select min(number) from processed_block), (select min(from_block) from processed_range),
                  (select min(from_block) from block_job))::text as first,
            greatest((select max(number) from processed_block), (select max(to_block) from processed_range),
                     (select max(to_block) from block_job))::text as last`,
  )
  return {
    first: row?.first == null ? undefined : BigInt(row.first),
    last: row?.last == null ? undefined : BigInt(row.last),
  }
}

/** How many jobs lying inside `[from, to]` are running (held by a worker) and how many failed. */
export async function countUnfinishedJobs(
  db: Db,
  range: { from: bigint; to: bigint },
): Promise<{ running: number; failed: number }> {
  const rows = await db.query<{ status: 'running' | 'failed'; n: number }>(
    `select status::text as status, count(*)::int as n from block_job
      where from_block >= $1 and to_block <= $2 and status in ('running', 'failed') group by status`,
    [range.from.toString(), range.to.toString()],
  )
  const counts = { running: 0, failed: 0 }
  for (const row of rows) counts[row.status] = row.n
  return counts
}

/** A job that is running or failed, as `idx process status` lists it. */
export type UnfinishedJob = {
  from: bigint
  to: bigint
  status: 'running' | 'failed'
  worker: string | null
  attempts: number
  error: string | null
}

/** The jobs that are running or failed, lowest blocks first (at most `limit`, default 100). */
export async function listUnfinishedJobs(db: Db, limit = 100): Promise<UnfinishedJob[]> {
  const rows = await db.query<{
    from_block: string
    to_block: string
    status: 'running' | 'failed'
    worker: string | null
    attempts: number
    error: string | null
  }>(
    `select from_block::text, to_block::text, status::text as status, worker, attempts, error
       from block_job where status in ('running', 'failed') order by block_job.from_block limit $1`,
    [limit],
  )
  return rows.map((row) => ({
    from: BigInt(row.from_block),
    to: BigInt(row.to_block),
    status: row.status,
    worker: row.worker,
    attempts: row.attempts,
    error: row.error,
  }))
}

/** The bounds of the failed jobs, lowest blocks first. */
export async function listFailedJobRanges(db: Db): Promise<{ from: bigint; to: bigint }[]> {
  const rows = await db.query<{ from_block: string; to_block: string }>(
    `select from_block::text, to_block::text from block_job where status = 'failed' order by block_job.from_block`,
  )
  return rows.map((row) => ({ from: BigInt(row.from_block), to: BigInt(row.to_block) }))
}
