import { numberToHex } from 'viem'
import { expect, test } from 'vitest'
import { packAmounts } from '../_test/blocks'
import { decodePackedAmounts } from './decodePackedAmounts'

const MAX_UINT128 = 2n ** 128n - 1n

test('default', () => {
  expect(decodePackedAmounts(packAmounts(1n, 2n))).toEqual({ x: 1n, y: 2n })
})

test('behavior: X is the low 128 bits, Y the high 128 bits', () => {
  expect(decodePackedAmounts(numberToHex(5n, { size: 32 }))).toEqual({ x: 5n, y: 0n })
  expect(decodePackedAmounts(numberToHex(5n << 128n, { size: 32 }))).toEqual({ x: 0n, y: 5n })
})

test('behavior: the full uint128 range on both sides', () => {
  expect(decodePackedAmounts(packAmounts(MAX_UINT128, MAX_UINT128))).toEqual({
    x: MAX_UINT128,
    y: MAX_UINT128,
  })
  expect(decodePackedAmounts(packAmounts(MAX_UINT128, 0n))).toEqual({ x: MAX_UINT128, y: 0n })
  expect(decodePackedAmounts(packAmounts(0n, MAX_UINT128))).toEqual({ x: 0n, y: MAX_UINT128 })
  expect(decodePackedAmounts(packAmounts(0n, 0n))).toEqual({ x: 0n, y: 0n })
})

test('behavior: the TSDoc example', () => {
  expect(decodePackedAmounts('0x0000000000000000000000000000000200000000000000000000000000000001')).toEqual({
    x: 1n,
    y: 2n,
  })
})
