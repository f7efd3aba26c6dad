import { hostname } from 'node:os'
import { isProcessAlive } from '@idx/migrator'
import {
  claimJob,
  doneBlockNumbers,
  enqueueRange,
  finishJob,
  heartbeatJob,
  type ModelDb,
  rangeProgress,
  releaseJob,
  runningJobsOf,
} from '@idx/model-db'
import type { SourceBlock } from '../block/types'
import type { BlockSource } from '../source/types'
import type { IndexerModel } from './loadIndexerModel'
import { processBatch, type Timings } from './processBatch'
import { repriceAfterRange } from './repriceAfterRange'

export type RangeProgress = {
  /** Blocks written (or marked failed) so far by this run. */
  processed: number
  failed: number
  /** Blocks of the range already done before this run started. */
  skipped: number
  total: number
  logs: number
  events: number
  /** The highest block written by the latest batch. */
  lastBlock: bigint | undefined
}

export type RunRangeParameters = {
  model: IndexerModel
  db: Pick<ModelDb, 'query' | 'transaction'>
  source: BlockSource
  from: bigint
  to: bigint
  /** Claim loops in this process (each takes its own jobs). Default 1. */
  workers?: number | undefined
  /** Blocks per job (the unit workers claim). Default 1,000. */
  jobSize?: number | undefined
  /** Blocks per fetch and per write transaction. Default 100. */
  batchSize?: number | undefined
  /** Batches fetched ahead of the writer. Default 3. */
  prefetch?: number | undefined
  /** A job whose worker has been silent this long is claimed again. Default 60 s. */
  staleAfterMs?: number | undefined
  signal?: AbortSignal | undefined
  onProgress?: ((progress: RangeProgress) => void) | undefined
}

export type RunRangeReturnType = RangeProgress & { timings: Timings; aborted: boolean }

/**
 * Processes blocks `from`..`to`: the range is split into jobs in the model
 * database, claimed by this process's workers — and by any other process
 * running the same range — with `FOR UPDATE SKIP LOCKED`, so no block is
 * processed twice at once and none is left out. Within a job, batches are
 * fetched ahead with bounded concurrency and committed in order, each batch in
 * one transaction. Blocks already done are skipped, so a run killed at any
 * point resumes where it stopped. Blocks committed out of block order are
 * priced again, in order, at the end (`repriceAfterRange`), so the stored
 * prices are those of processing the blocks one after the other.
 *
 * @example
 * ```ts
 * const result = await runRange({ model, db, source, from: 58_219_691n, to: 58_230_000n })
 * console.log(result.processed, result.failed)
 * ```
 */
export async function runRange(parameters: RunRangeParameters): Promise<RunRangeReturnType> {
  const { db, from, to } = parameters
  const jobSize = parameters.jobSize ?? 1_000
  const worker = `${hostname()}:${process.pid}`
  const timings: Timings = { fetchMs: 0, transformMs: 0, priceMs: 0, writeMs: 0 }
  // The database's clock, to tell the blocks and jobs finished during this run from earlier ones.
  const [clock] = await db.query<{ now: string }>('select localtimestamp(3)::text as now')
  const startedAt = clock!.now
  // A count, not the set of done numbers: a long range resumed would hold millions of them.
  const { done: alreadyDone } = await rangeProgress(db, { from, to })
  const progress: RangeProgress = {
    processed: 0,
    failed: 0,
    skipped: alreadyDone,
    total: Number(to - from + 1n),
    logs: 0,
    events: 0,
    lastBlock: undefined,
  }
  await enqueueRange(db, { from, to, size: jobSize })
  await releaseJobsOfDeadLocalWorkers(db)
  const loops = Array.from({ length: Math.max(1, parameters.workers ?? 1) }, (_, i) =>
    workLoop(parameters, `${worker}:${i}`, progress, timings),
  )
  const results = await Promise.allSettled(loops)
  const failure = results.find((result) => result.status === 'rejected')
  if (failure !== undefined) throw failure.reason
  const aborted = parameters.signal?.aborted ?? false
  // Blocks committed out of block order (several workers or processes, or a range processed
  // after later ones) were priced before earlier blocks were in: price them once more, in order.
  if (!aborted && progress.processed > 0) {
    const started = performance.now()
    const workers = Math.max(1, parameters.workers ?? 1)
    await repriceAfterRange({ ...parameters, workers, workerPrefix: `${worker}:`, startedAt })
    timings.priceMs += performance.now() - started
  }
  return { ...progress, timings, aborted }
}

