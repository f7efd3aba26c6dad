import { BaseError, type DatabaseTarget, describeTarget } from '@idx/config'
import { databaseExists } from '@idx/database'
import {
  assertModelDatabase,
  createModelDb,
  failedBlocks,
  jobCounts,
  lastProcessedBlock,
  latestProcessedHeader,
  type ModelDb,
  rangeProgress,
  requeueFailedJobs,
} from '@idx/model-db'
import {
  type BlockRun,
  type BlockSource,
  ConfigurationChangedError,
  createModelSource,
  follow,
  type IndexerModel,
  loadIndexerModel,
  missingRuns,
  processBatch,
  type RpcSource,
  type RunRangeReturnType,
  repriceFrom,
  runRange,
  type Timings,
} from '@idx/pipeline'
import { findModel, listModelSources } from '@idx/shared-db'
import type { CliContext } from '../context'
import { blockRuns, count, createLogger, createRangeTicker, duration, type Logger, plural } from './progress'

/** Exit code of a range stopped by Ctrl-C or SIGTERM before it was done (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130

/** Exit code of a range whose every block the source holds is done, but the source lacks some (gaps). */
export const EXIT_GAPS = 3

export class ModelDatabaseMissingError extends BaseError {
  override name = 'ModelDatabaseMissingError'
  constructor(model: string, target: DatabaseTarget, problem: 'missing' | 'unmigrated') {
    super(
      problem === 'missing'
        ? `The database "${target.database}" of model "${model}" (${describeTarget(target)}) does not exist yet.`
        : `The database "${target.database}" of model "${model}" (${describeTarget(target)}) has no processing tables.`,
      { details: [`Create and migrate it first: idx migrate --model ${model}.`] },
    )
  }
}

export class BlockRangeError extends BaseError {
  override name = 'BlockRangeError'
}

type SourceOptions = { source?: string; requestsPerSecond?: number }
export type ModelOptions = SourceOptions & { model: string }
export type RangeOptions = ModelOptions & {
  workers?: number
  batchSize?: number
  jobSize?: number
  reloadConfig?: boolean
}
export type FollowOptions = ModelOptions & {
  pollMs?: number
  batchSize?: number
  from?: bigint
  until?: bigint
  reloadConfig?: boolean
}
export type StatusOptions = { model: string; limit?: number; source?: string }
export type RetryOptions = ModelOptions & { workers?: number; batchSize?: number }

/** A model ready to process: its tracked contracts, its database and its block source. */
export type OpenedModel = {
  model: IndexerModel
  db: ModelDb
  source: BlockSource
  sourceName: string
  sourceType: string
  /** Loads the model's configuration again (after an import changed it). */
  reload: () => Promise<IndexerModel>
  close: () => Promise<void>
}

export async function openModelDb(ctx: CliContext, name: string): Promise<ModelDb> {
  const target = await ctx.modelTarget(name)
  if (!(await databaseExists(target))) throw new ModelDatabaseMissingError(name, target, 'missing')
  // Another model's or another deployment's database, or one idx did not create, is refused.
  await assertModelDatabase({ target, shared: ctx.shared })
  const db = await createModelDb({ target })
  const [row] = await db.query<{ present: boolean }>(
    `select to_regclass('public.processed_block') is not null and to_regclass('public.block_job') is not null as present`,
  )
  if (!row?.present) {
    await db.close()
    throw new ModelDatabaseMissingError(name, target, 'unmigrated')
  }
  return db
}

