import { countUnfinishedJobs, countUnprocessed, failedBlocks, rangeProgress } from '@idx/model-db'
import type { RpcSource, RunRangeReturnType } from '@idx/pipeline'
import type { CliContext } from '../context'
import type { ProcessRangeOptions } from '../define/process'
import { openModel } from './openModel'
import { BlockRangeError, logReload, logStopping, seconds, timingsJson } from './processOutput'
import { blockRuns, count, createLogger, createRangeTicker, plural } from './progress'
import { EXIT_INTERRUPTED, withInterrupt } from './withInterrupt'

/** Exit code of a range whose every block the source holds is done, but the source lacks some (gaps). */
export const EXIT_GAPS = 3

/** `idx process range FROM TO --model NAME`. */
export async function processRangeCommand(
  ctx: CliContext,
  from: bigint,
  toArgument: bigint | 'latest',
  options: ProcessRangeOptions,
): Promise<number> {
  const logger = createLogger(ctx)
  const opened = await openModel(ctx, options, logger)
  try {
    const { indexer } = opened
    const { db } = indexer
    const to = toArgument === 'latest' ? await indexer.source.getHead() : toArgument
    if (from > to)
      throw new BlockRangeError(`The range ${from}..${to} is empty: its first block is above its last.`)
    const total = Number(to - from + 1n)
    logger.log(
      { msg: 'range started', model: options.model, from, to, total, source: indexer.sourceName },
      `Processing blocks ${from}..${to} (${count(total)} blocks) of model "${options.model}" from the ${indexer.sourceType} source "${indexer.sourceName}".`,
    )
    const ticker = createRangeTicker(logger, { label: `blocks ${from}..${to}` })
    const started = performance.now()
    let result: RunRangeReturnType
    let stoppedBy: NodeJS.Signals | undefined
    try {
      ;({ result, stoppedBy } = await withInterrupt(
        (signal) => logStopping(logger, signal, 'stopping after the batch in progress…'),
        (signal) =>
          indexer.processRange({
            from,
            to,
            workers: options.workers,
            batchSize: options.batchSize,
            jobSize: options.jobSize,
            signal,
            onProgress: (progress) => ticker.update(progress),
            reloadConfig: options.reloadConfig,
            onReload: (event) => logReload(logger, event),
          }),
      ))
      ticker.update(result, true)
    } finally {
      logger.end()
    }
    const durationMs = performance.now() - started
    const rate = result.processed / Math.max(durationMs / 1000, 1e-9)
    const failures =
      result.failed > 0
        ? (await failedBlocks(db, 10_000)).filter((b) => b.number >= from && b.number <= to)
        : []
    const progress = await rangeProgress(db, { from, to })
    // Jobs of the range other workers still hold, and jobs that failed (not claimed again by a range run).
    const { running: runningJobs, failed: failedJobs } = await countUnfinishedJobs(db, { from, to })
    // Blocks the source does not hold (a sparse archive) are gaps, not pending work.
    const notInSource = await countUnprocessed(db, result.missing)
    progress.pending -= notInSource
    const ok = progress.failed === 0 && failedJobs === 0 && result.configurationChanged === undefined
    const resumed =
      result.resumedJobs > 0
        ? ` (${plural(result.resumedJobs, 'failed job')} of an earlier run taken up again)`
        : ''
    if (result.aborted)
      ctx.say(
        `${ctx.color('yellow', '■')} Stopped: ${count(progress.done)} of ${count(total)} blocks done (${count(result.processed)} by this run). Run the same command again to resume.`,
      )
    else if (result.configurationChanged !== undefined) {
      const change = result.configurationChanged
      ctx.say(
        `${ctx.color('yellow', '■')} Stopped: the configuration of model "${options.model}" changed while it was being processed (generation ${change.from} → ${change.to}); ${count(progress.done)} of ${count(total)} blocks done (${count(result.processed)} by this run, with generation ${change.from}), ${count(progress.pending)} pending.`,
      )
      ctx.say(
        'No batch was written with two configurations. Run the same command again to go on with the new configuration, or pass --reload-config to follow such changes without stopping.',
      )
    } else if (result.failedJobs.length > 0) {
      ctx.say(
        `${ctx.color('red', '✗')} Blocks ${from}..${to}: stopped after ${plural(result.failedJobs.length, 'job')} failed: ${count(progress.done)} done, ${count(progress.failed)} failed, ${count(progress.pending)} pending${resumed}.`,
      )
      for (const job of result.failedJobs) {
        const [first, ...rest] = job.error.split('\n')
        ctx.say(`  job ${job.from}..${job.to} failed: ${first}`)
        for (const line of rest) ctx.say(`    ${line}`)
      }
      for (const failure of failures.slice(0, 10)) ctx.say(`  block ${failure.number}: ${failure.error}`)
      ctx.say(
        'Run the same command again to resume: it takes the failed job(s) up again and skips the blocks already done.',
      )
    } else if (ok) {
      ctx.say(
        result.processed === 0 && result.skipped === total
          ? `${ctx.color('green', '✓')} Blocks ${from}..${to}: all ${count(total)} were already done; nothing to do.`
          : `${ctx.color('green', '✓')} Blocks ${from}..${to}: ${count(result.processed)} processed${result.skipped > 0 ? `, ${count(result.skipped)} already done` : ''} in ${seconds(durationMs)} (${count(Math.round(rate))} blocks/s, ${plural(result.logs, 'log')}, ${plural(result.events, 'event')})${resumed}.`,
      )
      if (progress.pending > 0)
        ctx.say(
          `${count(progress.pending)} block(s) are still being processed by other workers (${count(runningJobs)} job(s) running): idx process status.`,
        )
    } else {
      ctx.say(
        `${ctx.color('red', '✗')} Blocks ${from}..${to}: ${count(progress.failed)} failed, ${count(progress.done)} done, ${count(progress.pending)} pending${failedJobs > 0 ? `; ${count(failedJobs)} job(s) failed` : ''}.`,
      )
      for (const failure of failures.slice(0, 10)) ctx.say(`  block ${failure.number}: ${failure.error}`)
      if (failures.length > 10) ctx.say(`  … and ${count(failures.length - 10)} more (idx process status).`)
      ctx.say('Run idx process retry-failed to process them again.')
    }
    // The request budget: what the run asked of the node (an RPC source counts its requests).
    const rpc = 'stats' in indexer.source ? (indexer.source as RpcSource).stats() : undefined
    if (rpc !== undefined)
      ctx.say(
        `JSON-RPC: ${plural(rpc.requests, 'request')}, ${plural(rpc.calls, 'call')} (${
          Object.entries(rpc.methods)
            .map(([method, n]) => `${method} ${count(n)}`)
            .join(', ') || 'none'
        })${rpc.retries > 0 ? `, ${plural(rpc.retries, 'retry', 'retries')}` : ''}.`,
      )
    if (notInSource > 0 && !result.aborted)
      ctx.say(
        `${ctx.color('yellow', '■')} ${plural(notInSource, 'block')} of ${from}..${to} ${notInSource === 1 ? 'is' : 'are'} not in the source "${indexer.sourceName}" and ${notInSource === 1 ? 'was' : 'were'} not processed: ${blockRuns(result.missing)}. Run the same command again once the source has them.`,
      )
    ctx.json({
      model: options.model,
      source: indexer.sourceName,
      from,
      to,
      total,
      notInSource,
      missingRuns: result.missing.map((run) => ({ from: run.from, to: run.to })),
      processed: result.processed,
      skipped: result.skipped,
      failed: progress.failed,
      done: progress.done,
      pending: progress.pending,
      runningJobs,
      failedJobs,
      failedBlocks: failures.map((failure) => ({ number: failure.number, error: failure.error })),
      logs: result.logs,
      events: result.events,
      aborted: result.aborted,
      stoppedBy: stoppedBy ?? null,
      resumedJobs: result.resumedJobs,
      failedJobList: result.failedJobs.map((job) => ({ from: job.from, to: job.to, error: job.error })),
      configurationChanged:
        result.configurationChanged === undefined
          ? null
          : { from: result.configurationChanged.from, to: result.configurationChanged.to },
      generation: result.model.model.generation,
      durationMs: Math.round(durationMs),
      blocksPerSecond: Math.round(rate * 10) / 10,
      timings: timingsJson(result.timings),
      rpc: rpc ?? null,
    })
    if (result.aborted) return EXIT_INTERRUPTED
    return !ok ? 1 : notInSource > 0 ? EXIT_GAPS : 0
  } finally {
    await opened.close()
  }
}
