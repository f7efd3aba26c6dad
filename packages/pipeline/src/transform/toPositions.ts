import type { Address } from 'viem'
import type { SourceBlock, SourceLog } from '../block/types'
import type { DecodedEvent } from '../decode/types'
import { createEvent, eventBase, ZERO_ADDRESS } from './shared'
import type { PoolType, Position, TransformIssue } from './types'

export type ToPositionsParameters = {
  chainId: number
  block: Pick<SourceBlock, 'number' | 'timestamp'>
  /** Decoded events of the block (`decodeBlockLogs(…).events`); others than LP transfers are ignored. */
  events: readonly DecodedEvent[]
}
export type ToPositionsReturnType = {
  /** In log order; within a log, the sender's change before the receiver's. */
  positions: Position[]
  /** LB TransferBatch logs whose bin ids and amounts do not pair up. */
  issues: TransformIssue[]
}

/**
 * Holders' balance changes in pools' liquidity: each V2 pair `Transfer` of its
 * LP token and each bin of an LB pair `TransferBatch` gives a minus for the
 * sender and a plus for the receiver — except the zero address, which mints
 * (cause `mint`) and burns (cause `burn`) but holds nothing. Zero amounts give
 * nothing. Ids: `part` is `from` / `to` for a V2 transfer and `<i>:from` /
 * `<i>:to` for the i-th bin of a TransferBatch.
 *
 * @example
 * ```ts
 * const { events } = decodeBlockLogs(block, trackedContracts)
 * const { positions } = toPositions({ chainId: 43114, block, events })
 * // [{ kind: 'position', holder: '0x12…', amount: 999000n, cause: 'mint', binId: null, … }]
 * ```
 */
export function toPositions({ chainId, block, events }: ToPositionsParameters): ToPositionsReturnType {
  const positions: Position[] = []
  const issues: TransformIssue[] = []

  const add = (
    log: SourceLog,
    pool: Address,
    poolType: PoolType,
    change: { from: Address; to: Address; amount: bigint; binId: number | null; part: string },
  ) => {
    const { from, to, amount, binId, part } = change
    if (amount === 0n) return
    const prefix = part === '' ? '' : `${part}:`
    if (from !== ZERO_ADDRESS)
      positions.push(
        createEvent<Position>(eventBase(chainId, block, log, 'position', `${prefix}from`), {
          kind: 'position',
          pool,
          poolType,
          holder: from,
          amount: -amount,
          binId,
          cause: to === ZERO_ADDRESS ? 'burn' : 'transfer',
          counterparty: to,
        }),
      )
    if (to !== ZERO_ADDRESS)
      positions.push(
        createEvent<Position>(eventBase(chainId, block, log, 'position', `${prefix}to`), {
          kind: 'position',
          pool,
          poolType,
          holder: to,
          amount,
          binId,
          cause: from === ZERO_ADDRESS ? 'mint' : 'transfer',
          counterparty: from,
        }),
      )
  }

  for (const event of events) {
    const { log, contract } = event
    if (
      (event.contractType === 'uniswap_v2_pair' || event.contractType === 'solidly_pair') &&
      event.eventName === 'Transfer'
    ) {
      const { from, to, value } = event.args
      add(log, contract.address, event.contractType, { from, to, amount: value, binId: null, part: '' })
    } else if (event.contractType === 'lfj_lb_pair' && event.eventName === 'TransferBatch') {
      const { from, to, ids, amounts } = event.args
      if (ids.length !== amounts.length) {
        issues.push({
          pool: contract.address,
          transactionHash: log.transactionHash,
          logIndex: log.logIndex,
          reason: `The TransferBatch log has a different number of bin ids ("${ids.length}") and amounts ("${amounts.length}").`,
        })
        continue
      }
      for (const [i, id] of ids.entries())
        add(log, contract.address, 'lfj_lb_pair', {
          from,
          to,
          amount: amounts[i]!,
          binId: Number(id),
          part: `${i}`,
        })
    }
  }
  return { positions, issues }
}
