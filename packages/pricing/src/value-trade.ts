import * as decimal from './decimal'
import { EmptyTradeError, MissingSwapValuesError } from './errors'
import type { Denomination, PricingTrade, SwapValuationErrorCode, SwapValues } from './types'
import { valueOfRow } from './value-swap'

/** One pricing detail row of a trade. */
export type TradeValuation =
  | {
      denomination: Denomination
      /** `DIRECT` when every swap of the route was valued directly, else `GLOBAL`. */
      method: 'DIRECT' | 'GLOBAL'
      /** The exact sum of its swaps' values, a decimal string. */
      value: string
      /** Present when a swap's row used AVAX/USD: true when any of those prices was stale. */
      stale?: boolean
    }
  | {
      denomination: Denomination
      method: 'ERROR'
      /** The first failing swap's code. */
      code: SwapValuationErrorCode
      reason: string
    }

export type ValueTradeParameters = {
  trade: PricingTrade
  /** Every swap of the route's values (from `valueSwap`), by swap id. */
  swapValues: ReadonlyMap<string, SwapValues>
}

export type ValueTradeReturnType = { usd: TradeValuation; avax: TradeValuation }

export type ValueTradeErrorType = EmptyTradeError | MissingSwapValuesError

/**
 * Values a trade from its swaps' values, in each denomination separately:
 *
 * - `ERROR` when any swap of the route is `ERROR` in that denomination (the
 *   first one in route order gives the code and the reason);
 * - else `DIRECT` when every swap is `DIRECT_AVAX` or `DIRECT_USD`;
 * - else `GLOBAL` (at least one swap was valued from a canonical price).
 *
 * Its value is the exact sum of its swaps' values (DESIGN.md, "Pricing"). A
 * trade of one swap is valued like that swap. Throws when the route is empty
 * or a swap of it has no values.
 *
 * @example
 * ```ts
 * const swapValues = new Map([['s1', valueSwap({ … })], ['s2', valueSwap({ … })]])
 * valueTrade({ trade: { id: 't1', route: ['s1', 's2'] }, swapValues })
 * // { usd: { denomination: 'USD', method: 'DIRECT', value: '50.5', stale: false }, avax: { … } }
 * ```
 */
export function valueTrade({ trade, swapValues }: ValueTradeParameters): ValueTradeReturnType {
  if (trade.route.length === 0) throw new EmptyTradeError(trade.id)
  const swaps = trade.route.map((swapId) => {
    const values = swapValues.get(swapId)
    if (values === undefined) throw new MissingSwapValuesError({ tradeId: trade.id, swapId })
    return { swapId, values }
  })

  const valueIn = (denomination: Denomination): TradeValuation => {
    const key = denomination === 'USD' ? 'usd' : 'avax'
    let sum = decimal.ZERO
    let direct = true
    let stale: boolean | undefined
    for (const [index, { swapId, values }] of swaps.entries()) {
      const row = values[key]
      if (row.method === 'ERROR')
        return {
          denomination,
          method: 'ERROR',
          code: row.code,
          reason:
            `Swap "${swapId}" (${index + 1} of ${swaps.length} in the route) could not be valued in ` +
            `${denomination}: ${row.reason}`,
        }
      if (row.method === 'GLOBAL') direct = false
      if (row.stale !== undefined) stale = stale === true || row.stale
      sum = decimal.add(sum, valueOfRow(row))
    }
    const valued: TradeValuation = {
      denomination,
      method: direct ? 'DIRECT' : 'GLOBAL',
      value: decimal.format(sum),
    }
    return stale === undefined ? valued : { ...valued, stale }
  }

  return { usd: valueIn('USD'), avax: valueIn('AVAX') }
}
