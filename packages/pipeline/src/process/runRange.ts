import { hostname } from 'node:os'
import { isProcessAlive } from '@idx/database'
import {
  claimJob,
  doneBlockNumbers,
  enqueueRange,
  finishJob,
  heartbeatJob,
  type ModelDb,
  rangeProgress,
  releaseJob,
  requeueFailedJobs,
  requeueIncompleteJobs,
  runningJobsOf,
} from '@idx/model-db'
import type { SourceBlock } from '../block/types'
import { missingRuns } from '../source/createBlockFileIndex'
import type { BlockRun, BlockSource } from '../source/types'
import { type BatchRange, toBatchRange } from './batchRange'
import { createBatchSpans, pendingRuns } from './batchSpans'
import { ConfigurationChangedError } from './errors'
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
  /** Blocks per job (the unit workers claim). Default 10,000. */
  jobSize?: number | undefined
  /**
   * Blocks with tracked logs per fetch and per write transaction. Default
   * 100. A batch spans that many blocks while most blocks have logs, and up
   * to 100 times as many while few do (see `createBatchSpans`).
   */
  batchSize?: number | undefined
  /** Batches fetched ahead of the writer. Default 3. */
  prefetch?: number | undefined
  /** A job whose worker has been silent this long is claimed again. Default 60 s. */
  staleAfterMs?: number | undefined
  signal?: AbortSignal | undefined
  onProgress?: ((progress: RangeProgress) => void) | undefined
  /**
   * Reloads the model when an import changed its configuration (see
   * {@link ConfigurationChangedError}): the run goes on with the new one,
   * fetching again what it had fetched for the old. Without it, the run stops
   * after the batch in progress and hands its jobs back.
   */
  reloadModel?: (() => Promise<IndexerModel>) | undefined
  /** Called when the model was reloaded. */
  onReload?:
    | ((event: { model: string; from: number; to: number; block: bigint | undefined }) => void)
    | undefined
}

/** A job of the range whose blocks could not be fetched or processed (the source kept failing, …). */
export type FailedJob = { from: bigint; to: bigint; error: string }

export type RunRangeReturnType = RangeProgress & {
  timings: Timings
  /** Stopped by the signal. */
  aborted: boolean
  /** Failed jobs of the range, from an earlier run, that this run took up again. */
  resumedJobs: number
  /** Jobs that failed in this run (the run stopped after them: the other workers finish their batch). */
  failedJobs: FailedJob[]
  /** Set when the run stopped because an import changed the model's configuration (no `reloadModel`). */
  configurationChanged: ConfigurationChangedError | undefined
  /** The model the run ended with (a reloaded one, after a configuration change). */
  model: IndexerModel
  /**
   * The runs of blocks of the range the source does not hold (a sparse
   * archive of stored block files): not processed, and taken up by a later
   * run over the range once the source has them.
   */
  missing: BlockRun[]
}

/** What the claim loops of one run share. */
type RunState = {
  model: IndexerModel
  /** Set when the loops must stop claiming (a failed job, a configuration change). */
  stop: 'failure' | ConfigurationChangedError | undefined
  failedJobs: FailedJob[]
  /** The reload in progress, so that workers meeting the same change reload once. */
  reloading: Promise<IndexerModel> | undefined
}

/**
 * Processes blocks `from`..`to`: the range is split into jobs in the model
 * database, claimed by this process's workers — and by any other process
 * running the same range — with `FOR UPDATE SKIP LOCKED`, so no block is
 * processed twice at once and none is left out. Within a job, batches are
 * fetched ahead with bounded concurrency and committed in order, each batch in
 * one transaction. Blocks already done are skipped, so a run killed at any
 * point resumes where it stopped; failed jobs of the range are taken up again.
 * A job whose source keeps failing (after its retries) is marked failed with
 * its error and stops the run (`failedJobs`), instead of throwing. An import
 * that changes the model's configuration stops the run at the next batch
 * (`configurationChanged`), or with `reloadModel` is followed. Blocks
 * committed out of block order are priced again, in order, at the end
 * (`repriceAfterRange`), so the stored prices are those of processing the
 * blocks one after the other.
 *
 * @example
 * ```ts
 * const result = await runRange({ model, db, source, from: 58_219_691n, to: 58_230_000n })
 * console.log(result.processed, result.failed)
 * ```
 */
