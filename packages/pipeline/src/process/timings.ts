/** Where the time of processing went, in milliseconds. */
export type Timings = { fetchMs: number; transformMs: number; priceMs: number; writeMs: number }

/** No time spent yet. */
export const noTimings = (): Timings => ({ fetchMs: 0, transformMs: 0, priceMs: 0, writeMs: 0 })

/** The sum of two timings (a new value: neither is changed). */
export function addTimings(a: Timings, b: Partial<Timings>): Timings {
  return {
    fetchMs: a.fetchMs + (b.fetchMs ?? 0),
    transformMs: a.transformMs + (b.transformMs ?? 0),
    priceMs: a.priceMs + (b.priceMs ?? 0),
    writeMs: a.writeMs + (b.writeMs ?? 0),
  }
}
