import { expect, test } from 'vitest'
import { retryDelay } from './retryDelay'

test('default: doubles per attempt, within [d/2, d)', () => {
  const low = (attempt: number) => retryDelay({ attempt, baseMs: 200, maxMs: 10_000, random: () => 0 })
  const high = (attempt: number) =>
    retryDelay({ attempt, baseMs: 200, maxMs: 10_000, random: () => 0.999999 })
  expect([1, 2, 3, 4].map(low)).toEqual([100, 200, 400, 800])
  expect([1, 2, 3, 4].map(high)).toEqual([200, 400, 800, 1600])
})

test('behavior: capped at maxMs', () => {
  expect(retryDelay({ attempt: 30, baseMs: 200, maxMs: 10_000, random: () => 0 })).toBe(5_000)
  expect(retryDelay({ attempt: 30, baseMs: 200, maxMs: 10_000, random: () => 0.999999 })).toBe(10_000)
})

test('behavior: jitter spreads the delays', () => {
  const delays = new Set(
    Array.from({ length: 50 }, () => retryDelay({ attempt: 5, baseMs: 200, maxMs: 10_000 })),
  )
  expect(delays.size).toBeGreaterThan(10)
  for (const delay of delays) {
    expect(delay).toBeGreaterThanOrEqual(1_600)
    expect(delay).toBeLessThanOrEqual(3_200)
  }
})
