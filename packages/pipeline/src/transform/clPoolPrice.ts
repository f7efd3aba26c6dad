import { decimal } from '@idx/pricing'

export type ClPoolPriceParameters = {
  /** The pool's √price (token1 per token0, base units), Q64.96: a `Swap` log's `sqrtPriceX96`. */
  sqrtPriceX96: bigint
  /** Whether the pool's base token is its token0. */
  baseIsToken0: boolean
  baseDecimals: number
  quoteDecimals: number
}

const Q192 = 2n ** 192n

/**
 * A concentrated-liquidity pool's price in whole quote tokens per whole base
 * token, from its `sqrtPriceX96`: exact rational arithmetic on bigints
 * (token1 per token0 is `sqrtPriceX96² / 2¹⁹²` in base units), rounded once,
 * half to even, to 30 decimal places (`decimal.SCALE`, the scale of every
 * price idx stores). `undefined` for a zero √price (an uninitialised pool).
 *
 * @example
 * ```ts
 * // token0 BLUB (18 decimals), token1 WAVAX (18 decimals), √price 2⁹⁶: 1 WAVAX per BLUB
 * clPoolPrice({ sqrtPriceX96: 2n ** 96n, baseIsToken0: true, baseDecimals: 18, quoteDecimals: 18 }) // '1'
 * ```
 */
export function clPoolPrice({
  sqrtPriceX96,
  baseIsToken0,
  baseDecimals,
  quoteDecimals,
}: ClPoolPriceParameters): string | undefined {
  if (sqrtPriceX96 <= 0n) return undefined
  const squared = sqrtPriceX96 * sqrtPriceX96
  // Quote per base in base units, then × 10^baseDecimals / 10^quoteDecimals for whole tokens.
  const [numerator, denominator] = baseIsToken0 ? [squared, Q192] : [Q192, squared]
  return decimal.format(
    decimal.div(
      { mantissa: numerator * decimal.pow10(baseDecimals), scale: 0 },
      { mantissa: denominator * decimal.pow10(quoteDecimals), scale: 0 },
    ),
  )
}
