import type { ModelDb } from './client'
import { DONE_IN_RANGE_SQL } from './ranges'

/** A claimed range of blocks (inclusive). */
export type BlockJobClaim = { id: number; fromBlock: bigint; toBlock: bigint; attempts: number }

type Db = Pick<ModelDb, 'query'>

/**
 * Splits `[from, to]` into jobs of `size` blocks aligned on `from`, creating
 * those that do not exist yet. Several processes enqueueing the same range
 * create each job once.
 *
 * @returns how many jobs this call created.
 */
export async function enqueueRange(
  db: Db,
  range: { from: bigint; to: bigint; size: number },
): Promise<number> {
  const froms: string[] = []
  const tos: string[] = []
  const size = BigInt(range.size)
  for (let start = range.from; start <= range.to; start += size) {
    const end = start + size - 1n
    froms.push(start.toString())
    tos.push((end > range.to ? range.to : end).toString())
  }
  const rows = await db.query<{ id: number }>(
    `insert into block_job (from_block, to_block)
     select * from unnest($1::bigint[], $2::bigint[])
     on conflict (from_block, to_block) do nothing returning id`,
    [froms, tos],
  )
  return rows.length
}

/**
 * Claims the first pending job inside `[from, to]` — or one whose worker went
 * silent for `staleAfterMs` — for `worker`. `FOR UPDATE SKIP LOCKED` makes
 * concurrent claimers take different jobs, never the same one.
 */
export async function claimJob(
  db: Db,
  parameters: { worker: string; from: bigint; to: bigint; staleAfterMs: number },
): Promise<BlockJobClaim | undefined> {
  const rows = await db.query<{ id: number; from_block: string; to_block: string; attempts: number }>(
    `update block_job set status = 'running', worker = $1, attempts = attempts + 1,
            claimed_at = now(), heartbeat_at = now(), error = null
      where id = (
        select id from block_job
         where from_block >= $2 and to_block <= $3
           and (status = 'pending' or (status = 'running' and heartbeat_at < now() - $4 * interval '1 millisecond'))
         order by from_block
         for update skip locked
         limit 1)
      returning id, from_block::text, to_block::text, attempts`,
    [parameters.worker, parameters.from.toString(), parameters.to.toString(), parameters.staleAfterMs],
  )
  const row = rows[0]
  if (row === undefined) return undefined
  return {
    id: row.id,
    fromBlock: BigInt(row.from_block),
    toBlock: BigInt(row.to_block),
    attempts: row.attempts,
  }
}

/** Tells other workers this job's worker is alive. */
export async function heartbeatJob(db: Db, job: { id: number; worker: string }): Promise<void> {
  await db.query(
    `update block_job set heartbeat_at = now() where id = $1 and worker = $2 and status = 'running'`,
    [job.id, job.worker],
  )
}

/** Hands a claimed job back to the queue (its done blocks stay done and are skipped next time). */
export async function releaseJob(db: Db, job: { id: number; worker: string }): Promise<void> {
  await db.query(`update block_job set status = 'pending', worker = null where id = $1 and worker = $2`, [
    job.id,
    job.worker,
  ])
}

/** Running jobs whose worker id starts with `prefix` (e.g. this machine's workers). */
export async function runningJobsOf(db: Db, prefix: string): Promise<{ id: number; worker: string }[]> {
  return db.query<{ id: number; worker: string }>(
    `select id, worker from block_job where status = 'running' and starts_with(worker, $1)`,
    [prefix],
  )
}

/** Marks a job done (or failed, with its error). */
export async function finishJob(
  db: Db,
  job: { id: number; worker: string; error?: string | undefined },
): Promise<void> {
  await db.query(
    `update block_job set status = $3::job_status, error = $4, finished_at = now()
      where id = $1 and worker = $2`,
    [job.id, job.worker, job.error === undefined ? 'done' : 'failed', job.error ?? null],
  )
}

/** SQL: the blocks of `job` processed — done (in a range or a row) or failed. */
const PROCESSED_IN_JOB_SQL = `(${DONE_IN_RANGE_SQL.replaceAll('$1', 'job.from_block').replaceAll('$2', 'job.to_block')}
  + (select count(*) from processed_block failed where failed.status = 'failed'
      and failed.number between job.from_block and job.to_block))`

/** Puts failed jobs inside `[from, to]` back in the queue. Returns how many. */
export async function requeueFailedJobs(db: Db, range?: { from: bigint; to: bigint }): Promise<number> {
  const rows = await db.query(
    `update block_job set status = 'pending', worker = null, error = null
      where status = 'failed' and ($1::bigint is null or (from_block >= $1 and to_block <= $2)) returning id`,
    [range?.from.toString() ?? null, range?.to.toString() ?? null],
  )
  return rows.length
}

/**
 * Done jobs of `[from, to]` with blocks that were never processed — the
 * source lacked them (a sparse archive) — go back to pending, so that a run
 * over the range takes up the blocks the source has gained since. Blocks
 * processed (done or failed) are skipped by that run. Returns how many.
 */
export async function requeueIncompleteJobs(db: Db, range: { from: bigint; to: bigint }): Promise<number> {
  const rows = await db.query(
    `update block_job job set status = 'pending', worker = null, error = null
      where job.status = 'done' and job.from_block >= $1 and job.to_block <= $2
        and ${PROCESSED_IN_JOB_SQL} < job.to_block - job.from_block + 1
      returning job.id`,
    [range.from.toString(), range.to.toString()],
  )
  return rows.length
}

/** How many jobs are in each state. */
export async function jobCounts(db: Db): Promise<Record<'pending' | 'running' | 'done' | 'failed', number>> {
  const rows = await db.query<{ status: 'pending' | 'running' | 'done' | 'failed'; n: number }>(
    'select status::text as status, count(*)::int as n from block_job group by status',
  )
  const counts = { pending: 0, running: 0, done: 0, failed: 0 }
  for (const row of rows) counts[row.status] = row.n
  return counts
}
