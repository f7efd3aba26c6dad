/**
 * Uniswap V2's `getAmountOut`: what a pair pays for `amountIn` with its 0.3% fee.
 *
 * @example
 * ```ts
 * getAmountOut(1_000n, 1_000_000n, 2_000_000n) // 1992n
 * ```
 */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const amountInWithFee = amountIn * 997n
  return (amountInWithFee * reserveOut) / (reserveIn * 1000n + amountInWithFee)
}

/** The pair's permanently locked liquidity, minted to address(0) by the first `mint`. */
export const MINIMUM_LIQUIDITY = 1000n

/**
 * The liquidity tokens a V2 pair mints for depositing `amount0` and `amount1` (with the
 * protocol fee off, as on a fresh factory).
 */
export function getLiquidityMinted(parameters: {
  amount0: bigint
  amount1: bigint
  reserve0: bigint
  reserve1: bigint
  totalSupply: bigint
}): bigint {
  const { amount0, amount1, reserve0, reserve1, totalSupply } = parameters
  if (totalSupply === 0n) return sqrt(amount0 * amount1) - MINIMUM_LIQUIDITY
  const liquidity0 = (amount0 * totalSupply) / reserve0
  const liquidity1 = (amount1 * totalSupply) / reserve1
  // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min does not take
  return liquidity0 < liquidity1 ? liquidity0 : liquidity1
}

/** What a V2 pair pays out for burning `liquidity` (its balances equal its reserves). */
export function getAmountsBurned(parameters: {
  liquidity: bigint
  reserve0: bigint
  reserve1: bigint
  totalSupply: bigint
}): { amount0: bigint; amount1: bigint } {
  const { liquidity, reserve0, reserve1, totalSupply } = parameters
  return { amount0: (liquidity * reserve0) / totalSupply, amount1: (liquidity * reserve1) / totalSupply }
}

function sqrt(y: bigint): bigint {
  if (y > 3n) {
    let z = y
    let x = y / 2n + 1n
    while (x < z) {
      z = x
      x = (y / x + x) / 2n
    }
    return z
  }
  return y === 0n ? 0n : 1n
}
