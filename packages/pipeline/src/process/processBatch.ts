import { type BlockRecord, type ModelDb, markBlocksFailed, writeBlocks } from '@idx/model-db'
import type { SourceBlock } from '../block/types'
import { transformBlock } from '../transform/transformBlock'
import type { IndexerModel } from './loadIndexerModel'
import { toBlockRecord } from './toBlockRecord'

/** Where the time of processing went, in milliseconds. */
export type Timings = { fetchMs: number; transformMs: number; writeMs: number }

export type ProcessBatchReturnType = {
  done: number
  failed: { number: bigint; error: string }[]
  logs: number
  events: number
}

/**
 * Transforms fetched blocks and writes them, all in one transaction. When the
 * batch cannot be written, each block is written on its own so that one bad
 * block is marked failed (with its error, and no rows) without holding back
 * the others.
 */
export async function processBatch(
  parameters: { model: IndexerModel; db: Pick<ModelDb, 'transaction'>; blocks: readonly SourceBlock[] },
  timings?: Timings,
): Promise<ProcessBatchReturnType> {
  const { model, db, blocks } = parameters
  const started = performance.now()
  const records: BlockRecord[] = []
  const failed: { number: bigint; error: string }[] = []
  const failedHeaders: { header: BlockRecord['header']; error: string }[] = []
  for (const block of blocks) {
    try {
      const events = transformBlock({
        chainId: model.chainId,
        block,
        trackedContracts: model.trackedContracts,
      })
      records.push(toBlockRecord(block, events))
    } catch (error) {
      const message = (error as Error).message
      failed.push({ number: block.number, error: message })
      failedHeaders.push({ header: block, error: message })
    }
  }
  const transformed = performance.now()
  try {
    await writeBlocks(db, records)
  } catch {
    for (const record of records) {
      try {
        await writeBlocks(db, [record])
      } catch (error) {
        const message = `Writing block ${record.header.number} failed: ${(error as Error).message}`
        failed.push({ number: record.header.number, error: message })
        failedHeaders.push({ header: record.header, error: message })
      }
    }
  }
  await markBlocksFailed(db, failedHeaders)
  if (timings) {
    timings.transformMs += transformed - started
    timings.writeMs += performance.now() - transformed
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
  }
}
