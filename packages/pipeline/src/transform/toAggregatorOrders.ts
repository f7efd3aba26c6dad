import type { Address, Hash } from 'viem'
import type { DecodedEvent } from '../decode/types'
import type { AggregatorOrder } from './types'

export type ToAggregatorOrdersParameters = {
  /** Decoded events of a block (`decodeBlockLogs(…).events`); others than aggregators' orders are ignored. */
  events: readonly DecodedEvent[]
}
export type ToAggregatorOrdersReturnType = AggregatorOrder[]

/**
 * The orders DEX aggregators' routers (`dex_aggregator` contracts) reported in
 * a block, in log order: Odos's `Swap` and `SwapMulti`, the LFJ aggregator's
 * `SwapExactIn` and `SwapExactOut`, KyberSwap's and 1inch v4's `Swapped`. Each
 * names what its caller paid and what its receiver got; an Odos `SwapMulti`
 * of one input and one output token is such an order too, one of several has
 * no single input or output (`null`). The order's wallet is its receiver
 * (`to`, `dstReceiver`), or its sender when the event names none (Odos).
 *
 * @example
 * ```ts
 * const orders = toAggregatorOrders({ events: decodeBlockLogs(block, trackedContracts).events })
 * // [{ aggregator: '0x45a6…', event: 'SwapExactIn', wallet: '0x18db…', tokenIn: USDC, amountIn: 500_000_000n, … }]
 * ```
 */
export function toAggregatorOrders({ events }: ToAggregatorOrdersParameters): ToAggregatorOrdersReturnType {
  const orders: AggregatorOrder[] = []
  for (const event of events) {
    if (event.contractType !== 'dex_aggregator') continue
    const base = {
      transactionHash: event.log.transactionHash.toLowerCase() as Hash,
      logIndex: event.log.logIndex,
      aggregator: event.contract.address,
      event: event.eventName,
    }
    if (event.eventName === 'Swap') {
      const { sender, inputToken, inputAmount, outputToken, amountOut } = event.args
      orders.push({
        ...base,
        sender,
        recipient: null,
        wallet: sender,
        tokenIn: inputToken,
        amountIn: inputAmount,
        tokenOut: outputToken,
        amountOut,
      })
    } else if (event.eventName === 'SwapMulti') {
      const { sender, tokensIn, amountsIn, tokensOut, amountsOut } = event.args
      const single = tokensIn.length === 1 && tokensOut.length === 1
      orders.push({
        ...base,
        sender,
        recipient: null,
        wallet: sender,
        tokenIn: single ? lower(tokensIn[0]!) : null,
        amountIn: single ? amountsIn[0]! : null,
        tokenOut: single ? lower(tokensOut[0]!) : null,
        amountOut: single ? amountsOut[0]! : null,
      })
    } else if (event.eventName === 'SwapExactIn' || event.eventName === 'SwapExactOut') {
      const { sender, to, tokenIn, tokenOut, amountIn, amountOut } = event.args
      orders.push({ ...base, sender, recipient: to, wallet: to, tokenIn, amountIn, tokenOut, amountOut })
    } else if (event.eventName === 'Swapped') {
      const { sender, srcToken, dstToken, dstReceiver, spentAmount, returnAmount } = event.args
      orders.push({
        ...base,
        sender,
        recipient: dstReceiver,
        wallet: dstReceiver,
        tokenIn: srcToken,
        amountIn: spentAmount,
        tokenOut: dstToken,
        amountOut: returnAmount,
      })
    }
  }
  return orders
}

/** Addresses inside arrays come from viem's decoder, checksummed. */
const lower = (address: string) => address.toLowerCase() as Address