export async function openModel(
  ctx: CliContext,
  options: ModelOptions,
  logger?: Logger,
): Promise<OpenedModel> {
  const db = await openModelDb(ctx, options.model)
  let source: BlockSource | undefined
  try {
    const shared = await ctx.openShared()
    try {
      const created = createModelSource({
        sources: await listModelSources(shared.client, options.model),
        env: ctx.settings.env,
        name: options.source,
        rpc: { requestsPerSecond: options.requestsPerSecond },
        onRetry: logger
          ? (event) =>
              logger.log(
                { msg: 'rpc retry', ...event },
                `JSON-RPC ${event.methods.join(', ')} (${event.calls} call${event.calls === 1 ? '' : 's'}) failed: ${event.reason}; retry ${event.attempt} of ${event.maxRetries} in ${Math.round(event.delayMs)} ms.`,
              )
          : undefined,
      })
      source = created.source
      const load = async () => {
        const model = await loadIndexerModel({
          shared,
          model: options.model,
          readLbTokens: created.readLbTokens,
          readFeedRound: created.readFeedRound,
        })
        for (const skipped of model.skipped)
          logger?.log(
            { msg: 'contract skipped', address: skipped.address, type: skipped.type, reason: skipped.reason },
            `Note: the contract ${skipped.address} (${skipped.type}) is not indexed: ${skipped.reason}`,
          )
        return model
      }
      const model = await load()
      const opened = source
      return {
        model,
        db,
        source: opened,
        sourceName: created.name,
        sourceType: created.type,
        reload: load,
        close: async () => {
          await opened.close?.()
          await db.close()
          await shared.close()
        },
      }
    } catch (error) {
      await shared.close()
      throw error
    }
  } catch (error) {
    await source?.close?.()
    await db.close()
    throw error
  }
}

/**
 * Runs `fn` with a signal that Ctrl-C (SIGINT) or SIGTERM aborts. The
 * handlers are removed afterwards; a second Ctrl-C, with no handler left,
 * ends the process the default way.
 */
