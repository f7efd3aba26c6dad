import {
  type BlockRecord,
  type ModelDb,
  markBlocksFailed,
  writeBlocksIn,
  writePricingIn,
} from '@idx/model-db'
import { readModelGeneration } from '@idx/shared-db'
import type { SourceBlock } from '../block/types'
import { storeResolvedAvaxUsd } from '../pricing/resolveAvaxUsd'
import { transformBlock } from '../transform/transformBlock'
import { ConfigurationChangedError } from './errors'
import type { IndexerModel } from './loadIndexerModel'
import { priceRecords } from './priceRecords'
import { noTimings, type Timings } from './timings'
import { toBlockRecord } from './toBlockRecord'

export type ProcessBatchReturnType = {
  done: number
  failed: { number: bigint; error: string }[]
  logs: number
  events: number
  /** The time the batch took to transform, price and write (fetching is the caller's). */
  timings: Timings
}

/**
 * Prices block records and writes them with their valuations, all in one
 * transaction: a processed block is a priced block. AVAX/USD prices read on
 * the way are stored in the shared database (facts about the chain, kept even
 * if the write fails). Resolves the milliseconds pricing took; `onPriced`
 * hears them before the write, so that a failed write still counts them.
 */
async function writePricedBlocks(
  model: IndexerModel,
  db: Pick<ModelDb, 'query' | 'transaction'>,
  records: readonly BlockRecord[],
  onPriced: (priceMs: number) => void,
): Promise<void> {
  const started = performance.now()
  const { pricing, avaxUsd } = await priceRecords(model, db, records)
  await storeResolvedAvaxUsd(model.pricing.shared, avaxUsd)
  onPriced(performance.now() - started)
  await db.transaction(async (query, copy) => {
    await writeBlocksIn(query, records)
    await writePricingIn(query, copy, pricing)
  })
}

/**
 * Throws a {@link ConfigurationChangedError} when an import changed the
 * model's configuration since `model` was loaded (one indexed read of the
 * shared database).
 */
export async function assertCurrentGeneration(
  model: IndexerModel,
  block?: bigint | undefined,
): Promise<void> {
  const current = await readModelGeneration(model.pricing.shared, model.model.id)
  if (current !== undefined && current !== model.model.generation)
    throw new ConfigurationChangedError({
      model: model.model.name,
      from: model.model.generation,
      to: current,
      block,
    })
}

/**
 * Transforms fetched blocks, prices them and writes them, all in one
 * transaction. First it checks that the model's configuration is still the
 * one `model` was loaded with (a {@link ConfigurationChangedError} when an
 * import changed it: the batch is not written); the blocks record its
 * generation. When the batch cannot be written, each block is written on its
 * own so that one bad block is marked failed (with its error, and no rows)
 * without holding back the others. Returns what it wrote and the time it
 * took (`timings`, with `fetchMs` 0: the blocks came fetched).
 */
export async function processBatch(parameters: {
  model: IndexerModel
  db: Pick<ModelDb, 'query' | 'transaction'>
  blocks: readonly SourceBlock[]
}): Promise<ProcessBatchReturnType> {
  const { model, db, blocks } = parameters
  // A batch is processed with one configuration: the one loaded, if it is still the model's.
  await assertCurrentGeneration(model, blocks[0]?.number)
  const { generation } = model.model
  const started = performance.now()
  const records: BlockRecord[] = []
  const failed: { number: bigint; error: string }[] = []
  const failedHeaders: { header: BlockRecord['header']; error: string; generation: number }[] = []
  for (const block of blocks) {
    try {
      const events = transformBlock({
        chainId: model.chainId,
        block,
        trackedContracts: model.trackedContracts,
        targetAsset: model.targetAsset,
        routers: model.routers,
      })
      records.push(toBlockRecord(block, events, generation))
    } catch (error) {
      const message = (error as Error).message
      failed.push({ number: block.number, error: message })
      failedHeaders.push({ header: block, error: message, generation })
    }
  }
  const transformed = performance.now()
  let priceMs = 0
  const onPriced = (ms: number) => {
    priceMs += ms
  }
  try {
    await writePricedBlocks(model, db, records, onPriced)
  } catch {
    for (const record of records) {
      try {
        await writePricedBlocks(model, db, [record], onPriced)
      } catch (error) {
        const message = `Writing block ${record.header.number} failed: ${(error as Error).message}`
        failed.push({ number: record.header.number, error: message })
        failedHeaders.push({ header: record.header, error: message, generation })
      }
    }
  }
  await markBlocksFailed(db, failedHeaders)
  const timings: Timings = {
    ...noTimings(),
    transformMs: transformed - started,
    priceMs,
    writeMs: performance.now() - transformed - priceMs,
  }
  const written = records.filter((record) => !failed.some((f) => f.number === record.header.number))
  return {
    done: written.length,
    failed,
    logs: written.reduce((sum, record) => sum + record.logCount, 0),
    events: written.reduce(
      (sum, r) =>
        sum +
        r.transfers.length +
        r.poolSwaps.length +
        r.trades.length +
        r.liquidityEvents.length +
        r.positions.length +
        r.feedAnswers.length,
      0,
    ),
    timings,
  }
}
