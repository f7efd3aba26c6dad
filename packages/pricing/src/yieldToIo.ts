/**
 * Lets pending I/O callbacks run (a macrotask turn). Pricing a chunk is long
 * synchronous work; a caller that writes the previous chunk meanwhile
 * (`@idx/pipeline`'s `updatePricing`) only gets its statements sent and its
 * results read when pricing yields.
 */
export const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve))

/** How many swaps pricing handles between two {@link yieldToIo} turns. */
export const YIELD_EVERY = 1_000

/** Counts handled swaps and yields to pending I/O once `every` of them have been handled since it last did. */
export type Pacer = (swaps: number) => Promise<void>

/** A {@link Pacer} of its own (one per pricing call: it counts that call's swaps). */
export function createPacer(every = YIELD_EVERY): Pacer {
  let sinceYield = 0
  return async (swaps) => {
    sinceYield += swaps
    if (sinceYield < every) return
    sinceYield = 0
    await yieldToIo()
  }
}