export async function runRange(parameters: RunRangeParameters): Promise<RunRangeReturnType> {
  const { db, from, to } = parameters
  const jobSize = parameters.jobSize ?? 10_000
  const worker = `${hostname()}:${process.pid}`
  const timings: Timings = { fetchMs: 0, transformMs: 0, priceMs: 0, writeMs: 0 }
  // The database's clock, to tell the blocks and jobs finished during this run from earlier ones.
  const [clock] = await db.query<{ now: string }>('select localtimestamp(3)::text as now')
  const startedAt = clock!.now
  // A count, not the set of done numbers: a long range resumed would hold millions of them.
  const { done: alreadyDone } = await rangeProgress(db, { from, to })
  // A source that may lack blocks (an archive) says which it has: the rest are gaps, not failures.
  const missing =
    parameters.source.present === undefined
      ? []
      : missingRuns(from, to, await parameters.source.present(from, to))
  const missingCount = missing.reduce((sum, run) => sum + Number(run.to - run.from + 1n), 0)
  const progress: RangeProgress = {
    processed: 0,
    failed: 0,
    skipped: alreadyDone,
    total: Number(to - from + 1n) - missingCount,
    logs: 0,
    events: 0,
    lastBlock: undefined,
  }
  await enqueueRange(db, { from, to, size: jobSize })
  // The same command resumes what an earlier run of it left failed.
  const resumedJobs = await requeueFailedJobs(db, { from, to })
  // Jobs finished while the source lacked some of their blocks: it may have them now.
  if (parameters.source.present !== undefined) await requeueIncompleteJobs(db, { from, to })
  await releaseJobsOfDeadLocalWorkers(db)
  const state: RunState = { model: parameters.model, stop: undefined, failedJobs: [], reloading: undefined }
  const loops = Array.from({ length: Math.max(1, parameters.workers ?? 1) }, (_, i) =>
    workLoop(parameters, state, `${worker}:${i}`, progress, timings),
  )
  const results = await Promise.allSettled(loops)
  const failure = results.find((result) => result.status === 'rejected')
  if (failure !== undefined) throw failure.reason
  const aborted = parameters.signal?.aborted ?? false
  // Blocks committed out of block order (several workers or processes, or a range processed
  // after later ones) were priced before earlier blocks were in: price them once more, in order.
  if (!aborted && progress.processed > 0 && state.stop === undefined) {
    const started = performance.now()
    const workers = Math.max(1, parameters.workers ?? 1)
    await repriceAfterRange({
      ...parameters,
      model: state.model,
      workers,
      workerPrefix: `${worker}:`,
      startedAt,
    })
    timings.priceMs += performance.now() - started
  }
  return {
    ...progress,
    timings,
    aborted,
    resumedJobs,
    failedJobs: state.failedJobs,
    configurationChanged: state.stop instanceof ConfigurationChangedError ? state.stop : undefined,
    model: state.model,
    missing,
  }
}

async function workLoop(
  parameters: RunRangeParameters,
  state: RunState,
  worker: string,
  progress: RangeProgress,
  timings: Timings,
): Promise<void> {
  const { db, signal } = parameters
  for (;;) {
    if (signal?.aborted || state.stop !== undefined) return
    const job = await claimJob(db, {
      worker,
      from: parameters.from,
      to: parameters.to,
      staleAfterMs: parameters.staleAfterMs ?? 60_000,
    })
    if (job === undefined) return
    try {
      await processJob(parameters, state, job, worker, progress, timings)
      if (signal?.aborted || state.stop !== undefined) {
        // Stopped mid-job: hand it back, its done blocks are kept and skipped next time.
        await releaseJob(db, { id: job.id, worker })
        return
      }
      await finishJob(db, { id: job.id, worker })
    } catch (error) {
      if (error instanceof ConfigurationChangedError) {
        // Not a failure of the job: the next run processes it with the new configuration.
        state.stop ??= error
        await releaseJob(db, { id: job.id, worker })
        return
      }
      const message = (error as Error).message
      await finishJob(db, { id: job.id, worker, error: message })
      state.failedJobs.push({ from: job.fromBlock, to: job.toBlock, error: message })
      state.stop ??= 'failure'
      return
    }
  }
}

