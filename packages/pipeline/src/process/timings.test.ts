import { expect, test } from 'vitest'
import { addTimings, noTimings } from './timings'

test('addTimings: a new value, field by field; neither operand changes', () => {
  const a = { fetchMs: 1, transformMs: 2, priceMs: 3, writeMs: 4 }
  const b = { fetchMs: 10, transformMs: 20, priceMs: 30, writeMs: 40 }
  expect(addTimings(a, b)).toEqual({ fetchMs: 11, transformMs: 22, priceMs: 33, writeMs: 44 })
  expect(a).toEqual({ fetchMs: 1, transformMs: 2, priceMs: 3, writeMs: 4 })
  expect(addTimings(noTimings(), { priceMs: 5 })).toEqual({
    fetchMs: 0,
    transformMs: 0,
    priceMs: 5,
    writeMs: 0,
  })
})
