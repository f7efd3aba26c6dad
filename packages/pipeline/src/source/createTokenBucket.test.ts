import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createTokenBucket } from './createTokenBucket'

// The bucket's clock is injected (`now`) and its waits are timers: fake timers move them on
// without waiting in real time.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterEach(() => {
  vi.useRealTimers()
})
const tick = () => vi.advanceTimersByTimeAsync(15)

test('default: a full bucket serves a burst at once, then the rate', async () => {
  let clock = 0
  const bucket = createTokenBucket({ ratePerSecond: 200, capacity: 10, now: () => clock })
  await bucket.take(10)
  let served = false
  const next = bucket.take(10).then(() => {
    served = true
  })
  await tick()
  expect(served).toBe(false)
  clock = 25 // 5 tokens: not yet
  await tick()
  expect(served).toBe(false)
  clock = 50 // 10 tokens: served at the bucket's next wake-up
  await vi.runAllTimersAsync()
  await next
  expect(served).toBe(true)
})

test('behavior: takers are served in order, and a take above capacity takes the capacity', async () => {
  let clock = 0
  const bucket = createTokenBucket({ ratePerSecond: 1_000, capacity: 5, now: () => clock })
  const order: number[] = []
  const done = [bucket.take(5), bucket.take(50), bucket.take(1)].map((turn, i) =>
    turn.then(() => order.push(i)),
  )
  // the clock stands still: only the first is served until time passes
  await tick()
  expect(order).toEqual([0])
  clock = 5 // 5 ms → 5 tokens: the second take (capped at 5)
  await tick()
  expect(order).toEqual([0, 1])
  clock = 6
  await vi.runAllTimersAsync()
  await Promise.all(done)
  expect(order).toEqual([0, 1, 2])
})
