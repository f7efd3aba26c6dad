/** One chunk of `updatePricing`: the blocks `from`..`to`, inclusive. */
export type PricingChunk = { from: bigint; to: bigint }

/**
 * Splits `from`..`to` into the chunks `updatePricing` reads, prices and
 * writes one after the other: `chunkSize` blocks each, except that the first
 * three and the last three ramp through 1/8, 1/4 and 1/2 of it. Chunk k is
 * written while k + 1 is priced and k + 2 read, so nothing overlaps the first
 * chunk's read and the last chunk's write: small chunks there shorten the
 * time one side waits for the other.
 *
 * @example
 * ```ts
 * pricingChunks(1n, 2_000n, 400).map((c) => Number(c.to - c.from + 1n))
 * // [50, 100, 200, 400, 400, 400, 100, 200, 100, 50]
 * ```
 */
export function pricingChunks(from: bigint, to: bigint, chunkSize: number): PricingChunk[] {
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`The chunk size must be a whole number of blocks, at least 1 (got ${chunkSize}).`)
  if (from > to) return []
  const full = BigInt(chunkSize)
  const ramp = [full / 8n, full / 4n, full / 2n].filter((size) => size > 0n)
  const rampBlocks = ramp.reduce((sum, size) => sum + size, 0n)
  let left = to - from + 1n
  const sizes: bigint[] = []
  if (left <= 2n * rampBlocks + full) {
    // Too short to ramp both ways: the ramp up, then what is left in full chunks.
    for (const size of ramp) {
      if (left === 0n) break
      const take = size < left ? size : left
      sizes.push(take)
      left -= take
    }
    for (; left > 0n; left -= left < full ? left : full) sizes.push(left < full ? left : full)
  } else {
    sizes.push(...ramp)
    left -= 2n * rampBlocks
    for (; left > 0n; left -= left < full ? left : full) sizes.push(left < full ? left : full)
    sizes.push(...[...ramp].reverse())
  }
  const chunks: PricingChunk[] = []
  let start = from
  for (const size of sizes) {
    chunks.push({ from: start, to: start + size - 1n })
    start += size
  }
  return chunks
}
