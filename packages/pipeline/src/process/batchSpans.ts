/** A run of blocks, both ends inclusive. */
export type Span = [from: bigint, to: bigint]

/**
 * Cuts runs of blocks to process into batches whose size follows the
 * activity: `batchSize` blocks while at least half the blocks hold tracked
 * logs (a dense chain is processed exactly as before), and, while batches
 * come back with fewer, spans that grow — up to `maxSpan` blocks — so that a batch holds about
 * `batchSize` blocks with logs. One `eth_getLogs` and one write then cover
 * thousands of empty blocks.
 */
export function createBatchSpans(parameters: { runs: readonly Span[]; batchSize: number; maxSpan: number }) {
  const batchSize = BigInt(Math.max(1, parameters.batchSize))
  const maxSpan = BigInt(Math.max(parameters.batchSize, parameters.maxSpan))
  const runs = parameters.runs.map(([from, to]): Span => [from, to])
  let span = batchSize
  return {
    /** The next batch, or `undefined` when every run is cut. */
    next(): Span | undefined {
      const run = runs[0]
      if (run === undefined) return undefined
      const [from, to] = run
      const end = from + span - 1n < to ? from + span - 1n : to
      if (end === to) runs.shift()
      else run[0] = end + 1n
      return [from, end]
    },
    /** Told after each fetched batch: how many blocks it spanned and how many held tracked logs. */
    observe(blocks: number, withLogs: number): void {
      if (blocks <= 0) return
      // Dense (at least half the blocks with logs): batches of `batchSize`, as always.
      if (2 * withLogs >= blocks) {
        span = batchSize
        return
      }
      const wanted = withLogs === 0 ? BigInt(blocks) * 4n : (BigInt(blocks) * batchSize) / BigInt(withLogs)
      span = wanted < batchSize ? batchSize : wanted > maxSpan ? maxSpan : wanted
    },
  }
}

/** Consecutive runs of blocks of `[from, to]` not in `done`. */
export function pendingRuns(from: bigint, to: bigint, done: ReadonlySet<bigint>): Span[] {
  const runs: Span[] = []
  let start: bigint | undefined
  for (let n = from; n <= to + 1n; n++) {
    const pending = n <= to && !done.has(n)
    if (pending && start === undefined) start = n
    if (!pending && start !== undefined) {
      runs.push([start, n - 1n])
      start = undefined
    }
  }
  return runs
}
