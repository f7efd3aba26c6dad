import type { PricingDecision } from './decidePricingMethod'
import * as decimal from './decimal'
import { InvalidTokenDecimalsError, NegativeSwapAmountError, PriceFromTheFutureError } from './errors'
import { isoTime } from './isoTime'
import type {
  AvaxUsdAtBlock,
  CanonicalPriceAtPeriod,
  Denomination,
  PricingSwap,
  SwapValuation,
  SwapValuationErrorCode,
  SwapValues,
  TokenType,
} from './types'

export type ValueSwapParameters = {
  swap: PricingSwap
  /** The method for the swap's (model, pool, block), from `@idx/shared-db`. */
  decision: PricingDecision
  /** The base token's decimals (0–77). */
  baseDecimals: number
  /** The quote token's decimals (0–77). */
  quoteDecimals: number
  /** The quote token's type: a direct method needs `wrapped_native` (AVAX) or `stable` (USD). */
  quoteTokenType: TokenType
  /** AVAX/USD as of the swap's block; absent when it could not be read. */
  avaxUsd?: AvaxUsdAtBlock | undefined
  /** The base token's canonical price for the swap's period; absent when there is none. */
  canonical?: CanonicalPriceAtPeriod | undefined
}

export type ValueSwapReturnType = SwapValues

export type ValueSwapErrorType =
  | InvalidTokenDecimalsError
  | NegativeSwapAmountError
  | PriceFromTheFutureError
  | decimal.InvalidDecimalErrorType

/** What decided the method, as every row records it. */
type Decided = { tier: PricingDecision['tier']; configId?: number; contractId?: number }

function errorRow(
  decided: Decided,
  denomination: Denomination,
  code: SwapValuationErrorCode,
  reason: string,
): SwapValuation {
  const row: SwapValuation = { denomination, method: 'ERROR', code, reason, tier: decided.tier }
  return withDecider(row, decided)
}

/** `row` with the config and contract that decided (no object spread: this runs per swap). */
function withDecider(row: SwapValuation, decided: Decided): SwapValuation {
  if (decided.configId !== undefined) row.configId = decided.configId
  if (decided.contractId !== undefined) row.contractId = decided.contractId
  return row
}

function valuedRow(
  decided: Decided,
  denomination: Denomination,
  method: Exclude<SwapValuation['method'], 'ERROR'>,
  value: decimal.Decimal,
  price: decimal.Decimal,
  stale: boolean | undefined,
): SwapValuation {
  const row: SwapValuation = {
    denomination,
    method,
    value: decimal.format(decimal.round(value)),
    price: decimal.format(decimal.round(price)),
    tier: decided.tier,
  }
  withDecider(row, decided)
  if (stale !== undefined) row.stale = stale
  return row
}

const needs = (own: Denomination, other: Denomination) =>
  `so the swap's ${other} value cannot be computed from its ${own} value`

const checkDecimals = (token: string, decimals: number) => {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 77)
    throw new InvalidTokenDecimalsError({ token, decimals })
}

/**
 * Values one pool swap in USD and in AVAX by the method its model's pricing
 * decision names (DESIGN.md, "Pricing"), returning one detail row per
 * denomination:
 *
 * - `direct_avax` (the quote token is WAVAX): AVAX value = the quote amount;
 *   USD value = AVAX value × AVAX/USD at the block.
 * - `direct_usd` (the quote token is a USD stablecoin, taken at 1 USD): USD
 *   value = the quote amount; AVAX value = USD value ÷ AVAX/USD at the block.
 * - `global`: value = base amount × the base token's canonical price for the
 *   swap's period (USD and AVAX); the price is the canonical price.
 *
 * Price = value ÷ base amount, in denomination per whole base token. Amounts
 * are scaled by their token's decimals exactly; each value and price is the
 * exact result rounded once, half-even, to 30 fractional digits.
 *
 * A row that cannot be valued is `ERROR` with a code and a whole-sentence
 * reason, never a 0: a zero base amount, a quote token that does not fit the
 * direct method, no canonical price for the period (both rows); no AVAX/USD
 * price, or one that is not above zero (only the row that needs it — a
 * `direct_avax` swap keeps its AVAX value). Rows that used AVAX/USD carry
 * `stale` from it. Inputs that no swap can have (negative amounts, decimals
 * outside 0–77, a price from after the swap) throw.
 *
 * @example
 * ```ts
 * valueSwap({
 *   swap: { id: 's1', blockNumber: 100n, blockTimestamp: 1_700_000_000, pool: '0xpool', direction: 'buy',
 *     baseToken: '0xblub', quoteToken: '0xwavax', baseAmount: 2_000n * 10n ** 18n, quoteAmount: 10n ** 18n },
 *   decision: { method: 'direct_avax', tier: 'model_config', configId: 1 },
 *   baseDecimals: 18, quoteDecimals: 18, quoteTokenType: 'wrapped_native',
 *   avaxUsd: { price: '25', blockNumber: 100n, stale: false, ageSeconds: 30 },
 * })
 * // { avax: { denomination: 'AVAX', method: 'DIRECT_AVAX', value: '1', price: '0.0005', tier: 'model_config', configId: 1 },
 * //   usd: { denomination: 'USD', method: 'DIRECT_AVAX', value: '25', price: '0.0125', stale: false, tier: 'model_config', configId: 1 } }
 * ```
 */
