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
const Q192_MASK = Q192 - 1n
const HALF_Q192 = 2n ** 191n

/**
 * A concentrated-liquidity pool's price in whole quote tokens per whole base
 * token, from its `sqrtPriceX96`: exact rational arithmetic on bigints
 * (token1 per token0 is `sqrtPriceX96² / 2¹⁹²` in base units), rounded once,
 * half to even, to 30 decimal places (`decimal.SCALE`, the scale of every
 * price idx stores). `undefined` for a zero √price (an uninitialised pool).
 *
 * With the base as token0 the division by 2¹⁹² is a shift, so a swap's price
 * costs a few bigint operations (decoding a CL swap stays as cheap as a V2
 * swap: `pnpm bench:decode`).
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
  // Quote per base at 30 places: (quote per base in base units) × 10^(30 + baseDecimals − quoteDecimals).
  const exponent = decimal.SCALE + baseDecimals - quoteDecimals
  const up = exponent >= 0 ? decimal.pow10(exponent) : 1n
  const down = exponent >= 0 ? 1n : decimal.pow10(-exponent)
  let mantissa: bigint
  if (baseIsToken0 && down === 1n) {
    // squared × 10^exponent / 2^192: a shift, its remainder a mask.
    const numerator = squared * up
    mantissa = numerator >> 192n
    const remainder = numerator & Q192_MASK
    if (remainder > HALF_Q192 || (remainder === HALF_Q192 && (mantissa & 1n) === 1n)) mantissa += 1n
  } else {
    const [numerator, denominator] = baseIsToken0 ? [squared * up, Q192 * down] : [Q192 * up, squared * down]
    mantissa = numerator / denominator
    const twice = (numerator - mantissa * denominator) * 2n
    if (twice > denominator || (twice === denominator && (mantissa & 1n) === 1n)) mantissa += 1n
  }
  return decimal.format({ mantissa, scale: decimal.SCALE })
}
