import type { ModelDb } from '@idx/model-db'
import { listModelSources, type SharedDb } from '@idx/shared-db'
import type { SourceBlock } from '../block/types'
import type { BlockSource } from '../source/types'
import {
  type CreateModelSourceParameters,
  createModelSource,
  type RpcSourceOverrides,
} from './createModelSource'
import { type FollowParameters, follow } from './follow'
import { type IndexerModel, loadIndexerModel } from './loadIndexerModel'
import { type ProcessBatchReturnType, processBatch } from './processBatch'
import { repriceFrom } from './repriceFrom'
import { type RunRangeParameters, type RunRangeReturnType, runRange } from './runRange'
import type { UpdatePricingProgress } from './updatePricing'

/** What the runs of an indexer take besides what it holds (model, database, source). */
type RunOptions<T> = Omit<T, 'model' | 'db' | 'source' | 'reloadModel'> & {
  /**
   * Reload the model's configuration when an import changes it and go on
   * with the new one, instead of stopping (`--reload-config`).
   */
  reloadConfig?: boolean | undefined
}

export type ProcessRangeOptions = RunOptions<RunRangeParameters>
export type FollowOptions = RunOptions<FollowParameters>

export type OpenIndexerParameters = {
  /** The shared database, opened by the caller (who closes it after the indexer). */
  shared: SharedDb
  /** The model's database, opened by the caller (who closes it after the indexer). */
  db: ModelDb
  /** The registered model to index. */
  model: string
  /** Where an rpc source's URL is read from (`settings.env` of `@idx/config`). */
  env: CreateModelSourceParameters['env']
  /** The model's source to read blocks from, by name. Default: see {@link createModelSource}. */
  source?: string | undefined
  /** Settings that win over the configured ones of an rpc source (command-line flags). */
  rpc?: RpcSourceOverrides | undefined
  /** Told before every retry of an rpc source's request (to log it). */
  onRetry?: CreateModelSourceParameters['onRetry']
  /** Told of each contract the model lists that is not indexed, each time the model is loaded. */
  onSkipped?: ((skipped: IndexerModel['skipped'][number]) => void) | undefined
}

/** A model ready to index: its configuration, its database and its block source, and what runs on them. */
export type Indexer = {
  /** The model as loaded last (`reload()` loads it again). */
  readonly model: IndexerModel
  db: ModelDb
  source: BlockSource
  /** The configured source chosen, and its type. */
  sourceName: string
  sourceType: 'rpc' | 'stored_blocks'
  /** Loads the model's configuration again (after an import changed it). */
  reload: () => Promise<IndexerModel>
  /** Fetches blocks `from`..`to` and processes them as one batch (again, if they were processed already). */
  processBlocks: (from: bigint, to: bigint) => Promise<ProcessBatchReturnType>
  /** Processes a range through the model's job queue (`runRange`): resumable, with workers. */
  processRange: (options: ProcessRangeOptions) => Promise<RunRangeReturnType>
  /** Follows the head of the chain (`follow`) until the signal stops it. */
  follow: (options: FollowOptions) => ReturnType<typeof follow>
  /** Prices the stored blocks from `from` on again (`repriceFrom`): after a block was processed out of order. */
  repriceFrom: (from: bigint) => Promise<UpdatePricingProgress | undefined>
  /** Closes the block source (the databases stay open: they are the caller's). */
  close: () => Promise<void>
}

/**
 * Opens an indexer for a registered model: the one way an app assembles
 * one. Picks the model's block source (and the RPC readers of Liquidity Book
 * tokens and the AVAX/USD feed it offers), loads the model's tracked
 * contracts and pricing setup from the shared database, and binds the block
 * processor, the range runner and the follower to them.
 *
 * The databases are the caller's: it opens them (with whatever checks it
 * needs) and closes them after `indexer.close()`.
 *
 * @example
 * ```ts
 * const indexer = await openIndexer({ shared, db, model: 'blub_test', env: settings.env })
 * try {
 *   await indexer.processRange({ from: 58_219_691n, to: 58_230_000n, workers: 2 })
 * } finally {
 *   await indexer.close()
 * }
 * ```
 */
export async function openIndexer(parameters: OpenIndexerParameters): Promise<Indexer> {
  const { shared, db } = parameters
  const created = createModelSource({
    sources: await listModelSources(shared.client, parameters.model),
    env: parameters.env,
    name: parameters.source,
    rpc: parameters.rpc,
    onRetry: parameters.onRetry,
  })
  const { source } = created
  const load = async (): Promise<IndexerModel> => {
    const loaded = await loadIndexerModel({
      shared,
      model: parameters.model,
      readLbTokens: created.readLbTokens,
      readFeedRound: created.readFeedRound,
    })
    for (const skipped of loaded.skipped) parameters.onSkipped?.(skipped)
    return loaded
  }
  let model: IndexerModel
  try {
    model = await load()
  } catch (error) {
    await source.close?.()
    throw error
  }
  // The runs use the model as loaded last: a reload during a run carries over to the next.
  const reload = async () => {
    model = await load()
    return model
  }
  const reloadModel = (reloadConfig: boolean | undefined) => (reloadConfig ? reload : undefined)
  return {
    get model() {
      return model
    },
    db,
    source,
    sourceName: created.name,
    sourceType: created.type,
    reload,
    processBlocks: async (from, to) => {
      const blocks: SourceBlock[] = await source.getBlocks({ from, to, addresses: model.addresses })
      return processBatch({ model, db, blocks })
    },
    processRange: ({ reloadConfig, ...options }) =>
      runRange({ ...options, model, db, source, reloadModel: reloadModel(reloadConfig) }),
    follow: ({ reloadConfig, ...options }) =>
      follow({ ...options, model, db, source, reloadModel: reloadModel(reloadConfig) }),
    repriceFrom: (from) => repriceFrom({ model, db, from }),
    close: async () => {
      await source.close?.()
    },
  }
}
