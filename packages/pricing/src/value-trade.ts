import * as decimal from './decimal'
import { EmptyTradeError, MissingSwapValuesError } from './errors'
import type { Denomination, PricingTrade, SwapValuationErrorCode, SwapValues } from './types'

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
  const { route } = trade
  if (route.length === 0) throw new EmptyTradeError(trade.id)
  const values: SwapValues[] = new Array(route.length)
  for (let index = 0; index < route.length; index++) {
    const found = swapValues.get(route[index]!)
    if (found === undefined) throw new MissingSwapValuesError({ tradeId: trade.id, swapId: route[index]! })
    values[index] = found
  }
  return { usd: valueIn(route, values, 'USD'), avax: valueIn(route, values, 'AVAX') }
}

/** A trade's row in one denomination, from its swaps' rows (a plain loop: this runs for every trade). */
function valueIn(
  route: readonly string[],
  values: readonly SwapValues[],
  denomination: Denomination,
): TradeValuation {
  let sum: decimal.Decimal | undefined
  let only: string | undefined
  let direct = true
  let stale: boolean | undefined
  for (let index = 0; index < values.length; index++) {
    const row = denomination === 'USD' ? values[index]!.usd : values[index]!.avax
    if (row.method === 'ERROR')
      return {
        denomination,
        method: 'ERROR',
        code: row.code,
        reason:
          `Swap "${route[index]}" (${index + 1} of ${route.length} in the route) could not be valued in ` +
          `${denomination}: ${row.reason}`,
      }
    if (row.method === 'GLOBAL') direct = false
    if (row.stale !== undefined) stale = stale === true || row.stale
    if (values.length === 1) only = row.value
    else {
      const value = decimal.parse(row.value, 'a swap value')
      sum = sum === undefined ? value : decimal.add(sum, value)
    }
  }
  const valued: TradeValuation = {
    denomination,
    method: direct ? 'DIRECT' : 'GLOBAL',
    // A trade of one swap (most of them) has that swap's value, already formatted.
    value: sum === undefined ? only! : decimal.format(sum),
  }
  if (stale !== undefined) valued.stale = stale
  return valued
}
