import type { UnknownContractTypeError } from '../abi/errors'
import type { SourceBlock } from '../block/types'
import { decodeBlockLogs } from '../decode/decodeBlockLogs'
import type { InvalidTrackedContractError } from '../decode/errors'
import type { TrackedContracts, UndecodableLog } from '../decode/types'
import type { MissingTransactionError } from './errors'
import { toAggregatorOrders } from './toAggregatorOrders'
import { toClPositionEvents } from './toClPositionEvents'
import { toFeeCollections } from './toFeeCollections'
import { toFeedAnswers } from './toFeedAnswers'
import { toLiquidityEvents } from './toLiquidityEvents'
import { toPoolSwaps } from './toPoolSwaps'
import { toPositions } from './toPositions'
import { toTrades } from './toTrades'
import { toTransfers } from './toTransfers'
import type {
  ClPositionEvent,
  FeeCollection,
  FeedAnswer,
  LiquidityEvent,
  PoolSwap,
  Position,
  Trade,
  Transfer,
  TransformIssue,
} from './types'

export type TransformBlockParameters = {
  chainId: number
  block: SourceBlock
  trackedContracts: TrackedContracts
  /** The model's asset (`target_asset`): trades are the wallets' net flows of it. Without it, trades are routes. */
  targetAsset?: string | undefined
  /** Routers and aggregators by lowercase address (`listRouterLabels`): a trade sent to one records it. */
  routers?: ReadonlyMap<string, { label: string }> | undefined
}
export type TransformBlockReturnType = {
  transfers: Transfer[]
  poolSwaps: PoolSwap[]
  trades: Trade[]
  liquidityEvents: LiquidityEvent[]
  positions: Position[]
  feedAnswers: FeedAnswer[]
  /** Concentrated-liquidity pools' collects and protocol collects, Solidly pairs' fees and claims. */
  feeCollections: FeeCollection[]
  /** Tracked position managers' events: concentrated-liquidity positions over time. */
  clPositionEvents: ClPositionEvent[]
  /** Tracked logs that could not be decoded, with the reason. */
  undecodable: UndecodableLog[]
  /** Decoded logs that could not become domain events, with the reason. */
  issues: TransformIssue[]
}
export type TransformBlockErrorType =
  | UnknownContractTypeError
  | InvalidTrackedContractError
  | MissingTransactionError

/**
 * Everything a block means for a model: decodes the logs of its tracked
 * contracts (`decodeBlockLogs`) and turns them into domain events with every
 * transformer. Pure: the same block and contracts always give the same events
 * and ids. Logs that do not decode or transform are returned with their
 * reason; it throws only for a configuration error (a contract type without an
 * ABI, a pool without its tokens) or a block that lacks a transaction whose
 * logs it has.
 *
 * @example
 * ```ts
 * const trackedContracts = createTrackedContracts(contracts)
 * const block = await readStoredBlock('blocks', 63269916n)
 * const { poolSwaps, trades, undecodable } = transformBlock({ chainId: 43114, block, trackedContracts, targetAsset: BLUB })
 * ```
 */
export function transformBlock({
  chainId,
  block,
  trackedContracts,
  targetAsset,
  routers,
}: TransformBlockParameters): TransformBlockReturnType {
  const { events, undecodable } = decodeBlockLogs(block, trackedContracts)
  const parameters = { chainId, block, events }
  const { swaps: poolSwaps, issues: swapIssues } = toPoolSwaps(parameters)
  const { liquidityEvents, issues: liquidityIssues } = toLiquidityEvents(parameters)
  const { positions, issues: positionIssues } = toPositions(parameters)
  return {
    transfers: toTransfers(parameters),
    poolSwaps,
    trades: toTrades({
      swaps: poolSwaps,
      transactions: block.transactions,
      orders: toAggregatorOrders({ events }),
      targetAsset,
      routers,
    }),
    liquidityEvents,
    positions,
    feedAnswers: toFeedAnswers(parameters),
    feeCollections: toFeeCollections(parameters),
    clPositionEvents: toClPositionEvents(parameters),
    undecodable,
    issues: [...swapIssues, ...liquidityIssues, ...positionIssues].sort((a, b) => a.logIndex - b.logIndex),
  }
}
