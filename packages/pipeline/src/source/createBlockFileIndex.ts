import type { BlockFilePattern } from '@idx/config'
import { StoredBlockFilesOverlapError } from './errors'
import type { BlockRun } from './types'

/** One block file of an archive: its name and the blocks its name says it holds. */
export type BlockFileEntry = BlockRun & { name: string }

export type BlockFileIndex = {
  /** Every block file, by first block. */
  files: readonly BlockFileEntry[]
  /** The file that holds `block`, if any. */
  fileOf(block: bigint): BlockFileEntry | undefined
  /** The files after `file`, in block order (at most `count`). */
  after(file: BlockFileEntry, count: number): BlockFileEntry[]
  /** The runs of blocks of `from`..`to` that some file holds. */
  present(from: bigint, to: bigint): BlockRun[]
  /** The highest block of the archive, `undefined` when it holds no block file. */
  head: bigint | undefined
}

/**
 * The index of an archive's block files, built from a listing of its names:
 * the names that fit `pattern`, ordered by their blocks (others are ignored).
 * Two files that hold the same block are a {@link StoredBlockFilesOverlapError}.
 *
 * @example
 * ```ts
 * const index = createBlockFileIndex(await files.list(), parseBlockFilePattern('{from}-{to}.json'), files.describe)
 * index.present(0n, 999n) // [{ from: 0n, to: 499n }, { from: 700n, to: 999n }]
 * ```
 */
export function createBlockFileIndex(
  names: readonly string[],
  pattern: Pick<BlockFilePattern, 'match'>,
  describe: (name: string) => string = (name) => name,
): BlockFileIndex {
  const files: BlockFileEntry[] = []
  for (const name of names) {
    const range = pattern.match(name)
    if (range !== undefined) files.push({ name, ...range })
  }
  files.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  for (let i = 1; i < files.length; i++)
    if (files[i]!.from <= files[i - 1]!.to)
      throw new StoredBlockFilesOverlapError({
        first: describe(files[i - 1]!.name),
        second: describe(files[i]!.name),
        block: files[i]!.from,
      })

  /** The position of the last file whose first block is at most `block` (-1 when none). */
  const lastStartingBy = (block: bigint) => {
    let low = 0
    let high = files.length - 1
    let found = -1
    while (low <= high) {
      const middle = (low + high) >> 1
      if (files[middle]!.from <= block) {
        found = middle
        low = middle + 1
      } else high = middle - 1
    }
    return found
  }

  return {
    files,
    head: files.at(-1)?.to,
    fileOf(block) {
      const file = files[lastStartingBy(block)]
      return file !== undefined && block <= file.to ? file : undefined
    },
    after(file, count) {
      const position = lastStartingBy(file.from)
      return files.slice(position + 1, position + 1 + count)
    },
    present(from, to) {
      const runs: BlockRun[] = []
      for (let i = Math.max(0, lastStartingBy(from)); i < files.length && files[i]!.from <= to; i++) {
        const start = later(files[i]!.from, from)
        const end = earlier(files[i]!.to, to)
        if (start > end) continue
        const last = runs.at(-1)
        if (last !== undefined && last.to + 1n === start) last.to = end
        else runs.push({ from: start, to: end })
      }
      return runs
    },
  }
}

/** The runs of `from`..`to` that are not in `present` (both in block order). */
export function missingRuns(from: bigint, to: bigint, present: readonly BlockRun[]): BlockRun[] {
  const missing: BlockRun[] = []
  let next = from
  for (const run of present) {
    if (run.from > next) missing.push({ from: next, to: run.from - 1n })
    next = run.to + 1n
  }
  if (next <= to) missing.push({ from: next, to })
  return missing
}

const later = (a: bigint, b: bigint) => (a > b ? a : b)
const earlier = (a: bigint, b: bigint) => (a < b ? a : b)
