import type { Address } from 'viem'
import type { DecodedEvent } from '../decode/types'

/** A concentrated-liquidity pool's `Mint`, `Burn` or `Collect`. */
export type ClPoolEvent = Extract<DecodedEvent, { contractType: 'uniswap_v3_pool' }> & {
  eventName: 'Mint' | 'Burn' | 'Collect'
}
/** A position manager's `IncreaseLiquidity`, `DecreaseLiquidity` or `Collect`. */
export type ClManagerEvent = Extract<DecodedEvent, { contractType: 'uniswap_v3_position_manager' }> & {
  eventName: 'IncreaseLiquidity' | 'DecreaseLiquidity' | 'Collect'
}

export type ClPositionLinks = {
  /** The token id of each pool event a manager's event claimed. */
  tokenIdOf: ReadonlyMap<ClPoolEvent, bigint>
  /** The pool event (its `Mint`, `Burn` or `Collect`) each manager event follows. */
  poolEventOf: ReadonlyMap<ClManagerEvent, ClPoolEvent>
}

const MATCHES = {
  IncreaseLiquidity: 'Mint',
  DecreaseLiquidity: 'Burn',
  Collect: 'Collect',
} as const

const cache = new WeakMap<readonly DecodedEvent[], ClPositionLinks>()

/**
 * Links a position manager's events to the pool events they caused, within
 * each transaction. A manager calls the pool first — `mint` (pool `Mint`),
 * `burn` (pool `Burn`), `collect` (a `Burn` of zero liquidity that updates the
 * position's fees, when it has liquidity, then the pool's `Collect`) — with
 * itself as the owner, then emits `IncreaseLiquidity`, `DecreaseLiquidity` or
 * `Collect` with the token id. So each manager event claims the pool events
 * before it in its transaction, owned by that manager and not yet claimed:
 * the ones of its kind (and, for a `Collect`, the zero `Burn`s). The pool
 * event of its kind gives it its pool and tick range.
 *
 * Pure; computed once per `events` array (the transformers share it).
 */
export function linkClPositions(events: readonly DecodedEvent[]): ClPositionLinks {
  const cached = cache.get(events)
  if (cached !== undefined) return cached
  const tokenIdOf = new Map<ClPoolEvent, bigint>()
  const poolEventOf = new Map<ClManagerEvent, ClPoolEvent>()
  let transaction: string | undefined
  let pending: ClPoolEvent[] = []
  for (const event of events) {
    const hash = event.log.transactionHash.toLowerCase()
    if (hash !== transaction) {
      transaction = hash
      pending = []
    }
    if (
      event.contractType === 'uniswap_v3_pool' &&
      (event.eventName === 'Mint' || event.eventName === 'Burn' || event.eventName === 'Collect')
    ) {
      pending.push(event as ClPoolEvent)
      continue
    }
    if (
      event.contractType !== 'uniswap_v3_position_manager' ||
      !(event.eventName in MATCHES) ||
      event.eventName === 'Transfer'
    )
      continue
    const managerEvent = event as ClManagerEvent
    const manager: Address = event.contract.address
    const wanted = MATCHES[managerEvent.eventName]
    const rest: ClPoolEvent[] = []
    for (const poolEvent of pending) {
      const claimed =
        poolEvent.args.owner === manager &&
        (poolEvent.eventName === wanted ||
          (wanted === 'Collect' && poolEvent.eventName === 'Burn' && poolEvent.args.amount === 0n))
      if (!claimed) {
        rest.push(poolEvent)
        continue
      }
      tokenIdOf.set(poolEvent, managerEvent.args.tokenId)
      if (poolEvent.eventName === wanted) poolEventOf.set(managerEvent, poolEvent)
    }
    pending = rest
  }
  const links = { tokenIdOf, poolEventOf }
  cache.set(events, links)
  return links
}