async function processJob(
  parameters: RunRangeParameters,
  state: RunState,
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
    for (;;) {
      try {
        await processJobBatches(parameters, state, job, worker, progress, timings)
        return
      } catch (error) {
        if (!(error instanceof ConfigurationChangedError) || parameters.reloadModel === undefined) throw error
        await reload(parameters, state, error)
      }
    }
  } finally {
    clearInterval(beat)
  }
}

/**
 * Reloads the model after a configuration change, once for all the workers
 * that meet it; the job then goes on from its first block not done, fetching
 * again with the new configuration's contracts.
 */
async function reload(
  parameters: RunRangeParameters,
  state: RunState,
  change: ConfigurationChangedError,
): Promise<void> {
  if (state.model.model.generation >= change.to) return // another worker has reloaded it
  state.reloading ??= parameters.reloadModel!().finally(() => {
    state.reloading = undefined
  })
  const from = state.model.model.generation
  state.model = await state.reloading
  if (state.model.model.generation < change.to) throw change // the reload did not see the change: stop
  parameters.onReload?.({ model: change.model, from, to: state.model.model.generation, block: change.block })
}

/** How many times `batchSize` blocks a batch may span while it finds few blocks with logs. */
const MAX_SPAN_BATCHES = 100

/** How often a worker tells others it is alive while it holds a job. */
const HEARTBEAT_MS = 10_000

async function processJobBatches(
  parameters: RunRangeParameters,
  state: RunState,
  job: { id: number; fromBlock: bigint; toBlock: bigint },
  worker: string,
  progress: RangeProgress,
  timings: Timings,
): Promise<void> {
  const { db, source, signal } = parameters
  const { model } = state
  const done = await doneBlockNumbers(db, { from: job.fromBlock, to: job.toBlock })
  // Blocks the source does not hold are left out, like done ones (the run reports them as gaps).
  if (source.present !== undefined)
    for (const gap of missingRuns(
      job.fromBlock,
      job.toBlock,
      await source.present(job.fromBlock, job.toBlock),
    ))
      for (let n = gap.from; n <= gap.to; n++) done.add(n)
  const batchSize = parameters.batchSize ?? 100
  const spans = createBatchSpans({
    runs: pendingRuns(job.fromBlock, job.toBlock, done),
    batchSize,
    maxSpan: batchSize * MAX_SPAN_BATCHES,
  })
  const ahead = Math.max(1, parameters.prefetch ?? 3)
  const fetching: Promise<{ blocks: SourceBlock[]; range: BatchRange }>[] = []
  const fetchBatch = ([from, to]: [bigint, bigint]) => {
    const started = performance.now()
    // Only the blocks with tracked logs: the empty ones are covered by the batch's processed range.
    return source.getBlocks({ from, to, addresses: model.addresses, blocks: 'withLogs' }).then((blocks) => {
      timings.fetchMs += performance.now() - started
      spans.observe(Number(to - from + 1n), blocks.filter((block) => block.logs.length > 0).length)
      return { blocks, range: toBatchRange(from, to, blocks) }
    })
  }
  const fill = () => {
    for (let batch = fetching.length < ahead ? spans.next() : undefined; batch !== undefined; ) {
      const promise = fetchBatch(batch)
      promise.catch(() => {}) // awaited in order below
      fetching.push(promise)
      batch = fetching.length < ahead ? spans.next() : undefined
    }
  }
  fill()
  while (fetching.length > 0) {
    if (signal?.aborted || state.stop !== undefined) return
    const { blocks, range } = await fetching.shift()!
    fill()
    const result = await processBatch({ model, db, blocks, range }, timings)
    progress.processed += result.done + result.failed.length
    progress.failed += result.failed.length
    progress.logs += result.logs
    progress.events += result.events
    progress.lastBlock = range.to
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
