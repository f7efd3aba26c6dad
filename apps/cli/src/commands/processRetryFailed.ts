import { failedBlocks, jobCounts, listFailedJobRanges, requeueFailedJobs } from '@idx/model-db'
import type { CliContext } from '../context'
import type { ProcessRetryFailedOptions } from '../define/process'
import { openModel } from './openModel'
import { count, createLogger } from './progress'
import { EXIT_INTERRUPTED, withInterrupt } from './withInterrupt'

/** `idx process retry-failed --model NAME`. */
export async function processRetryFailedCommand(
  ctx: CliContext,
  options: ProcessRetryFailedOptions,
): Promise<number> {
  const logger = createLogger(ctx)
  const opened = await openModel(ctx, options, logger)
  try {
    const { indexer } = opened
    const { db } = indexer
    const failedJobs = await listFailedJobRanges(db)
    const requeued = await requeueFailedJobs(db)
    const before = await failedBlocks(db, 1_000_000)
    logger.log(
      { msg: 'retry started', jobs: requeued, blocks: before.length },
      `Retrying ${count(requeued)} failed job(s) and ${count(before.length)} failed block(s) of model "${options.model}".`,
    )
    let processed = 0
    // Each requeued job runs again as its own range (same bounds, so no job is duplicated);
    // failed blocks outside those jobs are processed again in runs of consecutive blocks.
    const jobRanges = failedJobs.map((job) => [job.from, job.to] as const)
    const runs: [bigint, bigint][] = []
    const runLength = BigInt(options.batchSize ?? 100)
    for (const { number } of before) {
      if (jobRanges.some(([from, to]) => number >= from && number <= to)) continue
      const run = runs.at(-1)
      if (run !== undefined && run[1] + 1n === number && number - run[0] < runLength) run[1] = number
      else runs.push([number, number])
    }
    const { result, stoppedBy } = await withInterrupt(
      (signal) => logger.log({ msg: 'stopping', signal }, `${signal}: stopping…`),
      async (signal) => {
        for (const [from, to] of jobRanges) {
          if (signal.aborted) break
          const run = await indexer.processRange({
            from,
            to,
            jobSize: Number(to - from + 1n),
            workers: options.workers,
            batchSize: options.batchSize,
            signal,
          })
          processed += run.processed
          if (run.configurationChanged !== undefined) throw run.configurationChanged
        }
        let firstDone: bigint | undefined
        for (const [from, to] of runs) {
          if (signal.aborted) break
          const batch = await indexer.processBlocks(from, to)
          processed += batch.done + batch.failed.length
          if (batch.done > 0) firstDone ??= from
        }
        // Blocks done now were failed while later ones were priced: price from the first on again.
        if (firstDone !== undefined && !signal.aborted) await indexer.repriceFrom(firstDone)
        return processed
      },
    )
    const after = await failedBlocks(db, 1_000_000)
    const jobs = await jobCounts(db)
    const fixed = before.filter((block) => !after.some((still) => still.number === block.number)).length
    if (before.length === 0 && requeued === 0) ctx.say('Nothing to retry: no block or job has failed.')
    else if (after.length === 0 && jobs.failed === 0)
      ctx.say(
        `${ctx.color('green', '✓')} ${count(result)} block(s) processed again; nothing is left failed (${count(fixed)} failed block(s) fixed, ${count(requeued)} job(s) requeued).`,
      )
    else {
      ctx.say(
        `${ctx.color('red', '✗')} ${count(after.length)} block(s) still failed, ${count(jobs.failed)} job(s) failed.`,
      )
      for (const failure of after.slice(0, 10)) ctx.say(`  block ${failure.number}: ${failure.error}`)
    }
    ctx.json({
      model: options.model,
      requeuedJobs: requeued,
      retriedBlocks: before.length,
      processed: result,
      fixed,
      stillFailed: after.map((failure) => ({ number: failure.number, error: failure.error })),
      jobs,
      stoppedBy: stoppedBy ?? null,
    })
    if (stoppedBy !== undefined) return EXIT_INTERRUPTED
    return after.length === 0 && jobs.failed === 0 ? 0 : 1
  } finally {
    await opened.close()
  }
}
