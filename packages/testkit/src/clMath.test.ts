import { expect, test } from 'vitest'
import { alignTick, encodeSqrtPriceX96, Q96, sqrtFloor, tickRange } from './clMath'

test('sqrtFloor: the largest root whose square does not exceed the value', () => {
  for (const value of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 10n ** 40n + 12345n, 2n ** 255n]) {
    const root = sqrtFloor(value)
    expect(root * root <= value && (root + 1n) * (root + 1n) > value).toBe(true)
  }
})

test('encodeSqrtPriceX96: equal amounts give 2^96; 1 token0 = 4 token1 gives 2·2^96', () => {
  expect(encodeSqrtPriceX96(1n, 1n)).toBe(Q96)
  expect(encodeSqrtPriceX96(1n, 4n)).toBe(2n * Q96)
  expect(encodeSqrtPriceX96(4n, 1n)).toBe(Q96 / 2n)
})

test('error: encodeSqrtPriceX96 refuses a zero amount with a sentence', () => {
  expect(() => encodeSqrtPriceX96(0n, 1n)).toThrowErrorMatchingInlineSnapshot(
    `[RangeError: A pool price needs two positive amounts, not "0" and "1".]`,
  )
})

test('alignTick: rounds towards minus infinity (down) or plus infinity (up), negative ticks included', () => {
  expect([alignTick(-92109, 60), alignTick(-92109, 60, 'up'), alignTick(-92100, 60, 'up')]).toEqual([
    -92160, -92100, -92100,
  ])
  expect([alignTick(125, 60), alignTick(125, 60, 'up'), alignTick(0, 10, 'up')]).toEqual([120, 180, 0])
})

test('tickRange: in range around the tick, wholly above, wholly below', () => {
  const tick = -92109
  const inRange = tickRange({ tick, tickSpacing: 60, spacingsBelow: 5, spacingsAbove: 5 })
  expect(inRange).toEqual({ tickLower: -92460, tickUpper: -91800 })
  expect(inRange.tickLower <= tick && tick < inRange.tickUpper).toBe(true)
  const above = tickRange({ tick, tickSpacing: 60, spacingsBelow: -2, spacingsAbove: 4 })
  expect(above.tickLower > tick).toBe(true)
  const below = tickRange({ tick, tickSpacing: 60, spacingsBelow: 4, spacingsAbove: -2 })
  expect(below.tickUpper <= tick).toBe(true)
  for (const range of [inRange, above, below]) {
    expect(Math.abs(range.tickLower % 60)).toBe(0)
    expect(Math.abs(range.tickUpper % 60)).toBe(0)
  }
})

test('error: tickRange refuses an empty range', () => {
  expect(() =>
    tickRange({ tick: 0, tickSpacing: 60, spacingsBelow: -3, spacingsAbove: 1 }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[RangeError: The tick range [180, 120) is empty: its lower tick is not below its upper tick.]`,
  )
})
