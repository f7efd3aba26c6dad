import { readProcessedBlock } from '@idx/model-db'
import type { CliContext } from '../context'
import type { ProcessBlockOptions } from '../define/process'
import { openModel } from './openModel'
import { BlockRangeError, seconds } from './processOutput'
import { createLogger, plural } from './progress'

/** `idx process block N --model NAME`. */
export async function processBlockCommand(
  ctx: CliContext,
  number: bigint,
  options: ProcessBlockOptions,
): Promise<number> {
  const logger = createLogger(ctx)
  const opened = await openModel(ctx, options, logger)
  try {
    const { indexer } = opened
    const { db } = indexer
    const head = await indexer.source.getHead()
    if (number > head)
      throw new BlockRangeError(
        `Block ${number} is not on the chain yet: the head of the source "${indexer.sourceName}" is block ${head}.`,
      )
    const started = performance.now()
    const before = await readProcessedBlock(db, number)
    const result = await indexer.processBlocks(number, number)
    // A block whose swaps came (or went) after later blocks were priced: price those again.
    const after = await readProcessedBlock(db, number)
    const swapsOf = (state: typeof before) => (state?.status === 'done' ? state.counts.poolSwaps : 0)
    const repriced =
      (before?.status === 'done') !== (after?.status === 'done') && swapsOf(before) + swapsOf(after) > 0
        ? await indexer.repriceFrom(number)
        : undefined
    const durationMs = performance.now() - started
    const row = await readProcessedBlock(db, number)
    const failed = result.failed[0]
    const counts = row?.counts ?? {
      logs: 0,
      transfers: 0,
      poolSwaps: 0,
      trades: 0,
      liquidityEvents: 0,
      positions: 0,
      feedAnswers: 0,
      undecodable: 0,
    }
    if (failed === undefined) {
      ctx.say(
        `${ctx.color('green', '✓')} Block ${number} ${ctx.color('dim', row?.hash ?? '')}: ${plural(counts.logs, 'log')} → ${[
          plural(counts.transfers, 'transfer'),
          plural(counts.poolSwaps, 'pool swap'),
          plural(counts.trades, 'trade'),
          plural(counts.liquidityEvents, 'liquidity event'),
          plural(counts.positions, 'position'),
          plural(counts.feedAnswers, 'feed answer'),
          ...(counts.undecodable > 0 ? [plural(counts.undecodable, 'undecodable log')] : []),
        ].join(', ')} (${seconds(durationMs)}).`,
      )
    } else {
      ctx.say(`${ctx.color('red', '✗')} Block ${number} failed: ${failed.error}`)
    }
    if (repriced !== undefined)
      ctx.say(
        `Later blocks were priced without this block's swaps: priced blocks ${number}–${repriced.lastBlock} again (${plural(repriced.swaps, 'swap')}).`,
      )
    ctx.json({
      model: options.model,
      source: indexer.sourceName,
      block: number,
      hash: row?.hash ?? null,
      status: failed === undefined ? 'done' : 'failed',
      error: failed?.error ?? null,
      attempts: row?.attempts ?? 0,
      ...counts,
      repriced:
        repriced === undefined ? null : { from: number, to: repriced.lastBlock, swaps: repriced.swaps },
      durationMs: Math.round(durationMs),
    })
    return failed === undefined ? 0 : 1
  } finally {
    await opened.close()
  }
}
