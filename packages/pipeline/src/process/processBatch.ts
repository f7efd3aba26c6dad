import {
  type BlockRecord,
  type ModelDb,
  markBlocksFailed,
  writeBlocksIn,
  writePricingIn,
  writeRangeIn,
} from '@idx/model-db'
import { storeResolvedAvaxUsd } from '@idx/pricing'
import { readModelGeneration } from '@idx/shared-db'
import type { SourceBlock } from '../block/types'
import { transformBlock } from '../transform/transformBlock'
import { type BatchRange, rangeWithout } from './batchRange'
import { ConfigurationChangedError } from './errors'
import type { IndexerModel } from './loadIndexerModel'
import { priceRecords } from './priceRecords'
import { toBlockRecord } from './toBlockRecord'

/** Where the time of processing went, in milliseconds. */
export type Timings = { fetchMs: number; transformMs: number; priceMs: number; writeMs: number }

export type ProcessBatchReturnType = {
  /** Blocks done: those written, or with a range, the range's blocks that did not fail. */
  done: number
  failed: { number: bigint; error: string }[]
  logs: number
  events: number
}

/**
 * Prices block records and writes them with their valuations, all in one
 * transaction: a processed block is a priced block. AVAX/USD prices read on
 * the way are stored in the shared database (facts about the chain, kept even
 * if the write fails).
 */
async function writePricedBlocks(
  model: IndexerModel,
  db: Pick<ModelDb, 'query' | 'transaction'>,
  records: readonly BlockRecord[],
  timings: { priceMs: number } | undefined,
  /** `range`: written with the blocks; `coveredFrom`: where the run the records are the blocks with logs of starts. */
  options: { range?: BatchRange | undefined; coveredFrom?: bigint | undefined } = {},
): Promise<void> {
  const { range } = options
  if (records.length === 0) {
    // A run of empty blocks: nothing to price, only the range to record.
    if (range !== undefined) await db.transaction((query) => writeRangeIn(query, range))
    return
  }
  const started = performance.now()
  const { pricing, avaxUsd } = await priceRecords(model, db, records, undefined, options.coveredFrom)
  await storeResolvedAvaxUsd(model.pricing.shared, avaxUsd)
  if (timings) timings.priceMs += performance.now() - started
  await db.transaction(async (query, copy) => {
    await writeBlocksIn(query, records)
    await writePricingIn(query, copy, pricing)
    if (range !== undefined) await writeRangeIn(query, range)
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
 * without holding back the others.
 */
export async function processBatch(
  parameters: {
    model: IndexerModel
    db: Pick<ModelDb, 'query' | 'transaction'>
    blocks: readonly SourceBlock[]
    /**
     * The blocks the batch covers, when it is a run of consecutive blocks of
     * which `blocks` are those with tracked logs (or all): written as a
     * processed range, and the blocks without tracked logs get no row.
     * Without it, every block of `blocks` gets its row.
     */
    range?: BatchRange | undefined
  },
  timings?: Timings,
): Promise<ProcessBatchReturnType> {
  const { model, db, range } = parameters
  const blocks =
    range === undefined ? parameters.blocks : parameters.blocks.filter((block) => block.logs.length > 0)
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
  const pricingTimings = timings ? { priceMs: 0 } : undefined
  // The range commits with the blocks when none failed; else, after them, without the failed ones.
  let rangeWritten = false
  try {
    await writePricedBlocks(model, db, records, pricingTimings, {
      range: failed.length === 0 ? range : undefined,
      coveredFrom: range?.from,
    })
    rangeWritten = failed.length === 0
  } catch {
    for (const [i, record] of records.entries()) {
      // The blocks between the previous record and this one hold no logs: its events start there.
      const coveredFrom =
        range === undefined ? undefined : i === 0 ? range.from : records[i - 1]!.header.number + 1n
      try {
        await writePricedBlocks(model, db, [record], pricingTimings, { coveredFrom })
      } catch (error) {
        const message = `Writing block ${record.header.number} failed: ${(error as Error).message}`
        failed.push({ number: record.header.number, error: message })
        failedHeaders.push({ header: record.header, error: message, generation })
      }
    }
  }
  await markBlocksFailed(db, failedHeaders)
  if (range !== undefined && !rangeWritten) {
    const pieces = rangeWithout(
      range,
      failed.map((f) => f.number),
    )
    await db.transaction(async (query) => {
      for (const piece of pieces) await writeRangeIn(query, piece)
    })
  }
  if (timings) {
    timings.transformMs += transformed - started
    timings.priceMs += pricingTimings!.priceMs
    timings.writeMs += performance.now() - transformed - pricingTimings!.priceMs
  }
  const written = records.filter((record) => !failed.some((f) => f.number === record.header.number))
  return {
    // With a range, its empty blocks are done too.
    done: range === undefined ? written.length : Number(range.to - range.from + 1n) - failed.length,
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
  }
}
