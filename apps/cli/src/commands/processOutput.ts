import { BaseError } from '@idx/config'
import type { Timings } from '@idx/pipeline'
import type { Logger } from './progress'

// What the `idx process` commands share in their output.

/** A block or range the command cannot process (above the head, empty). */
export class BlockRangeError extends BaseError {
  override name = 'BlockRangeError'
}

/** The log line of a configuration reload (--reload-config). */
export function logReload(
  logger: Logger,
  event: { model: string; from: number; to: number; block: bigint | undefined },
): void {
  logger.log(
    { msg: 'configuration reloaded', model: event.model, from: event.from, to: event.to, block: event.block },
    `The configuration of model "${event.model}" changed (generation ${event.from} → ${event.to}): reloaded; going on${event.block === undefined ? '' : ` from block ${event.block}`} with the new one.`,
  )
}

/** The log line of a stop asked for by a signal. */
export function logStopping(logger: Logger, signal: NodeJS.Signals, what = 'stopping…'): void {
  logger.log({ msg: 'stopping', signal }, `${signal === 'SIGINT' ? 'Ctrl-C' : signal}: ${what}`)
}

/** Where the time went, in whole milliseconds (`--json`). */
export const timingsJson = (timings: Timings) => ({
  fetchMs: Math.round(timings.fetchMs),
  transformMs: Math.round(timings.transformMs),
  priceMs: Math.round(timings.priceMs),
  writeMs: Math.round(timings.writeMs),
})

/** `0.42 s`, `12.3 s`. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
