import { failedBlocks, type ModelDb } from '@idx/model-db'
import { openIndexer } from '@idx/pipeline'
import type { SharedDb } from '@idx/shared-db'
import { DemoInterruptedError, DemoProcessingError } from './errors'
import { DEMO_MODEL, DEMO_RPC_ENV } from './writeDemoConfig'

/** This run's processing: blocks written now, blocks already done before it, blocks failed. */
export type DemoRun = { processed: number; skipped: number; failed: number }

/**
 * Indexes the demo chain's blocks `from`..`to` into the model database
 * through the model's rpc source (the anvil node at `rpcUrl`); blocks already
 * done are skipped. A progress line about every quarter of the range.
 * Throws a {@link DemoInterruptedError} when the signal stopped it and a
 * {@link DemoProcessingError} when blocks failed.
 */
export async function processDemoBlocks(parameters: {
  shared: SharedDb
  db: ModelDb
  rpcUrl: string
  from: bigint
  to: bigint
  signal?: AbortSignal | undefined
  log: (line: string) => void
  /** Told once the indexer is open (its model loaded), before the first block. */
  onReady?: (() => void) | undefined
}): Promise<DemoRun> {
  const { db, from, to, log } = parameters
  const indexer = await openIndexer({
    shared: parameters.shared,
    db,
    model: DEMO_MODEL,
    env: { [DEMO_RPC_ENV]: parameters.rpcUrl },
  })
  try {
    parameters.onReady?.()
    const total = Number(to - from + 1n)
    log(`Processing blocks ${from}–${to} (${total} blocks) into model "${DEMO_MODEL}".`)
    const every = Math.max(1, Math.round(total / 4))
    let reported = 0
    const result = await indexer.processRange({
      from,
      to,
      signal: parameters.signal,
      onProgress: (progress) => {
        const done = progress.skipped + progress.processed
        if (done - reported >= every && done < total) {
          reported = done
          log(`  ${done} of ${total} blocks processed.`)
        }
      },
    })
    log(
      result.processed === 0
        ? `All ${result.skipped} blocks were processed already.`
        : `Processed ${result.processed} blocks${result.skipped > 0 ? ` (${result.skipped} were done already)` : ''}.`,
    )
    if (result.aborted)
      throw new DemoInterruptedError(
        `after ${result.skipped + result.processed} of the ${total} blocks were processed`,
      )
    if (result.failed > 0) {
      const failed = await failedBlocks(db, 3)
      throw new DemoProcessingError(`${result.failed} of the demo chain's blocks could not be processed.`, {
        details: [
          ...failed.map((block) => `Block ${block.number}: ${block.error}`),
          `See them with: pnpm idx process status --model ${DEMO_MODEL}.`,
        ],
      })
    }
    return { processed: result.processed, skipped: result.skipped, failed: result.failed }
  } finally {
    await indexer.close()
  }
}