async function withInterrupt<T>(
  onStop: (signal: NodeJS.Signals) => void,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<{ result: T; stoppedBy: NodeJS.Signals | undefined }> {
  const controller = new AbortController()
  let stoppedBy: NodeJS.Signals | undefined
  const handler = (signal: NodeJS.Signals) => {
    stoppedBy = signal
    onStop(signal)
    controller.abort()
  }
  const onInt = () => handler('SIGINT')
  const onTerm = () => handler('SIGTERM')
  process.once('SIGINT', onInt)
  process.once('SIGTERM', onTerm)
  try {
    return { result: await fn(controller.signal), stoppedBy }
  } finally {
    process.removeListener('SIGINT', onInt)
    process.removeListener('SIGTERM', onTerm)
  }
}

/** The log line of a configuration reload (--reload-config). */
function logReload(
  logger: Logger,
  event: { model: string; from: number; to: number; block: bigint | undefined },
): void {
  logger.log(
    { msg: 'configuration reloaded', model: event.model, from: event.from, to: event.to, block: event.block },
    `The configuration of model "${event.model}" changed (generation ${event.from} → ${event.to}): reloaded; going on${event.block === undefined ? '' : ` from block ${event.block}`} with the new one.`,
  )
}

const timingsJson = (timings: Timings) => ({
  fetchMs: Math.round(timings.fetchMs),
  transformMs: Math.round(timings.transformMs),
  priceMs: Math.round(timings.priceMs),
  writeMs: Math.round(timings.writeMs),
})

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`

/**
 * The runs of `from`..`to` the model's stored archive lacks, when the source
 * status looks at (`--source`, else the model's default) is a stored_blocks
 * one; `undefined` for an rpc source (it has every block) or a model whose
 * source cannot be opened here (its URL is not set).
 */
async function archiveGaps(
  ctx: CliContext,
  options: StatusOptions,
  from: bigint,
  to: bigint,
): Promise<{ source: string; missing: BlockRun[] } | undefined> {
  const shared = await ctx.openShared()
  let created: ReturnType<typeof createModelSource> | undefined
  try {
    const sources = await listModelSources(shared.client, options.model)
    try {
      created = createModelSource({ sources, env: ctx.settings.env, name: options.source })
    } catch (error) {
      if (options.source !== undefined) throw error
      return undefined // the default source is an rpc one without its URL: nothing to list
    }
    if (created.type !== 'stored_blocks' || created.source.present === undefined) return undefined
    return { source: created.name, missing: missingRuns(from, to, await created.source.present(from, to)) }
  } finally {
    await created?.source.close?.()
    await shared.close()
  }
}

/** How many blocks of `runs` have not been processed (done or failed). */
async function unprocessedCount(db: Pick<ModelDb, 'query'>, runs: readonly BlockRun[]): Promise<number> {
  if (runs.length === 0) return 0
  const [row] = await db.query<{ n: string }>(
    `select coalesce(sum((run.hi - run.lo + 1)
              - (select count(*) from processed_block block where block.number between run.lo and run.hi)), 0)::text as n
       from unnest($1::bigint[], $2::bigint[]) as run(lo, hi)`,
    [runs.map((run) => run.from.toString()), runs.map((run) => run.to.toString())],
  )
  return Number(row?.n ?? 0)
}

/** `idx process block N --model NAME`. */
export async function blockCommand(ctx: CliContext, number: bigint, options: ModelOptions): Promise<number> {
  const logger = createLogger(ctx)
  const opened = await openModel(ctx, options, logger)
  try {
    const { model, db, source } = opened
    const head = await source.getHead()
    if (number > head)
      throw new BlockRangeError(
        `Block ${number} is not on the chain yet: the head of the source "${opened.sourceName}" is block ${head}.`,
      )
    const started = performance.now()
    const stored = async () =>
      (
        await db.query<{ status: string; swaps: number }>(
          `select status::text as status, swap_count as swaps from processed_block where number = $1`,
          [number.toString()],
        )
      )[0]
    const before = await stored()
    const blocks = await source.getBlocks({ from: number, to: number, addresses: model.addresses })
    const result = await processBatch({ model, db, blocks })
    // A block whose swaps came (or went) after later blocks were priced: price those again.
    const after = await stored()
    const swapsOf = (state: { status: string; swaps: number } | undefined) =>
      state?.status === 'done' ? state.swaps : 0
    const repriced =
      (before?.status === 'done') !== (after?.status === 'done') && swapsOf(before) + swapsOf(after) > 0
        ? await repriceFrom({ model, db, from: number })
        : undefined
    const durationMs = performance.now() - started
    const [row] = await db.query<Record<string, number | string | null>>(
      `select hash, status::text as status, error, log_count, transfer_count, swap_count, trade_count,
              liquidity_count, position_count, feed_answer_count, undecodable_count, attempts
         from processed_block where number = $1`,
      [number.toString()],
    )
    const failed = result.failed[0]
    const counts = {
      logs: Number(row?.log_count ?? 0),
      transfers: Number(row?.transfer_count ?? 0),
      poolSwaps: Number(row?.swap_count ?? 0),
      trades: Number(row?.trade_count ?? 0),
      liquidityEvents: Number(row?.liquidity_count ?? 0),
      positions: Number(row?.position_count ?? 0),
      feedAnswers: Number(row?.feed_answer_count ?? 0),
      undecodable: Number(row?.undecodable_count ?? 0),
    }
    if (failed === undefined) {
      ctx.say(
        `${ctx.color('green', '✓')} Block ${number} ${ctx.color('dim', String(row?.hash ?? ''))}: ${plural(counts.logs, 'log')} → ${[
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
      source: opened.sourceName,
      block: number,
      hash: row?.hash ?? null,
      status: failed === undefined ? 'done' : 'failed',
      error: failed?.error ?? null,
      attempts: Number(row?.attempts ?? 0),
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

/** `idx process range FROM TO --model NAME`. */
export async function rangeCommand(
  ctx: CliContext,
  from: bigint,
  toArgument: bigint | 'latest',
  options: RangeOptions,
): Promise<number> {
  const logger = createLogger(ctx)
  const opened = await openModel(ctx, options, logger)
  try {
    const { model, db, source } = opened
    const to = toArgument === 'latest' ? await source.getHead() : toArgument
    if (from > to)
      throw new BlockRangeError(`The range ${from}..${to} is empty: its first block is above its last.`)
    const total = Number(to - from + 1n)
    logger.log(
      { msg: 'range started', model: options.model, from, to, total, source: opened.sourceName },
      `Processing blocks ${from}..${to} (${count(total)} blocks) of model "${options.model}" from the ${opened.sourceType} source "${opened.sourceName}".`,
    )
    const ticker = createRangeTicker(logger, { label: `blocks ${from}..${to}` })
    const started = performance.now()
    let result: RunRangeReturnType
    let stoppedBy: NodeJS.Signals | undefined
    try {
      ;({ result, stoppedBy } = await withInterrupt(
        (signal) =>
          logger.log(
            { msg: 'stopping', signal },
            `${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping after the batch in progress…`,
          ),
        (signal) =>
          runRange({
            model,
            db,
            source,
            from,
            to,
            workers: options.workers,
            batchSize: options.batchSize,
            jobSize: options.jobSize,
            signal,
            onProgress: (progress) => ticker.update(progress),
            reloadModel: options.reloadConfig ? opened.reload : undefined,
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
    const jobRows = await db.query<{ status: string; n: number }>(
      `select status::text as status, count(*)::int as n from block_job
        where from_block >= $1 and to_block <= $2 and status in ('running', 'failed') group by status`,
      [from.toString(), to.toString()],
    )
    const runningJobs = jobRows.find((row) => row.status === 'running')?.n ?? 0
    const failedJobs = jobRows.find((row) => row.status === 'failed')?.n ?? 0
    // Blocks the source does not hold (a sparse archive) are gaps, not pending work.
    const notInSource = await unprocessedCount(db, result.missing)
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
    const rpc = 'stats' in source ? (source as RpcSource).stats() : undefined
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
        `${ctx.color('yellow', '■')} ${plural(notInSource, 'block')} of ${from}..${to} ${notInSource === 1 ? 'is' : 'are'} not in the source "${opened.sourceName}" and ${notInSource === 1 ? 'was' : 'were'} not processed: ${blockRuns(result.missing)}. Run the same command again once the source has them.`,
      )
    ctx.json({
      model: options.model,
      source: opened.sourceName,
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

/** `idx process follow --model NAME`. */
export async function followCommand(ctx: CliContext, options: FollowOptions): Promise<number> {
  const logger = createLogger(ctx)
  const opened = await openModel(ctx, options, logger)
  try {
    const { model, db, source } = opened
    const last = await latestProcessedHeader(db)
    const start = last === undefined ? (options.from ?? model.model.startBlock) : last.number + 1n
    logger.log(
      { msg: 'follow started', model: options.model, from: start, source: opened.sourceName },
      `Following the head for model "${options.model}" from block ${start} (${opened.sourceType} source "${opened.sourceName}"). Ctrl-C stops.`,
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
        (signal) =>
          logger.log({ msg: 'stopping', signal }, `${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping…`),
        (signal) =>
          follow({
            model,
            db,
            source,
            signal,
            reloadModel: options.reloadConfig ? opened.reload : undefined,
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
      source: opened.sourceName,
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

/** `idx process status --model NAME`. */
export async function statusCommand(ctx: CliContext, options: StatusOptions): Promise<number> {
  const db = await openModelDb(ctx, options.model)
  try {
    const shared = await ctx.openShared()
    let startBlock: bigint
    try {
      const record = await findModel(shared.client, options.model)
      startBlock = record?.startBlock ?? 0n
    } finally {
      await shared.close()
    }
    // The newest block processed: a block's row or a processed range's end (its hash where known).
    const latest = await lastProcessedBlock(db)
    const [bounds] = await db.query<{ first: string | null; last: string | null }>(
      `select least((select min(number) from processed_block), (select min(from_block) from processed_range),
                    (select min(from_block) from block_job))::text as first,
              greatest((select max(number) from processed_block), (select max(to_block) from processed_range),
                       (select max(to_block) from block_job))::text as last`,
    )
    const first =
      bounds?.first == null
        ? startBlock
        : BigInt(bounds.first) < startBlock
          ? BigInt(bounds.first)
          : startBlock
    const last = bounds?.last == null ? undefined : BigInt(bounds.last)
    const blocks =
      last === undefined || last < first
        ? { done: 0, failed: 0, pending: 0 }
        : await rangeProgress(db, { from: first, to: last })
    // Of the blocks not processed, those the model's stored archive lacks are not pending: the source has none of them.
    const archive =
      last === undefined || last < first ? undefined : await archiveGaps(ctx, options, first, last)
    const notInSource = archive === undefined ? 0 : await unprocessedCount(db, archive.missing)
    blocks.pending -= notInSource
    const failures = await failedBlocks(db, options.limit ?? 20)
    const jobs = await jobCounts(db)
    const jobRows = await db.query<{
      from_block: string
      to_block: string
      status: string
      worker: string | null
      attempts: number
      error: string | null
    }>(
      `select from_block::text, to_block::text, status::text as status, worker, attempts, error
         from block_job where status in ('running', 'failed') order by block_job.from_block limit 100`,
    )
    ctx.say(`${ctx.color('bold', `model ${options.model}`)}  ${ctx.color('dim', describeTarget(db.target))}`)
    ctx.say(
      `  blocks ${last === undefined ? '(none yet)' : `${first}..${last}`}: ${ctx.color('green', `${count(blocks.done)} done`)}, ${blocks.failed > 0 ? ctx.color('red', `${count(blocks.failed)} failed`) : '0 failed'}, ${count(blocks.pending)} pending${archive === undefined ? '' : `, ${count(notInSource)} not in the source "${archive.source}"`}`,
    )
    if (notInSource > 0) ctx.say(`    not in the source: ${blockRuns(archive!.missing)}`)
    ctx.say(
      `  latest processed block: ${latest === undefined ? '–' : `${latest.number}${latest.hash === undefined ? '' : ` ${ctx.color('dim', latest.hash)}`}`}`,
    )
    ctx.say(
      `  jobs: ${count(jobs.pending)} pending, ${count(jobs.running)} running, ${count(jobs.done)} done, ${jobs.failed > 0 ? ctx.color('red', `${count(jobs.failed)} failed`) : '0 failed'}`,
    )
    for (const job of jobRows)
      ctx.say(
        `    ${job.status} ${job.from_block}..${job.to_block}${job.worker ? ` by ${job.worker}` : ''} (attempt ${job.attempts})${job.error ? `: ${job.error}` : ''}`,
      )
    if (failures.length > 0) {
      ctx.say(
        ctx.color(
          'red',
          `  failed blocks${blocks.failed > failures.length ? ` (first ${failures.length})` : ''}:`,
        ),
      )
      for (const failure of failures)
        ctx.say(`    ${failure.number} (attempt ${failure.attempts}): ${failure.error}`)
      ctx.say('  Run idx process retry-failed to process them again.')
    }
    ctx.json({
      model: options.model,
      database: db.target.database,
      startBlock,
      range: last === undefined ? null : { from: first, to: last },
      blocks: { ...blocks, notInSource },
      source: archive === undefined ? null : { name: archive.source, missingRuns: archive.missing },
      latest: latest === undefined ? null : { number: latest.number, hash: latest.hash ?? null },
      failedBlocks: failures,
      jobs,
      jobList: jobRows.map((job) => ({
        from: job.from_block,
        to: job.to_block,
        status: job.status,
        worker: job.worker,
        attempts: job.attempts,
        error: job.error,
      })),
    })
    return 0
  } finally {
    await db.close()
  }
}

/** `idx process retry-failed --model NAME`. */
export async function retryFailedCommand(ctx: CliContext, options: RetryOptions): Promise<number> {
  const logger = createLogger(ctx)
  const opened = await openModel(ctx, options, logger)
  try {
    const { model, db, source } = opened
    const failedJobs = await db.query<{ from_block: string; to_block: string }>(
      `select from_block::text, to_block::text from block_job where status = 'failed' order by block_job.from_block`,
    )
    const requeued = await requeueFailedJobs(db)
    const before = await failedBlocks(db, 1_000_000)
    logger.log(
      { msg: 'retry started', jobs: requeued, blocks: before.length },
      `Retrying ${count(requeued)} failed job(s) and ${count(before.length)} failed block(s) of model "${options.model}".`,
    )
    let processed = 0
    // Each requeued job runs again as its own range (same bounds, so no job is duplicated);
    // failed blocks outside those jobs are processed again in runs of consecutive blocks.
    const jobRanges = failedJobs.map((job) => [BigInt(job.from_block), BigInt(job.to_block)] as const)
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
          const run = await runRange({
            model,
            db,
            source,
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
          const blocks = await source.getBlocks({ from, to, addresses: model.addresses })
          const batch = await processBatch({ model, db, blocks })
          processed += batch.done + batch.failed.length
          if (batch.done > 0) firstDone ??= from
        }
        // Blocks done now were failed while later ones were priced: price from the first on again.
        if (firstDone !== undefined && !signal.aborted) await repriceFrom({ model, db, from: firstDone })
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
