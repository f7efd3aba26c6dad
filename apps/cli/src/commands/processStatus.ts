import { describeTarget } from '@idx/config'
import {
  countUnprocessed,
  failedBlocks,
  jobCounts,
  lastProcessedBlock,
  listUnfinishedJobs,
  rangeProgress,
  readWorkExtent,
} from '@idx/model-db'
import { type BlockRun, createModelSource, missingRuns } from '@idx/pipeline'
import { findModel, listModelSources } from '@idx/shared-db'
import type { CliContext } from '../context'
import type { ProcessStatusOptions } from '../define/process'
import { openModelDb } from './openModel'
import { blockRuns, count } from './progress'

/** `idx process status --model NAME`. */
export async function processStatusCommand(ctx: CliContext, options: ProcessStatusOptions): Promise<number> {
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
    const extent = await readWorkExtent(db)
    const first = extent.first === undefined || extent.first > startBlock ? startBlock : extent.first
    const last = extent.last
    const blocks =
      last === undefined || last < first
        ? { done: 0, failed: 0, pending: 0 }
        : await rangeProgress(db, { from: first, to: last })
    // Of the blocks not processed, those the model's stored archive lacks are not pending: the source has none of them.
    const archive =
      last === undefined || last < first ? undefined : await archiveGaps(ctx, options, first, last)
    const notInSource = archive === undefined ? 0 : await countUnprocessed(db, archive.missing)
    blocks.pending -= notInSource
    const failures = await failedBlocks(db, options.limit ?? 20)
    const jobs = await jobCounts(db)
    const jobRows = await listUnfinishedJobs(db, 100)
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
        `    ${job.status} ${job.from}..${job.to}${job.worker ? ` by ${job.worker}` : ''} (attempt ${job.attempts})${job.error ? `: ${job.error}` : ''}`,
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
      jobList: jobRows,
    })
    return 0
  } finally {
    await db.close()
  }
}

/**
 * The runs of `from`..`to` the model's stored archive lacks, when the source
 * status looks at (`--source`, else the model's default) is a stored_blocks
 * one; `undefined` for an rpc source (it has every block) or a model whose
 * source cannot be opened here (its URL is not set).
 */
async function archiveGaps(
  ctx: CliContext,
  options: ProcessStatusOptions,
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
