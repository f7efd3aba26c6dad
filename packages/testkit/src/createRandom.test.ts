import { expect, test } from 'vitest'
import { createRandom } from './createRandom'

test('default: the same seed gives the same sequence', () => {
  const a = createRandom(42)
  const b = createRandom(42)
  expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()))
  expect(createRandom(1).next()).toMatchInlineSnapshot(`0.6270739405881613`)
})

test('fraction: an exact share of an amount', () => {
  const random = createRandom(1)
  for (let i = 0; i < 100; i++) {
    const share = random.fraction(1_000_000n, 0.1, 0.2)
    expect(share >= 100_000n && share < 200_000n).toBe(true)
  }
})

test('shuffle: a permutation', () => {
  expect(createRandom(3).shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5])
})
