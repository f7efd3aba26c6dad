import * as decimal from './decimal'
import { EmptyTradeError, MissingSwapValuesError } from './errors'
import type { Denomination, PricingTrade, SwapValuationErrorCode, SwapValues } from './types'

/** One pricing detail row of a trade. */
export type TradeValuation =
  | {
      denomination: Denomination
      /** `DIRECT` when every counted swap (its asset legs) was valued directly, else `GLOBAL`. */
      method: 'DIRECT' | 'GLOBAL'
      /** The exact sum of its asset legs' values, a decimal string. */
      value: string
      /** Present when a swap's row used AVAX/USD: true when any of those prices was stale. */
      stale?: boolean
    }
  | {
      denomination: Denomination
      method: 'ERROR'
      /** The first failing asset leg's code. */
      code: SwapValuationErrorCode
      reason: string
    }

export type ValueTradeParameters = {
  trade: PricingTrade
  /** The values of every swap it counts (from `valueSwap`), by swap id. */
  swapValues: ReadonlyMap<string, SwapValues>
}

export type ValueTradeReturnType = { usd: TradeValuation; avax: TradeValuation }

export type ValueTradeErrorType = EmptyTradeError | MissingSwapValuesError

/**
 * Values a trade from its swaps' values, in each denomination separately. A
 * trade's value is the value of its **asset legs** only (`trade.assetLegs`:
 * its swaps in pools of its base token, the model's asset), each by its own
 * pool's method: a hop through another tracked pool on the way (WAVAX/USDC
 * before BLUB/WAVAX) is not counted again. Without `assetLegs`, every swap of
 * the route counts.
 *
 * - `ERROR` when any counted swap is `ERROR` in that denomination (the first
 *   one in order gives the code and the reason);
 * - else `DIRECT` when every counted swap is `DIRECT_AVAX` or `DIRECT_USD`;
 * - else `GLOBAL` (at least one was valued from a canonical price).
 *
 * Its value is the exact sum of the counted swaps' values (DESIGN.md,
 * "Pricing"); a trade of one counted swap is valued like that swap. Throws
 * when it counts no swap, or a counted swap has no values.
 *
 * @example
 * ```ts
 * const swapValues = new Map([['hop', valueSwap({ … })], ['s1', valueSwap({ … })], ['s2', valueSwap({ … })]])
 * valueTrade({ trade: { id: 't1', route: ['hop', 's1', 's2'], assetLegs: ['s1', 's2'] }, swapValues })
 * // { usd: { denomination: 'USD', method: 'DIRECT', value: '50.5', stale: false }, avax: { … } }
 * ```
 */
export function valueTrade({ trade, swapValues }: ValueTradeParameters): ValueTradeReturnType {
  const legs = trade.assetLegs ?? trade.route
  if (legs.length === 0) throw new EmptyTradeError(trade.id)
  const values: SwapValues[] = new Array(legs.length)
  for (let index = 0; index < legs.length; index++) {
    const found = swapValues.get(legs[index]!)
    if (found === undefined) throw new MissingSwapValuesError({ tradeId: trade.id, swapId: legs[index]! })
    values[index] = found
  }
  return { usd: valueIn(legs, values, 'USD'), avax: valueIn(legs, values, 'AVAX') }
}

/** A trade's row in one denomination, from its swaps' rows (a plain loop: this runs for every trade). */
function valueIn(
  legs: readonly string[],
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
          `Swap "${legs[index]}" (leg ${index + 1} of the ${legs.length} its value counts) could not be valued in ` +
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
