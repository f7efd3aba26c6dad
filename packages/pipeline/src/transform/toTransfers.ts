import type { Address } from 'viem'
import type { SourceBlock } from '../block/types'
import type { DecodedEvent } from '../decode/types'
import { createEvent, eventBase, ZERO_ADDRESS } from './shared'
import type { Transfer } from './types'

export type ToTransfersParameters = {
  chainId: number
  block: Pick<SourceBlock, 'number' | 'timestamp'>
  /** Decoded events of the block (`decodeBlockLogs(…).events`); others than token events are ignored. */
  events: readonly DecodedEvent[]
}
export type ToTransfersReturnType = Transfer[]

/**
 * The token transfers of a block's decoded events: every `Transfer` of an
 * `erc20` or `wrapped_native` contract, and WAVAX `Deposit` (a transfer from
 * the zero address, cause `wrap`) and `Withdrawal` (a transfer to the zero
 * address, cause `unwrap`). A `Transfer` from or to the zero address has cause
 * `mint` or `burn`. A pool's LP token transfers are positions, not transfers.
 *
 * @example
 * ```ts
 * const { events } = decodeBlockLogs(block, trackedContracts)
 * const transfers = toTransfers({ chainId: 43114, block, events })
 * // [{ kind: 'transfer', token: '0xb31f…', from: '0x0000…', to: '0x12…', amount: 10n ** 18n, cause: 'wrap', … }]
 * ```
 */
export function toTransfers({ chainId, block, events }: ToTransfersParameters): ToTransfersReturnType {
  const transfers: Transfer[] = []
  for (const event of events) {
    if (event.contractType !== 'erc20' && event.contractType !== 'wrapped_native') continue
    let from: Address
    let to: Address
    let amount: bigint
    let cause: Transfer['cause']
    if (event.eventName === 'Transfer') {
      from = event.args.from
      to = event.args.to
      amount = event.args.value
      cause = from === ZERO_ADDRESS ? 'mint' : to === ZERO_ADDRESS ? 'burn' : 'transfer'
    } else if (event.eventName === 'Deposit') {
      from = ZERO_ADDRESS
      to = event.args.dst
      amount = event.args.wad
      cause = 'wrap'
    } else if (event.eventName === 'Withdrawal') {
      from = event.args.src
      to = ZERO_ADDRESS
      amount = event.args.wad
      cause = 'unwrap'
    } else continue
    const token = event.contract.address
    transfers.push(
      createEvent<Transfer>(eventBase(chainId, block, event.log, 'transfer'), {
        kind: 'transfer',
        token,
        from,
        to,
        amount,
        cause,
      }),
    )
  }
  return transfers
}
