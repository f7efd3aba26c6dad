/** 2^96: sqrtPriceX96 is √(token1 per token0) in Q64.96 fixed point. */
export const Q96 = 2n ** 96n

/** The lowest and highest ticks a Uniswap V3 pool accepts (TickMath.MIN_TICK / MAX_TICK). */
export const MIN_TICK = -887272
export const MAX_TICK = 887272

/** ⌊√value⌋ of a non-negative bigint (Newton's method). */
export function sqrtFloor(value: bigint): bigint {
  if (value < 0n) throw new RangeError(`Cannot take the square root of the negative value "${value}".`)
  if (value < 2n) return value
  let x = value
  let y = (x + 1n) / 2n
  while (y < x) {
    x = y
    y = (x + value / x) / 2n
  }
  return x
}

/**
 * The sqrtPriceX96 of a pool where `amount0` of token0 is worth `amount1` of token1 (both in
 * base units): ⌊√(amount1 / amount0) · 2^96⌋, as Uniswap's SDK `encodeSqrtRatioX96` computes it.
 *
 * @example
 * ```ts
 * encodeSqrtPriceX96(10_000n, 1n) // 1 BLUB = 0.0001 WAVAX (both 18 decimals)
 * ```
 */
export function encodeSqrtPriceX96(amount0: bigint, amount1: bigint): bigint {
  if (amount0 <= 0n || amount1 <= 0n)
    throw new RangeError(`A pool price needs two positive amounts, not "${amount0}" and "${amount1}".`)
  return sqrtFloor((amount1 << 192n) / amount0)
}

/** `tick` rounded down (`'down'`, the default) or up to a multiple of `tickSpacing`. */
export function alignTick(tick: number, tickSpacing: number, direction: 'down' | 'up' = 'down'): number {
  const down = Math.floor(tick / tickSpacing) * tickSpacing
  return direction === 'down' || down === tick ? down : down + tickSpacing
}

export type TickRangeParameters = {
  /** The pool's current tick (`slot0().tick`). */
  tick: number
  tickSpacing: number
  /** The range's lower bound: this many tick spacings below the spacing-aligned current tick (negative: above). */
  spacingsBelow: number
  /** The range's upper bound: this many tick spacings above the spacing-aligned current tick (negative: below). */
  spacingsAbove: number
}

/**
 * A tick-aligned range `[tickLower, tickUpper)` placed relative to the current tick: with both
 * counts positive it contains the current price (in range); `spacingsBelow: -4, spacingsAbove: 8`
 * lies wholly above it (only token0), `spacingsBelow: 8, spacingsAbove: -4` wholly below (only token1).
 */
export function tickRange(parameters: TickRangeParameters): { tickLower: number; tickUpper: number } {
  const { tickSpacing } = parameters
  const base = alignTick(parameters.tick, tickSpacing)
  const tickLower = base - parameters.spacingsBelow * tickSpacing
  const tickUpper = base + (parameters.spacingsAbove + 1) * tickSpacing
  if (tickLower >= tickUpper)
    throw new RangeError(
      `The tick range [${tickLower}, ${tickUpper}) is empty: its lower tick is not below its upper tick.`,
    )
  if (tickLower < MIN_TICK || tickUpper > MAX_TICK)
    throw new RangeError(`The tick range [${tickLower}, ${tickUpper}) leaves [${MIN_TICK}, ${MAX_TICK}].`)
  return { tickLower, tickUpper }
}
