import { latestProcessedHeader } from '@idx/model-db'
import { ConfigurationChangedError, type Timings } from '@idx/pipeline'
import type { CliContext } from '../context'
import type { ProcessFollowOptions } from '../define/process'
import { openModel } from './openModel'
import { logReload, logStopping, timingsJson } from './processOutput'
import { count, createLogger, duration } from './progress'
import { withInterrupt } from './withInterrupt'

/** `idx process follow --model NAME`. */
export async function processFollowCommand(ctx: CliContext, options: ProcessFollowOptions): Promise<number> {
  const logger = createLogger(ctx)
  const opened = await openModel(ctx, options, logger)
  try {
    const { indexer } = opened
    const { db, model } = indexer
    const last = await latestProcessedHeader(db)
    const start = last === undefined ? (options.from ?? model.model.startBlock) : last.number + 1n
    logger.log(
      { msg: 'follow started', model: options.model, from: start, source: indexer.sourceName },
      `Following the head for model "${options.model}" from block ${start} (${indexer.sourceType} source "${indexer.sourceName}"). Ctrl-C stops.`,
    )
    const started = performance.now()
    let blocks = 0
    let logs = 0
    let failed = 0
    let lastBlock: bigint | undefined = last?.number
    let lastLine = 0
    const reorgs: { from: bigint; depth: number }[] = []
    let timings: Timings = { fetchMs: 0, transformMs: 0, priceMs: 0, writeMs: 0 }
    let changed: ConfigurationChangedError | undefined
    try {
      ;({
        result: { timings },
      } = await withInterrupt(
        (signal) => logStopping(logger, signal),
        (signal) =>
          indexer.follow({
            signal,
            reloadConfig: options.reloadConfig,
            onReload: (event) => logReload(logger, event),
            pollMs: options.pollMs,
            batchSize: options.batchSize,
            startBlock: options.from,
            until: options.until,
            onBlocks: (event) => {
              blocks += Number(event.to - event.from + 1n)
              logs += event.logs
              failed += event.failed
              lastBlock = event.to
              const rate = blocks / Math.max((performance.now() - started) / 1000, 1e-9)
              const behind = event.head - event.to
              logger.bar(
                `following "${options.model}": block ${event.to} · head ${event.head}${behind > 0n ? ` · ${count(Number(behind))} behind` : ''} · ${count(blocks)} blocks · ${count(Math.round(rate))} blocks/s${failed > 0 ? ` · ${count(failed)} failed` : ''}`,
              )
              const now = performance.now()
              if (logger.mode !== 'bar' && (behind === 0n || event.failed > 0 || now - lastLine >= 5_000)) {
                lastLine = now
                logger.log(
                  {
                    msg: 'blocks',
                    from: event.from,
                    to: event.to,
                    head: event.head,
                    logs: event.logs,
                    failed: event.failed,
                  },
                  `blocks ${event.from}..${event.to} processed (head ${event.head}): ${count(event.logs)} logs${event.failed > 0 ? `, ${event.failed} failed` : ''}`,
                )
              }
            },
            onReorg: (reorg) => {
              reorgs.push(reorg)
              logger.log(
                { msg: 'reorg', from: reorg.from, depth: reorg.depth },
                `Reorg: the chain no longer has block ${reorg.from}; ${reorg.depth} stored block(s) from it on were rolled back and are processed again.`,
              )
            },
          }),
      ))
    } catch (error) {
      if (!(error instanceof ConfigurationChangedError)) throw error
      changed = error
    } finally {
      logger.end()
    }
    if (changed !== undefined) {
      const latest = await latestProcessedHeader(db)
      ctx.say(
        `${ctx.color('yellow', '■')} Stopped following model "${options.model}" at block ${latest?.number ?? '–'}: its configuration changed (generation ${changed.from} → ${changed.to}); ${count(blocks)} blocks were processed with generation ${changed.from}.`,
      )
      ctx.say(
        'No batch was written with two configurations. Start it again to follow with the new configuration, or run it with --reload-config to follow such changes without stopping.',
      )
      ctx.json({
        model: options.model,
        lastBlock: latest?.number ?? null,
        blocks,
        configurationChanged: { from: changed.from, to: changed.to },
      })
      return 1
    }
    const latest = await latestProcessedHeader(db)
    ctx.say(
      `Stopped following model "${options.model}" at block ${latest?.number ?? lastBlock ?? '–'}: ${count(blocks)} blocks, ${count(logs)} logs, ${reorgs.length} reorg(s) in ${duration((performance.now() - started) / 1000)}.`,
    )
    ctx.json({
      model: options.model,
      source: indexer.sourceName,
      lastBlock: latest?.number ?? null,
      blocks,
      logs,
      failed,
      reorgs,
      timings: timingsJson(timings),
    })
    return failed > 0 ? 1 : 0
  } finally {
    await opened.close()
  }
}
