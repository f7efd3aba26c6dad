/**
 * The blocks a batch covers, both ends inclusive, with the chain's hash at
 * `to` when the source gave it (the header of `to` was fetched: the block has
 * logs, or the source yields every header). Written as a processed range with
 * the batch's blocks, so empty blocks need no row of their own.
 */
export type BatchRange = { from: bigint; to: bigint; toHash?: string | undefined }

/**
 * The range of the blocks `from`..`to` fetched as `blocks` (only those with
 * tracked logs, or all of them): the hash at `to` where a block of `blocks` is `to`.
 */
export function toBatchRange(
  from: bigint,
  to: bigint,
  blocks: readonly { number: bigint; hash: string }[],
): BatchRange {
  const last = blocks.at(-1)
  return { from, to, toHash: last?.number === to ? last.hash : undefined }
}

/**
 * The pieces of `range` without the `failed` block numbers: a failed block is
 * not done, so no processed range may cover it (its row says why it failed).
 */
export function rangeWithout(range: BatchRange, failed: readonly bigint[]): BatchRange[] {
  const cuts = [...new Set(failed)]
    .filter((n) => n >= range.from && n <= range.to)
    .sort((a, b) => (a < b ? -1 : 1))
  const pieces: BatchRange[] = []
  let start = range.from
  for (const cut of cuts) {
    if (cut > start) pieces.push({ from: start, to: cut - 1n })
    start = cut + 1n
  }
  if (start <= range.to) pieces.push({ from: start, to: range.to, toHash: range.toHash })
  return pieces
}
