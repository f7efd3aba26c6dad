import type { BlockRecord } from '@idx/model-db'
import type { SourceBlock } from '../block/types'
import type { TransformBlockReturnType } from '../transform/transformBlock'

/**
 * What one block writes to the model database: its header, the transactions
 * that touched tracked contracts, its domain events, and the logs that could
 * not be decoded or transformed (with their reasons), and the configuration
 * generation that produced them.
 */
export function toBlockRecord(
  block: SourceBlock,
  events: TransformBlockReturnType,
  generation?: number | undefined,
): BlockRecord {
  const logsPerTx = new Map<string, number>()
  for (const log of block.logs)
    logsPerTx.set(log.transactionHash, (logsPerTx.get(log.transactionHash) ?? 0) + 1)
  return {
    header: {
      number: block.number,
      hash: block.hash,
      parentHash: block.parentHash,
      timestamp: block.timestamp,
    },
    logCount: block.logs.length,
    transactions: block.transactions
      .filter((tx) => logsPerTx.has(tx.hash))
      .map((tx) => ({
        hash: tx.hash,
        index: tx.index,
        from: tx.from,
        to: tx.to,
        logCount: logsPerTx.get(tx.hash)!,
      })),
    transfers: events.transfers,
    poolSwaps: events.poolSwaps,
    trades: events.trades,
    liquidityEvents: events.liquidityEvents,
    positions: events.positions,
    feedAnswers: events.feedAnswers,
    feeCollections: events.feeCollections,
    clPositionEvents: events.clPositionEvents,
    generation,
    undecodable: [
      ...events.undecodable.map((log) => ({
        transactionHash: log.log.transactionHash,
        logIndex: log.log.logIndex,
        address: log.log.address,
        reason: log.reason,
      })),
      ...events.issues.map((issue) => ({
        transactionHash: issue.transactionHash,
        logIndex: issue.logIndex,
        address: issue.pool,
        reason: issue.reason,
      })),
    ],
  }
}
