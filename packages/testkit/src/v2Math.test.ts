import { expect, test } from 'vitest'
import { getAmountOut, getAmountsBurned, getLiquidityMinted } from './v2Math'

test('getAmountOut: the V2 formula with the 0.3% fee', () => {
  expect(getAmountOut(1_000n, 1_000_000n, 2_000_000n)).toBe(1992n)
  expect(getAmountOut(0n, 1_000n, 1_000n)).toBe(0n)
})

test('getLiquidityMinted: sqrt(x·y) − 1000 first, then proportional (the smaller side)', () => {
  expect(
    getLiquidityMinted({
      amount0: 4_000_000n,
      amount1: 1_000_000n,
      reserve0: 0n,
      reserve1: 0n,
      totalSupply: 0n,
    }),
  ).toBe(2_000_000n - 1000n)
  expect(
    getLiquidityMinted({ amount0: 100n, amount1: 60n, reserve0: 1_000n, reserve1: 500n, totalSupply: 700n }),
  ).toBe(70n)
})

test('getAmountsBurned: pro rata', () => {
  expect(getAmountsBurned({ liquidity: 10n, reserve0: 1_000n, reserve1: 3_000n, totalSupply: 100n })).toEqual(
    {
      amount0: 100n,
      amount1: 300n,
    },
  )
})