export function valueSwap({
  swap,
  decision,
  baseDecimals,
  quoteDecimals,
  quoteTokenType,
  avaxUsd,
  canonical,
}: ValueSwapParameters): ValueSwapReturnType {
  checkDecimals(swap.baseToken, baseDecimals)
  checkDecimals(swap.quoteToken, quoteDecimals)
  if (swap.baseAmount < 0n)
    throw new NegativeSwapAmountError({ swapId: swap.id, field: 'base amount', amount: swap.baseAmount })
  if (swap.quoteAmount < 0n)
    throw new NegativeSwapAmountError({ swapId: swap.id, field: 'quote amount', amount: swap.quoteAmount })

  const decided: Decided = { tier: decision.tier }
  if (decision.configId !== undefined) decided.configId = decision.configId
  if (decision.contractId !== undefined) decided.contractId = decision.contractId
  // Plain functions, not closures per call: this runs for every swap.
  const both = (code: SwapValuationErrorCode, reason: string): SwapValues => ({
    usd: errorRow(decided, 'USD', code, reason),
    avax: errorRow(decided, 'AVAX', code, reason),
  })

  if (swap.baseAmount === 0n)
    return both(
      'zero_base_amount',
      `The swap moved no base token (its base amount is 0), so it has no price.`,
    )

  const base = decimal.fromBaseUnits(swap.baseAmount, baseDecimals)
  const quote = decimal.fromBaseUnits(swap.quoteAmount, quoteDecimals)

  if (decision.method === 'global') {
    if (canonical === undefined)
      return both(
        'no_canonical_price',
        `No canonical price of token "${swap.baseToken}" is known for the period holding ` +
          `${isoTime(swap.blockTimestamp)} (block ${swap.blockNumber}), so the swap cannot be valued GLOBAL.`,
      )
    if (BigInt(canonical.periodStart) > BigInt(swap.blockTimestamp))
      throw new PriceFromTheFutureError({
        swapId: swap.id,
        what: 'a canonical price',
        at: `the period starting ${isoTime(canonical.periodStart)}`,
        swapAt: isoTime(swap.blockTimestamp),
      })
    const priceUsd = decimal.parse(canonical.priceUsd, 'a canonical USD price')
    const priceAvax = decimal.parse(canonical.priceAvax, 'a canonical AVAX price')
    return {
      usd: valuedRow(decided, 'USD', 'GLOBAL', decimal.mul(base, priceUsd), priceUsd, undefined),
      avax: valuedRow(decided, 'AVAX', 'GLOBAL', decimal.mul(base, priceAvax), priceAvax, undefined),
    }
  }

  const direct = decision.method === 'direct_avax' ? 'DIRECT_AVAX' : 'DIRECT_USD'
  if (direct === 'DIRECT_AVAX' && quoteTokenType !== 'wrapped_native')
    return both(
      'quote_not_wavax',
      `Pool "${swap.pool}" is priced DIRECT_AVAX, but its quote token "${swap.quoteToken}" is not WAVAX ` +
        `(its type is "${quoteTokenType}").`,
    )
  if (direct === 'DIRECT_USD' && quoteTokenType !== 'stable')
    return both(
      'quote_not_stable',
      `Pool "${swap.pool}" is priced DIRECT_USD, but its quote token "${swap.quoteToken}" is not a USD ` +
        `stablecoin (its type is "${quoteTokenType}").`,
    )

  // The denomination the quote token is in is valued from the swap alone; the
  // other one needs AVAX/USD at the block.
  const [own, other]: [Denomination, Denomination] =
    direct === 'DIRECT_AVAX' ? ['AVAX', 'USD'] : ['USD', 'AVAX']
  const ownRow = valuedRow(decided, own, direct, quote, decimal.div(quote, base), undefined)
  let otherRow: SwapValuation
  if (avaxUsd === undefined)
    otherRow = errorRow(
      decided,
      other,
      'no_avax_usd_price',
      `No AVAX/USD price is known at block ${swap.blockNumber}, ${needs(own, other)}.`,
    )
  else {
    if (avaxUsd.blockNumber > swap.blockNumber)
      throw new PriceFromTheFutureError({
        swapId: swap.id,
        what: 'an AVAX/USD price',
        at: `block ${avaxUsd.blockNumber}`,
        swapAt: `block ${swap.blockNumber}`,
      })
    const rate = decimal.parse(avaxUsd.price, 'an AVAX/USD price')
    if (decimal.sign(rate) <= 0)
      otherRow = errorRow(
        decided,
        other,
        'invalid_avax_usd_price',
        `The AVAX/USD price at block ${avaxUsd.blockNumber} is "${avaxUsd.price}", which is not above zero, ${needs(own, other)}.`,
      )
    else if (direct === 'DIRECT_AVAX')
      otherRow = valuedRow(
        decided,
        'USD',
        direct,
        decimal.mul(quote, rate),
        decimal.div(decimal.mul(quote, rate), base),
        avaxUsd.stale,
      )
    else
      otherRow = valuedRow(
        decided,
        'AVAX',
        direct,
        decimal.div(quote, rate),
        decimal.div(quote, decimal.mul(base, rate)),
        avaxUsd.stale,
      )
  }
  return own === 'USD' ? { usd: ownRow, avax: otherRow } : { usd: otherRow, avax: ownRow }
}
