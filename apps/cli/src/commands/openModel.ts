import { BaseError, type DatabaseTarget, describeTarget } from '@idx/config'
import { databaseExists } from '@idx/database'
import { assertModelDatabase, createModelDb, hasProcessingTables, type ModelDb } from '@idx/model-db'
import { type Indexer, openIndexer } from '@idx/pipeline'
import type { CliContext } from '../context'
import type { Logger } from './progress'

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

/**
 * Opens a model's database for a command: one that exists, belongs to this
 * deployment and model, and is migrated — else a {@link ModelDatabaseMissingError}
 * (or the identity check's error) that says what to run.
 */
export async function openModelDb(ctx: CliContext, name: string): Promise<ModelDb> {
  const target = await ctx.modelTarget(name)
  if (!(await databaseExists(target))) throw new ModelDatabaseMissingError(name, target, 'missing')
  // Another model's or another deployment's database, or one idx did not create, is refused.
  await assertModelDatabase({ target, shared: ctx.shared })
  const db = await createModelDb({ target })
  if (!(await hasProcessingTables(db))) {
    await db.close()
    throw new ModelDatabaseMissingError(name, target, 'unmigrated')
  }
  return db
}

/** Which model to open, and where its blocks come from (`--source`, `--requests-per-second`). */
export type OpenModelOptions = {
  model: string
  source?: string | undefined
  requestsPerSecond?: number | undefined
}

/** An indexer opened for a command, and the one `close()` that closes it and both its databases. */
export type OpenedModel = { indexer: Indexer; close: () => Promise<void> }

/**
 * Opens the model's database and the shared database, and an indexer on
 * them (`openIndexer`): what every command that processes or prices blocks
 * starts from. With a logger, retries of the rpc source and contracts the
 * model cannot index are logged.
 */
export async function openModel(
  ctx: CliContext,
  options: OpenModelOptions,
  logger?: Logger,
): Promise<OpenedModel> {
  const db = await openModelDb(ctx, options.model)
  try {
    const shared = await ctx.openShared()
    try {
      const indexer = await openIndexer({
        shared,
        db,
        model: options.model,
        env: ctx.settings.env,
        source: options.source,
        rpc: { requestsPerSecond: options.requestsPerSecond },
        onRetry: logger
          ? (event) =>
              logger.log(
                { msg: 'rpc retry', ...event },
                `JSON-RPC ${event.methods.join(', ')} (${event.calls} call${event.calls === 1 ? '' : 's'}) failed: ${event.reason}; retry ${event.attempt} of ${event.maxRetries} in ${Math.round(event.delayMs)} ms.`,
              )
          : undefined,
        onSkipped: (skipped) =>
          logger?.log(
            { msg: 'contract skipped', address: skipped.address, type: skipped.type, reason: skipped.reason },
            `Note: the contract ${skipped.address} (${skipped.type}) is not indexed: ${skipped.reason}`,
          ),
      })
      return {
        indexer,
        close: async () => {
          await indexer.close()
          await db.close()
          await shared.close()
        },
      }
    } catch (error) {
      await shared.close()
      throw error
    }
  } catch (error) {
    await db.close()
    throw error
  }
}
