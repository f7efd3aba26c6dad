import { describe, expect, test } from 'vitest'
import { pricingChunks } from './pricingChunks'

const sizes = (from: bigint, to: bigint, chunk: number) =>
  pricingChunks(from, to, chunk).map((c) => Number(c.to - c.from + 1n))

describe('pricingChunks', () => {
  test('behavior: the chunks cover the range exactly once, in order, whatever its length and chunk size', () => {
    for (const chunk of [1, 2, 3, 7, 8, 1_000])
      for (const length of [1, 2, 5, 8, 13, 100, 1_001, 12_500]) {
        const from = 60_000_000n
        const to = from + BigInt(length) - 1n
        const chunks = pricingChunks(from, to, chunk)
        expect(chunks[0]?.from).toBe(from)
        expect(chunks.at(-1)?.to).toBe(to)
        for (let i = 0; i < chunks.length; i++) {
          expect(chunks[i]!.to).toBeGreaterThanOrEqual(chunks[i]!.from)
          expect(chunks[i]!.to - chunks[i]!.from + 1n).toBeLessThanOrEqual(BigInt(chunk))
          if (i > 0) expect(chunks[i]!.from).toBe(chunks[i - 1]!.to + 1n)
        }
      }
  })

  test('behavior: the first and last three chunks ramp through 1/8, 1/4 and 1/2 of the chunk size', () => {
    expect(sizes(1n, 2_000n, 400)).toEqual([50, 100, 200, 400, 400, 400, 100, 200, 100, 50])
    expect(sizes(1n, 12_500n, 1_000).slice(0, 4)).toEqual([125, 250, 500, 1_000])
    expect(sizes(1n, 12_500n, 1_000).slice(-5)).toEqual([1_000, 750, 500, 250, 125])
    // Too short to ramp down as well: ramp up, then full chunks.
    expect(sizes(1n, 1_000n, 400)).toEqual([50, 100, 200, 400, 250])
    // A chunk of one block cannot ramp.
    expect(sizes(5n, 7n, 1)).toEqual([1, 1, 1])
  })

  test('edge: an empty range has no chunks', () => {
    expect(pricingChunks(10n, 9n, 1_000)).toEqual([])
  })

  test('error: a chunk size below one block or not whole is refused, naming it', () => {
    expect(() => pricingChunks(1n, 10n, 0)).toThrow(/at least 1 \(got 0\)/)
    expect(() => pricingChunks(1n, 10n, 2.5)).toThrow(/whole number of blocks, at least 1 \(got 2.5\)/)
  })
})