async function workLoop(
  parameters: RunRangeParameters,
  worker: string,
  progress: RangeProgress,
  timings: Timings,
): Promise<void> {
  const { db, signal } = parameters
  for (;;) {
    if (signal?.aborted) return
    const job = await claimJob(db, {
      worker,
      from: parameters.from,
      to: parameters.to,
      staleAfterMs: parameters.staleAfterMs ?? 60_000,
    })
    if (job === undefined) return
    try {
      await processJob(parameters, job, worker, progress, timings)
      if (signal?.aborted) {
        // Stopped mid-job: hand it back, its done blocks are kept and skipped next time.
        await releaseJob(db, { id: job.id, worker })
        return
      }
      await finishJob(db, { id: job.id, worker })
    } catch (error) {
      await finishJob(db, { id: job.id, worker, error: (error as Error).message })
      throw error
    }
  }
}

/** Consecutive runs of blocks still to do in `[from, to]`, cut into batches. */
function pendingBatches(from: bigint, to: bigint, done: Set<bigint>, batchSize: number): [bigint, bigint][] {
  const batches: [bigint, bigint][] = []
  let start: bigint | undefined
  for (let n = from; n <= to + 1n; n++) {
    const pending = n <= to && !done.has(n)
    if (pending && start === undefined) start = n
    const full = start !== undefined && n - start === BigInt(batchSize)
    if (start !== undefined && (!pending || full)) {
      batches.push([start, n - 1n])
      start = pending ? n : undefined
    }
  }
  return batches
}

async function processJob(
  parameters: RunRangeParameters,
  job: { id: number; fromBlock: bigint; toBlock: bigint },
  worker: string,
  progress: RangeProgress,
  timings: Timings,
): Promise<void> {
  // Heartbeats on a timer too, so a slow batch (many RPC retries) never looks like a dead worker.
  const beat = setInterval(() => {
    heartbeatJob(parameters.db, { id: job.id, worker }).catch(() => {})
  }, HEARTBEAT_MS)
  beat.unref()
  try {
    await processJobBatches(parameters, job, worker, progress, timings)
  } finally {
    clearInterval(beat)
  }
}

/** How often a worker tells others it is alive while it holds a job. */
const HEARTBEAT_MS = 10_000

async function processJobBatches(
  parameters: RunRangeParameters,
  job: { id: number; fromBlock: bigint; toBlock: bigint },
  worker: string,
  progress: RangeProgress,
  timings: Timings,
): Promise<void> {
  const { db, source, model, signal } = parameters
  const done = await doneBlockNumbers(db, { from: job.fromBlock, to: job.toBlock })
  const batches = pendingBatches(job.fromBlock, job.toBlock, done, parameters.batchSize ?? 100)
  const ahead = Math.max(1, parameters.prefetch ?? 3)
  const fetching: Promise<SourceBlock[]>[] = []
  const fetchBatch = ([from, to]: [bigint, bigint]) => {
    const started = performance.now()
    return source.getBlocks({ from, to, addresses: model.addresses }).then((blocks) => {
      timings.fetchMs += performance.now() - started
      return blocks
    })
  }
  let next = 0
  const fill = () => {
    while (fetching.length < ahead && next < batches.length) {
      const promise = fetchBatch(batches[next++]!)
      promise.catch(() => {}) // awaited in order below
      fetching.push(promise)
    }
  }
  fill()
  while (fetching.length > 0) {
    if (signal?.aborted) return
    const blocks = await fetching.shift()!
    fill()
    const result = await processBatch({ model, db, blocks }, timings)
    progress.processed += result.done + result.failed.length
    progress.failed += result.failed.length
    progress.logs += result.logs
    progress.events += result.events
    progress.lastBlock = blocks.at(-1)?.number
    await heartbeatJob(db, { id: job.id, worker })
    parameters.onProgress?.({ ...progress })
  }
}

/**
 * Jobs left running by a process of this machine that no longer exists (a
 * crash, a SIGKILL) go back to the queue at once, instead of after the
 * staleness delay that covers other machines' workers.
 */
async function releaseJobsOfDeadLocalWorkers(db: Pick<ModelDb, 'query'>): Promise<void> {
  const prefix = `${hostname()}:`
  for (const job of await runningJobsOf(db, prefix)) {
    const pid = Number(job.worker.slice(prefix.length).split(':')[0])
    if (Number.isInteger(pid) && !isProcessAlive(pid)) await releaseJob(db, job)
  }
}
